"""Writes of online monitoring: alarms (M2, P7), declarations, power meters and their imports (E4).

Each write is atomic and leaves an audit event; alarms reach people and the rectification workflow through
``core.notify`` and the cases facade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.facade import user_of
from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Kind as ProblemKind
from ecopermit.cases.vocab import Source
from ecopermit.core import clock, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor
from ecopermit.monitoring.models_alarms import (
    AbnormalReason,
    Alarm,
    AlarmEvent,
    AlarmKind,
    AlarmStatistic,
    AlarmStatus,
    Basis,
    Declaration,
    PenaltyProposal,
    PowerMeter,
)
from ecopermit.monitoring.states import WORKFLOW as ALARM_WORKFLOW
from ecopermit.registry import facade as registry

if TYPE_CHECKING:
    from ecopermit.monitoring.electricity import PowerPoint

PROBLEM_KIND = {
    AlarmKind.EXCEEDANCE: ProblemKind.OVER_STANDARD,
    AlarmKind.MISSING_DATA: ProblemKind.MONITORING_DATA_MISSING,
    AlarmKind.ABNORMAL_DATA: ProblemKind.MONITORING_DATA_ABNORMAL,
    AlarmKind.ELECTRICITY: ProblemKind.TREATMENT_NOT_RUNNING,
}
STEP = {AlarmStatistic.HOURLY: dt.timedelta(hours=1), AlarmStatistic.DAILY: dt.timedelta(days=1)}
# P7: an exceedance during rectification is proposed for a penalty case under 《排污许可管理条例》 Art. 34(1):
# 超过许可排放浓度、许可排放量排放污染物 (regulations-notes: Art. 34 (1) exceeding 许可排放浓度/排放量).
PROPOSAL_ARTICLE, PROPOSAL_ITEM = 34, 1


def _local(moment: dt.datetime) -> str:
    from ecopermit.monitoring.judge import SHANGHAI

    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _basis_text(alarm: Alarm) -> str:
    if alarm.basis == Basis.CONVERTED:
        text = _("converted to %(o2)s%% O2") % {"o2": _num(alarm.reference_o2)}
        if alarm.measured_value is not None:
            text += _(", measured %(measured)s") % {"measured": _num(alarm.measured_value)}
        return text
    return _("measured")


def alarm_text(alarm: Alarm, pollutant_name: str = "") -> str:
    """The alarm in one sentence (notification, problem description)."""
    facility = alarm.facility.name
    outlet = alarm.outlet  # None without a query when the alarm has no outlet
    where = f"{outlet.code} {outlet.name}" if outlet is not None else ""
    name = pollutant_name or alarm.pollutant
    if alarm.kind == AlarmKind.EXCEEDANCE:
        template = _(
            "%(facility)s %(outlet)s: %(statistic)s of %(pollutant)s from %(start)s was %(value)s %(unit)s "
            "(%(basis)s), beyond the limit %(limit)s by %(percent)s%%."
        )
        text = template % {
            "facility": facility,
            "outlet": where,
            "statistic": AlarmStatistic(alarm.statistic).label,
            "pollutant": name,
            "start": _local(alarm.period_start),
            "value": _num(alarm.value),
            "unit": alarm.unit,
            "basis": _basis_text(alarm),
            "limit": _num(alarm.limit),
            "percent": _num(alarm.percent),
        }
        if alarm.over_range:
            text += " " + _("The instrument was above its measuring range (T): the true value was higher.")
        if alarm.during_rectification:
            text = _("During the rectification period: %(text)s") % {"text": text}
        return text
    if alarm.kind == AlarmKind.MISSING_DATA:
        return _(
            "%(facility)s %(outlet)s: no hourly data of %(pollutant)s since %(start)s (%(hours)s hours)."
        ) % {
            "facility": facility,
            "outlet": where,
            "pollutant": name,
            "start": _local(alarm.period_start),
            "hours": _num(alarm.value),
        }
    if alarm.kind == AlarmKind.ABNORMAL_DATA:
        reason = AbnormalReason(alarm.reason).label if alarm.reason else ""
        detail = f" ({alarm.detail})" if alarm.detail else ""
        return _(
            "%(facility)s %(outlet)s: abnormal data of %(pollutant)s since %(start)s (%(hours)s hours): "
            "%(reason)s%(detail)s."
        ) % {
            "facility": facility,
            "outlet": where,
            "pollutant": name,
            "start": _local(alarm.period_start),
            "hours": _num(alarm.value),
            "reason": reason,
            "detail": detail,
        }
    return _("%(facility)s: %(meter)s was off while production ran, from %(start)s to %(end)s.") % {
        "facility": facility,
        "meter": alarm.meter.name if alarm.meter is not None else "",
        "start": _local(alarm.period_start),
        "end": _local(alarm.period_end),
    }


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _covering_declaration(alarm: Alarm) -> Declaration | None:
    """An accepted declaration of the facility (whole, or the alarm's outlet) in which the period starts."""
    qs = Declaration.objects.filter(
        facility_id=alarm.facility_id,
        status=Declaration.Status.ACCEPTED,
        starts_at__lte=alarm.period_start,
        ends_at__gt=alarm.period_start,
    )
    outlets = Q(outlet__isnull=True)
    if alarm.outlet_id:
        outlets |= Q(outlet_id=alarm.outlet_id)
    qs = qs.filter(outlets)
    return qs.order_by("starts_at").first()


def _previous_in_episode(alarm: Alarm) -> Alarm | None:
    """The alarm of the period just before, same outlet, pollutant, statistic and basis (an exceedance going
    on), on the same side of the start of a rectification period: an exceedance during rectification is a
    violation of its own (P7) and never joins an episode that began before it."""
    step = STEP.get(AlarmStatistic(alarm.statistic))
    if alarm.kind != AlarmKind.EXCEEDANCE or step is None:
        return None
    return (
        Alarm.objects.filter(
            kind=alarm.kind,
            outlet=alarm.outlet_id,  # the same outlet, or none (IS NULL) for an alarm without one
            pollutant=alarm.pollutant,
            statistic=alarm.statistic,
            basis=alarm.basis,
            during_rectification=alarm.during_rectification,
            period_start=alarm.period_start - step,
        )
        .exclude(status=AlarmStatus.EXPLAINED)
        .first()
    )


def recipients(facility_id: int, town_id: int) -> list[Any]:
    """Who is told of an alarm: the facility's enterprise users, the bureau officers, the town's officers."""
    return [
        *registry.facility_users(facility_id),
        *accounts.bureau_officers(),
        *accounts.town_officers(town_id),
    ]


@transaction.atomic
def alarm_record(
    *,
    kind: str,
    facility_id: int,
    period_start: dt.datetime,
    period_end: dt.datetime,
    statistic: str,
    outlet_id: int | None = None,
    meter_id: int | None = None,
    pollutant: str = "",
    pollutant_name: str = "",
    value: Decimal | None = None,
    limit: Decimal | None = None,
    bound: str = "",
    percent: Decimal | None = None,
    unit: str = "",
    basis: str = "",
    reference_o2: Decimal | None = None,
    measured_value: Decimal | None = None,
    over_range: bool = False,
    reason: str = "",
    detail: str = "",
) -> Alarm | None:
    """Records a finding once per (outlet or meter, pollutant, statistic, period start). A finding already
    recorded is left alone, except that a run of missing data or of treatment off is extended while it
    lasts. Returns the new alarm, or None when there was one already.

    A new alarm inside an accepted declaration is marked explained and goes no further. Otherwise it joins
    the episode of the alarm of the period just before (same problem, nobody told twice) or starts an
    episode: a problem on the facility's rectification case (P7: added to the open case) and a notice to
    the enterprise and the officers. An exceedance while the facility's rectification period runs is marked
    so, starts an episode of its own, and its problem is proposed to the officer for a penalty case under
    Art. 34(1) (a ``PenaltyProposal`` row that enforcement reads; P7, issue 10)."""
    key: dict[str, Any] = {"kind": kind, "period_start": period_start}
    key |= (
        {"meter_id": meter_id}
        if meter_id
        else {"outlet_id": outlet_id, "pollutant": pollutant, "statistic": statistic, "reason": reason}
    )
    existing = Alarm.objects.select_for_update().filter(**key).first()
    now = clock.now()
    if existing is not None:
        if kind != AlarmKind.EXCEEDANCE and period_end > existing.period_end:
            existing.period_end, existing.value, existing.updated_at = period_end, value, now
            existing.detail = detail or existing.detail
            existing.save(update_fields=["period_end", "value", "detail", "updated_at"])
        return None
    running = cases.rectification_running(facility_id) if kind == AlarmKind.EXCEEDANCE else None
    alarm = Alarm(
        number=numbering.next_reference("alarm", clock.today().year),
        kind=kind,
        period_start=period_start,
        facility_id=facility_id,
        outlet_id=outlet_id,
        meter_id=meter_id,
        pollutant=pollutant,
        statistic=statistic,
        period_end=period_end,
        value=value,
        limit=limit,
        bound=bound,
        percent=percent,
        unit=unit,
        basis=basis,
        reference_o2=reference_o2,
        measured_value=measured_value,
        over_range=over_range,
        reason=reason,
        detail=detail,
        during_rectification=running is not None,
        episode_start=period_start,
        created_at=now,
        updated_at=now,
    )
    declaration = _covering_declaration(alarm)
    previous = None if declaration else _previous_in_episode(alarm)
    if declaration is not None:
        alarm.status, alarm.declaration = AlarmStatus.EXPLAINED, declaration
    elif previous is not None:
        alarm.episode_start, alarm.problem_id = previous.episode_start, previous.problem_id
    alarm.save()
    audit_record(
        actor=None,
        action="monitoring.alarm.raise",
        obj=alarm,
        after={
            "kind": kind,
            "facility": facility_id,
            "outlet": outlet_id,
            "pollutant": pollutant,
            "statistic": statistic,
            "period_start": period_start,
            "value": value,
            "limit": limit,
            "percent": percent,
            "basis": basis,
            "reference_o2": reference_o2,
            "over_range": over_range,
            "reason": reason,
            "during_rectification": alarm.during_rectification,
            "episode_start": alarm.episode_start,
            "declaration": declaration.pk if declaration else None,
        },
    )
    if declaration is None and previous is None:
        _start_episode(alarm, pollutant_name, running)
    return alarm


def _start_episode(alarm: Alarm, pollutant_name: str, running: cases.CaseSummary | None = None) -> None:
    alarm = Alarm.objects.select_related("facility", "outlet", "meter").get(pk=alarm.pk)
    text = alarm_text(alarm, pollutant_name)
    alarm.problem_id = cases.problem_raise(
        actor=None,
        facility_id=alarm.facility_id,
        kind=PROBLEM_KIND[AlarmKind(alarm.kind)],
        description=text,
        source=Source.MONITORING_ALARM,
        source_ref=f"monitoring.alarm:{alarm.pk}",
        evidence={
            "alarm": alarm.pk,
            "kind": alarm.kind,
            "pollutant": alarm.pollutant,
            "statistic": alarm.statistic,
            "period_start": alarm.period_start.isoformat(),
            "value": _num(alarm.value),
            "limit": _num(alarm.limit),
            "percent": _num(alarm.percent),
            "basis": alarm.basis,
            "reference_o2": _num(alarm.reference_o2),
            "measured_value": _num(alarm.measured_value),
            "over_range": alarm.over_range,
            "reason": alarm.reason,
            "during_rectification": alarm.during_rectification,
        },
        found_on=clock.today(),
    )
    alarm.save(update_fields=["problem_id"])
    if running is not None and alarm.kind == AlarmKind.EXCEEDANCE:
        _propose_penalty(alarm, text, running)
    notify(
        recipients(alarm.facility_id, alarm.facility.town_id),
        text,
        reverse("monitoring:alarm_detail", args=[alarm.pk]),
    )


def _propose_penalty(alarm: Alarm, text: str, running: cases.CaseSummary) -> PenaltyProposal:
    """P7: the outbox row that puts the exceedance before the officer for a penalty case under Art. 34(1)."""
    proposal = PenaltyProposal.objects.create(
        alarm=alarm,
        facility_id=alarm.facility_id,
        problem_id=alarm.problem_id,
        rectification_case_id=running.case_id,
        article_no=PROPOSAL_ARTICLE,
        item_no=PROPOSAL_ITEM,
        facts=text,
        created_at=clock.now(),
    )
    audit_record(
        actor=None,
        action="monitoring.penalty_proposal.create",
        obj=proposal,
        after={
            "alarm": alarm.pk,
            "facility": alarm.facility_id,
            "problem": alarm.problem_id,
            "rectification_case": running.case_id,
            "article": PROPOSAL_ARTICLE,
            "item": PROPOSAL_ITEM,
        },
    )
    notify(
        [*accounts.bureau_officers()],
        _("Proposed for a penalty case under Art. 34(1) of the Regulations: %(text)s") % {"text": text},
        reverse("monitoring:alarm_detail", args=[alarm.pk]),
    )
    return proposal


@transaction.atomic
def penalty_proposal_resolve(
    *, actor: Actor, proposal_id: int, penalty_case_id: int | None = None, reason: str = ""
) -> PenaltyProposal:
    """The officer acts on a proposal: a penalty case was opened for it (``penalty_case_id``), or it is
    dismissed with a reason. Called by enforcement (through ``monitoring.facade``), never the other way."""
    proposal = PenaltyProposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != PenaltyProposal.Status.PROPOSED:
        raise DomainError(_("This proposal has already been acted on."))
    if penalty_case_id is None and not reason.strip():
        raise DomainError(_("Say why the proposal is dismissed."), field="reason")
    proposal.status = (
        PenaltyProposal.Status.OPENED if penalty_case_id is not None else PenaltyProposal.Status.DISMISSED
    )
    proposal.penalty_case_id, proposal.note = penalty_case_id, reason.strip()
    proposal.decided_by = user_of(actor)
    proposal.decided_at = clock.now()
    proposal.save(update_fields=["status", "penalty_case_id", "note", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="monitoring.penalty_proposal.resolve",
        obj=proposal,
        before={"status": PenaltyProposal.Status.PROPOSED},
        after={"status": proposal.status, "penalty_case": penalty_case_id, "note": proposal.note},
    )
    return proposal


@transaction.atomic
def alarm_close(*, actor: Actor, alarm: Alarm, note: str) -> Alarm:
    """The officer closes an alarm (handled, or a false reading), with a note."""
    alarm = Alarm.objects.select_for_update().get(pk=alarm.pk)
    if alarm.status == AlarmStatus.CLOSED:
        raise DomainError(_("The alarm is already closed."), code="state")
    if not note.strip():
        raise DomainError(_("Say why the alarm is closed."), field="note")

    def on_close(obj: Alarm, target: str) -> list[str]:
        obj.note, obj.updated_at = note.strip(), clock.now()
        return ["note", "updated_at"]

    ALARM_WORKFLOW.move(
        alarm,
        AlarmStatus.CLOSED,
        actor=actor,
        note=note.strip(),
        event=partial(AlarmEvent.record, alarm),
        action="monitoring.alarm.",
        on_enter=on_close,
        audit_after={"note": note.strip()},
    )
    return alarm


# --- declarations ----------------------------------------------------------------------------------------

MAX_DECLARATION = dt.timedelta(days=366)


@transaction.atomic
def declaration_submit(
    *,
    actor: Actor,
    facility_id: int,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    outlet_id: int | None = None,
    attachment: Any = None,
) -> Declaration:
    """The enterprise declares a shutdown or maintenance period of an outlet or of the whole facility."""
    if ends_at <= starts_at:
        raise DomainError(_("The end of the period must be after its start."), field="ends_at")
    if ends_at - starts_at > MAX_DECLARATION:
        raise DomainError(_("A declaration covers at most one year."), field="ends_at")
    if not reason.strip():
        raise DomainError(_("Give the reason for the shutdown or maintenance."), field="reason")
    if outlet_id is not None and registry.outlet_refs([outlet_id]).get(outlet_id, None) is None:
        raise DomainError(_("Unknown outlet."), field="outlet")
    if outlet_id is not None and registry.outlet_refs([outlet_id])[outlet_id].facility_id != facility_id:
        raise DomainError(_("The outlet does not belong to this facility."), field="outlet")
    declaration = Declaration.objects.create(
        number=numbering.next_reference("declaration", clock.today().year),
        facility_id=facility_id,
        outlet_id=outlet_id,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip(),
        submitted_by=user_of(actor),
        submitted_at=clock.now(),
        **({"attachment": attachment} if attachment else {}),
    )
    audit_record(
        actor=actor,
        action="monitoring.declaration.submit",
        obj=declaration,
        after={
            "facility": facility_id,
            "outlet": outlet_id,
            "kind": kind,
            "from": starts_at,
            "to": ends_at,
        },
    )
    ref = registry.facility_ref(facility_id)
    notify(
        [*accounts.bureau_officers()],
        _("%(facility)s declared a %(kind)s period from %(start)s to %(end)s.")
        % {
            "facility": ref.name,
            "kind": Declaration.Kind(kind).label,
            "start": _local(starts_at),
            "end": _local(ends_at),
        },
        reverse("monitoring:declaration_detail", args=[declaration.pk]),
    )
    return declaration


@transaction.atomic
def declaration_decide(
    *, actor: Actor, declaration: Declaration, accept: bool, reason: str = ""
) -> Declaration:
    """The officer accepts or rejects a pending declaration. Accepted, the open alarms whose period starts
    inside it are marked explained (their problems stay on the case for the officer to weigh)."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status != Declaration.Status.PENDING:
        raise DomainError(_("This declaration has already been decided."))
    if not accept and not reason.strip():
        raise DomainError(_("Give the reason for rejecting the declaration."), field="reason")
    declaration.status = Declaration.Status.ACCEPTED if accept else Declaration.Status.REJECTED
    declaration.decided_by, declaration.decided_at = user_of(actor), clock.now()
    declaration.decision_reason = reason.strip()
    declaration.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    explained: list[int] = []
    if accept:
        alarms = Alarm.objects.filter(
            facility_id=declaration.facility_id,
            status=AlarmStatus.OPEN,
            period_start__gte=declaration.starts_at,
            period_start__lt=declaration.ends_at,
        )
        if declaration.outlet_id:
            alarms = alarms.filter(outlet_id=declaration.outlet_id)
        explained = list(alarms.values_list("pk", flat=True))
        ALARM_WORKFLOW.check(AlarmStatus.OPEN, AlarmStatus.EXPLAINED)  # the bulk move is a row of the table
        AlarmEvent.objects.bulk_create(
            AlarmEvent(
                alarm_id=pk,
                at=clock.now(),
                actor=user_of(actor),
                kind="status.explain",
                from_status=AlarmStatus.OPEN,
                to_status=AlarmStatus.EXPLAINED,
                data={"declaration": declaration.number or declaration.pk},
            )
            for pk in explained
        )
        Alarm.objects.filter(pk__in=explained).update(
            status=AlarmStatus.EXPLAINED, declaration=declaration, updated_at=clock.now()
        )
    audit_record(
        actor=actor,
        action="monitoring.declaration.decide",
        obj=declaration,
        before={"status": Declaration.Status.PENDING},
        after={
            "status": declaration.status,
            "reason": declaration.decision_reason,
            "explained_alarms": explained,
        },
    )
    text = (
        _("Your declaration #%(n)s was accepted.")
        if accept
        else _("Your declaration #%(n)s was rejected: %(reason)s")
    ) % {"n": declaration.pk, "reason": declaration.decision_reason}
    notify(
        registry.facility_users(declaration.facility_id),
        text,
        reverse("monitoring:declaration_detail", args=[declaration.pk]),
    )
    return declaration


# --- electricity (E4) ------------------------------------------------------------------------------------


@transaction.atomic
def meter_add(
    *,
    actor: Actor,
    facility_id: int,
    name: str,
    role: str,
    threshold_kw: float,
    outlet_id: int | None = None,
    code: str = "",
    meter_id: str = "",
) -> PowerMeter:
    if not code and not meter_id:
        raise DomainError(
            _("Give the HJ 212 code or the meter number under which the data arrives."), field="code"
        )
    if code and outlet_id is None:
        raise DomainError(
            _("Data under an HJ 212 code arrives through an outlet's data logger: choose it."), field="outlet"
        )
    if outlet_id is not None and registry.outlet_refs([outlet_id])[outlet_id].facility_id != facility_id:
        raise DomainError(_("The outlet does not belong to this facility."), field="outlet")
    if meter_id and PowerMeter.objects.filter(meter_id=meter_id).exists():
        raise DomainError(_("Meter number %(m)s is already registered.") % {"m": meter_id}, field="meter_id")
    meter = PowerMeter.objects.create(
        facility_id=facility_id,
        name=name,
        role=role,
        threshold_kw=threshold_kw,
        outlet_id=outlet_id,
        code=code,
        meter_id=meter_id,
    )
    audit_record(
        actor=actor,
        action="monitoring.meter.add",
        obj=meter,
        after={
            "facility": facility_id,
            "name": name,
            "role": role,
            "code": code,
            "meter_id": meter_id,
            "threshold_kw": threshold_kw,
        },
    )
    return meter


@transaction.atomic
def power_import(*, actor: Actor, facility_id: int, content: bytes, file_name: str = "") -> int:
    """Imports a metering system's CSV export for one facility: all rows or none. Every error names its
    line and column. Returns the number of values stored (a value already stored is replaced)."""
    from ecopermit.monitoring.electricity import parse_power_csv
    from ecopermit.monitoring.judge import SHANGHAI
    from ecopermit.monitoring.models_alarms import PowerSample

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise DomainError(_("The file is neither UTF-8 nor GB 18030 text.")) from exc
    rows, errors = parse_power_csv(text, SHANGHAI)
    meters = {m.meter_id: m for m in PowerMeter.objects.filter(facility_id=facility_id).exclude(meter_id="")}
    for row in rows:
        if row.meter_id not in meters:
            from ecopermit.monitoring.electricity import CsvError

            errors.append(
                CsvError(
                    row.line,
                    "meter_id",
                    "Meter number %(value)s is not registered for this facility.",
                    row.meter_id,
                )
            )
    if errors:
        lines = [
            _("Line %(line)s, column %(column)s: %(message)s")
            % {"line": e.line, "column": e.column or "-", "message": _(e.message) % {"value": e.value}}
            for e in sorted(errors, key=lambda e: e.line)[:50]
        ]
        more = len(errors) - len(lines)
        if more > 0:
            lines.append(_("… and %(n)s more errors.") % {"n": more})
        raise DomainError(_("Nothing was imported.") + "\n" + "\n".join(lines), code="csv")
    if not rows:
        raise DomainError(_("Nothing was imported: the file has no data rows."))
    samples = [PowerSample(meter=meters[r.meter_id], time=r.time, kw=r.kw) for r in rows]
    PowerSample.objects.bulk_create(
        samples, batch_size=2000, update_conflicts=True, unique_fields=["meter", "time"], update_fields=["kw"]
    )
    audit_record(
        actor=actor,
        action="monitoring.power.import",
        object_type="registry.facility",
        object_id=facility_id,
        after={"file": file_name, "rows": len(rows), "meters": sorted({r.meter_id for r in rows})},
    )
    return len(rows)


def _meter_points(meter: PowerMeter, start: dt.datetime, end: dt.datetime) -> list[PowerPoint]:
    return _meters_points([meter], start, end)[meter.pk]


def _meters_points(
    meters: Iterable[PowerMeter], start: dt.datetime, end: dt.datetime
) -> dict[int, list[PowerPoint]]:
    """The power points of each meter by its id: its samples, and for a meter read through an outlet's data
    logger its readings under the meter's HJ 212 code; two queries however many meters."""
    from ecopermit.monitoring.electricity import PowerPoint
    from ecopermit.monitoring.models import Reading
    from ecopermit.monitoring.models_alarms import PowerSample

    meters = list(meters)
    points: dict[int, list[PowerPoint]] = {m.pk: [] for m in meters}
    for meter_id, t, kw in PowerSample.objects.filter(
        meter_id__in=list(points), time__gte=start, time__lt=end
    ).values_list("meter_id", "time", "kw"):
        points[meter_id].append(PowerPoint(t, kw))
    coded: dict[tuple[int, str], list[int]] = {}
    for m in meters:
        if m.outlet_id and m.code:
            coded.setdefault((m.outlet_id, m.code), []).append(m.pk)
    if coded:
        for outlet_id, code, t, v in (
            Reading.objects.filter(
                outlet_id__in={o for o, _c in coded},
                pollutant__in={c for _o, c in coded},
                time__gte=start,
                time__lt=end,
                value__isnull=False,
            )
            .exclude(kind="day")
            .values_list("outlet_id", "pollutant", "time", "value")
        ):
            assert v is not None  # the query leaves out readings without a value
            for meter_id in coded.get((outlet_id, code), ()):
                points[meter_id].append(PowerPoint(t, v))
    return points


def electricity_evaluate(
    *, now: dt.datetime | None = None, lookback: dt.timedelta = dt.timedelta(days=2), facility_ids: Any = None
) -> int:
    """Judges the last ``lookback`` of every facility with production and treatment meters (E4). A stretch
    going on is extended rather than raised again. Returns the number of new alarms."""
    from ecopermit.monitoring.electricity import MeterSeries, treatment_off_while_producing
    from ecopermit.monitoring.evaluation import settings_now

    now = now or clock.now()
    start = now - lookback
    minimum = dt.timedelta(minutes=settings_now().treatment_off_minutes)
    meters = PowerMeter.objects.order_by("facility_id", "pk")
    if facility_ids is not None:
        meters = meters.filter(facility_id__in=list(facility_ids))
    by_facility: dict[int, list[PowerMeter]] = {}
    for meter in meters:
        by_facility.setdefault(meter.facility_id, []).append(meter)
    new = 0
    for facility_id, group in by_facility.items():
        series = {m.pk: MeterSeries(m.pk, _meter_points(m, start, now), m.threshold_kw) for m in group}
        production = [series[m.pk] for m in group if m.role == PowerMeter.Role.PRODUCTION]
        treatment = [series[m.pk] for m in group if m.role == PowerMeter.Role.TREATMENT]
        if not production or not treatment:
            continue
        for finding in treatment_off_while_producing(production, treatment, min_duration=minimum):
            # A stretch that began before the window, or that was found shorter last time, continues an alarm.
            ongoing = Alarm.objects.filter(
                kind=AlarmKind.ELECTRICITY,
                meter_id=finding.meter,
                period_start__lte=finding.start,
                period_end__gte=finding.start,
            ).first()
            start_at = ongoing.period_start if ongoing else finding.start
            minutes = Decimal(int((finding.end - start_at).total_seconds() // 60))
            if alarm_record(
                kind=AlarmKind.ELECTRICITY,
                facility_id=facility_id,
                meter_id=finding.meter,
                statistic=AlarmStatistic.MINUTES,
                period_start=start_at,
                period_end=finding.end,
                value=minutes,
                unit="min",
            ):
                new += 1
    return new
