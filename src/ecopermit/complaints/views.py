"""Signed-in screens of complaints: the queue (the town's own, the bureau's all), staff entry, a complaint with its
handling, the hot spots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.complaints import rules, selectors, services
from ecopermit.complaints.forms import (
    ComplaintForm,
    DeclineForm,
    ExtendForm,
    FindingForm,
    LinkForm,
    RecordForm,
    ReplyForm,
    RouteForm,
    SatisfactionForm,
)
from ecopermit.complaints.models import Complaint, ComplaintPhoto
from ecopermit.complaints.vocab import Kind, Status
from ecopermit.core import clock, evidence
from ecopermit.core.errors import DomainError
from ecopermit.core.selectors import current_district
from ecopermit.core.tables import Column, export_response, page_of, search_term, wants_export

EVENT_LABELS = {
    "complaint.received": gettext_lazy("Received"),
    "complaint.joined": gettext_lazy("Another complaint joined the group"),
    "status.accept": gettext_lazy("Accepted for handling"),
    "status.decline": gettext_lazy("Not accepted"),
    "status.find": gettext_lazy("Finding made"),
    "status.reply": gettext_lazy("Replied"),
    "status.close": gettext_lazy("Concluded"),
    "record.visit": gettext_lazy("Site visit recorded"),
    "record.mediation": gettext_lazy("Mediation recorded"),
    "complaint.linked": gettext_lazy("Facility linked"),
    "complaint.routed": gettext_lazy("Sent to another town/street"),
    "complaint.extended": gettext_lazy("Extended by 30 days"),
    "complaint.problem_raised": gettext_lazy("Problem raised on the facility's case"),
    "complaint.satisfaction": gettext_lazy("Satisfaction recorded"),
    "complaint.escalated": gettext_lazy("Escalated: overdue"),
}

READERS = (Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.TOWN_OFFICER)
HANDLERS = (Role.BUREAU_OFFICER, Role.TOWN_OFFICER)


def _error(request: Any, exc: DomainError) -> None:
    messages.error(request, exc.message)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _labelled(event: Any) -> Any:
    event.label = EVENT_LABELS.get(event.kind, event.kind)
    return event


def _photos(request: Any, form: ComplaintForm) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in form.cleaned_data.get("photos") or []]


EXPORT_COLUMNS = [
    Column(gettext_lazy("Receipt number"), lambda c: c.number),
    Column(gettext_lazy("Received on"), lambda c: c.received_on),
    Column(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
    Column(gettext_lazy("Place complained of"), lambda c: c.place),
    Column(gettext_lazy("Town/street"), lambda c: c.town.name if c.town else ""),
    Column(gettext_lazy("Complaints in the group"), lambda c: c.group_count),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Due"), lambda c: c.due.due),
    Column(gettext_lazy("Facility complained of"), lambda c: c.facility.name if c.facility else ""),
]


@allow(*READERS)
def queue(request):
    f = selectors.QueueFilter(
        status=request.GET.get("status", "open"),
        kind=request.GET.get("kind", ""),
        town=_int(request.GET.get("town")),
        overdue=request.GET.get("overdue") == "1",
        text=search_term(request),
    )
    rows = selectors.queue(request.scope, f)
    if wants_export(request):
        return export_response(
            request, title=_("Complaints"), columns=EXPORT_COLUMNS, rows=rows, action="complaint.export"
        )
    return render(
        request,
        "complaints/queue.html",
        {
            "page": page_of(request, rows),
            "f": f,
            "counts": selectors.queue_counts(request.scope),
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "towns": selectors.town_choices(request.scope),
            "can_enter": request.scope.has(*HANDLERS),
            "sources": rules.SOURCES,
        },
    )


@allow(*HANDLERS)
def complaint_new(request):
    """Staff entry: a complaint by telephone, a 12345/12369 hotline transfer, a letter or a visit."""
    form = ComplaintForm(request.POST or None, request.FILES or None, staff=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint = services.complaint_file(
                actor=request.user,
                channel=d["channel"],
                kind=d["kind"],
                description=d["description"],
                place=d["place"],
                lat=d["lat"],
                lon=d["lon"],
                town_id=d["town"],
                anonymous=d["anonymous"],
                contact_name=d["contact_name"],
                contact_phone=d["contact_phone"],
                contact_email=d["contact_email"],
                photos=_photos(request, form),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Complaint %(n)s recorded; check code %(c)s (tell it to the complainant).")
                % {"n": complaint.number, "c": complaint.check_code},
            )
            if selectors.complaints_visible(request.scope).filter(pk=complaint.pk).exists():
                return redirect("complaints:detail", pk=complaint.pk)
            return redirect("complaints:queue")
    return render(request, "complaints/new.html", {"form": form, "district": current_district()})


@allow(*READERS)
def detail(request, pk: int):
    c: Any = selectors.complaint_get(request.scope, pk)
    lead = selectors.annotate_due(c.group_lead or c)
    if not c.is_lead:
        c.due = rules.NO_DEADLINE  # a member's deadlines are its group's
    can_act = request.scope.has(*HANDLERS) and c.is_lead
    status = c.status
    ctx: dict[str, Any] = {
        "c": c,
        "lead": lead,
        "members": list(Complaint.objects.filter(group_lead=lead).order_by("received_at", "pk"))
        if c.is_lead
        else [],
        "records": list(c.records.select_related("recorded_by")),
        "events": [_labelled(e) for e in lead.events.select_related("actor")],
        "photos": list(ComplaintPhoto.objects.filter(complaint__in=[lead, *lead.members.all()])),
        "suggestions": selectors.suggestions(c) if c.is_lead and not c.finding else [],
        "can_act": can_act,
        "sources": rules.SOURCES,
        "may_extend": can_act
        and status in rules.HANDLE_PHASE
        and rules.may_extend(accepted=c.accepted_on, extended=c.extended, today=clock.today()),
    }
    if can_act:
        ctx.update(
            decline_form=DeclineForm() if status == Status.RECEIVED else None,
            record_form=RecordForm(initial={"on": clock.today()})
            if status in (Status.ACCEPTED, Status.FOUND)
            else None,
            finding_form=FindingForm() if status == Status.ACCEPTED else None,
            reply_form=ReplyForm() if status == Status.FOUND else None,
            extend_form=ExtendForm(),
            satisfaction_form=SatisfactionForm() if status == Status.REPLIED else None,
            link_open=not c.finding and status not in (Status.DECLINED, Status.CLOSED),
            route_form=RouteForm(initial={"town": c.town_id, "park": c.park_id})
            if request.scope.has(Role.BUREAU_OFFICER) and status in (Status.RECEIVED, Status.ACCEPTED)
            else None,
        )
    return render(request, "complaints/detail.html", ctx)


def _act(request: Any, pk: int, work: Callable[[Complaint], Any], done: str) -> HttpResponse:
    c = selectors.complaint_get(request.scope, pk)
    try:
        work(c)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("complaints:detail", pk=pk)


@allow(*HANDLERS)
@require_POST
def accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.complaint_accept(actor=request.user, complaint=c),
        _("Accepted; the complainant sees it on the status page. Handling is due within 60 days."),
    )


@allow(*HANDLERS)
@require_POST
def decline(request, pk: int):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda c: services.complaint_decline(actor=request.user, complaint=c, reason=reason),
        _("Not accepted; the reason is on the status page."),
    )


@allow(*HANDLERS)
@require_POST
def record_add(request, pk: int):
    form = RecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the record: %(e)s") % {"e": form.errors.as_text()})
        return redirect("complaints:detail", pk=pk)
    d = form.cleaned_data
    return _act(
        request,
        pk,
        lambda c: services.complaint_record_add(
            actor=request.user,
            complaint=c,
            kind=d["kind"],
            on=d["on"],
            text=d["text"],
            participants=d["participants"],
            outcome=d["outcome"],
        ),
        _("Record saved."),
    )


@allow(*HANDLERS)
@require_POST
def link(request, pk: int):
    form = LinkForm(request.POST)
    facility_id = form.cleaned_data["facility"] if form.is_valid() else None
    return _act(
        request,
        pk,
        lambda c: services.complaint_link(actor=request.user, complaint=c, facility_id=facility_id),
        _("Facility linked.") if facility_id else _("Facility unlinked."),
    )


@allow(*HANDLERS)
@require_POST
def find(request, pk: int):
    form = FindingForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {"finding": "", "note": ""}
    return _act(
        request,
        pk,
        lambda c: services.complaint_find(
            actor=request.user, complaint=c, finding=d["finding"], note=d["note"]
        ),
        _("Finding recorded."),
    )


@allow(*HANDLERS)
@require_POST
def reply(request, pk: int):
    form = ReplyForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda c: services.complaint_reply(actor=request.user, complaint=c, text=text),
        _("Reply sent to every complainant of the group."),
    )


@allow(*HANDLERS)
@require_POST
def extend(request, pk: int):
    form = ExtendForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda c: services.complaint_extend(actor=request.user, complaint=c, reason=reason),
        _("Handling extended by 30 days."),
    )


@allow(*HANDLERS)
@require_POST
def satisfaction(request, pk: int):
    form = SatisfactionForm(request.POST)
    d = form.cleaned_data if form.is_valid() else {"value": "", "note": ""}
    return _act(
        request,
        pk,
        lambda c: services.complaint_satisfaction(
            actor=request.user, complaint=c, value=d["value"], note=d["note"]
        ),
        _("Satisfaction recorded."),
    )


@allow(*HANDLERS)
@require_POST
def close(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.complaint_close(actor=request.user, complaint=c),
        _("Complaint closed."),
    )


@allow(Role.BUREAU_OFFICER)
@require_POST
def route(request, pk: int):
    form = RouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the town/street."))
        return redirect("complaints:detail", pk=pk)
    d = form.cleaned_data
    return _act(
        request,
        pk,
        lambda c: services.complaint_route(
            actor=request.user, complaint=c, town_id=d["town"], park_id=d["park"]
        ),
        _("Complaint sent."),
    )


@allow(*READERS)
def photo(request, pk: int):
    p = get_object_or_404(ComplaintPhoto, pk=pk)
    selectors.complaint_get(request.scope, p.complaint_id)  # 404 outside the actor's scope
    return evidence.download(
        request, p, field_file=p.file, sha256=p.sha256, filename=p.original_name, content_type=p.content_type
    )


def _period(request: Any) -> tuple[dt.date, dt.date]:
    today = clock.today()
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = today - dt.timedelta(days=365)
    try:
        last = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        last = today
    return first, last


def _hotspot_filter(request: Any) -> selectors.HotspotFilter:
    first, last = _period(request)
    return selectors.HotspotFilter(first, last, request.GET.get("kind", ""), _int(request.GET.get("town")))


@allow(*READERS)
def hotspots(request):
    f = _hotspot_filter(request)
    spots = selectors.hotspots(request.scope, f)
    return render(
        request,
        "complaints/hotspots.html",
        {
            "f": f,
            "spots": {k: v[:20] for k, v in spots.items()},
            "kinds": Kind.choices,
            "towns": selectors.town_choices(request.scope),
            "district": current_district(),
            "query": request.GET.urlencode(),
        },
    )


@allow(*READERS)
def hotspots_data(request):
    spots = selectors.hotspots(request.scope, _hotspot_filter(request))
    return JsonResponse(
        {
            "points": [
                {
                    "lat": h.lat,
                    "lon": h.lon,
                    "count": h.count,
                    "upheld": h.upheld,
                    "label": h.label,
                    "kinds": h.kinds,
                }
                for h in spots["places"]
            ]
        }
    )
