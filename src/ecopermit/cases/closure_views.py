"""Screens of the closure path (关停取缔) and the officer's decision on a problem proposed as fixed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.cases import closure, derived, selectors
from ecopermit.cases.closure_states import ClosureStatus, closure_targets
from ecopermit.cases.models import ClosureCase, Problem
from ecopermit.core.documents import format_of
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, export_response, page_of, search_term, wants_export
from ecopermit.registry import facade as registry

OFFICERS = tuple(BUREAU_ROLES)
READERS = (*BUREAU_ROLES, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER)

CLOSURE_COLUMNS = (
    Column("#", lambda c: c.pk, 8),
    Column(gettext_lazy("Facility"), lambda c: c.facility.name, 36),
    Column(gettext_lazy("Town/street"), lambda c: c.facility.town.name),
    Column(gettext_lazy("Ground"), lambda c: c.get_ground_display(), 28),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Opened"), lambda c: c.opened_at, 18),
)


def _closures(scope):
    return ClosureCase.objects.filter(facility_id__in=registry.visible_facility_ids(scope)).select_related(
        "facility", "facility__town", "officer"
    )


@allow(*OFFICERS)
@require_POST
def problem_fix_decide(request, pk: int):
    problem = get_object_or_404(Problem, pk=pk)
    if problem.case_id is None:
        raise Http404
    selectors.case_get(request.scope, problem.case_id)  # 404 outside the actor's scope
    try:
        if request.POST.get("decision") == "confirm":
            derived.problem_fix_confirm(actor=request.user, problem=problem)
            messages.success(request, _("Problem closed as fixed."))
        else:
            derived.problem_fix_reject(actor=request.user, problem=problem, note=request.POST.get("note", ""))
            messages.success(request, _("Proposal rejected; the problem stays open."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:case_detail", pk=problem.case_id)


@allow(*READERS)
def closure_list(request):
    rows = (
        _closures(request.scope)
        .select_related("facility", "facility__town")
        .order_by("status", "-opened_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ClosureStatus.values:
        rows = rows.filter(status=status)
    q = search_term(request)
    if q:
        rows = rows.filter(facility__name__icontains=q)
    if wants_export(request):
        return export_response(
            request,
            title=_("Closure path (关停取缔)"),
            columns=CLOSURE_COLUMNS,
            rows=rows,
            action="closure.export",
        )
    return render(
        request,
        "cases/closure_list.html",
        {"page": page_of(request, rows), "status": status, "statuses": ClosureStatus.choices},
    )


@allow(*READERS)
def closure_detail(request, pk: int):
    c = get_object_or_404(_closures(request.scope), pk=pk)
    labels = {
        "closure.opened": _("Closure path opened"),
        "closure.grounds_lapsed": _("The gate no longer excludes the facility."),
    }
    events = [
        {
            "at": e.at,
            "actor": e.actor,
            "note": e.note,
            "label": ClosureStatus(e.to_status).label
            if e.kind.startswith("status.")
            else labels.get(e.kind, e.kind),
        }
        for e in c.events.select_related("actor")
    ]
    return render(
        request,
        "cases/closure_detail.html",
        {
            "closure": c,
            "events": events,
            "targets": [(t, ClosureStatus(t).label) for t in closure_targets(c.status)]
            if request.scope.is_bureau
            else [],
            "government": closure.government_of(),
        },
    )


@allow(*OFFICERS)
@require_POST
def closure_act(request, pk: int):
    c = get_object_or_404(_closures(request.scope), pk=pk)
    target, note = request.POST.get("target", ""), request.POST.get("note", "")
    try:
        if target == ClosureStatus.PROPOSED:
            c = closure.closure_propose(actor=request.user, closure=c)
            messages.success(request, _("Request %(n)s sent to the government.") % {"n": c.document_number})
        elif target == ClosureStatus.ORDERED:
            raw = request.POST.get("decided_on", "")
            try:
                decided = dt.date.fromisoformat(raw)
            except ValueError:
                raise DomainError(
                    _("Give the date of the government's decision."), field="decided_on"
                ) from None
            closure.closure_record_order(
                actor=request.user,
                closure=c,
                decision_number=request.POST.get("decision_number", ""),
                decided_on=decided,
            )
            messages.success(request, _("Closure case updated."))
        elif target == ClosureStatus.CLOSED:
            closure.closure_verify(actor=request.user, closure=c, note=note)
            messages.success(request, _("Closure case updated."))
        elif target in ClosureStatus.values:
            closure.closure_transition(actor=request.user, closure=c, target=target, note=note)
            messages.success(request, _("Closure case updated."))
        else:
            raise DomainError(_("Choose a step."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:closure_detail", pk=c.pk)


@allow(*READERS)
def closure_download(request, pk: int, fmt: str):
    from ecopermit.cases.closure_documents import render_request

    c = get_object_or_404(_closures(request.scope), pk=pk)
    doc_format = format_of(fmt)
    if doc_format is None or not c.document_number:
        raise Http404
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[doc_format]
    return HttpResponse(
        render_request(c, doc_format),
        content_type=content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(c.document_number + '.' + fmt)}"
        },
    )
