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
- Missing data: for outlets with an active data logger, each pollutant with a limit must have an hourly or
  minute value (any flag: a flagged value says what the instrument was doing) in every hour; a run of more
  than ``missing_data_hours`` hours without is an alarm, extended while it lasts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from ecopermit.core import clock
from ecopermit.monitoring import judge
from ecopermit.monitoring.models import Datalogger, Reading, ReadingKind
from ecopermit.monitoring.models_alarms import AlarmKind, AlarmStatistic, MonitoringSettings, Watermark
from ecopermit.registry import facade as registry

HOUR = dt.timedelta(hours=1)
UTC = dt.UTC
PH = "w01001"
# The lower pH bound of the discharge standards [GB 8978-1996 表4 and GB 18918-2002 表1: pH 6～9]. The
# inventory keeps one value per outlet, pollutant and statistic, so the permit's pH limit there is the
# upper bound (9); a pH value recorded there below 7 is read as a lower bound.
LOWER_BOUNDS = {PH: Decimal("6")}
DEFAULT_MINUTE_STEP = dt.timedelta(minutes=10)


def settings_now() -> MonitoringSettings:
    """The district's settings (unsaved defaults when the district has none)."""
    from ecopermit.core.selectors import current_district

    district = current_district()
    found = MonitoringSettings.objects.filter(district=district).first() if district else None
    return found or MonitoringSettings(district=district)


def floor_hour(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def judge_limits(refs: Iterable[registry.OutletLimitRef]) -> list[judge.Limit]:
    limits = []
    for r in refs:
        value = Decimal(r.value)
        kind = "min" if r.pollutant_code == PH and value < 7 else "max"
        limits.append(judge.Limit(r.pollutant_code, r.statistic, value, kind, r.valid_from, r.valid_to))
        if kind == "max" and r.pollutant_code in LOWER_BOUNDS:
            lower = LOWER_BOUNDS[r.pollutant_code]
            limits.append(judge.Limit(r.pollutant_code, r.statistic, lower, "min", r.valid_from, r.valid_to))
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
            ok = value is not None and judge.flag_is_valid(flag)
            mean = Decimal(repr(value)) if value is not None else None
            period = judge.PeriodResult(ok, mean if ok else None, int(ok), 1)
        else:
            samples = minutes.get(hour, [])
            if water and any(not judge.flag_is_valid(s.flag) for s in samples):
                period = judge.PeriodResult(False, None, 0, expected)
            else:
                period = judge.period_average(samples, hour, hour + HOUR, expected)
        result.append(judge.Average(pollutant, "hourly", hour, hour + HOUR, period))
        hour += HOUR
    return result


def daily_values(
    hourly: list[judge.Average],
    day_rows: dict[dt.date, tuple[float | None, str]],
    pollutant: str,
    first: dt.date,
    last: dt.date,
) -> list[judge.Average]:
    computed = {a.period_start: a for a in judge.daily_averages(hourly, pollutant, first, last)}
    result = []
    for start, average in sorted(computed.items()):
        sent = day_rows.get(judge.shanghai_day(start))
        if sent is not None:
            value, flag = sent
            ok = value is not None and judge.flag_is_valid(flag)
            period = judge.PeriodResult(ok, Decimal(repr(value)) if ok else None, int(ok), 1)
            average = judge.Average(pollutant, "daily", average.period_start, average.period_end, period)
        result.append(average)
    return result


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), judge.SHANGHAI).astimezone(UTC)


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
            found = _evaluate_outlet(outlets[outlet_id], refs, mark, horizon, since, cfg)
            for alarm in found:
                if services.alarm_record(**alarm):
                    counts["alarms"] += 1
            counts["outlets"] += 1
            counts["hours"] += mark.hours_judged  # type: ignore[attr-defined]
            counts["days"] += mark.days_judged  # type: ignore[attr-defined]
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
) -> list[dict[str, Any]]:
    mark.hours_judged = mark.days_judged = 0  # type: ignore[attr-defined]
    pollutants = sorted({r.pollutant_code for r in refs})
    names = {r.pollutant_code: r.pollutant_name for r in refs}
    units = {r.pollutant_code: r.unit for r in refs}
    limits = judge_limits(refs)
    readings = Reading.objects.filter(outlet_id=outlet.id, pollutant__in=pollutants)
    start = floor_hour(since) if since else mark.hourly_until
    if start is None:
        first = readings.filter(kind__in=(ReadingKind.HOUR, ReadingKind.MINUTE)).aggregate(t=Min("time"))["t"]
        logger = Datalogger.objects.filter(outlet_id=outlet.id, active=True).aggregate(
            t=Min("registered_at")
        )["t"]
        candidates = [t for t in (first, logger) if t is not None]
        if not candidates:
            return []
        start = floor_hour(min(candidates))
    if start >= horizon:
        return []
    # Days: every local day that ends by the horizon and was not judged yet.
    first_day = (judge.shanghai_day(since) if since else mark.daily_until) or judge.shanghai_day(start)
    last_day = judge.shanghai_day(horizon) - dt.timedelta(days=1)
    fetch_start = min(start, _local_midnight(first_day)) if first_day <= last_day else start
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
    for pollutant in pollutants:
        hourly = hourly_values(rows[pollutant], pollutant, fetch_start, horizon, water=water)
        judged = [a for a in hourly if a.period_start >= start]
        for e in judge.exceedances(judged, limits):
            found.append(_exceedance(base, e, names[pollutant], units[pollutant]))
        if first_day <= last_day:
            daily = daily_values(hourly, day_rows[pollutant], pollutant, first_day, last_day)
            for e in judge.exceedances(daily, limits):
                found.append(_exceedance(base, e, names[pollutant], units[pollutant]))
        found += _missing(outlet, pollutant, names[pollutant], present[pollutant], start, horizon, cfg)
    mark.hours_judged = round((horizon - start) / HOUR)  # type: ignore[attr-defined]
    if first_day <= last_day:
        mark.days_judged = (last_day - first_day).days + 1  # type: ignore[attr-defined]
        mark.daily_until = max(mark.daily_until or last_day, last_day + dt.timedelta(days=1))
    mark.hourly_until = max(mark.hourly_until or horizon, horizon)
    return found


def _exceedance(base: dict[str, Any], e: judge.Exceedance, name: str, unit: str) -> dict[str, Any]:
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
    }


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
