"""What other apps may ask of online monitoring. Returns ids and frozen dataclasses, never model instances.

- ``penalty_proposals`` / ``penalty_proposal_resolve``: enforcement (above monitoring in the layers) reads the
  exceedances during rectification that monitoring proposes for a penalty case under 《排污许可管理条例》
  Art. 34(1) (P7), and marks each opened (with its penalty case) or dismissed. The proposals are an outbox
  written in the alarm's transaction: monitoring never calls enforcement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ecopermit.core.types import Actor
from ecopermit.monitoring.hj212.codes import lookup
from ecopermit.monitoring.models_alarms import Alarm, AlarmKind, AlarmStatus


@dataclass(frozen=True)
class PenaltyProposalRef:
    id: int
    facility_id: int
    alarm_id: int
    alarm_number: str
    problem_id: int | None
    rectification_case_id: int | None
    article_no: int
    item_no: int | None
    facts: str
    pollutant: str
    period_start: dt.datetime
    value: Decimal | None
    limit: Decimal | None
    basis: str
    status: str
    penalty_case_id: int | None
    created_at: dt.datetime


def penalty_proposals(
    *, status: str | None = "proposed", facility_ids: Any = None
) -> list[PenaltyProposalRef]:
    """The proposals in that status (all when None), oldest first; only those facilities when given."""
    from ecopermit.monitoring.models_alarms import PenaltyProposal

    qs = PenaltyProposal.objects.select_related("alarm").order_by("created_at", "pk")
    if status is not None:
        qs = qs.filter(status=status)
    if facility_ids is not None:
        qs = qs.filter(facility_id__in=list(facility_ids))
    return [
        PenaltyProposalRef(
            p.pk,
            p.facility_id,
            p.alarm_id,
            p.alarm.number or "",
            p.problem_id,
            p.rectification_case_id,
            p.article_no,
            p.item_no,
            p.facts,
            p.alarm.pollutant,
            p.alarm.period_start,
            p.alarm.value,
            p.alarm.limit,
            p.alarm.basis,
            p.status,
            p.penalty_case_id,
            p.created_at,
        )
        for p in qs
    ]


def penalty_proposal_resolve(
    *, actor: Actor, proposal_id: int, penalty_case_id: int | None = None, reason: str = ""
) -> None:
    """Marks a proposal acted on: a penalty case was opened for it, or it is dismissed with a reason."""
    from ecopermit.monitoring.services import penalty_proposal_resolve as resolve

    resolve(actor=actor, proposal_id=proposal_id, penalty_case_id=penalty_case_id, reason=reason)


def pollutant_label(code: str) -> str:
    """“颗粒物 a34013”: the pollutant's Chinese name from the HJ 212-2017 code table with its code (the code alone
    when the table does not know it)."""
    row = lookup(code) if code else None
    return f"{row.name_zh} {code}" if row else code


# ---- Online data for the filings' cross-checks (issue 13) ------------------------------------------------------

#: HJ 212-2017 表B.1/B.2 send the flow's ``-Avg`` in L/s (污水 w00000) and m³/s (废气 a00000); the cross-checks
#: multiply by a concentration per hour, so the reads below give m³/h. ``-Cou`` (m³ over the period) is used only
#: for an hour that has no ``-Avg``.
FLOW_CODES = {"water": "w00000", "gas": "a00000"}
_M3_PER_H = {"w00000": Decimal("3.6"), "a00000": Decimal("3600")}


@dataclass(frozen=True)
class OnlineHour:
    """One hour of an outlet's online data for one code: its start (aware, UTC), the hour's value (the logger's
    hourly average, else the mean of its minute data; flow in m³/h) and whether it is valid (the judge's verdict:
    a valid flag, and 75 % of the minute samples when computed from them)."""

    hour: dt.datetime
    value: Decimal | None
    valid: bool


@dataclass(frozen=True)
class OutletHours:
    outlet_id: int
    medium: str
    start: dt.datetime
    end: dt.datetime
    expected_hours: int
    series: dict[str, tuple[OnlineHour, ...]]  # pollutant code (``<code>-Zs`` for converted) → every hour
    flow_code: str

    def valid_values(self, code: str) -> list[Decimal]:
        return [h.value for h in self.series.get(code, ()) if h.valid and h.value is not None]

    def has_data(self, code: str) -> bool:
        return any(h.value is not None for h in self.series.get(code, ()))


def _hour_floor(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def outlet_hours(
    outlet_id: int, codes: Any, start: dt.datetime, end: dt.datetime, *, medium: str
) -> OutletHours:
    """Every hour of ``[start, end)`` (whole hours, aware) for the ``codes`` of one outlet, with its flow. One query
    for the hourly uploads, and a second for minute data only when some hour has no hourly upload."""
    from ecopermit.monitoring.evaluation import hourly_values
    from ecopermit.monitoring.judge import flag_counts
    from ecopermit.monitoring.models import Reading, ReadingKind

    flow_code = FLOW_CODES.get(medium, FLOW_CODES["water"])
    wanted = {*codes, flow_code}
    start, end = _hour_floor(start), _hour_floor(end)
    expected = int((end - start) / dt.timedelta(hours=1))
    rows: dict[str, list[tuple[str, dt.datetime, float | None, str]]] = {c: [] for c in wanted}
    cou: dict[dt.datetime, tuple[float, str]] = {}
    base = Reading.objects.filter(outlet_id=outlet_id, pollutant__in=wanted, time__gte=start, time__lt=end)
    for code, time, value, flag, total in base.filter(kind=ReadingKind.HOUR).values_list(
        "pollutant", "time", "value", "flag", "cou"
    ):
        rows[code].append((ReadingKind.HOUR, time, value, flag))
        if code == flow_code and total is not None:
            cou[_hour_floor(time)] = (total, flag)
    short = {c for c, r in rows.items() if len(r) < expected}
    if short:
        for code, time, value, flag in base.filter(kind=ReadingKind.MINUTE, pollutant__in=short).values_list(
            "pollutant", "time", "value", "flag"
        ):
            rows[code].append((ReadingKind.MINUTE, time, value, flag))
    series: dict[str, tuple[OnlineHour, ...]] = {}
    for code, found in rows.items():
        if not found:
            series[code] = ()
            continue
        judged = hourly_values(found, code.removesuffix("-Zs"), start, end, water=medium == "water")
        if code == flow_code:
            factor = _M3_PER_H.get(code, Decimal(1))
            hours = []
            for a in judged:
                if a.mean is None and a.period_start in cou:
                    volume, flag = cou[a.period_start]
                    hours.append(OnlineHour(a.period_start, Decimal(repr(volume)), flag_counts(flag)))
                else:
                    rate = a.mean * factor if a.mean is not None else None
                    hours.append(OnlineHour(a.period_start, rate, a.valid))
            series[code] = tuple(hours)
        else:
            series[code] = tuple(OnlineHour(a.period_start, a.mean, a.valid) for a in judged)
    return OutletHours(outlet_id, medium, start, end, expected, series, flow_code)


def outlets_with_loggers(outlet_ids: Any) -> set[int]:
    """The outlets that have (or had) a data logger: only their online data is compared."""
    from ecopermit.monitoring.models import Datalogger

    return set(Datalogger.objects.filter(outlet_id__in=list(outlet_ids)).values_list("outlet_id", flat=True))


def production_power_hours(facility_id: int, start: dt.datetime, end: dt.datetime) -> set[dt.datetime]:
    """The hours (starts, UTC) in which a production power meter of the facility drew power at or above its
    threshold (E4's meters); two queries however many meters."""
    from ecopermit.monitoring.models_alarms import PowerMeter
    from ecopermit.monitoring.services import _meters_points

    meters = list(PowerMeter.objects.filter(facility_id=facility_id, role=PowerMeter.Role.PRODUCTION))
    if not meters:
        return set()
    points = _meters_points(meters, start, end)
    on: set[dt.datetime] = set()
    for meter in meters:
        on |= {_hour_floor(p.time) for p in points[meter.pk] if p.kw >= meter.threshold_kw}
    return on


def pollutant_names(codes: Any) -> dict[str, str]:
    """The Chinese names of HJ 212-2017 codes (the code itself when the table does not know it)."""
    names = {}
    for code in codes:
        row = lookup(code)
        names[code] = row.name_zh if row else code
    return names


@dataclass(frozen=True)
class AlarmRef:
    """An alarm as credit counts it: exceedances and abnormal or missing data (a year's count lowers the score)."""

    id: int
    facility_id: int
    number: str
    kind: str  # exceedance | missing_data | abnormal_data | electricity
    kind_label: str
    pollutant: str
    on: dt.date
    explained: (
        bool  # explained by an accepted shutdown or maintenance declaration: not the enterprise's fault
    )


def alarms_since(since: dt.date) -> list[AlarmRef]:
    """Every alarm whose period starts on or after ``since``, oldest first (one query)."""
    qs = Alarm.objects.filter(period_start__date__gte=since).order_by("period_start", "pk")
    labels = dict(AlarmKind.choices)
    return [
        AlarmRef(
            a.pk,
            a.facility_id,
            a.number or str(a.pk),
            a.kind,
            str(labels.get(a.kind, a.kind)),
            a.pollutant,
            a.period_start.date(),
            a.status == AlarmStatus.EXPLAINED,
        )
        for a in qs
    ]


# ---- The public portal (issue 14, K2): emissions against the standards, monthly -------------------------------


@dataclass(frozen=True)
class MonthlyMean:
    """The mean of an outlet's valid hourly averages of one pollutant over one calendar month (Beijing time)."""

    outlet_id: int
    pollutant: str  # HJ 212 code (``-Zs`` suffix: on the converted concentration)
    month: dt.date  # the first of the month
    mean: float
    hours: int  # valid hours averaged


def monthly_means(outlet_ids: Any, *, since: dt.date, until: dt.date) -> list[MonthlyMean]:
    """Monthly means of the hourly uploads of those outlets from ``since`` to ``until`` (both included), counting
    only valid hours (flag ``N`` or none, HJ 212 表8); the flow codes are left out. One grouped query."""
    from django.db.models import Avg, Count, Q
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from ecopermit.monitoring.models import Reading, ReadingKind

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (
        Reading.objects.filter(
            outlet_id__in=list(outlet_ids), kind=ReadingKind.HOUR, time__gte=start, time__lt=end
        )
        .exclude(pollutant__in=FLOW_CODES.values())
        .filter(Q(flag__in=["N", ""]) | Q(flag__isnull=True), value__isnull=False)
        .annotate(month=TruncMonth("time", tzinfo=tz))
        .values("outlet_id", "pollutant", "month")
        .annotate(mean=Avg("value"), hours=Count("time"))
        .order_by("outlet_id", "pollutant", "month")
    )
    return [
        MonthlyMean(
            r["outlet_id"],
            r["pollutant"],
            timezone.localtime(r["month"], tz).date() if isinstance(r["month"], dt.datetime) else r["month"],
            float(r["mean"]),
            r["hours"],
        )
        for r in rows
    ]
