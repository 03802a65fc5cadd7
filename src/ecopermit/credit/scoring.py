"""Environmental credit scoring (issue 14, MISSION K1): pure functions over a scheme (data, ``credit/schemes/*.json``)
and a facility's events in an evaluation period. No database, no clock: the caller passes the period and "today".

A scheme starts every facility at ``full_score`` and deducts per rule:

- ``each``: every event of the rule's kind deducts ``points`` (or, with ``amount_bands``, the points of the highest
  band whose ``amount_gte`` the event's amount reaches);
- ``count``: the events of the kind in the period are counted, and the rule deducts the points of the highest
  ``count_bands`` entry whose ``count_gte`` the count reaches (one explanation line listing every event);
- ``cap``: a rule never deducts more than its cap in one period;
- ``veto`` (一票否决): any event of the kind puts the facility on the worst level whatever its score.

Good-record items (``good`` rules) add points (never above ``full_score``) and are counted: a level may need
``min_good`` of them (Guangzhou: 诚信 needs ≥2 绿色附加指标). ``clean_year`` in a scheme derives one good item when no
event of its ``unless_kinds`` falls in a whole-year period. The level is the first (best) one whose ``min_score``
and ``min_good`` the facility meets. ``repair`` says what the enterprise can do to recover (信用修复).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

LEVEL_CODES = ("green", "blue", "yellow", "red")


class SchemeError(ValueError):
    """A scheme file that is wrong: the message names the file and the key."""

    def __init__(self, name: str, key: str, problem: str) -> None:
        super().__init__(f"{name}: {key}: {problem}")
        self.name, self.key, self.problem = name, key, problem


@dataclass(frozen=True)
class Band:
    threshold: Decimal  # amount_gte or count_gte
    points: Decimal


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    group: str
    text: str
    source: str
    mode: str = "each"  # each | count
    points: Decimal = Decimal(0)
    amount_bands: tuple[Band, ...] = ()
    count_bands: tuple[Band, ...] = ()
    cap: Decimal | None = None
    veto: bool = False


@dataclass(frozen=True)
class GoodRule:
    id: str
    kind: str
    text: str
    source: str
    points: Decimal = Decimal(0)
    cap: Decimal | None = None
    unless_kinds: tuple[str, ...] = ()  # for the derived kind "clean_year"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    min_score: Decimal
    min_good: int = 0


@dataclass(frozen=True)
class Repair:
    clean_months: int
    veto_clean_months: int
    rectify_kinds: tuple[str, ...]
    text: str
    source: str


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    source: str
    unit: str
    full_score: Decimal
    levels: tuple[Level, ...]  # best first
    rules: tuple[Rule, ...]
    good: tuple[GoodRule, ...]
    repair: Repair
    serious_kinds: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()

    def level(self, code: str) -> Level:
        for lv in self.levels:
            if lv.code == code:
                return lv
        raise KeyError(code)

    @property
    def worst(self) -> Level:
        return self.levels[-1]

    def is_serious(self, kind: str) -> bool:
        """A serious event (一票否决 kinds and those the scheme names) re-evaluates the facility at once."""
        return kind in self.serious_kinds or any(r.veto and r.kind == kind for r in self.rules)


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    on: dt.date
    amount: Decimal | None = None


@dataclass(frozen=True)
class Line:
    """One line of the explanation: a deduction (points < 0), a good item (points ≥ 0) or a veto."""

    rule: str
    kind: str
    group: str
    text: str
    source: str
    points: Decimal
    event_ids: tuple[int, ...]
    veto: bool = False
    good: bool = False

    @property
    def event_id(self) -> int | None:
        return self.event_ids[0] if self.event_ids else None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "group": self.group,
            "text": self.text,
            "source": self.source,
            "points": str(self.points),
            "event_id": self.event_id,
            "event_ids": list(self.event_ids),
            "veto": self.veto,
            "good": self.good,
        }


@dataclass(frozen=True)
class RepairAdvice:
    needed: bool  # False: nothing to repair
    eligible_on: dt.date | None  # the first day the enterprise may ask for a new evaluation
    needs_rectification: bool  # a deduction from a kind the scheme wants rectified first
    rectified: bool  # a rectification accepted after the last deduction
    ready: bool  # eligible today (rectified where needed and the clean period passed)
    text: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "needed": self.needed,
            "eligible_on": self.eligible_on.isoformat() if self.eligible_on else None,
            "needs_rectification": self.needs_rectification,
            "rectified": self.rectified,
            "ready": self.ready,
            "text": self.text,
            "source": self.source,
        }


@dataclass(frozen=True)
class Evaluation:
    scheme: str
    start: dt.date
    end: dt.date
    score: Decimal
    level: str
    veto: bool
    good_items: int
    lines: tuple[Line, ...] = field(default_factory=tuple)
    repair: RepairAdvice | None = None

    @property
    def deductions(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if not line.good)


# ---- Evaluation ------------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_whole_year(start: dt.date, end: dt.date) -> bool:
    return start.month == 1 and start.day == 1 and end == dt.date(start.year, 12, 31)


def _band(bands: Sequence[Band], value: Decimal) -> Decimal:
    points = Decimal(0)
    for b in bands:  # ascending thresholds (the loader checks)
        if value >= b.threshold:
            points = b.points
    return points


def _capped(total: Decimal, cap: Decimal | None) -> Decimal:
    return total if cap is None else min(total, cap)


def evaluate(
    scheme: Scheme,
    events: Iterable[Event],
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date | None = None,
    later: Iterable[Event] = (),
) -> Evaluation:
    """The score, level and explanation of the events from ``start`` to ``end`` (both included; events outside are
    ignored). ``later``: events after the period, read only for the repair advice (a rectification accepted since);
    ``today``: the day the advice is for (default ``end``)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    inside = sorted((e for e in events if start <= e.on <= end), key=lambda e: (e.on, e.id))
    by_kind: dict[str, list[Event]] = {}
    for e in inside:
        by_kind.setdefault(e.kind, []).append(e)
    lines: list[Line] = []
    veto = False
    deducted = Decimal(0)
    for rule in scheme.rules:
        found = by_kind.get(rule.kind, [])
        if not found:
            continue
        if rule.veto:
            veto = True
            lines.append(
                Line(
                    rule.id, rule.kind, rule.group, rule.text, rule.source, Decimal(0), _ids(found), veto=True
                )
            )
            continue
        left = rule.cap
        if rule.mode == "count":
            points = _capped(_band(rule.count_bands, Decimal(len(found))), rule.cap)
            if points:
                lines.append(
                    Line(rule.id, rule.kind, rule.group, rule.text, rule.source, -points, _ids(found))
                )
                deducted += points
            continue
        for e in found:
            if left is not None and left <= 0:
                break
            points = _band(rule.amount_bands, e.amount or Decimal(0)) if rule.amount_bands else rule.points
            if left is not None:
                points = min(points, left)
                left -= points
            if points:
                lines.append(Line(rule.id, rule.kind, rule.group, rule.text, rule.source, -points, (e.id,)))
                deducted += points
    added = Decimal(0)
    goods = 0
    for g in scheme.good:
        if g.kind == "clean_year":
            if is_whole_year(start, end) and not any(by_kind.get(k) for k in g.unless_kinds):
                goods += 1
                added += g.points
                lines.append(Line(g.id, g.kind, "", g.text, g.source, g.points, (), good=True))
            continue
        found = by_kind.get(g.kind, [])
        left = g.cap
        for e in found:
            goods += 1
            points = g.points if left is None else min(g.points, left)
            if left is not None:
                left -= points
            added += points
            lines.append(Line(g.id, g.kind, "", g.text, g.source, points, (e.id,), good=True))
    score = min(scheme.full_score, max(Decimal(0), scheme.full_score - deducted) + added)
    level = scheme.worst.code if veto else _level(scheme, score, goods)
    negative = [
        e for e in inside if any(line.event_ids and e.id in line.event_ids for line in lines if not line.good)
    ]
    repair = _repair(scheme, negative, veto, [*inside, *later], today or end)
    return Evaluation(scheme.id, start, end, score, level, veto, goods, tuple(lines), repair)


