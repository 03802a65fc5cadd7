"""Judging monitoring readings against an outlet's limits (issue 5, "Readings and judgement"; M2).

Pure: no database, no Django settings, no polars. Times must be timezone-aware datetimes; values are
numbers (``Decimal`` as the codec gives them, ``int`` or ``float`` are accepted too).

Rules and where they come from (``hj212-notes.md`` = /work/shared/reference/hj212-notes.md):

- A sample counts only when its data flag is ``N`` (工作正常) [notes §4, STD p.13 表8]. Every other flag
  in the table (F stopped, M maintenance, S manual set value, D fault, C calibration, T above the
  measuring range, B communication error) and any unknown flag (the table is extensible, ``U`` was
  seen) marks the sample as not valid.
- Flue gas: a period is valid when at least 75 % of its expected samples are valid [notes §4, STD
  p.41-42 notes under 表C.16-C.18]; issue 5 applies the same 75 % share to hourly and daily averages.
- Per-cent exceedance = (value − limit) / limit × 100 for a maximum limit, (limit − value) / limit × 100
  for a minimum limit such as pH's lower bound [issue 5]. A range (pH 6-9) is two limits.
- Missing data: expected hourly data absent for more than a configurable number of hours [issue 5].

Arithmetic is exact: means are taken over ``Fraction`` and rounded once to a 28-digit ``Decimal``, and
the percentage is computed exactly and rounded once. Rounding to nearest is monotone, so a mean of
samples all equal to the limit is the limit exactly (never an exceedance), and raising samples never
lowers a maximum-limit percentage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = timedelta(hours=1)

Statistic = Literal["hourly", "daily"]
LimitKind = Literal["max", "min"]
Number = Decimal | int | float

# [notes §4, STD p.13 表8]: only "N" (工作正常, normal) is valid data; the rest are abnormal states.
VALID_FLAGS = frozenset({"N"})
INVALID_FLAGS = frozenset({"F", "M", "S", "D", "C", "T", "B"})


def flag_is_valid(flag: str | None) -> bool:
    """Whether a sample with this ``-Flag`` counts toward averages [notes §4, STD p.13 表8].

    ``N`` is valid. F, M, S, D, C, T, B are not, nor is any unknown flag (the table is extensible).
    A missing flag (``None`` or empty: the device sent no ``-Flag`` field, as many 2005-era loggers do)
    is taken as normal: the standard defines no "no flag" state, and rejecting it would turn all data
    of such devices into missing data. Surrounding blanks are ignored; the case is not (field values
    are compared as sent, like field names [STD p.7 §6.3.3.2.1]).
    """
    if flag is None:
        return True
    flag = flag.strip()
    return flag == "" or flag in VALID_FLAGS


@dataclass(frozen=True, slots=True)
class Sample:
    time: datetime  # aware
    value: Number
    flag: str | None = "N"


@dataclass(frozen=True, slots=True)
class Limit:
    """One bound of an outlet's permit for a pollutant and statistic, valid on dates [valid_from, valid_to]."""

    pollutant: str
    statistic: Statistic
    value: Decimal
    kind: LimitKind
    valid_from: date
    valid_to: date | None = None  # inclusive; None = open-ended

    def __post_init__(self) -> None:
        if self.statistic not in ("hourly", "daily"):
            raise ValueError(f"statistic must be 'hourly' or 'daily', not {self.statistic!r}")
        if self.kind not in ("max", "min"):
            raise ValueError(f"kind must be 'max' or 'min', not {self.kind!r}")
        if not self.value > 0:
            raise ValueError("a limit must be positive: the per-cent exceedance divides by it")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class PeriodResult:
    valid: bool
    mean: Decimal | None  # mean of the valid samples; None when there are none
    valid_count: int
    expected_count: int


