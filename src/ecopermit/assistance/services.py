"""Writes of the service measures (S1–S7). Each is atomic and leaves an audit event (core/audit/actions.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.accounts.scope import scope_of
from ecopermit.assistance import guides, rules
from ecopermit.assistance.models import (
    Agency,
    AgencyNotice,
    AgencyQualityCheck,
    AgencySuspension,
    BookingEvent,
    BookingStatus,
    BuildingEvent,
    BuildingStatus,
    ConsultationBooking,
    ConsultationSlot,
    GuideAssignment,
    GuideVisit,
    ItemState,
    JointMonitoringCommission,
    SelfCheck,
    SelfCheckItem,
    SharedMonitoringReport,
    StewardContract,
    StewardServiceRecord,
    TemporaryBuildingRequest,
)
from ecopermit.assistance.states import BOOKING, BUILDING, Who
from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Kind, Source
from ecopermit.core import clock, evidence, hooks, numbering, workdays
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Department
from ecopermit.core.types import Actor
from ecopermit.registry import facade as registry

MAX_FILE_BYTES = 20 * 1024 * 1024
DRAWING_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
#: Where a temporary-building request goes (plan 二(二)4: 区自然资源和规划分局): the department's code in the
#: district file, by the facility's town; any other town goes to ``DEFAULT_NATURAL_RESOURCES``.
NATURAL_RESOURCES_BY_TOWN = {"金塘镇": "zrzy_jt"}
DEFAULT_NATURAL_RESOURCES = "zrzy"
#: The sessions of a consultation day: (starts, ends, places). The platform's choice, one morning session.
SESSIONS = ((dt.time(9, 0), dt.time(11, 30), 4), (dt.time(14, 0), dt.time(16, 30), 4))
CONSULTATION_PLACE = "区生态环境分局一楼服务窗口"


def working_day(day: dt.date, calendar: workdays.Calendar | None = None) -> bool:
    """The State Council calendar's answer; beyond the years it covers, any Monday–Friday (a holiday there is not
    known yet: add that year's arrangement to the calendar data, core/workdays.py)."""
    calendar = calendar or workdays.default_calendar()
    return calendar.is_working_day(day) if calendar.covers(day) else day.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """``n`` working days after ``start`` by :func:`working_day` (day 0 is ``start``)."""
    day, left, calendar = start, n, workdays.default_calendar()
    while left > 0:
        day += dt.timedelta(days=1)
        if working_day(day, calendar):
            left -= 1
    return day


def _own_facility(actor: Actor, facility_id: int) -> None:
    """The actor may act for the facility (an enterprise: its own; the bureau: any)."""
    if not registry.facilities_visible(scope_of(actor)).filter(pk=facility_id).exists():
        raise DomainError(_("You cannot act for this facility."), field="facility", code="forbidden")


def _officer(actor: Actor) -> None:
    if not scope_of(actor).has(*BUREAU_ROLES):
        raise DomainError(_("Only a bureau officer may do this."), code="forbidden")


def _file(content: bytes, name: str, accepted: frozenset[str]) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(_("The file is larger than 20 MB."), field="file")
    if evidence.sniff(content[:16]) not in accepted:
        raise DomainError(_("Only PDF, PNG or JPEG files are accepted."), field="file")
    return evidence.suffix_for(content, name)


# S1 -------------------------------------------------------------------------------------------------------------
@transaction.atomic
def slots_generate(*, actor: Actor, weeks: int = 8, start: dt.date | None = None) -> list[ConsultationSlot]:
    """The sessions of the Wednesdays of the next ``weeks`` weeks that do not exist yet (holidays skipped)."""
    start = start or clock.today()
    created = []
    for day in rules.consultation_days(start, weeks, working_day):
        for starts, ends, places in SESSIONS:
            slot, made = ConsultationSlot.objects.get_or_create(
                on=day,
                starts_at=starts,
                defaults={
                    "ends_at": ends,
                    "capacity": places,
                    "place": CONSULTATION_PLACE,
                    "created_at": clock.now(),
                },
            )
            if made:
                created.append(slot)
    if created:
        audit_record(
            actor=actor,
            action="assistance.slot.generate",
            after={"slots": [str(s) for s in created]},
        )
    return created


