from ecopermit.config.env import env_bool, env_list

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# The demo accounts sign in with their password alone; a second factor can still be enrolled.
TOTP_REQUIRED_ROLES = env_list("TOTP_REQUIRED_ROLES", [])
