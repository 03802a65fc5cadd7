"""Binding enterprise and agency accounts to facilities (G2), on the account's page: the registry holds the
binding (``FacilityAccess``), accounts holds the page, and adds this part to it through the ``account_page`` hook."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.core.errors import DomainError
from ecopermit.registry import facade
from ecopermit.registry.access_forms import FacilityAccessForm


@allow(Role.SECURITY_ADMIN)
@require_POST
def facility_access_grant_view(request, pk: int):
    """The security administrator binds an enterprise or agency account to a facility (its data scope)."""
    user = accounts.account_get(pk)
    form = FacilityAccessForm(request.POST)
    if form.is_valid():
        try:
            facade.facility_access_grant(
                actor=request.user, user=user, credit_code=form.cleaned_data["credit_code"]
            )
        except DomainError as exc:
            form.add_error("credit_code", exc.message)
        else:
            messages.success(request, _("Facility access granted."))
            return redirect("accounts:user_detail", pk=user.pk)
    return accounts.account_page(request, user, extra={"access_form": form})


@allow(Role.SECURITY_ADMIN)
@require_POST
def facility_access_revoke_view(request, pk: int, access_id: int):
    user = accounts.account_get(pk)
    if facade.facility_access_revoke(actor=request.user, access_id=access_id, user_id=user.pk):
        messages.success(request, _("Facility access revoked."))
    return redirect("accounts:user_detail", pk=user.pk)
