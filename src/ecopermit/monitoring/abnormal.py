"""Abnormal data (数据异常, issue 10; M2): findings of their own, distinct from missing data and exceedances.

Pure: no database. The national and provincial 自动监控 platforms report 数据异常 besides 超标 and 缺失; the
rules here are the ones the issue names, with thresholds from ``MonitoringSettings`` (defaults below; per
district, documented in docs/monitoring.md, "Abnormal data"):

- ``flags``: every reading of the pollutant in each hour of a run carries an abnormal flag (anything but
  ``N`` or no flag: F stopped, M maintenance, S set value, D fault, C calibration, T over range, B
  communication [hj212-notes §4, STD p.13 表8]) for more than ``abnormal_flag_hours`` (6) hours. An hour
  without any reading is missing data (its own rule), and it ends the run. A maintenance or shutdown
  covered by an accepted declaration stays explained: the alarm is recorded as explained (``services``).
- ``constant`` (恒值): the same valid hourly value, not zero, for more than ``constant_value_hours`` (6) hours
  in a row: a live instrument never repeats itself to the last digit for hours.
- ``zero``: a valid hourly value of exactly 0 while production runs (a production power meter above its
  threshold or a flue-gas/wastewater flow above zero in that hour) for more than ``zero_value_hours`` (4)
  hours in a row. Zero while nothing is produced is no finding (a stopped plant emits nothing).
- ``no_o2``: a limit on the converted value (折算) cannot be judged because the hour has no usable O2
  content (missing, flagged, negative or ≥ 21 %; ``judge.converted_averages``). Found from the first hour:
  an exceedance that cannot be judged must not pass silently for hours.
A run of exactly the threshold is not reported; one hour more is (as for missing data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from ecopermit.monitoring.judge import HOUR, flag_is_valid

Reason = Literal["flags", "constant", "zero", "no_o2"]


@dataclass(frozen=True, slots=True)
class HourState:
    """What one hour of one pollutant looked like: the flags of its readings (the hourly upload's, else those
    of its minute data), its value when it counts (valid), and whether production ran (None: not known)."""

    start: datetime
    flags: tuple[str, ...]
    value: Decimal | None
    producing: bool | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    reason: Reason
    start: datetime
    end: datetime  # exclusive
    hours: int
    detail: str = ""  # the flags seen, or the constant value


def _runs(
    hours: Sequence[HourState], member: Callable[[list[HourState], HourState], bool]
) -> list[list[HourState]]:
    """Maximal runs of consecutive hours (no gap in time) for which ``member(previous_run, hour)`` holds."""
    runs: list[list[HourState]] = []
    current: list[HourState] = []
    for hour in sorted(hours, key=lambda h: h.start):
        joins = bool(current) and hour.start == current[-1].start + HOUR and member(current, hour)
        if joins:
            current.append(hour)
            continue
        if current:
            runs.append(current)
        current = [hour] if member([], hour) else []
    if current:
        runs.append(current)
    return runs


def _finding(reason: Reason, run: list[HourState], detail: str = "") -> Finding:
    return Finding(reason, run[0].start, run[-1].start + HOUR, len(run), detail)


def only_abnormal_flags(hours: Iterable[HourState], max_hours: int) -> list[Finding]:
    """Runs of hours whose readings all carry abnormal flags, longer than ``max_hours``."""

    def member(_run: list[HourState], h: HourState) -> bool:
        return bool(h.flags) and not any(flag_is_valid(f) for f in h.flags)

    found = []
    for run in _runs(list(hours), member):
        if len(run) > max_hours:
            seen = sorted({f.strip() for h in run for f in h.flags})
            found.append(_finding("flags", run, ",".join(seen)))
    return found


def constant_value(hours: Iterable[HourState], max_hours: int) -> list[Finding]:
    """Runs of the same non-zero valid value, longer than ``max_hours`` (恒值)."""

    def member(run: list[HourState], h: HourState) -> bool:
        if h.value is None or h.value == 0:
            return False
        return not run or run[0].value == h.value

    found = []
    for run in _runs(list(hours), member):
        if len(run) > max_hours:
            value = run[0].value
            assert value is not None  # member() admits only hours with a value
            found.append(_finding("constant", run, f"{value.normalize():f}"))
    return found


def zero_while_producing(hours: Iterable[HourState], max_hours: int) -> list[Finding]:
    """Runs of valid zeros while production runs, longer than ``max_hours``."""

    def member(_run: list[HourState], h: HourState) -> bool:
        return h.value is not None and h.value == 0 and h.producing is True

    return [_finding("zero", run, "0") for run in _runs(list(hours), member) if len(run) > max_hours]


def conversion_failures(starts: Iterable[datetime]) -> list[Finding]:
    """Runs of hours that could not be converted to the reference O2; every run is a finding."""
    ordered = sorted(set(starts))
    found: list[Finding] = []
    run_start: datetime | None = None
    previous: datetime | None = None
    for start in [*ordered, None]:
        if start is not None and previous is not None and start == previous + HOUR:
            previous = start
            continue
        if run_start is not None and previous is not None:
            hours = round((previous + HOUR - run_start) / timedelta(hours=1))
            found.append(Finding("no_o2", run_start, previous + HOUR, hours))
        run_start = previous = start
    return found