@dataclass(frozen=True, slots=True)
class Average:
    """An hourly or daily average of one pollutant; ``period_start`` is aware (UTC for hours, Shanghai
    midnight for days)."""

    pollutant: str
    statistic: Statistic
    period_start: datetime
    period_end: datetime
    result: PeriodResult

    @property
    def valid(self) -> bool:
        return self.result.valid

    @property
    def mean(self) -> Decimal | None:
        return self.result.mean


@dataclass(frozen=True, slots=True)
class Exceedance:
    period_start: datetime
    statistic: Statistic
    value: Decimal  # the average
    limit: Limit  # carries pollutant, kind and the limit value
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Gap:
    start: datetime  # first missing hour
    end: datetime  # end of the last missing hour (exclusive)
    hours: int


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment


def _hour_aligned(moment: datetime, name: str) -> datetime:
    moment = _aware(moment, name).astimezone(UTC)
    if moment != moment.replace(minute=0, second=0, microsecond=0):
        raise ValueError(f"{name} must be on a whole hour")
    return moment


def _to_decimal(value: Fraction) -> Decimal:
    """Round an exact fraction once, to nearest, at the context precision (28 digits)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _share(min_valid_share: Number | Fraction) -> Fraction:
    # Through str so that 0.75 or 0.7 given as a float mean exactly 3/4 or 7/10.
    share = Fraction(str(min_valid_share))
    if not 0 <= share <= 1:
        raise ValueError("min_valid_share must be between 0 and 1")
    return share


def period_average(
    samples: Iterable[Sample],
    start: datetime,
    end: datetime,
    expected_count: int,
    min_valid_share: Number = 0.75,
) -> PeriodResult:
    """Average of the valid samples with ``start <= time < end``.

    The period is valid when ``valid_count >= min_valid_share × expected_count`` (flue gas: 75 %
    [notes §4]) and there is at least one valid sample. Invalid samples are left out of the mean.
    """
    start, end = _aware(start, "start"), _aware(end, "end")
    if expected_count < 0:
        raise ValueError("expected_count must not be negative")
    share = _share(min_valid_share)
    values = [
        Fraction(s.value)
        for s in samples
        if start <= _aware(s.time, "sample time") < end and flag_is_valid(s.flag)
    ]
    count = len(values)
    mean = _to_decimal(sum(values, Fraction(0)) / count) if count else None
    valid = count > 0 and count >= share * expected_count
    return PeriodResult(valid=valid, mean=mean, valid_count=count, expected_count=expected_count)


def hourly_averages(
    samples: Iterable[Sample],
    pollutant: str,
    window_start: datetime,
    window_end: datetime,
    expected_per_hour: int,
    min_valid_share: Number = 0.75,
) -> list[Average]:
    """One average per whole hour in ``[window_start, window_end)``; both bounds on whole hours.

    ``expected_per_hour`` follows the data's interval, e.g. 6 for 10-minute data (``MinInterval``) or
    120 for 30-second real-time data (``RtdInterval``) [notes §1].
    """
    first = _hour_aligned(window_start, "window_start")
    last = _hour_aligned(window_end, "window_end")
    by_hour: dict[datetime, list[Sample]] = {}
    for sample in samples:
        moment = _aware(sample.time, "sample time").astimezone(UTC)
        by_hour.setdefault(moment.replace(minute=0, second=0, microsecond=0), []).append(sample)
    result = []
    hour = first
    while hour < last:
        period = period_average(by_hour.get(hour, ()), hour, hour + HOUR, expected_per_hour, min_valid_share)
        result.append(Average(pollutant, "hourly", hour, hour + HOUR, period))
        hour += HOUR
    return result


def shanghai_day(moment: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware instant."""
    return _aware(moment, "moment").astimezone(SHANGHAI).date()


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), SHANGHAI)
    end = datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)
    return start, end


