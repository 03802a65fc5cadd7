"""The exceedance evaluation (M2): stored readings → hourly and daily averages → alarms, once per period.

Rules (docs/monitoring.md, "Evaluation"):

- Hourly values: an hourly upload (kind ``hour``) is the hour's average as the device computed it and counts
  when its flag is valid (``judge.flag_is_valid``). For an hour without one, the average of its minute data
  is taken (``judge.hourly_averages``): flue gas needs ≥ 75 % valid samples; wastewater is abnormal as soon
  as one sample is abnormal [hj212-notes §4], and also needs 75 % of the expected samples.
- Daily values: a daily upload (kind ``day``) when there is one and its flag is valid, otherwise the mean of
  the day's valid hourly values, valid with ≥ 18 of 24 (``judge.daily_averages``), in Asia/Shanghai days.
- Limits: the outlet's hourly/daily limits valid on the period's local date (``judge.limit_for``); pH also
  has the lower bound of the discharge standards (pH 6, see ``LOWER_BOUNDS``).
- Watermarks: an hour is judged once it has ended and ``settle_minutes`` have passed; the watermark then
  moves past it and it is not judged again (``ecopermit monitoring evaluate --since`` re-judges on purpose:
  alarms are keyed by period, so re-judging never duplicates one). A day is judged once all its hours are.
  Backlog (issue 10): uploads stored since the last evaluation for periods before the watermark (a logger
  catching up after an outage) are judged: the outlet is judged again from the earliest such period.
- Missing data: for outlets with an active data logger, each pollutant with a limit must have an hourly or
  minute value (any flag: a flagged value says what the instrument was doing) in every hour; a run of more
  than ``missing_data_hours`` hours without is an alarm, extended while it lasts.
- Over range (issue 10): readings flagged T count as evidence (``judge``); the alarm is marked ``over_range``.
- Converted limits (issue 10): judged on the converted hourly series of the pollutant (``<code>-Zs``
  readings, the logger's ``-ZsAvg``, else converted from the measured value and the hour's ``a19001``;
  ``judge.converted_averages``); days on its daily mean (or the logger's daily ``-ZsAvg``). The alarm
  records the basis, the reference O2 and the measured value beside the converted one.
- Abnormal data (issue 10): ``abnormal`` rules over the pollutants with limits, each run an alarm of its
  own kind, extended while it lasts (like missing data).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from ecopermit.core import clock
from ecopermit.core.selectors import current_district
from ecopermit.monitoring import abnormal, judge
from ecopermit.monitoring.models import Datalogger, Reading, ReadingKind, Upload
from ecopermit.monitoring.models_alarms import (
    Alarm,
    AlarmKind,
    AlarmStatistic,
    Basis,
    MonitoringSettings,
    PowerMeter,
    Watermark,
)
from ecopermit.registry import facade as registry

HOUR = dt.timedelta(hours=1)
UTC = dt.UTC
PH = "w01001"
# The lower pH bound of the discharge standards [GB 8978-1996 表4 and GB 18918-2002 表1: pH 6～9]. The
# inventory keeps one value per outlet, pollutant and statistic, so the permit's pH limit there is the
# upper bound (9); a pH value recorded there below 7 is read as a lower bound.
LOWER_BOUNDS = {PH: Decimal("6")}
DEFAULT_MINUTE_STEP = dt.timedelta(minutes=10)
ZS = "-Zs"  # the converted readings of a pollutant are stored as "<code>-Zs" (ingest.convert)
JUDGED_CN = ("2051", "2061", "2031")  # minute, hourly and daily uploads (ingest.convert.KIND_BY_CN)
FLOWS = {"gas": "a00000", "water": "w00000"}  # 废气 / 污水 flow [notes §5]: > 0 means the plant discharges


def settings_now() -> MonitoringSettings:
    """The district's settings (unsaved defaults when the district has none)."""
    district = current_district()
    found = MonitoringSettings.objects.filter(district=district).first() if district else None
    return found or MonitoringSettings(district=district)


