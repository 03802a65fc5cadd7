"""Screens of the cross-checks (issue 13): the findings, each with both figures side by side, the officer's
decision, and a facility's verified annual emissions against its permitted totals (E5). Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import page_of
from ecopermit.filings import crosscheck_selectors as selectors
from ecopermit.filings import crosscheck_services as services
from ecopermit.filings import facade
from ecopermit.filings.crosscheck_forms import DecideForm, FindingFilterForm
from ecopermit.filings.models import CrossCheckFinding
from ecopermit.registry import facade as registry

#: Findings are candidates until an officer decides: the bureau and the towns (their own facilities) read them.
READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER)
OFFICERS = tuple(BUREAU_ROLES)


@allow(*READERS)
def finding_list(request):
    form = FindingFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.finding_list(
        request.scope, status=f.get("status", ""), kind=f.get("kind", ""), year=f.get("year")
    )
    return render(
        request,
        "filings/finding_list.html",
        {
            "form": form,
            "page": page_of(request, qs),
            "open_count": selectors.open_count(request.scope),
            "kinds": selectors.KIND_LABELS,
        },
    )


@allow(*READERS)
def finding_detail(request, pk: int):
    finding = selectors.finding_get(request.scope, pk)
    decide = (
        DecideForm() if request.scope.is_bureau and finding.status == CrossCheckFinding.Status.OPEN else None
    )
    return render(
        request,
        "filings/finding_detail.html",
        {"finding": finding, "page_data": selectors.finding_page(finding), "decide_form": decide},
    )


@allow(*OFFICERS)
@require_POST
def finding_decide(request, pk: int):
    finding = selectors.finding_get(request.scope, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or dismiss."))
        return redirect("filings:finding_detail", pk=finding.pk)
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        services.finding_decide(
            actor=request.user, finding_id=finding.pk, confirm=confirm, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Confirmed: recorded as a problem on the facility's case.")
            if confirm
            else _("Finding dismissed."),
        )
    return redirect("filings:finding_detail", pk=finding.pk)


@allow(*READERS, Role.ENTERPRISE)
def verified_emissions(request, facility_pk: int):
    facility = registry.facility_get(request.scope, facility_pk)
    today = clock.today()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2000), today.year)
    return render(
        request,
        "filings/finding_emissions.html",
        {
            "facility": facility,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "rows": facade.verified_emissions(facility.pk, year),
        },
    )