def daily_averages(
    hourly: Iterable[Average],
    pollutant: str,
    first_day: date,
    last_day: date,
    min_valid_share: Number = 0.75,
) -> list[Average]:
    """One average per Asia/Shanghai calendar day from ``first_day`` to ``last_day`` inclusive.

    A day runs from local midnight (16:00 UTC the day before) to the next. Its samples are the valid
    hourly averages of ``pollutant`` that start in it, each weighing the same; the expected count is the
    day's length in hours (24; the zone database knows the 1986-1991 daylight-saving days). The day is
    valid with ``min_valid_share`` of them (75 %: 18 of 24) [issue 5, notes §4].
    """
    hours = [
        Sample(a.period_start, a.mean, "N")
        for a in hourly
        if a.pollutant == pollutant and a.statistic == "hourly" and a.valid and a.mean is not None
    ]
    result = []
    day = first_day
    while day <= last_day:
        start, end = _day_bounds(day)
        expected = round((end.astimezone(UTC) - start.astimezone(UTC)) / HOUR)
        period = period_average(hours, start, end, expected, min_valid_share)
        result.append(Average(pollutant, "daily", start, end, period))
        day += timedelta(days=1)
    return result


def limit_for(limits: Iterable[Limit], pollutant: str, statistic: str, kind: str, day: date) -> Limit | None:
    """The limit of that pollutant, statistic and kind valid on ``day``.

    If several overlap, the one that took effect last (latest ``valid_from``) wins: a new permit or
    standard supersedes the old one from its date.
    """
    matching = [
        lim
        for lim in limits
        if lim.pollutant == pollutant
        and lim.statistic == statistic
        and lim.kind == kind
        and lim.applies_on(day)
    ]
    return max(matching, key=lambda lim: lim.valid_from, default=None)


def percent_over(value: Decimal, limit: Limit) -> Decimal:
    """(value − limit) / limit × 100 for a maximum, (limit − value) / limit × 100 for a minimum [issue 5].

    Positive means exceeded. Computed exactly and rounded once.
    """
    v, lim = Fraction(value), Fraction(limit.value)
    over = (v - lim) if limit.kind == "max" else (lim - v)
    return _to_decimal(over / lim * 100)


def exceedances(averages: Iterable[Average], limits: Sequence[Limit]) -> list[Exceedance]:
    """Valid averages beyond the limit valid on their (Asia/Shanghai) date, one per exceeded bound.

    Invalid periods never count [issue 5: only valid data]. A value equal to the limit is not an
    exceedance. The date of an hour is the local date of its start.
    """
    found = []
    for avg in averages:
        if not avg.valid or avg.mean is None:
            continue
        day = shanghai_day(avg.period_start)
        for kind in ("max", "min"):
            limit = limit_for(limits, avg.pollutant, avg.statistic, kind, day)
            if limit is None:
                continue
            percent = percent_over(avg.mean, limit)
            if percent > 0:
                found.append(Exceedance(avg.period_start, avg.statistic, avg.mean, limit, percent))
    return found


def missing_data(
    hour_starts_present: Iterable[datetime],
    window_start: datetime,
    window_end: datetime,
    max_gap_hours: int,
) -> list[Gap]:
    """Runs of consecutive expected hours in ``[window_start, window_end)`` with no hourly data, longer
    than ``max_gap_hours`` [issue 5: "absent for more than a configurable number of hours"].

    A run of exactly ``max_gap_hours`` is not reported; one hour more is. Present times are floored to
    their hour. Whether an hour with only invalid data counts as present is the caller's choice.
    """
    first = _hour_aligned(window_start, "window_start")
    last = _hour_aligned(window_end, "window_end")
    if max_gap_hours < 0:
        raise ValueError("max_gap_hours must not be negative")
    present = {
        _aware(t, "hour start").astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        for t in hour_starts_present
    }
    gaps = []
    run_start: datetime | None = None
    hour = first
    while hour <= last:
        missing = hour < last and hour not in present
        if missing and run_start is None:
            run_start = hour
        elif not missing and run_start is not None:
            length = round((hour - run_start) / HOUR)
            if length > max_gap_hours:
                gaps.append(Gap(run_start, hour, length))
            run_start = None
        hour += HOUR
    return gaps