@transaction.atomic
def booking_create(
    *, actor: Actor, slot: ConsultationSlot, facility_id: int, topic: str, question: str
) -> ConsultationBooking:
    _own_facility(actor, facility_id)
    slot = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.on < clock.today():
        raise DomainError(_("This session is over."), field="slot")
    taken = slot.bookings.exclude(status=BookingStatus.CANCELLED).count()
    if taken >= slot.capacity:
        raise DomainError(_("This session is full; choose another one."), field="slot")
    if not question.strip():
        raise DomainError(_("Write your question."), field="question")
    booker = accounts.user_of(actor)
    assert booker is not None
    booking = ConsultationBooking.objects.create(
        number=numbering.next_reference("consultation", slot.on.year),
        slot=slot,
        facility_id=facility_id,
        booked_by=booker,
        booked_at=clock.now(),
        topic=topic.strip()[:100],
        question=question.strip(),
    )
    BookingEvent.record(booking, actor, "booked", to_status=booking.status)
    audit_record(actor=actor, action="assistance.booking.create", obj=booking, after={"slot": str(slot)})
    return booking


def _locked_booking(booking: ConsultationBooking) -> ConsultationBooking:
    return ConsultationBooking.objects.select_for_update().get(pk=booking.pk)


@transaction.atomic
def booking_answer(
    *, actor: Actor, booking: ConsultationBooking, answer: str, record: str = ""
) -> ConsultationBooking:
    _officer(actor)
    booking = _locked_booking(booking)
    if not answer.strip():
        raise DomainError(_("Write the answer."), field="answer")

    def enter(obj: ConsultationBooking, target: str) -> list[str]:
        obj.answer, obj.record = answer.strip(), record.strip()
        obj.answered_by, obj.answered_at = accounts.user_of(actor), clock.now()
        return ["answer", "record", "answered_by", "answered_at"]

    BOOKING.move(
        booking,
        BookingStatus.ANSWERED,
        actor=actor,
        event=lambda *a, **k: BookingEvent.record(booking, *a, **k),
        action="assistance.booking.",
        who=Who.OFFICER,
        on_enter=enter,
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: Actor, booking: ConsultationBooking, note: str = "") -> ConsultationBooking:
    scope = scope_of(actor)
    who = Who.OFFICER if scope.has(*BUREAU_ROLES) else Who.ENTERPRISE
    if who == Who.ENTERPRISE:
        _own_facility(actor, booking.facility_id)
    booking = _locked_booking(booking)
    BOOKING.move(
        booking,
        BookingStatus.CANCELLED,
        actor=actor,
        event=lambda *a, **k: BookingEvent.record(booking, *a, **k),
        action="assistance.booking.",
        who=who,
        note=note,
    )
    return booking


@transaction.atomic
def booking_publish_faq(
    *, actor: Actor, booking: ConsultationBooking, question: str = "", answer: str = ""
) -> ConsultationBooking:
    """Publishes an answered question as a public FAQ: the texts given (or the booking's own), anonymised."""
    _officer(actor)
    booking = _locked_booking(booking)
    if booking.status != BookingStatus.ANSWERED:
        raise DomainError(_("Only an answered question can be published."))
    ref = registry.facility_ref(booking.facility_id)
    names = [ref.name, ref.credit_code]
    booking.faq_question = rules.anonymise((question or booking.question).strip(), names)
    booking.faq_answer = rules.anonymise((answer or booking.answer).strip(), names)
    booking.faq_published_at = clock.now()
    booking.save(update_fields=["faq_question", "faq_answer", "faq_published_at"])
    BookingEvent.record(booking, actor, "faq.published")
    audit_record(actor=actor, action="assistance.booking.publish", obj=booking)
    return booking


@transaction.atomic
def booking_unpublish_faq(*, actor: Actor, booking: ConsultationBooking) -> ConsultationBooking:
    _officer(actor)
    booking = _locked_booking(booking)
    booking.faq_published_at = None
    booking.save(update_fields=["faq_published_at"])
    BookingEvent.record(booking, actor, "faq.withdrawn")
    audit_record(actor=actor, action="assistance.booking.unpublish", obj=booking)
    return booking