def floor_hour(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _statistic(value: str) -> judge.Statistic:
    """A limit's statistic as the judge names it (the same refusal as ``judge.Limit``'s for any other)."""
    if value == "hourly":
        return "hourly"
    if value == "daily":
        return "daily"
    raise ValueError(f"statistic must be 'hourly' or 'daily', not {value!r}")


def judge_limits(refs: Iterable[registry.OutletLimitRef]) -> list[judge.Limit]:
    limits = []
    for r in refs:
        value = Decimal(r.value)
        kind: judge.LimitKind = "min" if r.pollutant_code == PH and value < 7 else "max"
        ref_o2 = Decimal(r.reference_o2) if r.converted and r.reference_o2 is not None else None
        statistic = _statistic(r.statistic)
        limits.append(
            judge.Limit(
                r.pollutant_code,
                statistic,
                value,
                kind,
                r.valid_from,
                r.valid_to,
                bool(r.converted),
                ref_o2,
            )
        )
        if kind == "max" and r.pollutant_code in LOWER_BOUNDS:
            lower = LOWER_BOUNDS[r.pollutant_code]
            limits.append(judge.Limit(r.pollutant_code, statistic, lower, "min", r.valid_from, r.valid_to))
    return limits


def _minute_step(times: list[dt.datetime]) -> dt.timedelta:
    """The minute data's interval, read from the data (the smallest gap that occurs most often)."""
    gaps: dict[dt.timedelta, int] = defaultdict(int)
    for a, b in itertools.pairwise(times):
        if b > a:
            gaps[b - a] += 1
    if not gaps:
        return DEFAULT_MINUTE_STEP
    step = max(gaps.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return min(max(step, dt.timedelta(minutes=1)), HOUR)


def hourly_values(
    rows: list[tuple[str, dt.datetime, float | None, str]],
    pollutant: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    water: bool,
    basis: judge.Basis = "measured",
) -> list[judge.Average]:
    """One average per hour of ``[start, end)`` for one pollutant from its ``(kind, time, value, flag)`` rows."""
    hour_rows: dict[dt.datetime, tuple[float | None, str]] = {}
    minutes: dict[dt.datetime, list[judge.Sample]] = defaultdict(list)
    for kind, time, value, flag in rows:
        if kind == ReadingKind.HOUR:
            hour_rows[floor_hour(time)] = (value, flag)
        elif value is not None:
            minutes[floor_hour(time)].append(judge.Sample(time, Decimal(repr(value)), flag))
    all_minute_times = sorted(s.time for samples in minutes.values() for s in samples)
    expected = max(1, round(HOUR / _minute_step(all_minute_times)))
    result = []
    hour = start
    while hour < end:
        if hour in hour_rows:
            value, flag = hour_rows[hour]
            result.append(judge.upload_average(pollutant, hour, value, flag, basis))
            hour += HOUR
            continue
        samples = minutes.get(hour, [])
        # Wastewater: abnormal as soon as one sample is abnormal; over range (T) is evidence, not abnormal.
        if water and any(not judge.flag_counts(s.flag) for s in samples):
            period = judge.PeriodResult(False, None, 0, expected)
        else:
            period = judge.period_average(samples, hour, hour + HOUR, expected)
        result.append(judge.Average(pollutant, "hourly", hour, hour + HOUR, period, basis))
        hour += HOUR
    return result


def daily_values(
    hourly: list[judge.Average],
    day_rows: dict[dt.date, tuple[float | None, str]],
    pollutant: str,
    first: dt.date,
    last: dt.date,
    basis: judge.Basis = "measured",
) -> list[judge.Average]:
    computed = {a.period_start: a for a in judge.daily_averages(hourly, pollutant, first, last, basis=basis)}
    result = []
    for start, average in sorted(computed.items()):
        sent = day_rows.get(judge.shanghai_day(start))
        if sent is not None:
            value, flag = sent
            ok = value is not None and judge.flag_counts(flag)
            mean = Decimal(repr(value)) if ok else None
            period = judge.PeriodResult(ok, mean, int(ok), 1, ok and judge.flag_is_over_range(flag))
            average = judge.Average(
                pollutant, "daily", average.period_start, average.period_end, period, basis
            )
        result.append(average)
    return result


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), judge.SHANGHAI).astimezone(UTC)


@dataclass(slots=True)
class _OutletRun:
    """One outlet's evaluation: the alarms it found (``alarm_record`` arguments) and how many hours and days
    it judged (for the counts ``evaluate`` returns)."""

    alarms: list[dict[str, Any]] = field(default_factory=list)
    hours: int = 0
    days: int = 0


