"""A facility's compliance history by quarter, ECHO-style (issue 13, "Compliance history").

Pure: no database, no Django settings. Each quarter is "none" (no violation), "violation" or "significant",
decided by the problems found in it and the rectification deadlines that passed in it (``Event``), with the
definition in ``data/compliance_history.json`` — a **bureau default modelled on US EPA ECHO, not law**:

- an event belongs to a group by its kind (exceedances and alarms, reporting, monitoring, abnormal data, overdue
  rectification; any other kind is "other"); a quarter with any event is a violation;
- it is significant when one of its events has a significant category (不能达标类), kind (untrue report) or group
  (overdue rectification), or when the same group has events in ``consecutive_quarters`` consecutive quarters
  (the quarter that completes the run and those after it while it lasts);
- a quarter's status is the worst of its events' (ECHO: S beats V beats _).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

__all__ = [
    "DATA_FILE",
    "Definition",
    "Event",
    "Quarter",
    "QuarterStatus",
    "definition",
    "judge_quarters",
    "last_quarters",
    "quarter_of",
]

DATA_FILE = "compliance_history.json"
Status = Literal["none", "violation", "significant"]


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is 1–4, not {self.number}")

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def last_quarters(today: dt.date, count: int = 12) -> list[Quarter]:
    """``count`` quarters, oldest first, ending with the one ``today`` is in."""
    if count < 1:
        raise ValueError("at least one quarter")
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


@dataclass(frozen=True)
class Definition:
    group_of_kind: Mapping[str, str]
    groups: tuple[str, ...]  # in the file's order, "other" last
    other_group: str
    significant_categories: frozenset[str]
    significant_kinds: frozenset[str]
    significant_groups: frozenset[str]
    consecutive_quarters: int  # 0: no run rule
    quarters: int
    source: str

    def group(self, kind: str) -> str:
        return self.group_of_kind.get(kind, self.other_group)


def definition(data: Mapping[str, Any] | None = None) -> Definition:
    """The definition from ``data`` (the shipped file when None); refuses a kind named in two groups."""
    raw = data if data is not None else _file()
    group_of: dict[str, str] = {}
    for name, group in raw["groups"].items():
        for kind in group["kinds"]:
            if kind in group_of:
                raise ValueError(f"{DATA_FILE}: kind {kind!r} is in groups {group_of[kind]!r} and {name!r}")
            group_of[kind] = name
    other = str(raw["other_group"])
    sig = raw["significant"]
    consecutive = int(sig.get("consecutive_quarters") or 0)
    if consecutive < 0 or consecutive == 1:
        raise ValueError(f"{DATA_FILE}: consecutive_quarters is 0 (off) or at least 2")
    quarters = int(raw.get("quarters", 12))
    if quarters < 1:
        raise ValueError(f"{DATA_FILE}: at least one quarter")
    return Definition(
        group_of,
        (*raw["groups"], other),
        other,
        frozenset(sig.get("categories", ())),
        frozenset(sig.get("kinds", ())),
        frozenset(sig.get("groups", ())),
        consecutive,
        quarters,
        str(raw.get("source", "")),
    )


@functools.cache
def _file() -> Mapping[str, Any]:
    text = resources.files("ecopermit.filings").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Event:
    """Something that made the facility non-compliant on a day; ``ref`` is the caller's (a problem, a case)."""

    on: dt.date
    kind: str
    category: str = ""
    ref: object = None


@dataclass(frozen=True)
class QuarterStatus:
    quarter: Quarter
    status: Status
    by_group: tuple[tuple[str, tuple[Event, ...]], ...]  # the groups with events, in the definition's order
    reasons: tuple[str, ...]  # why significant: "category:…", "kind:…", "group:…", "consecutive:<group>"

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e for _g, events in self.by_group for e in events)


def judge_quarters(
    quarters: Sequence[Quarter], events: Iterable[Event], rules: Definition | None = None
) -> list[QuarterStatus]:
    """The status of each quarter (consecutive, oldest first). Events of the quarters just before the first count
    toward a run of consecutive quarters; events outside are otherwise ignored."""
    rules = rules or definition()
    if any(b != a.next() for a, b in itertools.pairwise(quarters)):
        raise ValueError("the quarters must be consecutive, oldest first")
    if not quarters:
        return []
    lead = max(rules.consecutive_quarters - 1, 0)
    first = quarters[0]
    for _ in range(lead):
        first = first.previous()
    by_quarter: dict[Quarter, dict[str, list[Event]]] = {}
    for e in events:
        q = quarter_of(e.on)
        if first <= q <= quarters[-1]:
            by_quarter.setdefault(q, {}).setdefault(rules.group(e.kind), []).append(e)
    out = []
    for q in quarters:
        groups = by_quarter.get(q, {})
        reasons: list[str] = []
        for e in (e for g in rules.groups for e in groups.get(g, ())):
            for reason, hit in (
                (f"category:{e.category}", e.category in rules.significant_categories),
                (f"kind:{e.kind}", e.kind in rules.significant_kinds),
                (f"group:{rules.group(e.kind)}", rules.group(e.kind) in rules.significant_groups),
            ):
                if hit and reason not in reasons:
                    reasons.append(reason)
        if rules.consecutive_quarters:
            for g in rules.groups:
                run, back = 0, q
                while run < rules.consecutive_quarters and g in by_quarter.get(back, {}):
                    run, back = run + 1, back.previous()
                if run >= rules.consecutive_quarters:
                    reasons.append(f"consecutive:{g}")
        status: Status = "significant" if reasons else ("violation" if groups else "none")
        out.append(
            QuarterStatus(
                q,
                status,
                tuple((g, tuple(sorted(groups[g], key=lambda e: e.on))) for g in rules.groups if g in groups),
                tuple(reasons),
            )
        )
    return out
