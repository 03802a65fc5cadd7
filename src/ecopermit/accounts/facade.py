"""What other apps may ask of accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ecopermit.accounts.models import User
from ecopermit.accounts.roles import Role


def town_officers(town_id: int) -> QuerySet[User]:
    """Active officers of a town/street (or of a park lying in it)."""
    return User.objects.filter(
        Q(role_grants__town_id=town_id) | Q(role_grants__park__town_id=town_id),
        is_active=True,
        role_grants__role=Role.TOWN_OFFICER,
    ).distinct()


def department_officers(department_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role_grants__role=Role.DEPARTMENT_OFFICER, role_grants__department_id=department_id
    ).distinct()


def bureau_officers() -> QuerySet[User]:
    """Active bureau officers (those told of monitoring alarms district-wide)."""
    return User.objects.filter(is_active=True, role_grants__role=Role.BUREAU_OFFICER).distinct()
