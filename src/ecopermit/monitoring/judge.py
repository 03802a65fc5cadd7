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
- Over range (issue 10): a sample flagged ``T`` (超测上限) is above the instrument's range, so the value it
  carries (the range's upper value or the last value measured) is a lower bound of the truth. It is evidence
  of an exceedance: it counts toward the period (share and mean) and marks it ``over_range``. It is judged
  against maximum limits only (a lower bound says nothing about falling under a minimum); an over-range
  period that stays within the maximum neither proves compliance nor an exceedance: it is abnormal.
- Converted values (折算, issue 10): flue-gas limits of boilers and furnaces are set on the concentration at
  the reference oxygen content. A limit with ``converted`` is judged on the converted series: the logger's
  ``-ZsAvg`` when it sent one, otherwise ``convert_to_reference`` from the measured value and the hour's O2
  (``a19001``) [GB 13271-2014 §5.2; HJ 75-2017]. Without a usable O2 (missing, flagged, negative or ≥ 21 %)
  there is no converted value: the hour is abnormal (a ``ConversionFailure``), never a silent pass.

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
Basis = Literal["measured", "converted"]
Number = Decimal | int | float

# [notes §4, STD p.13 表8]: only "N" (工作正常, normal) is valid data; the rest are abnormal states.
VALID_FLAGS = frozenset({"N"})
INVALID_FLAGS = frozenset({"F", "M", "S", "D", "C", "T", "B"})
# T (超测上限): above the measuring range; evidence of an exceedance (issue 10), not a normal sample.
OVER_RANGE_FLAG = "T"
O2 = "a19001"  # 氧气含量 (%) [notes §5, STD 表B.2]
AIR_O2 = Fraction(21)  # the O2 content of air (%) in the conversion formula


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


def flag_is_over_range(flag: str | None) -> bool:
    """Whether the sample is flagged ``T``: above the measuring range (超测上限) [notes §4]."""
    return flag is not None and flag.strip() == OVER_RANGE_FLAG


def flag_counts(flag: str | None) -> bool:
    """Whether a sample counts toward a period: valid (``N``), or over range (``T``, as evidence; issue 10)."""
    return flag_is_valid(flag) or flag_is_over_range(flag)


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
    # On the concentration converted to the reference O2 (折算, GB 13271-2014 §5.2), or on the measured one.
    converted: bool = False
    reference_o2: Decimal | None = None  # % O2; required when converted

    @property
    def basis(self) -> Basis:
        return "converted" if self.converted else "measured"

    def __post_init__(self) -> None:
        if self.statistic not in ("hourly", "daily"):
            raise ValueError(f"statistic must be 'hourly' or 'daily', not {self.statistic!r}")
        if self.kind not in ("max", "min"):
            raise ValueError(f"kind must be 'max' or 'min', not {self.kind!r}")
        if not self.value > 0:
            raise ValueError("a limit must be positive: the per-cent exceedance divides by it")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        if self.converted and (self.reference_o2 is None or not 0 <= self.reference_o2 < AIR_O2):
            raise ValueError("a converted limit needs its reference O2 content, at least 0 and under 21 %")

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class PeriodResult:
    valid: bool
    mean: Decimal | None  # mean of the valid samples; None when there are none
    valid_count: int
    expected_count: int
    over_range: bool = False  # a sample flagged T counted: the mean is a lower bound of the truth


@dataclass(frozen=True, slots=True)
class Average:
    """An hourly or daily average of one pollutant; ``period_start`` is aware (UTC for hours, Shanghai
    midnight for days). ``basis``: of the measured concentration or of the one converted to the reference O2."""

    pollutant: str
    statistic: Statistic
    period_start: datetime
    period_end: datetime
    result: PeriodResult
    basis: Basis = "measured"

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
    limit: Limit  # carries pollutant, kind, the limit value and its basis
    percent: Decimal
    over_range: bool = False  # the average counted samples above the measuring range (flag T)

    @property
    def basis(self) -> Basis:
        return self.limit.basis


@dataclass(frozen=True, slots=True)
class ConversionFailure:
    """An hour whose measured value is valid but cannot be converted to the reference O2 (abnormal)."""

    period_start: datetime
    reason: Literal["o2_missing", "o2_flagged", "o2_out_of_range"]


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
    """Average of the counting samples with ``start <= time < end``: valid ones and those over range (T).

    The period is valid when ``valid_count >= min_valid_share × expected_count`` (flue gas: 75 %
    [notes §4]) and there is at least one counting sample. Other samples are left out of the mean. A sample
    over range counts as evidence (issue 10) and marks the period ``over_range``.
    """
    start, end = _aware(start, "start"), _aware(end, "end")
    if expected_count < 0:
        raise ValueError("expected_count must not be negative")
    share = _share(min_valid_share)
    kept = [s for s in samples if start <= _aware(s.time, "sample time") < end and flag_counts(s.flag)]
    values = [Fraction(s.value) for s in kept]
    count = len(values)
    mean = _to_decimal(sum(values, Fraction(0)) / count) if count else None
    valid = count > 0 and count >= share * expected_count
    over = any(flag_is_over_range(s.flag) for s in kept)
    return PeriodResult(valid, mean, count, expected_count, over)


def upload_average(
    pollutant: str, start: datetime, value: Number | None, flag: str | None, basis: Basis = "measured"
) -> Average:
    """The hour's average as the device computed it (CN 2061 ``-Avg`` or ``-ZsAvg``) with its flag: it
    counts when the flag is valid or over range (``flag_counts``)."""
    start = _hour_aligned(start, "start")
    ok = value is not None and flag_counts(flag)
    # A float (as the database stores it) through its shortest repr, so 0.1 means 0.1.
    mean = (
        (Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
        if value is not None and ok
        else None
    )
    result = PeriodResult(ok, mean, int(ok), 1, ok and flag_is_over_range(flag))
    return Average(pollutant, "hourly", start, start + HOUR, result, basis)


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
    basis: Basis = "measured",
) -> list[Average]:
    """One average per Asia/Shanghai calendar day from ``first_day`` to ``last_day`` inclusive.

    A day runs from local midnight (16:00 UTC the day before) to the next. Its samples are the valid
    hourly averages of ``pollutant`` that start in it, each weighing the same; the expected count is the
    day's length in hours (24; the zone database knows the 1986-1991 daylight-saving days). The day is
    valid with ``min_valid_share`` of them (75 %: 18 of 24) [issue 5, notes §4]. Hours of the other basis
    are left out; an hour over range makes the day over range.
    """
    hours = [
        Sample(a.period_start, a.mean, OVER_RANGE_FLAG if a.result.over_range else "N")
        for a in hourly
        if a.pollutant == pollutant
        and a.statistic == "hourly"
        and a.basis == basis
        and a.valid
        and a.mean is not None
    ]
    result = []
    day = first_day
    while day <= last_day:
        start, end = _day_bounds(day)
        expected = round((end.astimezone(UTC) - start.astimezone(UTC)) / HOUR)
        period = period_average(hours, start, end, expected, min_valid_share)
        result.append(Average(pollutant, "daily", start, end, period, basis))
        day += timedelta(days=1)
    return result


def limit_for(
    limits: Iterable[Limit],
    pollutant: str,
    statistic: str,
    kind: str,
    day: date,
    basis: Basis | None = None,
) -> Limit | None:
    """The limit of that pollutant, statistic and kind (and basis, when given) valid on ``day``.

    If several overlap, the one that took effect last (latest ``valid_from``) wins: a new permit or
    standard supersedes the old one from its date.
    """
    matching = [
        lim
        for lim in limits
        if lim.pollutant == pollutant
        and lim.statistic == statistic
        and lim.kind == kind
        and (basis is None or lim.basis == basis)
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
    """Valid averages beyond the limit of their basis valid on their (Asia/Shanghai) date, one per exceeded
    bound: a measured average against measured limits, a converted one against converted limits.

    Invalid periods never count [issue 5: only valid data]. A value equal to the limit is not an
    exceedance. The date of an hour is the local date of its start. An average over range is judged against
    the maximum only (its mean is a lower bound).
    """
    found = []
    for avg in averages:
        if not avg.valid or avg.mean is None:
            continue
        day = shanghai_day(avg.period_start)
        over = avg.result.over_range
        for kind in ("max",) if over else ("max", "min"):
            limit = limit_for(limits, avg.pollutant, avg.statistic, kind, day, avg.basis)
            if limit is None:
                continue
            percent = percent_over(avg.mean, limit)
            if percent > 0:
                found.append(Exceedance(avg.period_start, avg.statistic, avg.mean, limit, percent, over))
    return found


# --- converted values (折算) ---------------------------------------------------------------------------


def convert_to_reference(measured: Number, o2: Number, reference_o2: Number) -> Decimal | None:
    """The concentration at the reference oxygen content, or None when ``o2`` cannot be used.

    GB 13271-2014 §5.2 (the same formula in HJ 75-2017 and the furnace standards, e.g. GB 39726-2020 §4.6):
    ``ρ = ρ' × (21 − φ(O2)) / (21 − φ'(O2))``, with ρ the concentration at the reference O2 content
    φ(O2) and ρ' the one measured at the measured O2 content φ'(O2), in %. An O2 content that is negative
    or at least 21 % (that of air: the formula divides by zero or turns the sign) is no measurement of flue
    gas: None, and the caller treats the hour as abnormal. Exact, rounded once.
    """
    o2_f, ref = Fraction(str(o2)), Fraction(str(reference_o2))
    if not 0 <= o2_f < AIR_O2 or not 0 <= ref < AIR_O2:
        return None
    return _to_decimal(Fraction(str(measured)) * (AIR_O2 - ref) / (AIR_O2 - o2_f))


def converted_averages(
    measured: Iterable[Average],
    sent: Iterable[Average],
    o2: Iterable[Average],
    reference_o2: Number,
) -> tuple[list[Average], list[ConversionFailure]]:
    """The converted hourly series of one pollutant, hour by hour of ``measured``.

    - the logger sent a converted value (``-ZsAvg``, in ``sent``) for the hour: that one, as sent, with its
      own flag (the logger converts each sample, which is what HJ 75 prescribes);
    - otherwise a valid measured hour and a valid O2 hour (flag ``N``; an O2 over range is no usable
      value) convert by ``convert_to_reference`` (hourly means: the hour's mean concentration at the hour's
      mean O2); over range carries over;
    - a valid measured hour without a usable O2 gives an invalid converted hour and a ``ConversionFailure``
      (abnormal: the limit cannot be judged; never a silent pass);
    - an invalid or empty measured hour gives an invalid converted hour (missing or flagged data is found
      by its own rules).
    Hours only in ``sent`` are kept too.
    """
    by_sent = {a.period_start: a for a in sent if a.statistic == "hourly"}
    by_o2 = {a.period_start: a for a in o2 if a.statistic == "hourly"}
    out: list[Average] = []
    failures: list[ConversionFailure] = []
    seen: set[datetime] = set()
    for m in measured:
        if m.statistic != "hourly":
            continue
        seen.add(m.period_start)
        z = by_sent.get(m.period_start)
        if z is not None:
            out.append(Average(m.pollutant, "hourly", z.period_start, z.period_end, z.result, "converted"))
            continue
        result = PeriodResult(False, None, 0, m.result.expected_count)
        if m.valid and m.mean is not None:
            ox = by_o2.get(m.period_start)
            if ox is None:
                failures.append(ConversionFailure(m.period_start, "o2_missing"))
            elif not ox.valid or ox.mean is None or ox.result.over_range:
                failures.append(ConversionFailure(m.period_start, "o2_flagged"))
            else:
                value = convert_to_reference(m.mean, ox.mean, reference_o2)
                if value is None:
                    failures.append(ConversionFailure(m.period_start, "o2_out_of_range"))
                else:
                    r = m.result
                    result = PeriodResult(True, value, r.valid_count, r.expected_count, r.over_range)
        out.append(Average(m.pollutant, "hourly", m.period_start, m.period_end, result, "converted"))
    for start, z in sorted(by_sent.items()):
        if start not in seen:
            out.append(Average(z.pollutant, "hourly", start, z.period_end, z.result, "converted"))
    out.sort(key=lambda a: a.period_start)
    return out, failures


# --- one hour's verdict (``ecopermit monitoring judge``) ------------------------------------------------

Verdict = Literal["ok", "exceedance", "abnormal", "missing"]


@dataclass(frozen=True, slots=True)
class HourVerdict:
    verdict: Verdict
    value: Decimal | None  # the value judged (converted or measured, per the limit's basis)
    basis: Basis
    reason: str = ""  # for abnormal and missing hours: why


def hour_verdict(
    average: Average | None, limit: Limit, failure: ConversionFailure | None = None
) -> HourVerdict:
    """The verdict of one hour of one pollutant against one limit of the average's basis.

    missing: nothing was sent; abnormal: sent, but with a flag that does not count, or not convertible, or
    over range yet within the maximum (neither compliance nor an exceedance is shown); exceedance: beyond
    the limit (an over-range value beyond the maximum included); ok otherwise.
    """
    basis = limit.basis
    if failure is not None:
        return HourVerdict("abnormal", None, basis, failure.reason)
    if average is None:
        return HourVerdict("missing", None, basis, "not_sent")
    if not average.valid or average.mean is None:
        return HourVerdict("abnormal", average.mean, basis, "flag")
    over = average.result.over_range
    if over and limit.kind == "min":
        return HourVerdict("abnormal", average.mean, basis, "over_range")
    if percent_over(average.mean, limit) > 0:
        return HourVerdict("exceedance", average.mean, basis)
    if over:
        return HourVerdict("abnormal", average.mean, basis, "over_range_within_limit")
    return HourVerdict("ok", average.mean, basis)


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
