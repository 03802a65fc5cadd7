"""Self-monitoring (自行监测) frequencies and the sampling periods with a result missing (issue 13, M3).

Pure: no database, no Django settings. Sources (``shared/reference/regulations-notes.md``):

- 《排污许可管理条例》 Art. 19 [V]: the holder monitors its discharges per the permit and keeps the original records
  at least 5 years (``retention``); Art. 20 [V]: 重点管理 units install automatic monitoring; Art. 36(5) [V]: no
  self-monitoring plan, or monitoring not carried out → 2万–20万元. A sampling period without a result is that
  finding.
- HJ 819-2017 [notes §4]: its frequency tables were **not found** in any source; the minimum-frequency ranges in
  the notes are remembered [M]. So the default frequencies are an editable table,
  ``data/self_monitoring_frequencies.json``, keyed by management class (``key``/``simplified``), medium
  (``gas``/``water``), outlet (``main``/``general``) and indicator (``main``/``other``), with the warning "not
  verified against HJ 819; edit per the permit" in the file (``FrequencyTable.warning``: show it wherever a default
  is used). Where the notes give a range the less frequent end is shipped, so a missing-result finding never rests
  on a frequency stricter than the standard's minimum. The permit's own frequency replaces the default.
- Automatic monitoring replaces manual sampling for its pollutants (HJ 819 as remembered; a real permit,
  chngreenchain.com Id=133554 [S]): an automatically monitored line needs no manual result in any period.
  Manual sampling as the fallback while the automatic monitor fails is not decided here (the permit names how).

Sampling periods (decisions, issue 13): calendar periods — a day, a month, a quarter, a half-year (January–June,
July–December), a year. A period needs a result when the plan was in force on every day of it; a period the plan
only partly covers (the permit began or ended inside it) is ``partial``: a result in it counts, none is not a
finding — the standard's frequency is per whole period, and a stub rule would be invented. A period is judged on
``as_of``: it is ``missing`` only once it has ended (``as_of`` after its last day); before that, without a result,
it is ``open``. A result counts for the period its sampling date falls in; one result per period is enough.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

__all__ = [
    "ARTICLE_MISSING",
    "FREQUENCIES",
    "FrequencyRow",
    "FrequencyTable",
    "PeriodStatus",
    "frequency_table",
    "missing_periods",
    "sampling_periods",
    "sampling_status",
]

Frequency = Literal["daily", "monthly", "quarterly", "half-yearly", "yearly"]
FREQUENCIES: tuple[Frequency, ...] = ("daily", "monthly", "quarterly", "half-yearly", "yearly")
_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
CLASSES = ("key", "simplified")
MEDIA = ("gas", "water")
OUTLETS = ("main", "general")
INDICATORS = ("main", "other")
DATA_FILE = "self_monitoring_frequencies.json"
ARTICLE_MISSING = "《排污许可管理条例》第三十六条第（五）项"

Status = Literal["met", "missing", "open", "partial", "automatic"]


@dataclass(frozen=True)
class FrequencyRow:
    management_class: str
    medium: str
    outlet: str
    indicator: str
    frequency: Frequency
    range_remembered: str
    source: str


@dataclass(frozen=True)
class FrequencyTable:
    rows: tuple[FrequencyRow, ...]
    warning: str

    def lookup(self, management_class: str, medium: str, outlet: str, indicator: str) -> FrequencyRow:
        """The default frequency row; ``KeyError`` naming the key when the table has none."""
        key = (management_class, medium, outlet, indicator)
        for row in self.rows:
            if (row.management_class, row.medium, row.outlet, row.indicator) == key:
                return row
        raise KeyError(f"{DATA_FILE} has no row for class/medium/outlet/indicator {key}")


def _check(name: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"{DATA_FILE}: {name} {value!r} is not one of {', '.join(allowed)}")
    return value


def frequency_table(data: Mapping[str, Any] | None = None) -> FrequencyTable:
    """The table from ``data`` (the JSON file's shape, e.g. the bureau's edited copy) or the package default."""
    if data is None:
        return _default_table()
    if not str(data.get("warning", "")).strip():
        raise ValueError(f"{DATA_FILE}: the warning field (not verified against HJ 819) must stay")
    rows = []
    seen: set[tuple[str, str, str, str]] = set()
    for raw in data["rows"]:
        row = FrequencyRow(
            _check("management_class", raw["management_class"], CLASSES),
            _check("medium", raw["medium"], MEDIA),
            _check("outlet", raw["outlet"], OUTLETS),
            _check("indicator", raw["indicator"], INDICATORS),
            _check("frequency", raw["frequency"], FREQUENCIES),  # type: ignore[arg-type]
            str(raw.get("range_remembered", "")),
            str(raw["source"]),
        )
        key = (row.management_class, row.medium, row.outlet, row.indicator)
        if key in seen:
            raise ValueError(f"{DATA_FILE}: two rows for {key}")
        seen.add(key)
        rows.append(row)
    return FrequencyTable(tuple(rows), str(data["warning"]))


@functools.cache
def _default_table() -> FrequencyTable:
    text = resources.files("ecopermit.filings").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return frequency_table(json.loads(text))


def sampling_periods(frequency: str, year: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """The calendar sampling periods of ``year`` for ``frequency`` (first and last day, both included)."""
    if frequency == "daily":
        first = dt.date(year, 1, 1)
        return tuple(
            (first + dt.timedelta(days=i),) * 2 for i in range((dt.date(year + 1, 1, 1) - first).days)
        )
    if frequency not in _MONTHS:
        raise ValueError(f"unknown sampling frequency {frequency!r} (known: {', '.join(FREQUENCIES)})")
    step = _MONTHS[frequency]
    out = []
    for m in range(1, 13, step):
        last = m + step - 1
        out.append((dt.date(year, m, 1), dt.date(year, last, calendar.monthrange(year, last)[1])))
    return tuple(out)


@dataclass(frozen=True)
class PeriodStatus:
    start: dt.date
    end: dt.date
    status: Status
    results: tuple[dt.date, ...]  # the sampling dates that fall in the period
    article: str | None  # the article a missing period is a finding under

    @property
    def is_finding(self) -> bool:
        return self.status == "missing"


def sampling_status(
    frequency: str,
    year: int,
    result_dates: Iterable[dt.date],
    *,
    as_of: dt.date,
    in_force_from: dt.date,
    in_force_until: dt.date | None = None,
    automatic: bool = False,
) -> list[PeriodStatus]:
    """Each sampling period of ``year`` the plan touches, with its status on ``as_of`` (see the module docstring).

    ``in_force_from``/``in_force_until``: the first and last day the plan line was in force (the permit's span,
    both included; ``None`` = still in force). ``automatic``: the pollutant is monitored automatically, so no
    period needs a manual result."""
    if in_force_until is not None and in_force_until < in_force_from:
        raise ValueError(f"in_force_until {in_force_until} is before in_force_from {in_force_from}")
    dates = sorted(set(result_dates))
    out = []
    for start, end in sampling_periods(frequency, year):
        if end < in_force_from or (in_force_until is not None and start > in_force_until):
            continue
        found = tuple(d for d in dates if start <= d <= end)
        whole = in_force_from <= start and (in_force_until is None or end <= in_force_until)
        status: Status
        if automatic:
            status = "automatic"
        elif found:
            status = "met"
        elif not whole:
            status = "partial"
        elif as_of > end:
            status = "missing"
        else:
            status = "open"
        out.append(PeriodStatus(start, end, status, found, ARTICLE_MISSING if status == "missing" else None))
    return out


def missing_periods(
    frequency: str,
    year: int,
    result_dates: Iterable[dt.date],
    *,
    as_of: dt.date,
    in_force_from: dt.date,
    in_force_until: dt.date | None = None,
    automatic: bool = False,
) -> list[PeriodStatus]:
    """Only the periods whose missing result is a finding (条例 Art. 36(5))."""
    return [
        p
        for p in sampling_status(
            frequency,
            year,
            result_dates,
            as_of=as_of,
            in_force_from=in_force_from,
            in_force_until=in_force_until,
            automatic=automatic,
        )
        if p.is_finding
    ]
