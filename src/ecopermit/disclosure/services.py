"""Every write of disclosure: atomic, audited, scoped by the actor.

- notices and policy news (G6): written by bureau officers, HTML sanitised when stored, draft → published →
  withdrawn (and published again) along ``states.NOTICE_WORKFLOW``;
- the enterprise's self-disclosure (K3): each publication is a new version under a statement of truth, never
  changed afterwards; an officer may take a version down with a reason;
- open days (K4): announced by the enterprise; booked by the public, the capacity held by a conditional UPDATE;
- data-error reports: sent by anyone, numbered with a check code, routed to the responsible officers, answered.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.accounts.scope import scope_of
from ecopermit.core import clock, evidence
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Town
from ecopermit.core.notify import notify, sms_sender
from ecopermit.core.numbering import next_reference
from ecopermit.core.types import Actor
from ecopermit.disclosure.models import (
    Booking,
    DisclosureItem,
    DisclosureVersion,
    ErrorReport,
    ErrorReportEvent,
    Notice,
    NoticeEvent,
    OpenDay,
)
from ecopermit.disclosure.sanitize import clean_html
from ecopermit.disclosure.states import ERROR_REPORT_WORKFLOW, NOTICE_WORKFLOW
from ecopermit.disclosure.vocab import (
    BookingStatus,
    DisclosureKind,
    ErrorReportStatus,
    NoticeKind,
    NoticeStatus,
    OpenDayStatus,
    RecordKind,
)
from ecopermit.registry import facade as registry

#: What the enterprise ticks before publishing; stored word for word with the time it was ticked.
STATEMENT = gettext_lazy(
    "We declare that the information disclosed here is true, accurate and complete, and we answer for its truth "
    "under the law (Measures for Enterprise Environmental Information Disclosure, Art. 4)."
)
MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = ("application/pdf", "image/png", "image/jpeg")
MAX_PARTY = 10
MAX_CAPACITY = 2000
#: The check code's letters: no 0/O, 1/I/L, so that it reads aloud over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def statement_text() -> str:
    """The statement as the enterprise read it, in the platform's language (also when written by a command)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(STATEMENT)


def check_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _is_bureau(actor: Actor) -> bool:
    return scope_of(actor).has(*BUREAU_ROLES)


def _require_bureau(actor: Actor) -> None:
    if not _is_bureau(actor):
        raise DomainError(_("Only bureau officers may do this."), code="forbidden")


def _require_own_facility(actor: Actor, facility_id: int) -> None:
    """The enterprise user acts only for the facilities it may see (its own)."""
    scope = scope_of(actor)
    if not scope.has(Role.ENTERPRISE) or not (
        registry.facilities_visible(scope).filter(pk=facility_id).exists()
    ):
        raise DomainError(_("You may publish only for your own facilities."), code="forbidden")


def _author(actor: Actor) -> Any:
    """The account behind a signed-in actor (an author, a publisher): the platform itself writes none of these."""
    user = accounts.user_of(actor)
    if user is None:
        raise DomainError(_("Sign in first."), code="forbidden")
    return user


