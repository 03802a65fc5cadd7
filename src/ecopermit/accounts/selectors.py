from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.roles import ADMIN_ROLES


def users_with_two_admin_roles() -> Iterable[str]:
    return (
        RoleGrant.objects.filter(role__in=ADMIN_ROLES)
        .values("user__username")
        .annotate(n=Count("role", distinct=True))
        .filter(n__gt=1)
        .values_list("user__username", flat=True)
    )


def user_list() -> QuerySet[User]:
    return User.objects.prefetch_related(
        "role_grants__town", "role_grants__park", "role_grants__department"
    ).order_by("username")
