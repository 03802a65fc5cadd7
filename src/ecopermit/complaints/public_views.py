"""The public side of complaints (anonymous): the form, the receipt, the status page by receipt number and check
code, and the basemap the form's map draws. Contact details never appear here."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecopermit.accounts.access import allow_public
from ecopermit.complaints import rules, selectors, services
from ecopermit.complaints.forms import ComplaintForm, LookupForm, SatisfactionForm
from ecopermit.complaints.models import Complaint
from ecopermit.complaints.vocab import Status
from ecopermit.core import clock
from ecopermit.core.errors import DomainError
from ecopermit.core.maps import basemap_response
from ecopermit.core.selectors import current_district


def _address(request: Any) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


@allow_public
@require_http_methods(["GET", "POST"])
def complaint_form(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint = services.complaint_file(
                actor=None,
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
                photos=[(f.name, f.read()) for f in d.get("photos") or []],
                client_address=_address(request),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(
                request, "complaints/public_receipt.html", {"c": complaint, "district": current_district()}
            )
    return render(
        request,
        "complaints/public_form.html",
        {"form": form, "district": current_district(), "lookup": LookupForm()},
    )


def _public_view(c: Complaint) -> dict[str, Any]:
    """What the status page shows: the group's status and reply; never a name, telephone or e-mail."""
    lead = c.group_lead or c
    state = rules.due_state(
        status=lead.status,
        received=lead.received_on,
        accepted=lead.accepted_on,
        extended=lead.extended,
        today=clock.today(),
    )
    return {
        "number": c.number,
        "kind": c.get_kind_display(),
        "received_on": c.received_on,
        "place": c.place,
        "town": lead.town.name if lead.town else "",
        "status": lead.status,
        "status_label": lead.get_status_display(),
        "grouped": c.group_lead_id is not None or lead.members.exists(),
        "group_size": 1 + lead.members.count(),
        "accepted_on": lead.accepted_on,
        "due": state.due,
        "extended": lead.extended,
        "extension_reason": lead.extension_reason,
        "decline_reason": lead.decline_reason if lead.status == Status.DECLINED else "",
        "finding": lead.get_finding_display() if lead.finding else "",
        "reply": lead.reply if lead.status in (Status.REPLIED, Status.CLOSED) else "",
        "replied_on": lead.replied_on,
        "satisfaction": c.get_satisfaction_display() if c.satisfaction else "",
        "may_rate": lead.status == Status.REPLIED and not c.satisfaction,
        "steps": _steps(lead),
    }


def _steps(lead: Complaint) -> list[tuple[str, bool]]:
    order = [Status.RECEIVED, Status.ACCEPTED, Status.FOUND, Status.REPLIED, Status.CLOSED]
    if lead.status == Status.DECLINED:
        return [(str(Status.RECEIVED.label), True), (str(Status.DECLINED.label), True)]
    reached = order.index(Status(lead.status))
    return [(str(s.label), i <= reached) for i, s in enumerate(order)]


@allow_public
@require_http_methods(["GET", "POST"])
def complaint_status(request):
    """Looked up by receipt number and check code (both needed: a number alone shows nothing)."""
    source = request.POST if request.method == "POST" else request.GET
    lookup = LookupForm(source or None)
    c = None
    if lookup.is_valid():
        c = selectors.public_lookup(lookup.cleaned_data["number"], lookup.cleaned_data["code"])
        if c is None:
            lookup.add_error(None, _("No complaint has this receipt number and check code."))
    rate_form = None
    if c is not None:
        if request.method == "POST" and "value" in request.POST:
            rate_form = SatisfactionForm(request.POST)
            if rate_form.is_valid():
                try:
                    services.complaint_satisfaction(
                        actor=None,
                        complaint=c,
                        value=rate_form.cleaned_data["value"],
                        note=rate_form.cleaned_data["note"],
                    )
                except DomainError as exc:
                    rate_form.add_error(None, exc.message)
                else:
                    c.refresh_from_db()
                    rate_form = None
        view = _public_view(c)
        if view["may_rate"] and rate_form is None:
            rate_form = SatisfactionForm()
    return render(
        request,
        "complaints/public_status.html",
        {
            "lookup": lookup,
            "v": _public_view(c) if c is not None else None,
            "code": lookup.cleaned_data.get("code", "") if c is not None else "",
            "rate_form": rate_form,
            "district": current_district(),
        },
    )


@allow_public
def basemap(request):
    """The district's land and islands for the public form's map (the signed-in maps use site:basemap)."""
    return basemap_response("public, max-age=86400")