def evaluate(
    *,
    now: dt.datetime | None = None,
    since: dt.datetime | None = None,
    outlet_ids: Iterable[int] | None = None,
) -> dict[str, int]:
    """Judges every outlet with hourly or daily limits up to the last settled hour. Returns counts."""
    from ecopermit.monitoring import services

    now = now or clock.now()
    cfg = settings_now()
    horizon = floor_hour(now - dt.timedelta(minutes=cfg.settle_minutes))
    limits_by_outlet: dict[int, list[registry.OutletLimitRef]] = defaultdict(list)
    for ref in registry.outlet_limits(outlet_ids):
        limits_by_outlet[ref.outlet_id].append(ref)
    outlets = registry.outlet_refs(limits_by_outlet)
    counts = {"outlets": 0, "hours": 0, "days": 0, "alarms": 0}
    for outlet_id, refs in sorted(limits_by_outlet.items()):
        with transaction.atomic():
            mark, _ = Watermark.objects.select_for_update().get_or_create(outlet_id=outlet_id)
            run = _evaluate_outlet(outlets[outlet_id], refs, mark, horizon, since, cfg)
            for alarm in run.alarms:
                if services.alarm_record(**alarm):
                    counts["alarms"] += 1
            counts["outlets"] += 1
            counts["hours"] += run.hours
            counts["days"] += run.days
            mark.evaluated_at = now
            mark.save()
    return counts


def _evaluate_outlet(
    outlet: registry.OutletRef,
    refs: list[registry.OutletLimitRef],
    mark: Watermark,
    horizon: dt.datetime,
    since: dt.datetime | None,
    cfg: MonitoringSettings,
) -> _OutletRun:
    """Judges one outlet from its watermark (or ``since``) to ``horizon`` and moves the watermark on."""
    uploads = Upload.objects.filter(datalogger__outlet_id=outlet.id)
    seen = uploads.aggregate(m=Max("pk"))["m"]
    if since is None and mark.hourly_until is not None and mark.uploads_until is not None:
        backlog = uploads.filter(
            pk__gt=mark.uploads_until, data_time__lt=mark.hourly_until, cn__in=JUDGED_CN
        ).aggregate(t=Min("data_time"))["t"]
        if backlog is not None:
            since = backlog
    mark.uploads_until = seen if seen is not None else (mark.uploads_until or 0)
    pollutants = sorted({r.pollutant_code for r in refs})
    names = {r.pollutant_code: r.pollutant_name for r in refs}
    units = {r.pollutant_code: r.unit for r in refs}
    limits = judge_limits(refs)
    # A converted limit has its reference O2 (judge.Limit refuses one without).
    converted = {
        lim.pollutant: lim.reference_o2 for lim in limits if lim.converted and lim.reference_o2 is not None
    }
    fetched = {*pollutants, *(p + ZS for p in converted), *([judge.O2] if converted else [])}
    readings = Reading.objects.filter(outlet_id=outlet.id, pollutant__in=sorted(fetched))
    start = floor_hour(since) if since else mark.hourly_until
    if start is None:
        first = readings.filter(
            pollutant__in=pollutants, kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE)
        ).aggregate(t=Min("time"))["t"]
        logger = Datalogger.objects.filter(outlet_id=outlet.id, active=True).aggregate(
            t=Min("registered_at")
        )["t"]
        candidates = [t for t in (first, logger) if t is not None]
        if not candidates:
            return _OutletRun()
        start = floor_hour(min(candidates))
    if start >= horizon:
        return _OutletRun()
    # Days: every local day that ends by the horizon and was not judged yet.
    first_day = (judge.shanghai_day(since) if since else mark.daily_until) or judge.shanghai_day(start)
    last_day = judge.shanghai_day(horizon) - dt.timedelta(days=1)
    fetch_start = min(start, _local_midnight(first_day)) if first_day <= last_day else start
    # Abnormal-data runs are looked for from a little before the window, so that a run that was too short at
    # the last evaluation is found once it is long enough.
    lookback = floor_hour(start - HOUR * (max(cfg.abnormal_flag_hours, cfg.constant_value_hours,
                                                 cfg.zero_value_hours) + 1))  # fmt: skip
    fetch_start = min(fetch_start, lookback)
    rows: dict[str, list[tuple[str, dt.datetime, float | None, str]]] = defaultdict(list)
    day_rows: dict[str, dict[dt.date, tuple[float | None, str]]] = defaultdict(dict)
    present: dict[str, set[dt.datetime]] = defaultdict(set)
    for pollutant, kind, time, value, flag in readings.filter(
        kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE, ReadingKind.DAY),
        time__gte=fetch_start,
        time__lt=horizon,
    ).values_list("pollutant", "kind", "time", "value", "flag"):
        if kind == ReadingKind.DAY:
            day_rows[pollutant][judge.shanghai_day(time)] = (value, flag)
            continue
        rows[pollutant].append((kind, time, value, flag))
        present[pollutant].add(floor_hour(time))
    water = outlet.medium == "water"
    found: list[dict[str, Any]] = []
    base = {"facility_id": outlet.facility_id, "outlet_id": outlet.id}
    producing = _producing_hours(outlet, fetch_start, horizon)

    def present_only(averages: list[judge.Average], code: str) -> list[judge.Average]:
        return [a for a in averages if a.period_start in present[code]]

    for pollutant in pollutants:
        name, unit = names[pollutant], units[pollutant]
        hourly = hourly_values(rows[pollutant], pollutant, fetch_start, horizon, water=water)
        judged = [a for a in hourly if a.period_start >= start]
        for e in judge.exceedances(judged, limits):
            found.append(_exceedance(base, e, name, unit))
        if first_day <= last_day:
            daily = daily_values(hourly, day_rows[pollutant], pollutant, first_day, last_day)
            for e in judge.exceedances(daily, limits):
                found.append(_exceedance(base, e, name, unit))
        failed: list[dt.datetime] = []
        if pollutant in converted:
            zs = pollutant + ZS
            sent = present_only(
                hourly_values(rows[zs], pollutant, fetch_start, horizon, water=water, basis="converted"), zs
            )
            o2 = present_only(
                hourly_values(rows[judge.O2], judge.O2, fetch_start, horizon, water=False), judge.O2
            )
            series, failures = judge.converted_averages(hourly, sent, o2, converted[pollutant])
            failed = [f.period_start for f in failures if f.period_start >= start]
            measured = {a.period_start: a.mean for a in hourly}
            for e in judge.exceedances([a for a in series if a.period_start >= start], limits):
                found.append(_exceedance(base, e, name, unit, measured.get(e.period_start)))
            if first_day <= last_day:
                daily = daily_values(series, day_rows[zs], pollutant, first_day, last_day, basis="converted")
                for e in judge.exceedances(daily, limits):
                    found.append(_exceedance(base, e, name, unit))
        found += _missing(
            outlet, pollutant, name, present[pollutant] | present[pollutant + ZS], start, horizon, cfg
        )
        found += _abnormal(
            base, pollutant, name, unit, rows[pollutant], hourly, producing, failed, start, cfg
        )
    run = _OutletRun(found, hours=round((horizon - start) / HOUR))
    if first_day <= last_day:
        run.days = (last_day - first_day).days + 1
        mark.daily_until = max(mark.daily_until or last_day, last_day + dt.timedelta(days=1))
    mark.hourly_until = max(mark.hourly_until or horizon, horizon)
    return run


