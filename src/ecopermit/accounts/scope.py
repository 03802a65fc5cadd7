"""What an actor may reach, computed once per request from their role grants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecopermit.accounts.roles import (
    ADMIN_ROLES,
    BUREAU_ROLES,
    DISTRICT_WIDE_READERS,
    FACILITY_BOUND_ROLES,
    INVENTORY_READERS,
    INVENTORY_WRITERS,
    SHORT_IDLE_ROLES,
    Role,
)


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str] = field(default_factory=frozenset)
    town_ids: frozenset[int] = field(default_factory=frozenset)
    park_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def district_wide(self) -> bool:
        return bool(self.roles & DISTRICT_WIDE_READERS)

    @property
    def reads_inventory(self) -> bool:
        return bool(self.roles & INVENTORY_READERS)

    @property
    def writes_inventory(self) -> bool:
        return bool(self.roles & INVENTORY_WRITERS)

    @property
    def facility_bound(self) -> bool:
        """Enterprise and agency users: only facilities they are linked to."""
        return bool(self.roles & FACILITY_BOUND_ROLES)

    @property
    def is_bureau(self) -> bool:
        return bool(self.roles & BUREAU_ROLES)

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @property
    def short_idle(self) -> bool:
        return bool(self.roles & SHORT_IDLE_ROLES)

    @property
    def is_town_officer(self) -> bool:
        return Role.TOWN_OFFICER in self.roles


ANONYMOUS = Scope(user_id=None)


def scope_of(user: Any) -> Scope:
    """The actor's scope. Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ecopermit_scope", None)
    if cached is not None:
        return cached
    grants = list(user.role_grants.all())
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(g.role for g in grants),
        town_ids=frozenset(g.town_id for g in grants if g.role == Role.TOWN_OFFICER and g.town_id),
        park_ids=frozenset(g.park_id for g in grants if g.role == Role.TOWN_OFFICER and g.park_id),
        department_ids=frozenset(
            g.department_id for g in grants if g.role == Role.DEPARTMENT_OFFICER and g.department_id
        ),
    )
    user._ecopermit_scope = scope
    return scope
