"""Writes of complaints (信访投诉, G1): intake (public form and staff entry), routing to the town/street, grouping,
the handling workflow, reminders. Each write is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.scope import scope_of
from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Source
from ecopermit.complaints import rules
from ecopermit.complaints.models import Complaint, ComplaintEvent, ComplaintPhoto, ComplaintRecord
from ecopermit.complaints.states import WORKFLOW
from ecopermit.complaints.vocab import Channel, Finding, Kind, RecordKind, Satisfaction, Status
from ecopermit.core import clock, evidence, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Park, Town
from ecopermit.core.notify import notify, sms_sender
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.registry import facade as registry

OPEN_GROUP = (Status.RECEIVED, Status.ACCEPTED, Status.FOUND)


def client_hash(address: str) -> str:
    """A keyed hash of the sender's network address: enough to count a flood, without keeping the address."""
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _event(complaint: Complaint, actor: Actor, kind: str, **kwargs: Any) -> None:
    ComplaintEvent.record(complaint, actor, kind, **kwargs)


def _check_code() -> str:
    return "".join(secrets.choice(rules.CHECK_ALPHABET) for _i in range(rules.CHECK_LENGTH))


def _clean_photos(photos: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes, str]]:
    if len(photos) > rules.MAX_PHOTOS:
        raise DomainError(_("At most %(n)s photos.") % {"n": rules.MAX_PHOTOS}, field="photos")
    out = []
    for name, content in photos:
        ctype = evidence.sniff(content)
        if ctype not in rules.PHOTO_TYPES:
            raise DomainError(_("%(n)s is not a JPEG or PNG photo.") % {"n": name}, field="photos")
        if len(content) > rules.MAX_PHOTO_BYTES:
            raise DomainError(_("The photo %(n)s is larger than 10 MB.") % {"n": name}, field="photos")
        out.append((name, content, ctype or ""))
    return out


def route_place(lat: float | None, lon: float | None) -> rules.Route:
    """The town/street (and park) responsible for a place (rules.route), from the facilities around it and the
    district's town centres."""
    if lat is None or lon is None:
        return rules.Route(None, None, "")
    facilities = [
        rules.FacilityPlace(f.id, f.lat, f.lon, f.town_id, f.park_id)
        for f in registry.facility_places(lat=lat, lon=lon)
    ]
    towns = [
        rules.Point(t.pk, t.lat, t.lon)
        for t in Town.objects.exclude(lat__isnull=True).exclude(lon__isnull=True)
        if t.lat is not None and t.lon is not None
    ]
    return rules.route(lat, lon, facilities=facilities, towns=towns)


def _routing_note(r: rules.Route) -> str:
    if r.via == "facility" and r.facility_id is not None:
        name = registry.facility_ref(r.facility_id).name
        return _("the town of %(f)s, %(d)s m away (the registered facility nearest the place)") % {
            "f": name,
            "d": round(r.distance_m or 0),
        }
    if r.via == "centre":
        return _(
            "the nearest town centre, %(d)s m away (the district file holds town centres, not boundaries)"
        ) % {"d": round(r.distance_m or 0)}
    return ""


def _in_district(lat: float, lon: float) -> bool:
    d = current_district()
    return d is None or (d.min_lat <= lat <= d.max_lat and d.min_lon <= lon <= d.max_lon)


def _group_for(complaint: Complaint) -> Complaint | None:
    since = complaint.received_on - dt.timedelta(days=rules.DUPLICATE_DAYS)
    candidates = Complaint.objects.filter(
        group_lead__isnull=True,
        kind=complaint.kind,
        status__in=OPEN_GROUP,
        received_on__gte=since,
        received_on__lte=complaint.received_on,
        lat__isnull=False,
    ).exclude(pk=complaint.pk)
    sightings = [rules.Sighting(c.pk, c.kind, c.lat, c.lon, c.received_on) for c in candidates]
    new = rules.Sighting(complaint.pk, complaint.kind, complaint.lat, complaint.lon, complaint.received_on)
    lead_id = rules.duplicate_of(new, sightings)
    return Complaint.objects.get(pk=lead_id) if lead_id else None


def holders(complaint: Complaint) -> list[Any]:
    """Who works the complaint: the officers of its town/street (and of the parks in it); the bureau's officers
    when it has no town yet."""
    if complaint.town_id:
        found = list(accounts.town_officers(complaint.town_id))
        if found:
            return found
    return list(accounts.bureau_officers())