def _exceedance(
    base: dict[str, Any], e: judge.Exceedance, name: str, unit: str, measured: Decimal | None = None
) -> dict[str, Any]:
    step = HOUR if e.statistic == "hourly" else dt.timedelta(days=1)
    return {
        **base,
        "kind": AlarmKind.EXCEEDANCE,
        "pollutant": e.limit.pollutant,
        "pollutant_name": name,
        "statistic": e.statistic,
        "period_start": e.period_start,
        "period_end": e.period_start + step,
        "value": e.value.quantize(Decimal("0.0001")),
        "limit": e.limit.value,
        "bound": e.limit.kind,
        "percent": e.percent.quantize(Decimal("0.01")),
        "unit": unit,
        "basis": Basis.CONVERTED if e.limit.converted else Basis.MEASURED,
        "reference_o2": e.limit.reference_o2,
        "measured_value": measured.quantize(Decimal("0.0001")) if measured is not None else None,
        "over_range": e.over_range,
    }


def _producing_hours(outlet: registry.OutletRef, start: dt.datetime, end: dt.datetime) -> set[dt.datetime]:
    """Hours in which the facility produced: a production power meter above its threshold (E4), or the
    outlet's flue-gas or wastewater flow above zero."""
    from ecopermit.monitoring.services import _meter_points

    hours: set[dt.datetime] = set()
    for meter in PowerMeter.objects.filter(facility_id=outlet.facility_id, role=PowerMeter.Role.PRODUCTION):
        hours |= {floor_hour(p.time) for p in _meter_points(meter, start, end) if p.kw > meter.threshold_kw}
    flow = FLOWS.get(outlet.medium)
    if flow:
        hours |= {
            floor_hour(t)
            for t, v, f in Reading.objects.filter(
                outlet_id=outlet.id,
                pollutant=flow,
                kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE),
                time__gte=start,
                time__lt=end,
            ).values_list("time", "value", "flag")
            if v is not None and v > 0 and judge.flag_is_valid(f)
        }
    return hours


