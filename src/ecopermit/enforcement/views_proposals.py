"""The officer's list of penalty cases proposed by online monitoring (P7), with a button to file each one
under Art. 34(1) through the enforcement service, or to dismiss it with a reason. Bureau officers only."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES
from ecopermit.core.errors import DomainError
from ecopermit.enforcement import proposals

OFFICERS = tuple(BUREAU_ROLES)


@allow(*OFFICERS)
def monitoring_proposals(request):
    return render(request, "enforcement/monitoring_proposals.html", {"rows": proposals.open_proposal_rows()})


@allow(*OFFICERS)
@require_POST
def monitoring_proposal_open(request, pk: int):
    try:
        case_id = proposals.proposal_open_case(actor=request.user, proposal_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("enforcement:monitoring_proposals")
    messages.success(request, _("Penalty case filed under Art. 34(1)."))
    return redirect("enforcement:case_detail", pk=case_id)


@allow(*OFFICERS)
@require_POST
def monitoring_proposal_dismiss(request, pk: int):
    try:
        proposals.proposal_dismiss(actor=request.user, proposal_id=pk, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Proposal dismissed."))
    return redirect("enforcement:monitoring_proposals")
