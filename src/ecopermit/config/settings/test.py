from .base import *  # noqa: F403

DEBUG = False
# Argon2 at full cost makes every test login slow; the hasher choice itself is tested in accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
HUEY = {"huey_class": "huey.MemoryHuey", "name": "ecopermit-test", "immediate": True, "utc": False}

TOTP_REQUIRED_ROLES = []  # tests that need it set it