def _ids(events: Sequence[Event]) -> tuple[int, ...]:
    return tuple(e.id for e in events)


def _level(scheme: Scheme, score: Decimal, goods: int) -> str:
    for lv in scheme.levels:
        if score >= lv.min_score and goods >= lv.min_good:
            return lv.code
    return scheme.worst.code


def _repair(
    scheme: Scheme, negative: Sequence[Event], veto: bool, everything: Sequence[Event], today: dt.date
) -> RepairAdvice:
    r = scheme.repair
    if not negative:
        return RepairAdvice(False, None, False, False, False, r.text, r.source)
    last = max(e.on for e in negative)
    eligible = add_months(last, r.veto_clean_months if veto else r.clean_months)
    needs = any(e.kind in r.rectify_kinds for e in negative)
    rectified = any(e.kind == "good_rectification" and e.on >= last for e in everything)
    ready = today >= eligible and (rectified or not needs)
    return RepairAdvice(True, eligible, needs, rectified, ready, r.text, r.source)


# ---- Parsing a scheme file -------------------------------------------------------------------------------------


def _req(data: Mapping[str, Any], key: str, name: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise SchemeError(name, f"{where}{key}", "missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise SchemeError(name, f"{where}{key}", f"expected {getattr(kind, '__name__', kind)}, got {value!r}")
    return value


def _dec(value: Any, name: str, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SchemeError(name, key, f"expected a number, got {value!r}")
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise SchemeError(name, key, f"expected a number, got {value!r}") from None
    if d < 0:
        raise SchemeError(name, key, "must not be negative")
    return d


def _bands(raw: Any, name: str, key: str, threshold: str) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise SchemeError(name, key, "expected a non-empty list")
    bands = []
    for i, b in enumerate(raw):
        if not isinstance(b, dict) or threshold not in b or "points" not in b:
            raise SchemeError(name, f"{key}[{i}]", f"expected {{{threshold!r}: n, 'points': n}}")
        bands.append(
            Band(
                _dec(b[threshold], name, f"{key}[{i}].{threshold}"),
                _dec(b["points"], name, f"{key}[{i}].points"),
            )
        )
    if [b.threshold for b in bands] != sorted({b.threshold for b in bands}):
        raise SchemeError(name, key, f"the {threshold} values must rise")
    return tuple(bands)


def parse_scheme(data: Any, name: str, known_kinds: Iterable[str]) -> Scheme:
    """A ``Scheme`` from a decoded scheme file; ``SchemeError`` naming the file and key when it is wrong."""
    kinds = set(known_kinds)
    if not isinstance(data, dict):
        raise SchemeError(name, "(top)", "expected an object")
    sid = _req(data, "id", name, "", str)
    full = _dec(_req(data, "full_score", name, "", (int, float, str)), name, "full_score")
    if full <= 0:
        raise SchemeError(name, "full_score", "must be above 0")
    levels = []
    for i, raw in enumerate(_req(data, "levels", name, "", list)):
        where = f"levels[{i}]."
        if not isinstance(raw, dict):
            raise SchemeError(name, f"levels[{i}]", "expected an object")
        code = _req(raw, "level", name, where, str)
        if code not in LEVEL_CODES:
            raise SchemeError(name, f"{where}level", f"{code!r} is not one of {', '.join(LEVEL_CODES)}")
        min_good = raw.get("min_good", 0)
        if not isinstance(min_good, int) or isinstance(min_good, bool) or min_good < 0:
            raise SchemeError(name, f"{where}min_good", "expected a whole number ≥ 0")
        levels.append(
            Level(
                code,
                _req(raw, "label", name, where, str),
                _dec(_req(raw, "min_score", name, where, (int, float, str)), name, f"{where}min_score"),
                min_good,
            )
        )
    if len(levels) < 2:
        raise SchemeError(name, "levels", "at least two levels")
    if len({lv.code for lv in levels}) != len(levels):
        raise SchemeError(name, "levels", "a level is listed twice")
    if any(a.min_score < b.min_score for a, b in itertools.pairwise(levels)):
        raise SchemeError(name, "levels", "list the levels best first (min_score falling)")
    if levels[-1].min_score != 0:
        raise SchemeError(name, "levels", "the last level must start at 0")
    ids: set[str] = set()

    def _common(raw: Any, where: str) -> tuple[str, str, str, str]:
        if not isinstance(raw, dict):
            raise SchemeError(name, where.rstrip("."), "expected an object")
        rid = _req(raw, "id", name, where, str)
        if rid in ids:
            raise SchemeError(name, f"{where}id", f"{rid!r} is used twice")
        ids.add(rid)
        kind = _req(raw, "kind", name, where, str)
        if kind not in kinds:
            raise SchemeError(name, f"{where}kind", f"unknown event kind {kind!r}")
        text = _req(raw, "text", name, where, str)
        source = _req(raw, "source", name, where, str)
        if not text.strip() or not source.strip():
            raise SchemeError(name, where + ("text" if not text.strip() else "source"), "must not be empty")
        return rid, kind, text, source

    rules = []
    for i, raw in enumerate(_req(data, "rules", name, "", list)):
        where = f"rules[{i}]."
        rid, kind, text, source = _common(raw, where)
        mode = raw.get("mode", "each")
        if mode not in ("each", "count"):
            raise SchemeError(name, f"{where}mode", "expected 'each' or 'count'")
        veto = raw.get("veto", False)
        if not isinstance(veto, bool):
            raise SchemeError(name, f"{where}veto", "expected true or false")
        cap = _dec(raw["cap"], name, f"{where}cap") if "cap" in raw else None
        rule = Rule(rid, kind, str(raw.get("group", "")), text, source, mode, veto=veto, cap=cap)
        if veto:
            pass
        elif mode == "count":
            rule = Rule(
                **{
                    **rule.__dict__,
                    "count_bands": _bands(raw.get("count_bands"), name, f"{where}count_bands", "count_gte"),
                }
            )
        elif "amount_bands" in raw:
            rule = Rule(
                **{
                    **rule.__dict__,
                    "amount_bands": _bands(raw["amount_bands"], name, f"{where}amount_bands", "amount_gte"),
                }
            )
        else:
            rule = Rule(
                **{
                    **rule.__dict__,
                    "points": _dec(
                        _req(raw, "points", name, where, (int, float, str)), name, f"{where}points"
                    ),
                }
            )
        rules.append(rule)
    good = []
    for i, raw in enumerate(data.get("good", [])):
        where = f"good[{i}]."
        rid, kind, text, source = _common(raw, where)
        unless = raw.get("unless_kinds", [])
        if kind == "clean_year" and not unless:
            raise SchemeError(name, f"{where}unless_kinds", "clean_year needs the kinds that spoil the year")
        for k in unless:
            if k not in kinds:
                raise SchemeError(name, f"{where}unless_kinds", f"unknown event kind {k!r}")
        good.append(
            GoodRule(
                rid,
                kind,
                text,
                source,
                _dec(raw.get("points", 0), name, f"{where}points"),
                _dec(raw["cap"], name, f"{where}cap") if "cap" in raw else None,
                tuple(unless),
            )
        )
    raw_repair = _req(data, "repair", name, "", dict)
    months = _req(raw_repair, "clean_months", name, "repair.", int)
    veto_months = raw_repair.get("veto_clean_months", months)
    if not isinstance(veto_months, int) or months < 0 or veto_months < 0:
        raise SchemeError(name, "repair.clean_months", "expected whole months ≥ 0")
    rectify = raw_repair.get("rectify_kinds", [])
    for k in rectify:
        if k not in kinds:
            raise SchemeError(name, "repair.rectify_kinds", f"unknown event kind {k!r}")
    repair = Repair(
        months,
        veto_months,
        tuple(rectify),
        _req(raw_repair, "text", name, "repair.", str),
        _req(raw_repair, "source", name, "repair.", str),
    )
    serious = data.get("serious_kinds", [])
    for k in serious:
        if k not in kinds:
            raise SchemeError(name, "serious_kinds", f"unknown event kind {k!r}")
    notes = data.get("_notes", [])
    return Scheme(
        sid,
        _req(data, "name", name, "", str),
        _req(data, "source", name, "", str),
        str(data.get("unit", "")),
        full,
        tuple(levels),
        tuple(rules),
        tuple(good),
        repair,
        frozenset(serious),
        tuple(str(n) for n in notes) if isinstance(notes, list) else (str(notes),),
    )