# S2 -------------------------------------------------------------------------------------------------------------
@transaction.atomic
def guide_assign(*, actor: Actor, facility_id: int, guide: Any) -> GuideAssignment:
    _officer(actor)
    guide_scope = scope_of(guide)
    if not guide_scope.has(Role.BUREAU_OFFICER, Role.TOWN_OFFICER):
        raise DomainError(_("A guide is a bureau or town officer."), field="guide")
    if not registry.facilities_visible(guide_scope).filter(pk=facility_id).exists():
        raise DomainError(_("This officer does not cover the facility's town."), field="guide")
    before = GuideAssignment.objects.filter(facility_id=facility_id).first()
    assignment, _created = GuideAssignment.objects.update_or_create(
        facility_id=facility_id,
        defaults={"guide": guide, "assigned_by": accounts.user_of(actor), "assigned_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="assistance.guide.assign",
        obj=assignment,
        before={"guide": before.guide.username} if before else None,
        after={"guide": guide.username, "facility": facility_id},
    )
    return assignment


@transaction.atomic
def visit_record(
    *, actor: Actor, facility_id: int, visited_on: dt.date, kind: str, guidance: str, reminders: str = ""
) -> GuideVisit:
    guide = accounts.user_of(actor)
    assert guide is not None
    assignment = GuideAssignment.objects.filter(facility_id=facility_id).first()
    if not scope_of(actor).has(*BUREAU_ROLES) and (assignment is None or assignment.guide_id != guide.pk):
        raise DomainError(_("Only the facility's guide records its visits."), code="forbidden")
    if visited_on > clock.today():
        raise DomainError(_("The date is in the future."), field="visited_on")
    if not guidance.strip():
        raise DomainError(_("Say what guidance was given."), field="guidance")
    visit = GuideVisit.objects.create(
        facility_id=facility_id,
        guide=guide,
        visited_on=visited_on,
        kind=kind,
        guidance=guidance.strip(),
        reminders=reminders.strip(),
        recorded_at=clock.now(),
    )
    audit_record(actor=actor, action="assistance.visit.record", obj=visit, after={"facility": facility_id})
    return visit


# S3 / S7: agencies ----------------------------------------------------------------------------------------------
@transaction.atomic
def agency_register(
    *, actor: Actor, name: str, credit_code: str, services: list[str], contact: str = "", phone: str = ""
) -> Agency:
    _officer(actor)
    code = credit_code.strip().upper()
    if Agency.objects.filter(credit_code=code).exists():
        raise DomainError(_("An agency with this credit code is registered already."), field="credit_code")
    agency = Agency.objects.create(
        name=name.strip(),
        credit_code=code,
        services=",".join(services),
        contact=contact.strip(),
        phone=phone.strip(),
        registered_at=clock.now(),
    )
    audit_record(actor=actor, action="assistance.agency.register", obj=agency, after={"name": agency.name})
    return agency


@transaction.atomic
def agency_member_add(*, actor: Actor, agency: Agency, username: str) -> Agency:
    """Binds an agency account (accounts role ``agency``) to the agency: its uploads answer for the agency."""
    _officer(actor)
    user = accounts.account_by_username(username.strip())
    if user is None or not scope_of(user).has(Role.AGENCY):
        raise DomainError(_("No active agency account has this username."), field="username")
    agency.members.add(user)
    audit_record(
        actor=actor, action="assistance.agency.member_add", obj=agency, after={"user": user.username}
    )
    return agency


@transaction.atomic
def quality_check_record(
    *, actor: Actor, agency: Agency, checked_on: dt.date, subject: str, score: int, findings: str = ""
) -> AgencyQualityCheck:
    _officer(actor)
    if not 0 <= score <= 100:
        raise DomainError(_("A score is between 0 and 100."), field="score")
    if checked_on > clock.today():
        raise DomainError(_("The date is in the future."), field="checked_on")
    check = AgencyQualityCheck.objects.create(
        agency=agency,
        checked_on=checked_on,
        subject=subject.strip(),
        score=score,
        findings=findings.strip(),
        checked_by=accounts.user_of(actor),
        recorded_at=clock.now(),
    )
    audit_record(
        actor=actor, action="assistance.check.record", obj=check, after={"agency": agency.pk, "score": score}
    )
    return check


@transaction.atomic
def notice_publish(
    *, actor: Actor, agency: Agency, title: str, body: str, check: AgencyQualityCheck | None = None
) -> AgencyNotice:
    """A public notice of poor work (通报), from a check that scored poorly or on its own."""
    _officer(actor)
    if check is not None and (check.agency_id != agency.pk or not rules.is_poor(check.score)):
        raise DomainError(_("Only a poor check of this agency can be noticed."), field="check")
    if not title.strip() or not body.strip():
        raise DomainError(_("Give the title and the text."), field="body")
    notice = AgencyNotice.objects.create(
        agency=agency,
        quality_check=check,
        title=title.strip(),
        body=body.strip(),
        published_on=clock.today(),
        published_by=accounts.user_of(actor),
    )
    audit_record(actor=actor, action="assistance.notice.publish", obj=notice, after={"agency": agency.pk})
    return notice


@transaction.atomic
def suspension_decide(
    *, actor: Actor, agency: Agency, starts_on: dt.date, ends_on: dt.date, reason: str
) -> AgencySuspension:
    """区域停业整改 (plan 四(四): 严重失实失信的，予以区域停业整改)."""
    _officer(actor)
    if ends_on < starts_on:
        raise DomainError(_("The end is before the start."), field="ends_on")
    if not reason.strip():
        raise DomainError(_("Say why."), field="reason")
    suspension = AgencySuspension.objects.create(
        agency=agency,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        decided_by=accounts.user_of(actor),
        decided_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="assistance.suspension.decide",
        obj=suspension,
        after={"agency": agency.pk, "from": starts_on, "to": ends_on},
    )
    return suspension


@transaction.atomic
def suspension_lift(*, actor: Actor, suspension: AgencySuspension, note: str) -> AgencySuspension:
    _officer(actor)
    if not note.strip():
        raise DomainError(_("Say why."), field="note")
    suspension = AgencySuspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_on is not None:
        raise DomainError(_("This suspension was lifted already."))
    suspension.lifted_on = clock.today()
    suspension.save(update_fields=["lifted_on"])
    audit_record(actor=actor, action="assistance.suspension.lift", obj=suspension, extra={"note": note})
    return suspension


def suspended_agencies_of(user_id: int, day: dt.date) -> list[AgencySuspension]:
    """The running suspensions of the agencies the account acts for."""
    rows = AgencySuspension.objects.filter(agency__members__pk=user_id, starts_on__lte=day).select_related(
        "agency"
    )
    return [s for s in rows if rules.suspended_on(day, s.starts_on, s.ends_on, s.lifted_on)]


# S3 steward -----------------------------------------------------------------------------------------------------
@transaction.atomic
def contract_record(
    *,
    actor: Actor,
    agency: Agency,
    number: str,
    client: str,
    coverage: str,
    coverage_note: str,
    starts_on: dt.date,
    ends_on: dt.date,
    facility_ids: list[int],
    park: Any = None,
) -> StewardContract:
    _officer(actor)
    if ends_on < starts_on:
        raise DomainError(_("The end is before the start."), field="ends_on")
    if client == "park" and park is None:
        raise DomainError(_("Choose the park."), field="park")
    contract = StewardContract.objects.create(
        agency=agency,
        number=number.strip(),
        client=client,
        park=park if client == "park" else None,
        coverage=coverage,
        coverage_note=coverage_note.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=accounts.user_of(actor),
        recorded_at=clock.now(),
    )
    contract.facilities.set(facility_ids)
    audit_record(
        actor=actor,
        action="assistance.contract.record",
        obj=contract,
        after={"agency": agency.pk, "facilities": sorted(facility_ids)},
    )
    return contract


@transaction.atomic
def service_record(
    *, actor: Actor, contract: StewardContract, facility_id: int, kind: str, done_on: dt.date, summary: str
) -> StewardServiceRecord:
    """The agency (one of its accounts) or the bureau records a service under the contract."""
    scope = scope_of(actor)
    is_member = contract.agency.members.filter(pk=scope.user_id).exists()
    if not (scope.has(*BUREAU_ROLES) or is_member):
        raise DomainError(_("Only the agency or the bureau records its services."), code="forbidden")
    hooks.refuse_upload(actor)
    if not contract.facilities.filter(pk=facility_id).exists():
        raise DomainError(_("The contract does not cover this facility."), field="facility")
    if not contract.starts_on <= done_on <= contract.ends_on:
        raise DomainError(_("The date is outside the contract."), field="done_on")
    if done_on > clock.today():
        raise DomainError(_("The date is in the future."), field="done_on")
    record = StewardServiceRecord.objects.create(
        contract=contract,
        facility_id=facility_id,
        kind=kind,
        done_on=done_on,
        summary=summary.strip(),
        recorded_by=accounts.user_of(actor),
        recorded_at=clock.now(),
    )
    audit_record(actor=actor, action="assistance.service.record", obj=record, after={"facility": facility_id})
    return record


# S4 -------------------------------------------------------------------------------------------------------------
@transaction.atomic
def shared_report_upload(
    *,
    actor: Actor,
    title: str,
    area: str,
    monitored_from: dt.date,
    monitored_to: dt.date,
    content: bytes,
    file_name: str,
    town: Any = None,
    agency: Agency | None = None,
) -> SharedMonitoringReport:
    _officer(actor)
    if monitored_to < monitored_from:
        raise DomainError(_("The end is before the start."), field="monitored_to")
    suffix = _file(content, file_name, frozenset({"application/pdf"}))
    report = SharedMonitoringReport(
        title=title.strip(),
        area=area.strip(),
        town=town,
        agency=agency,
        monitored_from=monitored_from,
        monitored_to=monitored_to,
        original_name=file_name[:255],
        uploaded_by=accounts.user_of(actor),
        uploaded_at=clock.now(),
    )
    report.sha256 = evidence.store(report.file, content, suffix=suffix)
    report.save()
    audit_record(
        actor=actor, action="assistance.shared_report.upload", obj=report, after={"sha256": report.sha256}
    )
    return report


@transaction.atomic
def shared_report_cite(*, actor: Actor, report: SharedMonitoringReport, facility_id: int) -> None:
    """A facility's as-built EIA cites the shared report (the enterprise for itself, or the bureau)."""
    _own_facility(actor, facility_id)
    report.cited_by.add(facility_id)
    audit_record(
        actor=actor, action="assistance.shared_report.cite", obj=report, after={"facility": facility_id}
    )


@transaction.atomic
def joint_commission_record(
    *,
    actor: Actor,
    title: str,
    agency: Agency,
    contract_number: str,
    signed_on: dt.date,
    facility_ids: list[int],
) -> JointMonitoringCommission:
    _officer(actor)
    if len(set(facility_ids)) < 2:
        raise DomainError(_("A joint commission has at least two enterprises."), field="members")
    commission = JointMonitoringCommission.objects.create(
        title=title.strip(),
        agency=agency,
        contract_number=contract_number.strip(),
        signed_on=signed_on,
        recorded_by=accounts.user_of(actor),
        recorded_at=clock.now(),
    )
    commission.members.set(facility_ids)
    audit_record(
        actor=actor, action="assistance.joint.record", obj=commission, after={"members": sorted(facility_ids)}
    )
    return commission


# S5 -------------------------------------------------------------------------------------------------------------
def natural_resources_department(facility_id: int) -> Department:
    ref = registry.facility_ref(facility_id)
    code = NATURAL_RESOURCES_BY_TOWN.get(ref.town, DEFAULT_NATURAL_RESOURCES)
    dept = (
        Department.objects.filter(code=code).first()
        or Department.objects.filter(code=DEFAULT_NATURAL_RESOURCES).first()
    )
    if dept is None:
        raise DomainError(_("The district has no natural-resources department on record."))
    return dept


@transaction.atomic
def building_submit(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    purpose: str,
    floor_area: Decimal,
    years: int,
    drawing: bytes,
    drawing_name: str,
) -> TemporaryBuildingRequest:
    _own_facility(actor, facility_id)
    hooks.refuse_upload(actor)
    if floor_area <= 0:
        raise DomainError(_("Give the floor area."), field="floor_area")
    if not 1 <= years <= 2:
        # 城乡规划法 Art. 44: temporary buildings stand for at most two years (浙江省城乡规划条例 Art. 41 likewise).
        raise DomainError(_("A temporary building is approved for one or two years."), field="years")
    suffix = _file(drawing, drawing_name, DRAWING_TYPES)
    today = clock.today()
    requester = accounts.user_of(actor)
    assert requester is not None
    request = TemporaryBuildingRequest(
        number=numbering.next_reference("temporary_building", today.year),
        facility_id=facility_id,
        kind=kind,
        purpose=purpose.strip(),
        floor_area=floor_area,
        years=years,
        drawing_name=drawing_name[:255],
        department=natural_resources_department(facility_id),
        requested_by=requester,
        submitted_on=today,
        decide_by=rules.decision_deadline(today, add_working_days),
    )
    request.drawing_sha256 = evidence.store(request.drawing, drawing, suffix=suffix)
    request.save()
    BuildingEvent.record(request, actor, "submitted", to_status=request.status)
    audit_record(
        actor=actor, action="assistance.building.submit", obj=request, after={"decide_by": request.decide_by}
    )
    return request


@transaction.atomic
def building_decide(
    *, actor: Actor, request: TemporaryBuildingRequest, approve: bool, note: str, conditions: str = ""
) -> TemporaryBuildingRequest:
    """The natural-resources department's officer approves (with conditions) or refuses (saying why)."""
    if request.department_id not in scope_of(actor).department_ids:
        raise DomainError(_("Only the department's officer decides this request."), code="forbidden")
    request = TemporaryBuildingRequest.objects.select_for_update().get(pk=request.pk)
    today = clock.today()

    def enter(obj: TemporaryBuildingRequest, target: str) -> list[str]:
        obj.decision_note, obj.conditions = note.strip(), conditions.strip()
        obj.decided_by, obj.decided_on = accounts.user_of(actor), today
        fields = ["decision_note", "conditions", "decided_by", "decided_on"]
        if target == BuildingStatus.APPROVED:
            obj.valid_until = today.replace(year=today.year + obj.years) - dt.timedelta(days=1)
            fields.append("valid_until")
        return fields

    BUILDING.move(
        request,
        BuildingStatus.APPROVED if approve else BuildingStatus.REFUSED,
        actor=actor,
        event=lambda *a, **k: BuildingEvent.record(request, *a, **k),
        action="assistance.building.",
        who=Who.DEPARTMENT,
        note=note,
        on_enter=enter,
        data={"conditions": conditions.strip()},
    )
    return request


@transaction.atomic
def building_withdraw(
    *, actor: Actor, request: TemporaryBuildingRequest, note: str = ""
) -> TemporaryBuildingRequest:
    _own_facility(actor, request.facility_id)
    request = TemporaryBuildingRequest.objects.select_for_update().get(pk=request.pk)
    BUILDING.move(
        request,
        BuildingStatus.WITHDRAWN,
        actor=actor,
        event=lambda *a, **k: BuildingEvent.record(request, *a, **k),
        action="assistance.building.",
        who=Who.ENTERPRISE,
        note=note,
    )
    return request


# S6 -------------------------------------------------------------------------------------------------------------
@transaction.atomic
def selfcheck_start(*, actor: Actor, facility_id: int, guide_code: str) -> SelfCheck:
    _own_facility(actor, facility_id)
    guide = guides.guide(guide_code)
    if guide is None:
        raise DomainError(_("No such industry guide."), field="guide")
    starter = accounts.user_of(actor)
    assert starter is not None
    check = SelfCheck.objects.create(
        facility_id=facility_id, guide_code=guide.code, started_by=starter, started_at=clock.now()
    )
    SelfCheckItem.objects.bulk_create([SelfCheckItem(self_check=check, code=i.code) for i in guide.items])
    audit_record(actor=actor, action="assistance.selfcheck.start", obj=check, after={"guide": guide.code})
    return check


@transaction.atomic
def selfcheck_mark(*, actor: Actor, check: SelfCheck, marks: dict[str, tuple[str, str]]) -> SelfCheck:
    """``marks``: item code → (state, note). An item already turned into a problem keeps its state."""
    _own_facility(actor, check.facility_id)
    changed = {}
    for item in check.items.all():
        if item.code not in marks or item.problem_id:
            continue
        state, note = marks[item.code]
        if state not in ItemState.values:
            raise DomainError(_("Unknown state."), field=item.code)
        if (item.state, item.note) != (state, note.strip()):
            item.state, item.note = state, note.strip()
            item.save(update_fields=["state", "note"])
            changed[item.code] = state
    if changed:
        audit_record(actor=actor, action="assistance.selfcheck.mark", obj=check, after=changed)
    return check


@transaction.atomic
def selfcheck_to_plan(*, actor: Actor, check: SelfCheck) -> list[int]:
    """Turns the self-check's open items into problems on the facility's rectification case (its 整治提升方案's
    problems), one per item, through the cases facade; raising twice returns the same problems."""
    _own_facility(actor, check.facility_id)
    guide = guides.guide(check.guide_code)
    assert guide is not None
    made = []
    for item in check.items.filter(state=ItemState.OPEN, problem_id__isnull=True):
        line = guide.item(item.code)
        text = f"【{guide.name}自查】{line.text if line else item.code}"
        if item.note:
            text += f"：{item.note}"
        problem_id = cases.problem_raise(
            actor=actor,
            facility_id=check.facility_id,
            kind=Kind.OTHER_VIOLATION,
            description=text,
            source=Source.MANUAL,
            source_ref=f"selfcheck:{check.pk}:{item.code}",
            required_action=line.text if line else "",
        )
        item.problem_id = problem_id
        item.save(update_fields=["problem_id"])
        made.append(problem_id)
    if not made:
        raise DomainError(_("No open item is left to add to the plan."))
    audit_record(actor=actor, action="assistance.selfcheck.to_plan", obj=check, after={"problems": made})
    return made
