"""Every view declares who may see it: ``@allow(Role...)``, ``@allow_authenticated`` or ``@allow_public``.

The declaration is enforced here and read by the test that walks every URL with every role. Object-level
scoping (a town, an enterprise's own facilities) is done by the selectors, which answer 404 outside scope.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.permissions import BasePermission

from ecopermit.accounts.scope import Scope, scope_of

PUBLIC = "public"
AUTHENTICATED = "authenticated"

#: A view's declaration: the roles allowed (``@allow(Role...)``), or PUBLIC or AUTHENTICATED.
type Access = frozenset[str] | str


class ScopedRequest(HttpRequest):
    """A request that passed ``@allow``: it carries the signed-in user's scope (for annotations only)."""

    scope: Scope


class DeclaredView(Protocol):
    """A view with its declaration in ``access``, as the test that walks every URL reads it."""

    access: Access

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def _declare(view: Callable[..., Any], access: Access) -> DeclaredView:
    declared = cast(DeclaredView, view)  # a function takes attributes: ``access`` is set on the next line
    declared.access = access
    return declared


def allow(*roles: str) -> Callable[[Callable[..., Any]], DeclaredView]:
    def decorator(view: Callable[..., Any]) -> DeclaredView:
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


def allow_public(view: Callable[..., Any]) -> DeclaredView:
    return _declare(view, PUBLIC)


class RolePermission(BasePermission):
    """DRF: the viewset's ``allowed_roles`` must intersect the actor's roles."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        request.scope = scope_of(request.user)
        return request.scope.has(*view.allowed_roles)
