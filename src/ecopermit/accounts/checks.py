"""Deploy checks for 三员分立 and the no-superuser rule (等保 DJB-AC-2, DJB-AC-3)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def check_admin_separation(app_configs, **kwargs):  # type: ignore[no-untyped-def]
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
