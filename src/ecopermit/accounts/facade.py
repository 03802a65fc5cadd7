"""What other apps may ask of accounts."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ecopermit.accounts import selectors
from ecopermit.accounts.models import User
from ecopermit.accounts.pages import account_page, is_facility_bound
from ecopermit.accounts.roles import Role
from ecopermit.core.types import Actor

__all__ = [
    "account_by_username",
    "account_get",
    "account_page",
    "bureau_officers",
    "department_officers",
    "display_names",
    "guide_candidates",
    "is_facility_bound",
    "town_officers",
    "user_of",
    "users_bound_to",
]


def account_get(pk: int) -> User:
    """An account for the administrators' screens (404 when there is none)."""
    return get_object_or_404(selectors.user_list(), pk=pk)


def account_by_username(username: str) -> User | None:
    """For the management commands that act as someone (``--user``): an active account, the name's case ignored."""
    return User.objects.filter(username__iexact=username, is_active=True).first()


def user_of(actor: Actor) -> User | None:
    """The account behind an actor, for a "by" field: None for the platform itself and for an anonymous visitor."""
    return actor if isinstance(actor, User) else None


def display_names(usernames: list[str]) -> dict[str, str]:
    """username → the name people know (the username where no name is recorded), in one query."""
    rows = User.objects.filter(username__in=set(usernames)).values_list("username", "display_name")
    return {username: name or username for username, name in rows}


def users_bound_to(facility_id: int, *, roles: tuple[str, ...]) -> QuerySet[User]:
    """Active users bound to the facility (its access rows live in the registry) holding one of ``roles``."""
    return User.objects.filter(
        is_active=True, facility_access__facility_id=facility_id, role_grants__role__in=roles
    ).distinct()


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


def guide_candidates() -> QuerySet[User]:
    """Active bureau and town officers, by name: who may be a facility's 环保指导员 (issue 15 S2)."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=[Role.BUREAU_OFFICER, Role.TOWN_OFFICER])
        .distinct()
        .order_by("display_name", "username")
    )