def _abnormal(
    base: dict[str, Any],
    pollutant: str,
    name: str,
    unit: str,
    rows: list[tuple[str, dt.datetime, float | None, str]],
    hourly: list[judge.Average],
    producing: set[dt.datetime],
    failed: list[dt.datetime],
    start: dt.datetime,
    cfg: MonitoringSettings,
) -> list[dict[str, Any]]:
    """The abnormal-data findings of one pollutant (``abnormal``), as alarms that continue an ongoing one."""
    flags: dict[dt.datetime, list[str]] = defaultdict(list)
    hour_flagged: set[dt.datetime] = set()
    for kind, time, _value, flag in rows:
        hour = floor_hour(time)
        if kind == ReadingKind.HOUR:
            if hour not in hour_flagged:  # the hourly upload speaks for the hour
                flags[hour] = []
                hour_flagged.add(hour)
            flags[hour].append(flag)
        elif hour not in hour_flagged:
            flags[hour].append(flag)
    states = [
        abnormal.HourState(
            a.period_start,
            tuple(flags.get(a.period_start, ())),
            a.mean if a.valid and not a.result.over_range else None,
            a.period_start in producing,
        )
        for a in hourly
    ]
    findings = [
        *abnormal.only_abnormal_flags(states, cfg.abnormal_flag_hours),
        *abnormal.constant_value(states, cfg.constant_value_hours),
        *abnormal.zero_while_producing(states, cfg.zero_value_hours),
        *abnormal.conversion_failures(failed),
    ]
    out = []
    for f in findings:
        if f.end <= start:
            continue  # judged before (or too early to matter); an ongoing run reaches into the window
        ongoing = (
            Alarm.objects.filter(
                kind=AlarmKind.ABNORMAL_DATA,
                outlet_id=base["outlet_id"],
                pollutant=pollutant,
                reason=f.reason,
                period_start__lte=f.start,
                period_end__gte=f.start,
            )
            .order_by("period_start")
            .first()
        )
        begins = ongoing.period_start if ongoing else f.start
        out.append(
            {
                **base,
                "kind": AlarmKind.ABNORMAL_DATA,
                "pollutant": pollutant,
                "pollutant_name": name,
                "statistic": AlarmStatistic.HOURS,
                "reason": f.reason,
                "period_start": begins,
                "period_end": f.end,
                "value": Decimal(round((f.end - begins) / HOUR)),
                "unit": "h",
                "detail": f.detail[:50],
            }
        )
    return out


def _missing(
    outlet: registry.OutletRef,
    pollutant: str,
    name: str,
    present: set[dt.datetime],
    start: dt.datetime,
    horizon: dt.datetime,
    cfg: MonitoringSettings,
) -> list[dict[str, Any]]:
    logger_since = Datalogger.objects.filter(outlet_id=outlet.id, active=True).aggregate(
        t=Min("registered_at")
    )["t"]
    if logger_since is None:
        return []
    # Look back to the last hour with data before the window, so that a gap running across evaluations is
    # measured from its true start.
    before = Reading.objects.filter(
        outlet_id=outlet.id,
        pollutant=pollutant,
        kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE),
        time__lt=start,
    ).aggregate(t=Max("time"))["t"]
    window_start = floor_hour(before) + HOUR if before else start
    expected_from = floor_hour(logger_since + HOUR - dt.timedelta(microseconds=1))
    window_start = max(min(window_start, start), expected_from)
    if window_start >= horizon:
        return []
    gaps = judge.missing_data(present, window_start, horizon, cfg.missing_data_hours)
    return [
        {
            "facility_id": outlet.facility_id,
            "outlet_id": outlet.id,
            "kind": AlarmKind.MISSING_DATA,
            "pollutant": pollutant,
            "pollutant_name": name,
            "statistic": AlarmStatistic.HOURS,
            "period_start": gap.start,
            "period_end": gap.end,
            "value": Decimal(gap.hours),
            "unit": "h",
        }
        for gap in gaps
    ]
