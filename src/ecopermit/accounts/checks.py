"""Deploy checks for 三员分立 and the no-superuser rule (等保 DJB-AC-2, DJB-AC-3)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def check_admin_separation(app_configs, **kwargs):
    from ecopermit.accounts.selectors import users_with_two_admin_roles

    from .models import User

    try:
        doubles = list(users_with_two_admin_roles())
        supers = list(
            User.objects.filter(is_superuser=True, is_active=True).values_list("username", flat=True)
        )
    except DatabaseError:
        return []  # no tables yet: nothing to check
    errors = [
        checks.Error(f"account {name!r} holds two administrator roles", id="accounts.E001")
        for name in doubles
    ]
    errors += [
        checks.Error(f"account {name!r} is an active superuser", id="accounts.E002") for name in supers
    ]
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_sign_in_hardening(app_configs, **kwargs):
    """等保 8.1.4.1 d and 8.1.4.4: the administrators need the second factor and a network limit."""
    from django.conf import settings

    from .roles import ADMIN_ROLES

    found = []
    missing = sorted(str(r) for r in ADMIN_ROLES - set(settings.TOTP_REQUIRED_ROLES))
    if missing:
        found.append(
            checks.Warning(
                f"TOTP_REQUIRED_ROLES leaves out {', '.join(missing)}: administrators sign in with a password only",
                id="accounts.W001",
            )
        )
    if not settings.ADMIN_ALLOWED_NETWORKS:
        found.append(
            checks.Warning(
                "ADMIN_ALLOWED_NETWORKS is empty: administrators may sign in from any address",
                id="accounts.W002",
            )
        )
    return found