def _link(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


@transaction.atomic
def complaint_file(
    *,
    actor: Actor,
    kind: str,
    description: str,
    place: str = "",
    lat: float | None = None,
    lon: float | None = None,
    town_id: int | None = None,
    channel: str = Channel.ONLINE,
    anonymous: bool = True,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    photos: Sequence[tuple[str, bytes]] = (),
    client_address: str = "",
    received_at: dt.datetime | None = None,
) -> Complaint:
    """Files a complaint: checks it, numbers it (receipt number and check code), routes it to the town/street
    responsible for the place, joins it to the open group about the same place and kind, tells the holders."""
    if kind not in Kind.values:
        raise DomainError(_("Choose the kind of nuisance."), field="kind")
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    description = description.strip()
    if len(description) < rules.MIN_DESCRIPTION:
        raise DomainError(_("Describe what you noticed."), field="description")
    if (lat is None) != (lon is None):
        raise DomainError(_("Pick the place on the map again."), field="place")
    if lat is not None and lon is not None and not _in_district(lat, lon):
        raise DomainError(_("The place picked lies outside the district."), field="place")
    if lat is None and not place.strip() and not town_id:
        raise DomainError(_("Say where: pick the place on the map, or type it."), field="place")
    if not anonymous and not (contact_name.strip() and (contact_phone.strip() or contact_email.strip())):
        raise DomainError(
            _("To be contacted, give your name and a telephone number or an e-mail address."),
            field="contact_name",
        )
    hashed = client_hash(client_address)
    now = received_at or clock.now()
    if hashed:
        window = now - dt.timedelta(minutes=rules.RATE_WINDOW_MINUTES)
        recent = Complaint.objects.filter(client_hash=hashed, received_at__gte=window).count()
        if rules.over_rate_limit(recent):
            raise DomainError(_("Too many complaints from this connection; please try again in an hour."))
    cleaned = _clean_photos(photos)

    r = route_place(lat, lon)
    town_pk = r.town_id or town_id
    town = Town.objects.filter(pk=town_pk).first() if town_pk else None
    park = Park.objects.filter(pk=r.park_id).first() if r.park_id else None
    routing = _routing_note(r) if r.town_id else (_("the town/street picked") if town else "")
    today = clock.today() if received_at is None else received_at.date()
    complaint = Complaint(
        number=numbering.next_reference("complaint", today.year),
        check_code=_check_code(),
        channel=channel,
        kind=kind,
        description=description[:4000],
        place=place.strip()[:200],
        lat=lat,
        lon=lon,
        town=town,
        park=park,
        routing=routing[:200],
        anonymous=anonymous,
        contact_name="" if anonymous else contact_name.strip()[:50],
        contact_phone="" if anonymous else contact_phone.strip()[:30],
        contact_email="" if anonymous else contact_email.strip(),
        client_hash=hashed,
        entered_by=accounts.user_of(actor),
        received_at=now,
        received_on=today,
    )
    complaint.save()
    lead = _group_for(complaint)
    if lead is not None:
        complaint.group_lead = lead
        complaint.town_id, complaint.park_id = lead.town_id, lead.park_id
        complaint.save(update_fields=["group_lead", "town", "park"])
    for name, content, ctype in cleaned:
        photo = ComplaintPhoto(
            complaint=complaint,
            original_name=name[:255],
            content_type=ctype,
            size=len(content),
            uploaded_at=now,
        )
        photo.sha256 = evidence.store(photo.file, content, suffix=evidence.suffix_for(content, name))
        photo.save()
    _event(
        complaint,
        actor,
        "complaint.received",
        data={"channel": channel, "group": lead.number if lead else "", "routing": routing},
    )
    audit_record(
        actor=actor,
        action="complaint.file",
        obj=complaint,
        after={
            "number": complaint.number,
            "kind": kind,
            "channel": channel,
            "town": town.pk if town else None,
            "group_lead": lead.pk if lead else None,
            "photos": len(cleaned),
        },
    )
    if lead is not None:
        _event(lead, actor, "complaint.joined", data={"member": complaint.number})
        text = _("Complaint %(n)s joined the group of %(l)s (same place and kind).") % {
            "n": complaint.number,
            "l": lead.number,
        }
        notify(holders(lead), text, _link(lead))
    else:
        text = _("New complaint %(n)s (%(k)s): %(p)s") % {
            "n": complaint.number,
            "k": Kind(kind).label,
            "p": complaint.place or (town.name if town else ""),
        }
        notify(holders(complaint), text, _link(complaint))
    return complaint


# --- Handling ----------------------------------------------------------------------------------------------------


def _locked(complaint: Complaint) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not locked.is_lead:
        raise DomainError(
            _("This complaint is handled with its group: act on %(n)s.")
            % {"n": locked.group_lead.number if locked.group_lead else ""}
        )
    return locked


def _require_holder(actor: Actor, complaint: Complaint) -> None:
    scope = scope_of(actor)
    if scope.is_bureau and scope.has("bureau_officer"):
        return
    if scope.is_town_officer and (
        (complaint.town_id and complaint.town_id in scope.town_ids)
        or (complaint.park_id and complaint.park_id in scope.park_ids)
    ):
        return
    raise DomainError(
        _("Only the bureau or the town/street holding the complaint may do this."), code="forbidden"
    )


def _move(
    actor: Actor,
    complaint: Complaint,
    target: str,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    on_enter: Any = None,
) -> None:
    WORKFLOW.move(
        complaint,
        target,
        actor=actor,
        event=lambda a, kind, **kw: _event(complaint, a, kind, **kw),
        action="complaint.",
        note=note,
        data=data,
        guards={"visited": _guard_visited},
        on_enter=on_enter,
    )


def _guard_visited(complaint: Complaint) -> None:
    if not complaint.records.filter(kind=RecordKind.VISIT).exists():
        raise DomainError(_("Record the site visit before the finding."))


@transaction.atomic
def complaint_accept(*, actor: Actor, complaint: Complaint) -> Complaint:
    """受理告知: the complaint is accepted; its 60 days of handling start."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)

    def enter(c: Complaint, _t: str) -> list[str]:
        c.accepted_on = clock.today()
        return ["accepted_on"]

    _move(actor, complaint, Status.ACCEPTED, on_enter=enter)
    _tell(complaint, _("Your complaint is accepted; look it up with your receipt number and check code."))
    return complaint


@transaction.atomic
def complaint_decline(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """不予受理, with the reason the complainant reads."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)

    def enter(c: Complaint, _t: str) -> list[str]:
        c.decline_reason = reason.strip()[:300]
        return ["decline_reason"]

    _move(actor, complaint, Status.DECLINED, note=reason, on_enter=enter)
    _tell(complaint, _("Your complaint is not accepted; the reason is on its status page."))
    return complaint


@transaction.atomic
def complaint_record_add(
    *,
    actor: Actor,
    complaint: Complaint,
    kind: str,
    on: dt.date,
    text: str,
    participants: str = "",
    outcome: str = "",
) -> ComplaintRecord:
    """A site-visit record or a mediation record, while the complaint is being handled."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)
    if complaint.status not in (Status.ACCEPTED, Status.FOUND):
        raise DomainError(_("Accept the complaint first; records are kept while it is being handled."))
    if kind not in RecordKind.values:
        raise DomainError(_("Unknown kind of record."), field="kind")
    if not text.strip():
        raise DomainError(_("Write the record."), field="text")
    if on > clock.today() or on < complaint.received_on:
        raise DomainError(_("The date must lie between the receipt and today."), field="on")
    record = ComplaintRecord.objects.create(
        complaint=complaint,
        kind=kind,
        on=on,
        participants=participants.strip()[:300],
        text=text.strip(),
        outcome=outcome.strip()[:300],
        recorded_by=accounts.user_of(actor),
        recorded_at=clock.now(),
    )
    _event(complaint, actor, f"record.{kind}", note=text.strip()[:500], data={"record": record.pk})
    audit_record(
        actor=actor,
        action="complaint.record_add",
        obj=complaint,
        after={"record": record.pk, "kind": kind, "on": on.isoformat()},
    )
    return record


@transaction.atomic
def complaint_link(*, actor: Actor, complaint: Complaint, facility_id: int | None) -> Complaint:
    """Links the complaint (its group) to the facility complained of, or unlinks it."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)
    if complaint.status in (Status.REPLIED, Status.CLOSED, Status.DECLINED) or complaint.finding:
        raise DomainError(_("The finding is made; the facility can no longer change."))
    if facility_id is not None:
        registry.facility_ref(facility_id)  # exists
    before = complaint.facility_id
    complaint.facility_id = facility_id
    complaint.save(update_fields=["facility"])
    _event(complaint, actor, "complaint.linked", data={"facility": facility_id})
    audit_record(
        actor=actor,
        action="complaint.link",
        obj=complaint,
        before={"facility": before},
        after={"facility": facility_id},
    )
    return complaint


@transaction.atomic
def complaint_route(
    *, actor: Actor, complaint: Complaint, town_id: int, park_id: int | None = None
) -> Complaint:
    """The bureau sends the complaint (and its group) to another town/street or park."""
    complaint = _locked(complaint)
    if not scope_of(actor).has("bureau_officer"):
        raise DomainError(_("Only the bureau may send a complaint to another town/street."), code="forbidden")
    town = Town.objects.get(pk=town_id)
    park = Park.objects.get(pk=park_id) if park_id else None
    before = {"town": complaint.town_id, "park": complaint.park_id}
    Complaint.objects.filter(pk=complaint.pk).update(town=town, park=park, routing=_("sent by the bureau"))
    Complaint.objects.filter(group_lead=complaint).update(town=town, park=park)
    complaint.refresh_from_db()
    _event(complaint, actor, "complaint.routed", data={"town": town.name, "park": park.name if park else ""})
    audit_record(
        actor=actor,
        action="complaint.route",
        obj=complaint,
        before=before,
        after={"town": town.pk, "park": park_id},
    )
    notify(
        holders(complaint), _("Complaint %(n)s was sent to you.") % {"n": complaint.number}, _link(complaint)
    )
    return complaint


@transaction.atomic
def complaint_extend(*, actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """延期: once, by 30 days, before the 60 days have run out, with the reason the complainant reads."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)
    if complaint.status not in rules.HANDLE_PHASE:
        raise DomainError(_("Only a complaint being handled can be extended."))
    if not reason.strip():
        raise DomainError(_("Say why."), field="reason")
    if not rules.may_extend(accepted=complaint.accepted_on, extended=complaint.extended, today=clock.today()):
        raise DomainError(_("The handling period can be extended once, before it runs out."))
    complaint.extended = True
    complaint.extension_reason = reason.strip()[:300]
    complaint.save(update_fields=["extended", "extension_reason"])
    assert complaint.accepted_on is not None
    due = rules.handle_due(complaint.accepted_on, extended=True)
    _event(complaint, actor, "complaint.extended", note=reason, data={"due": due.isoformat()})
    audit_record(actor=actor, action="complaint.extend", obj=complaint, after={"due": due.isoformat()})
    return complaint


@transaction.atomic
def complaint_find(*, actor: Actor, complaint: Complaint, finding: str, note: str) -> Complaint:
    """The finding after the site visit. Upheld about a linked facility: a problem on the facility's case
    (source: complaint) and, through ``facade.upheld_complaints``, a credit event."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)
    if finding not in Finding.values:
        raise DomainError(_("Say whether the complaint is upheld."), field="finding")
    if not note.strip():
        raise DomainError(_("Write what was found."), field="note")

    def enter(c: Complaint, _t: str) -> list[str]:
        c.finding, c.finding_note, c.found_on = finding, note.strip(), clock.today()
        return ["finding", "finding_note", "found_on"]

    _move(actor, complaint, Status.FOUND, note=note, data={"finding": finding}, on_enter=enter)
    if finding == Finding.UPHELD and complaint.facility_id:
        complaint.problem_id = cases.problem_raise(
            actor=actor,
            facility_id=complaint.facility_id,
            kind="other_violation",
            description=_("Complaint %(n)s (%(k)s) upheld: %(t)s")
            % {"n": complaint.number, "k": Kind(complaint.kind).label, "t": note.strip()[:300]},
            source=Source.COMPLAINT,
            source_ref=f"complaints.complaint:{complaint.pk}",
            evidence={"complaint": complaint.number, "kind": complaint.kind, "group": group_size(complaint)},
            town=complaint.town,
            found_on=complaint.found_on,
        )
        complaint.save(update_fields=["problem_id"])
        _event(complaint, actor, "complaint.problem_raised", data={"problem": complaint.problem_id})
    return complaint


def group_size(complaint: Complaint) -> int:
    return 1 + Complaint.objects.filter(group_lead_id=complaint.pk).count()


def _sms(phones: Iterable[str], text: str) -> None:
    sender = sms_sender()
    for phone in phones:
        sender.send(phone, text)


def _tell(lead: Complaint, text: str) -> None:
    """Every complainant of the group who left a telephone number gets ``text`` by SMS after the commit (the
    deployment's gateway, core/notify.py); the status page says the same to everyone."""
    phones = [
        p
        for p in Complaint.objects.filter(Q(pk=lead.pk) | Q(group_lead=lead)).values_list(
            "contact_phone", flat=True
        )
        if p
    ]
    if phones:
        transaction.on_commit(lambda: _sms(phones, text))


@transaction.atomic
def complaint_reply(*, actor: Actor, complaint: Complaint, text: str) -> Complaint:
    """The reply (处理意见) to every complainant of the group: shown on each one's status page, and sent by SMS
    to those who left a telephone number."""
    complaint = _locked(complaint)
    _require_holder(actor, complaint)
    if not text.strip():
        raise DomainError(_("Write the reply."), field="text")

    def enter(c: Complaint, _t: str) -> list[str]:
        c.reply, c.replied_on = text.strip(), clock.today()
        return ["reply", "replied_on"]

    _move(actor, complaint, Status.REPLIED, on_enter=enter, data={"complainants": group_size(complaint)})
    Complaint.objects.filter(group_lead=complaint).update(replied_on=complaint.replied_on)
    _tell(complaint, _("Your complaint has a reply; look it up with your receipt number and check code."))
    return complaint


@transaction.atomic
def complaint_satisfaction(*, actor: Actor, complaint: Complaint, value: str, note: str = "") -> Complaint:
    """The complainant's satisfaction with the reply (on the status page, or told to an officer by telephone)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    lead = complaint.group_lead or complaint
    if lead.status != Status.REPLIED:
        raise DomainError(_("Satisfaction is recorded after the reply and before closure."))
    if value not in Satisfaction.values:
        raise DomainError(_("Choose how satisfied you are."), field="value")
    complaint.satisfaction, complaint.satisfaction_note = value, note.strip()[:300]
    complaint.save(update_fields=["satisfaction", "satisfaction_note"])
    _event(
        lead, actor, "complaint.satisfaction", note=note, data={"complaint": complaint.number, "value": value}
    )
    audit_record(actor=actor, action="complaint.satisfaction", obj=complaint, after={"value": value})
    return complaint


@transaction.atomic
def complaint_close(*, actor: Actor, complaint: Complaint) -> Complaint:
    complaint = _locked(complaint)
    _require_holder(actor, complaint)

    def enter(c: Complaint, _t: str) -> list[str]:
        c.closed_on = clock.today()
        return ["closed_on"]

    _move(actor, complaint, Status.CLOSED, on_enter=enter)
    return complaint


# --- Reminders and escalation ------------------------------------------------------------------------------------


def complaints_watch(*, today: dt.date | None = None) -> dict[str, int]:
    """Every morning: the holders of a complaint whose deadline is 3 days away or less are reminded (once a day);
    a complaint past its deadline is escalated to the bureau's officers (once per deadline)."""
    today = today or clock.today()
    reminded = escalated = 0
    open_leads = Complaint.objects.filter(group_lead__isnull=True, status__in=OPEN_GROUP).order_by("pk")
    for c in open_leads:
        state = rules.due_state(
            status=c.status, received=c.received_on, accepted=c.accepted_on, extended=c.extended, today=today
        )
        if state.due is None:
            continue
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=c.pk)
            if state.overdue and (locked.escalated_on is None or locked.escalated_on < state.due):
                text = _("Complaint %(n)s is overdue (due %(d)s); it is escalated to the bureau.") % {
                    "n": c.number,
                    "d": state.due.isoformat(),
                }
                notify([*accounts.bureau_officers(), *holders(locked)], text, _link(locked))
                locked.escalated_on = today
                locked.save(update_fields=["escalated_on"])
                _event(
                    locked,
                    None,
                    "complaint.escalated",
                    data={"phase": state.phase, "due": state.due.isoformat()},
                )
                audit_record(
                    actor=None,
                    action="complaint.escalate",
                    obj=locked,
                    after={"phase": state.phase, "due": str(state.due)},
                )
                escalated += 1
            elif state.due_soon and locked.reminded_on != today:
                text = _("Complaint %(n)s is due on %(d)s.") % {"n": c.number, "d": state.due.isoformat()}
                notify(holders(locked), text, _link(locked))
                locked.reminded_on = today
                locked.save(update_fields=["reminded_on"])
                audit_record(
                    actor=None,
                    action="complaint.remind",
                    obj=locked,
                    after={"phase": state.phase, "due": str(state.due)},
                )
                reminded += 1
    return {"reminded": reminded, "escalated": escalated}