def _text(value: str, field: str, message: Any, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(str(message), field=field)
    if len(value) > limit:
        raise DomainError(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return value


# ------------------------------------------------------------------------------------------------ notices


def _notice_fields(kind: str, title: str, body: str, town_id: int | None) -> dict[str, Any]:
    if kind not in NoticeKind.values:
        raise DomainError(_("Choose the kind."), field="kind")
    cleaned = clean_html(body)
    if not cleaned.strip():
        raise DomainError(_("Write the body."), field="body")
    if town_id is not None and not Town.objects.filter(pk=town_id).exists():
        raise DomainError(_("Unknown town/street."), field="town")
    return {
        "kind": kind,
        "title": _text(title, "title", _("Write the title."), 200),
        "body": cleaned,
        "town_id": town_id,
    }


@transaction.atomic
def notice_create(*, actor: Actor, kind: str, title: str, body: str, town_id: int | None = None) -> Notice:
    _require_bureau(actor)
    now = clock.now()
    notice = Notice.objects.create(
        **_notice_fields(kind, title, body, town_id),
        author=_author(actor),
        created_at=now,
        updated_at=now,
    )
    NoticeEvent.record(notice, actor, "created")
    audit_record(
        actor=actor,
        action="disclosure.notice.create",
        obj=notice,
        after={"kind": kind, "title": notice.title},
    )
    return notice


def _lock_notice(notice_id: int) -> Notice:
    return Notice.objects.select_for_update().get(pk=notice_id)


@transaction.atomic
def notice_update(
    *, actor: Actor, notice_id: int, kind: str, title: str, body: str, town_id: int | None = None
) -> Notice:
    _require_bureau(actor)
    notice = _lock_notice(notice_id)
    before = {"kind": notice.kind, "title": notice.title, "body": notice.body, "town": notice.town_id}
    for field, value in _notice_fields(kind, title, body, town_id).items():
        setattr(notice, field, value)
    notice.updated_at = clock.now()
    notice.save()
    NoticeEvent.record(notice, actor, "edited")
    audit_record(
        actor=actor,
        action="disclosure.notice.update",
        obj=notice,
        before=before,
        after={"kind": notice.kind, "title": notice.title, "body": notice.body, "town": notice.town_id},
    )
    return notice


@transaction.atomic
def notice_move(*, actor: Actor, notice_id: int, target: str, note: str = "") -> Notice:
    """Publish, withdraw (with a reason) or publish again. The first publication sets ``published_at``."""
    _require_bureau(actor)
    notice = _lock_notice(notice_id)

    def on_enter(obj: Notice, status: str) -> list[str]:
        if status == NoticeStatus.PUBLISHED and obj.published_at is None:
            obj.published_at = clock.now()
            return ["published_at"]
        return []

    NOTICE_WORKFLOW.move(
        notice,
        target,
        actor=actor,
        event=lambda *a, **kw: NoticeEvent.record(notice, *a, **kw),
        action="disclosure.notice.",
        note=note,
        on_enter=on_enter,
    )
    return notice


# ---------------------------------------------------------------------------------------- self-disclosure


def _checked_file(file_name: str, content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(_("The file is larger than 20 MB."), field="file")
    ctype = evidence.sniff(content[:16])
    if ctype not in FILE_TYPES:
        raise DomainError(_("Upload a PDF, PNG or JPEG file."), field="file")
    return ctype


@transaction.atomic
def disclosure_publish(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    title: str,
    text: str,
    statement_accepted: bool,
    file_name: str = "",
    content: bytes | None = None,
) -> DisclosureVersion:
    """A new version of the facility's item of ``kind``; earlier versions stay as they were."""
    _require_own_facility(actor, facility_id)
    if kind not in DisclosureKind.values:
        raise DomainError(_("Choose what you disclose."), field="kind")
    if not statement_accepted:
        raise DomainError(
            _("Tick the statement: you answer for the truth of what you publish."), field="statement"
        )
    title = _text(title, "title", _("Write the title."), 200)
    text = _text(text, "text", _("Write the text."), 20000)
    now = clock.now()
    item, _created = DisclosureItem.objects.get_or_create(
        facility_id=facility_id, kind=kind, defaults={"created_at": now}
    )
    item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
    last = item.versions.aggregate(n=Max("version"))["n"] or 0
    version = DisclosureVersion(
        item=item,
        version=last + 1,
        title=title,
        text=text,
        statement=statement_text(),
        statement_at=now,
        published_at=now,
        published_by=_author(actor),
    )
    if content:
        version.content_type = _checked_file(file_name, content)
        version.original_name = (file_name or "file")[:255]
        version.sha256 = evidence.store(version.file, content, suffix=evidence.suffix_for(content, file_name))
    version.save()
    audit_record(
        actor=actor,
        action="disclosure.item.publish",
        obj=version,
        after={
            "facility": facility_id,
            "kind": kind,
            "version": version.version,
            "title": title,
            "sha256": version.sha256,
            "statement_at": now,
        },
    )
    return version


@transaction.atomic
def disclosure_take_down(*, actor: Actor, version_id: int, reason: str) -> DisclosureVersion:
    """An officer takes a published version off the public pages; the history keeps the fact, not the content."""
    _require_bureau(actor)
    version = DisclosureVersion.objects.select_for_update().get(pk=version_id)
    if version.taken_down_at is not None:
        raise DomainError(_("This version has been taken down already."))
    version.takedown_reason = _text(reason, "reason", _("Say why."), 2000)
    version.taken_down_at = clock.now()
    version.taken_down_by = accounts.user_of(actor)
    version.save(update_fields=["takedown_reason", "taken_down_at", "taken_down_by"])
    audit_record(
        actor=actor,
        action="disclosure.item.take_down",
        obj=version,
        after={"item": version.item_id, "version": version.version},
        extra={"note": version.takedown_reason},
    )
    return version


# ---------------------------------------------------------------------------------------------- open days


@transaction.atomic
def open_day_announce(
    *,
    actor: Actor,
    facility_id: int,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    capacity: int,
    directions: str = "",
) -> OpenDay:
    _require_own_facility(actor, facility_id)
    if starts_at <= clock.now():
        raise DomainError(_("The open day must start in the future."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            _("The capacity must be between 1 and %(n)d.") % {"n": MAX_CAPACITY}, field="capacity"
        )
    day = OpenDay.objects.create(
        facility_id=facility_id,
        title=_text(title, "title", _("Write the title."), 200),
        starts_at=starts_at,
        ends_at=ends_at,
        place=_text(place, "place", _("Say where."), 200),
        directions=(directions or "").strip()[:2000],
        capacity=capacity,
        created_by=_author(actor),
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="disclosure.open_day.announce",
        obj=day,
        after={"facility": facility_id, "title": day.title, "starts_at": starts_at, "capacity": capacity},
    )
    return day


def _may_manage_open_day(actor: Actor, day: OpenDay) -> bool:
    scope = scope_of(actor)
    if scope.has(*BUREAU_ROLES):
        return True
    return (
        scope.has(Role.ENTERPRISE) and registry.facilities_visible(scope).filter(pk=day.facility_id).exists()
    )


@transaction.atomic
def open_day_cancel(*, actor: Actor, open_day_id: int, reason: str) -> OpenDay:
    """The enterprise (or an officer) cancels: every booking becomes cancelled, which the bookers see on their
    booking's page, and each booker is sent an SMS through the deployment's gateway once the cancellation is
    stored (``core.notify.sms_sender``; none is sent where no gateway is configured)."""
    day = OpenDay.objects.select_for_update().get(pk=open_day_id)
    if not _may_manage_open_day(actor, day):
        raise DomainError(_("This open day is not yours."), code="forbidden")
    if day.status == OpenDayStatus.CANCELLED:
        raise DomainError(_("This open day has been cancelled already."))
    day.status = OpenDayStatus.CANCELLED
    day.cancel_reason = _text(reason, "reason", _("Say why."), 2000)
    day.save(update_fields=["status", "cancel_reason"])
    booked = day.bookings.filter(status=BookingStatus.BOOKED)
    phones = sorted({b.phone for b in booked if b.phone})
    told = booked.update(status=BookingStatus.CANCELLED)
    if phones:
        text = _("%(facility)s has cancelled its open day “%(title)s” of %(when)s: %(reason)s") % {
            "facility": day.facility.name,
            "title": day.title,
            "when": f"{timezone.localtime(day.starts_at):%Y-%m-%d %H:%M}",
            "reason": day.cancel_reason[:100],
        }
        transaction.on_commit(lambda: _sms(phones, text))
    audit_record(
        actor=actor,
        action="disclosure.open_day.cancel",
        obj=day,
        before={"status": OpenDayStatus.ANNOUNCED},
        after={"status": OpenDayStatus.CANCELLED, "bookings_cancelled": told},
        extra={"note": day.cancel_reason},
    )
    return day


def _sms(phones: list[str], text: str) -> None:
    sender = sms_sender()
    for phone in phones:
        sender.send(phone, text)


def _phone(value: str) -> str:
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        raise DomainError(_("Enter a phone number."), field="phone")
    return digits


@transaction.atomic
def booking_make(*, open_day_id: int, name: str, phone: str, party_size: int) -> Booking:
    """A member of the public books seats. The seats are taken by one conditional UPDATE (``booked + n <=
    capacity``): of two bookings for the last seat, exactly one succeeds, whatever the database."""
    name = _text(name, "name", _("Enter your name."), 50)
    phone = _phone(phone)
    if not 1 <= party_size <= MAX_PARTY:
        raise DomainError(_("A booking is for 1 to %(n)d people.") % {"n": MAX_PARTY}, field="party_size")
    now = clock.now()
    taken = OpenDay.objects.filter(
        pk=open_day_id,
        status=OpenDayStatus.ANNOUNCED,
        starts_at__gt=now,
        booked__lte=F("capacity") - party_size,
    ).update(booked=F("booked") + party_size)
    if not taken:
        day = OpenDay.objects.get(pk=open_day_id)
        if day.status != OpenDayStatus.ANNOUNCED:
            raise DomainError(_("This open day has been cancelled."))
        if day.starts_at <= now:
            raise DomainError(_("Booking has closed: the open day has begun."))
        raise DomainError(
            _("Not enough places left: %(n)d.") % {"n": max(day.capacity - day.booked, 0)}, field="party_size"
        )
    booking = Booking.objects.create(
        open_day_id=open_day_id,
        number=next_reference("booking", clock.today().year),
        check_code=check_code(),
        name=name,
        phone=phone,
        party_size=party_size,
        created_at=now,
    )
    # No name or phone in the audit log: the booking row holds them, visible to the enterprise and officers.
    audit_record(
        actor=None,
        action="disclosure.booking.make",
        obj=booking,
        after={"open_day": open_day_id, "number": booking.number, "party_size": party_size},
    )
    return booking


# ------------------------------------------------------------------------------------------ error reports


def responsible_officers(facility_id: int | None) -> Any:
    """Who is told of a report: the facility's town officers, else (no facility, or a town without one) the
    bureau's officers."""
    if facility_id is not None:
        town_id = registry.facilities_all().filter(pk=facility_id).values_list("town_id", flat=True).first()
        if town_id is not None:
            officers = list(accounts.town_officers(town_id))
            if officers:
                return officers
    return list(accounts.bureau_officers())


@transaction.atomic
def error_report_submit(
    *,
    record_kind: str,
    record_ref: str,
    what_is_wrong: str,
    facility_id: int | None = None,
    contact: str = "",
) -> ErrorReport:
    """Anyone reports an error in a public record; the receipt (number and check code) is the key to its status."""
    if record_kind not in RecordKind.values:
        raise DomainError(_("Choose the record."), field="record_kind")
    if facility_id is not None and not registry.facilities_all().filter(pk=facility_id).exists():
        facility_id = None
    report = ErrorReport.objects.create(
        number=next_reference("error_report", clock.today().year),
        check_code=check_code(),
        record_kind=record_kind,
        record_ref=(record_ref or "").strip()[:100],
        facility_id=facility_id,
        what_is_wrong=_text(what_is_wrong, "what_is_wrong", _("Say what is wrong."), 5000),
        contact=(contact or "").strip()[:100],
        received_at=clock.now(),
    )
    ErrorReportEvent.record(report, None, "received")
    audit_record(
        actor=None,
        action="disclosure.error_report.submit",
        obj=report,
        after={"number": report.number, "record_kind": record_kind, "record_ref": report.record_ref},
    )
    notify(
        responsible_officers(facility_id),
        _("Data-error report %(n)s received: %(what)s")
        % {"n": report.number, "what": report.what_is_wrong[:80]},
        reverse("disclosure:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def error_report_respond(*, actor: Actor, report_id: int, target: str, answer: str) -> ErrorReport:
    """The officer answers: answered, corrected, or not accepted, always with the answer the reporter reads."""
    scope = scope_of(actor)
    report = ErrorReport.objects.select_for_update().get(pk=report_id)
    if not scope.has(*BUREAU_ROLES) and not (
        scope.has(Role.TOWN_OFFICER)
        and report.facility_id is not None
        and registry.facilities_visible(scope).filter(pk=report.facility_id).exists()
    ):
        raise DomainError(_("This report is not yours to answer."), code="forbidden")
    answer = (answer or "").strip()

    def on_enter(obj: ErrorReport, status: str) -> list[str]:
        obj.answer = answer
        obj.answered_at = clock.now()
        obj.answered_by = accounts.user_of(actor)
        return ["answer", "answered_at", "answered_by"]

    if target not in {ErrorReportStatus.ANSWERED, ErrorReportStatus.CORRECTED, ErrorReportStatus.REJECTED}:
        raise DomainError(_("Choose the outcome."), field="outcome")
    ERROR_REPORT_WORKFLOW.move(
        report,
        target,
        actor=actor,
        event=lambda *a, **kw: ErrorReportEvent.record(report, *a, **kw),
        action="disclosure.error_report.",
        note=answer,
        on_enter=on_enter,
    )
    return report
