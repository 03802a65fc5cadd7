"""Which 执行报告 (execution reports) a permit requires, for which periods and by when (issue 13, M4).

Pure: no database, no Django settings. Sources (``shared/reference/regulations-notes.md``):

- 《排污许可管理条例》 Art. 22 [V, notes §2]: the holder submits execution reports per the content, frequency and
  timing in the permit, and reports shutdowns in them.
- HJ 944-2018 [notes §3; its full text was not available, the wording is quoted from memory, M]: report kinds
  年度/季度/月度 (some industry specs add 半年); each period is the calendar year, quarter or month; and the skip
  rules of 5.1.2: a year in which the permit was held less than three months (“持证时间不足三个月的年度，当年可不
  提交年度执行报告，排污许可证执行情况纳入下一年度执行报告”), a quarter held less than one month, a month held less
  than ten days need no report of their own: that stub is reported in the next report of the same kind.
- Due dates: sources disagree (notes §3), so they are data: ``data/report_deadlines.json`` holds the default rule
  of each kind (monthly and quarterly by the 15th of the next month, half-year by 15 July / 15 January, annual by
  15 January of the next year) with its source beside it; a permit may carry its own rule (``permit_rules``); the
  bureau moves one period's deadline by an ``Override`` (the ministry does so by notice: the 2024 annual reports
  were due 31 January / end of February 2025). Precedence: override > the permit's rule > the default.

Decisions (issue 13):

- Every permit holder files the annual report, whatever ``frequencies`` says; other kinds only where given.
- ``permit_from`` is the first day the permit is held and ``permit_until`` the last (both included; ``None`` =
  still held). For a revocation or cancellation pass the last day it was in force.
- Held time is counted in whole calendar days, the issue day included. "Held less than ten days" in a month: a
  permit issued on the 22nd of a 31-day month holds it 10 days (22–31) and the monthly report is due; issued on the
  22nd of a 30-day month (9 days), or on 20 February of a common year (9 days), the month is skipped.
- "Held less than N months": the span from the first held day ``d`` lasts N months when it reaches the day before
  the day corresponding to ``d`` N months later; where that month has no corresponding day (31 January + 1 month)
  it lasts to the end of that month (民法典 Art. 202's rule for month periods, cited from memory). A quarter held
  from 1 March (1–31 March) is held one month: due; from 2 March: skipped. A year held from 1 October: due; from
  2 October: skipped.
- A skip folds the stub into the next period, so it applies only when the permit is still held after the period
  ends. A short *last* period (the permit expires or is revoked inside it) has no next report to go into: it is due,
  covering the days held. The folded report covers the stub too (``DuePeriod.covers_start`` before
  ``period_start``; ``folded_from``), so across all periods each held day is covered by exactly one report of a kind.
- ``schedule(..., year)`` lists the periods *of* that calendar year (the annual report of 2025 is due in 2026). It
  does not read the clock: which are past due is the caller's comparison with its own date.
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
    "KINDS",
    "DeadlineRule",
    "DuePeriod",
    "KindRule",
    "Override",
    "Schedule",
    "SkippedPeriod",
    "add_months",
    "held_at_least_months",
    "kind_rules",
    "periods_due",
    "schedule",
]

Kind = Literal["annual", "semiannual", "quarterly", "monthly"]
KINDS: tuple[Kind, ...] = ("annual", "semiannual", "quarterly", "monthly")
DATA_FILE = "report_deadlines.json"


@dataclass(frozen=True)
class DeadlineRule:
    """Due on ``day`` (``None`` = the last day) of the month ``month_after_period_end`` months after the month in
    which the period ends."""

    month_after_period_end: int
    day: int | None
    source: str

    def due(self, period_end: dt.date) -> dt.date:
        y, m = _shift(period_end.year, period_end.month, self.month_after_period_end)
        last = calendar.monthrange(y, m)[1]
        return dt.date(y, m, last if self.day is None else min(self.day, last))


@dataclass(frozen=True)
class KindRule:
    kind: Kind
    label_zh: str
    months: int  # length of the period; divides 12
    required_for_every_permit: bool
    required_source: str
    skip_months: int | None  # skip a period held less than this many months …
    skip_days: int | None  # … or less than this many days (at most one of the two is set)
    skip_source: str
    deadline: DeadlineRule


@dataclass(frozen=True)
class Override:
    """The bureau's (or the ministry's) deadline for one period: ``number`` is 1 for annual, 1–2 half-year,
    1–4 quarter, 1–12 month."""

    kind: Kind
    year: int
    number: int
    due: dt.date
    source: str


@dataclass(frozen=True)
class DuePeriod:
    kind: Kind
    year: int
    number: int
    period_start: dt.date  # the calendar period
    period_end: dt.date
    covers_start: dt.date  # the days the report covers: held days of the period, plus a folded stub
    covers_end: dt.date
    folded_from: dt.date | None  # first day of a previous period's stub folded into this report
    due: dt.date
    due_source: str
    label_zh: str


@dataclass(frozen=True)
class SkippedPeriod:
    kind: Kind
    year: int
    number: int
    period_start: dt.date
    period_end: dt.date
    held_start: dt.date
    held_end: dt.date
    reason_zh: str
    source: str


@dataclass(frozen=True)
class Schedule:
    due: tuple[DuePeriod, ...]
    skipped: tuple[SkippedPeriod, ...]


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + months, 12)
    return y, m + 1


def add_months(day: dt.date, months: int) -> dt.date | None:
    """The day corresponding to ``day`` ``months`` later, or ``None`` when that month has no such day."""
    y, m = _shift(day.year, day.month, months)
    return dt.date(y, m, day.day) if day.day <= calendar.monthrange(y, m)[1] else None


def _months_end(start: dt.date, months: int) -> dt.date:
    """The last day of a span of ``months`` months beginning on ``start`` (included)."""
    corresponding = add_months(start, months)
    if corresponding is not None:
        return corresponding - dt.timedelta(days=1)
    y, m = _shift(start.year, start.month, months)
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def held_at_least_months(start: dt.date, end: dt.date, months: int) -> bool:
    """Whether holding from ``start`` to ``end`` (both included) lasts at least ``months`` months."""
    return end >= _months_end(start, months)


def _rule_from_json(kind: str, raw: Mapping[str, Any]) -> KindRule:
    if kind not in KINDS:
        raise ValueError(f"{DATA_FILE}: unknown report kind {kind!r} (known: {', '.join(KINDS)})")
    months = int(raw["months"])
    if months not in (1, 2, 3, 4, 6, 12):
        raise ValueError(f"{DATA_FILE}: {kind}: months must divide 12, not {months}")
    skip = raw.get("skip_if_held_less_than") or {}
    if set(skip) - {"months", "days"} or len(skip) > 1:
        raise ValueError(f"{DATA_FILE}: {kind}: skip_if_held_less_than takes one of months or days")
    due = raw["due"]
    day = due["day"]
    return KindRule(
        kind=kind,  # narrowed to Kind by the check against KINDS above
        label_zh=str(raw["label_zh"]),
        months=months,
        required_for_every_permit=bool(raw["required_for_every_permit"]),
        required_source=str(raw["required_source"]),
        skip_months=int(skip["months"]) if "months" in skip else None,
        skip_days=int(skip["days"]) if "days" in skip else None,
        skip_source=str(raw["skip_source"]),
        deadline=DeadlineRule(
            int(due["month_after_period_end"]), None if day == "last" else int(day), str(raw["due_source"])
        ),
    )


def kind_rules(data: Mapping[str, Any] | None = None) -> dict[Kind, KindRule]:
    """The rule of each report kind: from ``data`` (the JSON file's shape) or the package default."""
    if data is None:
        return dict(_default_rules())
    return {rule.kind: rule for rule in (_rule_from_json(k, v) for k, v in data["kinds"].items())}


@functools.cache
def _default_rules() -> tuple[tuple[Kind, KindRule], ...]:
    text = resources.files("ecopermit.filings").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return tuple(kind_rules(json.loads(text)).items())


def _periods(rule: KindRule, year: int) -> list[tuple[int, dt.date, dt.date]]:
    out = []
    for number, first_month in enumerate(range(1, 13, rule.months), start=1):
        last_month = first_month + rule.months - 1
        out.append(
            (
                number,
                dt.date(year, first_month, 1),
                dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
            )
        )
    return out


def _short(rule: KindRule, start: dt.date, end: dt.date) -> bool:
    if rule.skip_days is not None:
        return (end - start).days + 1 < rule.skip_days
    if rule.skip_months is not None:
        return not held_at_least_months(start, end, rule.skip_months)
    return False


def _previous(rule: KindRule, year: int, number: int) -> tuple[dt.date, dt.date]:
    """The calendar span of the period before period ``number`` of ``year`` (the last of the year before)."""
    _, start, end = _periods(rule, year)[number - 2] if number > 1 else _periods(rule, year - 1)[-1]
    return start, end


def _skipped(
    rule: KindRule, start: dt.date, end: dt.date, permit_from: dt.date, permit_until: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The held span of the period when the skip rule applies to it, else None."""
    held_start, held_end = max(start, permit_from), end if permit_until is None else min(end, permit_until)
    if held_start > held_end:
        return None
    continues = permit_until is None or permit_until > end
    return (held_start, held_end) if continues and _short(rule, held_start, held_end) else None


def schedule(
    permit_from: dt.date,
    permit_until: dt.date | None,
    frequencies: Iterable[str],
    year: int,
    overrides: Iterable[Override] = (),
    *,
    permit_rules: Mapping[str, DeadlineRule] | None = None,
    rules: Mapping[Kind, KindRule] | None = None,
) -> Schedule:
    """The report periods of calendar ``year`` for a permit held ``permit_from``–``permit_until``: those due, with
    their due dates, and those skipped under HJ 944 5.1.2 with the reason (see the module docstring)."""
    if permit_until is not None and permit_until < permit_from:
        raise ValueError(f"permit_until {permit_until} is before permit_from {permit_from}")
    table = dict(rules) if rules is not None else kind_rules()
    wanted = {str(f) for f in frequencies}
    unknown = wanted - set(table)
    if unknown:
        raise ValueError(f"unknown report frequency {sorted(unknown)} (known: {', '.join(table)})")
    kinds = [k for k in KINDS if k in table and (table[k].required_for_every_permit or k in wanted)]
    own = dict(permit_rules or {})
    if set(own) - set(table):
        raise ValueError(f"permit_rules for unknown kinds {sorted(set(own) - set(table))}")
    moved: dict[tuple[str, int, int], Override] = {}
    for o in overrides:
        key = (o.kind, o.year, o.number)
        if key in moved:
            raise ValueError(f"two deadline overrides for {o.kind} {o.year} #{o.number}")
        moved[key] = o

    due: list[DuePeriod] = []
    skipped: list[SkippedPeriod] = []
    for kind in kinds:
        rule = table[kind]
        for number, start, end in _periods(rule, year):
            short = _skipped(rule, start, end, permit_from, permit_until)
            if short is not None:
                skipped.append(
                    SkippedPeriod(
                        kind,
                        year,
                        number,
                        start,
                        end,
                        short[0],
                        short[1],
                        f"{rule.label_zh}：报告周期内持证时间（{short[0]}至{short[1]}）不足"
                        + (f"{rule.skip_days}日" if rule.skip_days else f"{rule.skip_months}个月")
                        + "，本周期可不提交，执行情况纳入下一期报告",
                        rule.skip_source,
                    )
                )
                continue
            held_start = max(start, permit_from)
            held_end = end if permit_until is None else min(end, permit_until)
            if held_start > held_end:
                continue
            ps, pe = _previous(rule, year, number)
            stub = _skipped(rule, ps, pe, permit_from, permit_until)
            folded_from = stub[0] if stub is not None else None
            deadline = own.get(kind, rule.deadline)
            notice = moved.get((kind, year, number))
            due_on, source = (
                (notice.due, notice.source) if notice is not None else (deadline.due(end), deadline.source)
            )
            if due_on <= end:
                raise ValueError(
                    f"{kind} {year} #{number}: due date {due_on} is not after the period's end {end}"
                )
            due.append(
                DuePeriod(
                    kind,
                    year,
                    number,
                    start,
                    end,
                    folded_from or held_start,
                    held_end,
                    folded_from,
                    due_on,
                    source,
                    rule.label_zh,
                )
            )
    return Schedule(tuple(due), tuple(skipped))


def periods_due(
    permit_from: dt.date,
    permit_until: dt.date | None,
    frequencies: Iterable[str],
    year: int,
    overrides: Iterable[Override] = (),
    *,
    permit_rules: Mapping[str, DeadlineRule] | None = None,
    rules: Mapping[Kind, KindRule] | None = None,
) -> list[DuePeriod]:
    """The report periods of ``year`` due for the permit, in kind order (annual first) then period order."""
    return list(
        schedule(
            permit_from, permit_until, frequencies, year, overrides, permit_rules=permit_rules, rules=rules
        ).due
    )
