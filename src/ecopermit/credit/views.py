"""Screens of credit (issue 14): the officers' list of evaluations (filters, bulk publication), a facility's credit
page (score, level, each deduction with its rule and a link to the event's source record, what the enterprise can
do to recover), the events (with recording by hand) and the scheme (with the district's switch).

Who: bureau officers and leaders see all and act; town and department officers read their area's; an enterprise
(or agency) user reads its own facilities' pages only (``mine``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.tables import Column, export_response, page_of, wants_export
from ecopermit.credit import scheme_files, selectors, services
from ecopermit.credit.forms import EventFilterForm, EventForm, FilterForm, SchemeForm
from ecopermit.credit.models import LEVELS, CreditLevel
from ecopermit.credit.vocab import COLOURS, GOOD_KINDS, LevelStatus
from ecopermit.inspections import facade as inspections
from ecopermit.registry import facade as registry

OFFICERS = tuple(BUREAU_ROLES)
AREA_READERS = (*OFFICERS, Role.TOWN_OFFICER, Role.DEPARTMENT_OFFICER)
PAGE_READERS = (*AREA_READERS, Role.ENTERPRISE, Role.AGENCY)
FACILITY_USERS = (Role.ENTERPRISE, Role.AGENCY)

COLUMNS = [
    Column(gettext_lazy("Facility"), lambda r: r.facility.name),
    Column(gettext_lazy("Unified social credit code"), lambda r: r.facility.credit_code),
    Column(gettext_lazy("Town"), lambda r: r.facility.town.name if r.facility.town else ""),
    Column(gettext_lazy("Period start"), lambda r: r.period_start),
    Column(gettext_lazy("Period end"), lambda r: r.period_end),
    Column(gettext_lazy("Score"), lambda r: r.score),
    Column(gettext_lazy("Proposed level"), lambda r: r.get_proposed_level_display()),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column(gettext_lazy("Published level"), lambda r: r.get_level_display()),
]


def _fail(request, exc: DomainError) -> None:
    messages.error(request, exc.message)


@allow(*AREA_READERS)
def level_list(request):
    form = FilterForm(request.GET or None, towns=registry.facility_towns(request.scope))
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.levels_list(
        request.scope,
        level=f.get("level") or "",
        town=f.get("town"),
        status=f.get("status") or "",
        q=(f.get("q") or "").strip(),
    )
    if wants_export(request):
        return export_response(
            request, title=_("Credit evaluations"), columns=COLUMNS, rows=rows, action="credit.export"
        )
    scheme = services.active_scheme()
    counts = selectors.level_counts(request.scope)
    return render(
        request,
        "credit/level_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "scheme": scheme,
            "levels": [(code, label, counts.get(code, 0)) for code, label in LEVELS],
            "colours": COLOURS,
            "period": services.default_period(clock.today()),
            "can_act": request.scope.is_bureau,
        },
    )


@allow(*OFFICERS)
@require_POST
def evaluate(request):
    """Pulls the events from every source, then proposes the levels of the previous year (the annual cycle) or of
    this year to date (an interim evaluation)."""
    try:
        synced = services.credit_events_sync(actor=request.user)
        today = clock.today()
        period = (dt.date(today.year, 1, 1), today) if request.POST.get("period") == "this_year" else None
        result = services.credit_evaluate(actor=request.user, period=period)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("%(events)s new events; %(proposed)s levels proposed, %(same)s unchanged.")
            % {"events": synced.created, "proposed": result.proposed, "same": result.unchanged},
        )
    return redirect("credit:level_list")


@allow(*OFFICERS)
@require_POST
def levels_publish(request):
    ids = [int(x) for x in request.POST.getlist("level") if x.isdigit()]
    if not ids:
        messages.error(request, _("Tick the evaluations to publish."))
        return redirect(request.POST.get("next") or "credit:level_list")
    try:
        done = services.credit_levels_publish(actor=request.user, level_ids=ids)
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("%(n)s levels published.") % {"n": done})
    return redirect("credit:level_list")


@allow(*PAGE_READERS)
def facility_credit(request, pk: int):
    facility = registry.facility_get(request.scope, pk)
    history = selectors.facility_levels(facility.pk)
    pending = next((r for r in history if r.status in (LevelStatus.PROPOSED, LevelStatus.REVIEWED)), None)
    current = next((r for r in history if r.status == LevelStatus.PUBLISHED), None)
    # An enterprise sees the published evaluation (a proposal is the bureau's draft); the bureau sees both.
    shown = current if request.scope.facility_bound else (pending or current)
    factors = inspections.credit_factors()
    return render(
        request,
        "credit/facility_credit.html",
        {
            "facility": facility,
            "shown": shown,
            "lines": selectors.explained(shown) if shown else [],
            "pending": pending,
            "current": current,
            "history": [r for r in history if r != shown],
            "events": selectors.events_of(request.scope, facility_id=facility.pk)[:100],
            "good_kinds": GOOD_KINDS,
            "scheme": scheme_files.load(shown.scheme) if shown else services.active_scheme(),
            "colours": COLOURS,
            "factor": factors.get(facility.credit_level, "1"),
            "repairs": selectors.repair_requests(facility.pk),
            "can_request_repair": request.scope.facility_bound
            and bool(current and current.repair.get("ready"))
            and not selectors.repair_open(facility.pk),
            "can_decide_repair": request.scope.is_bureau,
            "proposed_factor": factors.get(shown.proposed_level, "1") if shown else "1",
            "can_act": request.scope.is_bureau,
        },
    )


def _level_action(request, pk: int, action):
    row = CreditLevel.objects.filter(
        pk=pk, facility_id__in=registry.visible_facility_ids(request.scope)
    ).first()
    if row is None:
        messages.error(request, _("No such credit evaluation."))
        return redirect("credit:level_list")
    try:
        action(actor=request.user, level_id=row.pk, note=request.POST.get("note", ""))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("credit:facility_credit", row.facility_id)


@allow(*OFFICERS)
@require_POST
def level_review(request, pk: int):
    return _level_action(request, pk, services.credit_level_review)


@allow(*OFFICERS)
@require_POST
def level_publish(request, pk: int):
    return _level_action(request, pk, services.credit_level_publish)


@allow(*AREA_READERS)
def event_list(request):
    filters = EventFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("kind", "") if filters.is_valid() else ""
    form = None
    if request.scope.is_bureau:
        facilities = registry.facilities_visible(request.scope).order_by("name")
        form = EventForm(request.POST or None, facilities=facilities)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.credit_event_record(
                    actor=request.user,
                    facility_id=d["facility"].pk,
                    kind=d["kind"],
                    occurred_on=d["occurred_on"],
                    summary=d["summary"],
                    reason=d["reason"],
                    article=d["article"] or "",
                    amount=d["amount"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Event recorded."))
                return redirect("credit:event_list")
    return render(
        request,
        "credit/event_list.html",
        {
            "filters": filters,
            "form": form,
            "page": page_of(request, selectors.events_of(request.scope, kind=kind)),
            "good_kinds": GOOD_KINDS,
        },
    )


@allow(*OFFICERS)
@require_POST
def event_retract(request, pk: int):
    """Takes back an event the bureau recorded by hand in error, with the reason (audited)."""
    visible = selectors.events_of(request.scope).filter(pk=pk).exists()
    if not visible:
        messages.error(request, _("No such credit event."))
        return redirect("credit:event_list")
    try:
        services.credit_event_retract(actor=request.user, event_id=pk, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Event taken back; the evaluation in the works was computed again."))
    return redirect("credit:event_list")


@allow(*FACILITY_USERS)
@require_POST
def repair_request(request, pk: int):
    """The enterprise asks for credit repair (信用修复) for a facility it may see."""
    facility = registry.facility_get(request.scope, pk)
    try:
        services.credit_repair_request(
            actor=request.user, facility_id=facility.pk, text=request.POST.get("text", "")
        )
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Request sent to the bureau."))
    return redirect("credit:facility_credit", facility.pk)


@allow(*OFFICERS)
@require_POST
def repair_decide(request, pk: int):
    row = selectors.repair_request_visible(request.scope, pk)
    if row is None:
        messages.error(request, _("No such request."))
        return redirect("credit:level_list")
    try:
        services.credit_repair_decide(
            actor=request.user,
            request_id=row.pk,
            grant=request.POST.get("grant") == "1",
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        _fail(request, exc)
    return redirect("credit:facility_credit", row.facility_id)


@allow(*AREA_READERS)
def scheme_page(request):
    active = services.active_scheme()
    raw = scheme_files.raw(active.id)
    choices = [(s, scheme_files.load(s).name) for s in scheme_files.scheme_ids()]
    form = SchemeForm(request.POST or None, schemes=choices, initial={"scheme": active.id})
    if request.method == "POST":
        if not request.scope.is_bureau:
            messages.error(request, _("Only the bureau may switch the scheme."))
            return redirect("credit:scheme")
        if form.is_valid():
            try:
                n = services.credit_scheme_set(actor=request.user, scheme=form.cleaned_data["scheme"])
            except DomainError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Scheme switched; %(n)s levels recomputed.") % {"n": n})
            return redirect("credit:scheme")
    return render(
        request,
        "credit/scheme.html",
        {
            "scheme": active,
            "disputed": raw.get("_disputed", ""),
            "sources": raw.get("_sources", []),
            "form": form,
        },
    )


@allow(*FACILITY_USERS)
def mine(request):
    """An enterprise user's own facilities: straight to the credit page when there is one."""
    facilities = list(registry.facilities_visible(request.scope).order_by("name"))
    if len(facilities) == 1:
        return redirect("credit:facility_credit", facilities[0].pk)
    levels = selectors.published([f.pk for f in facilities])
    return render(
        request,
        "credit/mine.html",
        {"rows": [(f, levels.get(f.pk)) for f in facilities], "colours": COLOURS},
    )
