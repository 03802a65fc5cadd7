"""Every view declares who may see it: ``@allow(Role...)``, ``@allow_authenticated`` or ``@allow_public``.

The declaration is enforced here and read by the test that walks every URL with every role. Object-level
scoping (a town, an enterprise's own facilities) is done by the selectors, which answer 404 outside scope.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from ecopermit.accounts.scope import scope_of

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def _declare(view: Callable[..., Any], access: Any) -> Callable[..., Any]:
    view.access = access  # type: ignore[attr-defined]
    return view


def allow(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.scope = scope_of(request.user)
            if roles and not request.scope.has(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, frozenset(roles) if roles else AUTHENTICATED)

    return decorator


allow_authenticated = allow()


def allow_public(view: Callable[..., Any]) -> Callable[..., Any]:
    return _declare(view, PUBLIC)


class RolePermission(BasePermission):
    """DRF: the viewset's ``allowed_roles`` must intersect the actor's roles."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        request.scope = scope_of(request.user)
        return request.scope.has(*view.allowed_roles)
