"""Management-ledger recording frequencies (管理台账, HJ 944-2018; issue 13 M5) and the periods that miss a record.

Pure: no database, no Django settings.

- ``data/ledger_frequencies.json``: the default frequency of each ledger category, as typically copied into permits
  from HJ 944 [S — the standard's text was not found here], and the bureau's monthly rule for a permit that names
  no frequency. **Not verified**: the permit's 副本 fixes the real frequency (``LedgerRequirement``).
- ``missing_periods``: given a frequency, a period (the watch's month) and the dates a category was recorded on,
  the days, weeks or months without a record. A week runs Monday to Sunday and belongs to the period its Sunday
  falls in (it may start before the period: dates before ``start`` then count, see ``window``); a month belongs
  to the period when its last day does. ``per_event`` (as it happens: per episode, batch or sampling) has no
  calendar period and is never missing.
- ``counts_for``: an abnormal-operation entry of a production or pollution-control facility also records that
  facility's operation on its day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "DATA_FILE",
    "FREQUENCIES",
    "PERIODIC",
    "CategoryDefault",
    "Defaults",
    "Period",
    "counts_for",
    "defaults",
    "missing_periods",
    "parse_defaults",
    "periods",
    "window",
]

DATA_FILE = "ledger_frequencies.json"
Frequency = Literal["daily", "weekly", "monthly", "per_event"]
FREQUENCIES: tuple[str, ...] = ("daily", "weekly", "monthly", "per_event")
PERIODIC: tuple[str, ...] = ("daily", "weekly", "monthly")

_ALSO_COUNTS = {
    "production": ("production_abnormal",),
    "treatment": ("treatment_abnormal",),
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class CategoryDefault:
    frequency: str
    tag: str  # S = secondary source, M = memory / inference (regulations-notes' tags)
    source: str


@dataclass(frozen=True)
class Defaults:
    categories: dict[str, CategoryDefault]
    facility_frequency: str
    facility_source: str


def counts_for(category: str) -> tuple[str, ...]:
    """The entry categories that satisfy a requirement of ``category``."""
    return (category, *_ALSO_COUNTS.get(category, ()))


def _check(frequency: str) -> None:
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown ledger frequency {frequency!r}")


def periods(frequency: str, start: dt.date, end: dt.date) -> list[Period]:
    """The calendar periods of ``frequency`` that belong to ``start``–``end`` (see the module docstring)."""
    _check(frequency)
    if end < start or frequency == "per_event":
        return []
    out: list[Period] = []
    if frequency == "daily":
        return [Period(d, d) for d in (start + dt.timedelta(days=i) for i in range((end - start).days + 1))]
    if frequency == "weekly":
        sunday = start + dt.timedelta(days=(6 - start.weekday()))
        while sunday <= end:
            out.append(Period(sunday - dt.timedelta(days=6), sunday))
            sunday += dt.timedelta(days=7)
        return out
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last > end:
            return out
        out.append(Period(dt.date(year, month, 1), last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def window(frequency: str, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day whose records can count for ``start``–``end`` (None: nothing is judged)."""
    found = periods(frequency, start, end)
    if not found:
        return None
    return found[0].start, found[-1].end


def missing_periods(frequency: str, start: dt.date, end: dt.date, dates: Iterable[dt.date]) -> list[Period]:
    """The periods of ``frequency`` belonging to ``start``–``end`` with no date in ``dates``, in order."""
    recorded = sorted(set(dates))
    out = []
    for period in periods(frequency, start, end):
        if not any(period.start <= d <= period.end for d in recorded):
            out.append(period)
    return out


def parse_defaults(data: dict[str, Any], categories: Iterable[str]) -> Defaults:
    """Reads the data file's content, refusing an unknown frequency or a category left out."""
    rows = data["categories"]
    wanted = set(categories)
    if set(rows) != wanted:
        raise ValueError(f"{DATA_FILE}: categories {sorted(set(rows) ^ wanted)} missing or unknown")
    out = {}
    for name, row in rows.items():
        _check(row["frequency"])
        if row["tag"] not in ("V", "S", "M") or not row["source"].strip():
            raise ValueError(f"{DATA_FILE}: {name} needs a tag (V/S/M) and a source")
        out[name] = CategoryDefault(row["frequency"], row["tag"], row["source"])
    facility = data["facility_default"]
    if facility["frequency"] not in PERIODIC:
        raise ValueError(f"{DATA_FILE}: facility_default must be a periodic frequency")
    return Defaults(out, facility["frequency"], facility["source"])


CATEGORIES = (
    "production",
    "production_abnormal",
    "treatment",
    "treatment_abnormal",
    "reagent",
    "monitoring",
    "other",
)  # the values of ``models.LedgerCategory`` (HJ 944 §4), checked by a test


@cache
def defaults() -> Defaults:
    text = resources.files("ecopermit.filings").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return parse_defaults(json.loads(text), CATEGORIES)
