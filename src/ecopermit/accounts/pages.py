"""An account's page, which the apps above accounts add to through the ``account_page`` hook (core/hooks.py): the
registry shows the facilities an enterprise or agency account is bound to, and its own views re-render this page
when a grant is refused."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from ecopermit.accounts.access import ScopedRequest
from ecopermit.accounts.forms import RoleGrantForm
from ecopermit.accounts.models import User
from ecopermit.accounts.roles import FACILITY_BOUND_ROLES, Role
from ecopermit.core import hooks


def is_facility_bound(user: User) -> bool:
    """Enterprise and agency accounts see only the facilities they are bound to."""
    return bool(set(user.role_grants.values_list("role", flat=True)) & FACILITY_BOUND_ROLES)


def account_page(
    request: ScopedRequest, user: User, *, form: Any = None, extra: dict[str, Any] | None = None
) -> HttpResponse:
    if form is None and request.scope.has(Role.SECURITY_ADMIN):
        form = RoleGrantForm()
    context: dict[str, Any] = {
        "account": user,
        "form": form,
        "facility_bound": is_facility_bound(user),
        "has_totp": hasattr(user, "totp_device") and user.totp_device.confirmed_at is not None,
        "can_toggle": request.scope.has(Role.SYSTEM_ADMIN) and user.pk != request.user.pk,
    }
    context.update(hooks.context("account_page", request=request, account=user))
    context.update(extra or {})
    return render(request, "accounts/user_detail.html", context)
