"""The classification engine: one facility profile against one catalog edition (MISSION C1, C2, C4).

``classify(profile, edition=None, on=None)`` answers with a :class:`Classification`: the class (重点/简化/登记
管理, outside the catalog, or excluded by the gate), the scope of the permit (the whole facility, or only its
general processes per article 6), every row and criterion that decided it in the catalog's own words, the gate's
reasons, the EIA advice and the edition used.

How the catalog is read (the edition's ``meta.json`` lists the interpretive decisions):

* Each row's columns are tried from 重点 down to 登记; the first column with a satisfied clause gives the row's
  class (so "除重点管理以外的…" needs no explicit negation), and every satisfied clause of that column is recorded.
  "其他" is the rest of the row. A column marked "/" does not exist. A ﹡ clause applies only to a facility
  producing in an industrial building (注1).
* Rows 109–112 (boilers, industrial furnaces, surface treatment, water treatment) apply to every facility;
  their class is the facility's general-process class, which the "涉及通用工序…管理的" clauses of rows 1–108
  read, and which also lifts the facility's class by itself.
* A facility with several industries gets one permit at the strictest class (article 5). A code outside rows
  1–107 brings in row 108 and article 7's thresholds; without any code only rows 109–112 are read.
* Article 6: when the class comes only from general processes (rows 109–112 or the clauses that refer to them),
  the permit covers only the general processes.
* Quantities follow 注2: the highest of the last three years; the highest so far when the facility has operated
  one to three years; the EIA-approved figure when it has operated less than a year.

Pure Python: no Django import. Rows are compiled once per edition into closures and an index from industry code
to row, so a profile only evaluates the rows of its own industries plus rows 108–112.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, NamedTuple

from ecopermit.catalog import gate
from ecopermit.catalog.editions import Edition, edition, edition_in_force
from ecopermit.catalog.profile import Profile, parse_profile
from ecopermit.core.industry import all_codes

__all__ = ["CLASSES", "Classification", "Decision", "classify", "compiled"]

# Rank of each class; "excluded" is outside the order (the gate overrides the catalog).
CLASSES = ("none", "registration", "simplified", "key")
_RANK = {c: i for i, c in enumerate(CLASSES)}
_COLUMNS = ("key", "simplified", "registration")
_CLASS_ZH = {"key": "重点管理", "simplified": "简化管理", "registration": "登记管理", "none": "名录以外"}
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<": operator.lt,
    "<=": operator.le,
}
_USAGE_YEARS = 3  # 注2: "近三年年最大量"


# ---- results ----------------------------------------------------------------------------------------
class Decision(NamedTuple):
    """One satisfied clause: catalog row, column and the criterion text as printed."""

    # The clause's own fields (the engine builds them once per edition) ...
    row: int
    column: str
    criterion: str
    industry: str  # the row's 行业类别 (or the general process: 锅炉 …)
    scope: str  # "whole" or "general_process" (article 6)
    asterisk: bool  # the clause carries ﹡ (注1)
    qualifier: str | None  # a shared limitation printed after the clauses ("以上均不含…")
    article: str | None  # for row 108: the item of article 7 that applies
    # ... and what this facility brought to it.
    industry_code: str | None  # the facility's code that brought the row in (None for rows 109–112)
    decisive: bool  # this decision sets the facility's class
    facts: tuple[tuple[str, Any], ...]  # the profile's values the clause compared

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "row": self.row,
            "column": self.column,
            "criterion": self.criterion,
            "industry": self.industry,
            "industry_code": self.industry_code,
            "scope": self.scope,
            "decisive": self.decisive,
        }
        if self.qualifier:
            out["qualifier"] = self.qualifier
        if self.article:
            out["article"] = self.article
        if self.facts:
            out["facts"] = dict(self.facts)
        return out

    def describe(self) -> str:
        """The catalog's own words: ``简化管理 — 名录第86类 …：除重点管理以外的…``."""
        return f"{_CLASS_ZH[self.column]} — 名录第{self.row}类 {self.industry}：{self.criterion}"


@dataclass(frozen=True)
class Classification:
    """The answer for one facility. ``class_`` is the strictest class over all its rows (article 5), or
    ``excluded`` when the gate stops it (then ``decisions`` is empty and ``gate`` says why). ``decisions``
    lists every satisfied clause, the deciding ones first; ``notes`` explain assumptions and doubts in Chinese,
    for the facility page."""

    class_: str  # key | simplified | registration | none | excluded
    permit_scope: str  # whole | general_process | none
    decisions: tuple[Decision, ...]
    gate: tuple[gate.GateReason, ...]
    eia_advice: tuple[Mapping[str, str], ...]
    edition: str
    notes: tuple[str, ...] = ()
    profile_id: str | int | None = None
    profile_name: str | None = None

    @classmethod
    def _fast(cls, *values: Any) -> Classification:
        """The engine's constructor: one dict for the instance instead of a frozen ``__init__``'s one
        ``object.__setattr__`` per field (the engine builds one per profile, by the hundred thousand)."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "__dict__", dict(zip(_RESULT_FIELDS, values, strict=True)))
        return obj

    @property
    def deciding(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.decisive)

    def to_json(self) -> dict[str, Any]:
        """The result in the form of ``ecopermit classify`` (issue 3), plus ``notes`` and the caller's id/name."""
        out: dict[str, Any] = {}
        if self.profile_id is not None:
            out["id"] = self.profile_id
        if self.profile_name is not None:
            out["name"] = self.profile_name
        out.update(
            {
                "class": self.class_,
                "permit_scope": self.permit_scope,
                "decisions": [d.to_json() for d in self.decisions],
                "gate": [g.to_json() for g in self.gate],
                "eia_advice": [dict(a) for a in self.eia_advice],
                "edition": self.edition,
                "notes": list(self.notes),
            }
        )
        return out


_RESULT_FIELDS = tuple(f.name for f in fields(Classification))


# ---- compiled edition -------------------------------------------------------------------------------
class _Ctx:
    """What the compiled conditions read: one per classify call."""

    __slots__ = (
        "boilers",
        "building",
        "code",
        "emissions",
        "features",
        "furnaces",
        "gp",
        "key_list",
        "processes",
        "products",
        "q",
    )

    def __init__(self, profile: Profile, q: dict[str, float]) -> None:
        self.key_list = profile.on_key_discharger_list
        self.building = profile.in_industrial_building is not False
        self.processes = profile.processes
        self.products = profile.products
        self.features = profile.features
        self.boilers = profile.boilers
        self.furnaces = profile.furnaces
        self.emissions = profile.annual_emissions_t
        self.q = q
        self.gp = 0
        self.code = ""


Test = Callable[[_Ctx], bool]


def _true(c: _Ctx) -> bool:
    return True


class _Reads:
    """Which profile values a clause compares, to report them as the decision's facts."""

    __slots__ = ("boilers", "emissions", "features", "furnaces", "processes", "products", "quantities")

    def __init__(self) -> None:
        self.quantities: list[str] = []
        self.emissions: list[str] = []
        self.processes: set[str] = set()
        self.products: set[str] = set()
        self.features: set[str] = set()
        self.boilers = False
        self.furnaces = False


def _compile(cond: Mapping[str, Any], reads: _Reads) -> tuple[Test, bool]:
    """A closure for ``cond``, and whether it tests the industry code (so depends on the 4-digit class)."""
    # Comparisons carry their operator, threshold and unit beside the key; every other condition has one key.
    if "quantity" in cond:
        return _compile_quantity(cond, reads), False
    if "emission" in cond:
        keys = (cond["emission"],) if isinstance(cond["emission"], str) else tuple(cond["emission"])
        reads.emissions.extend(keys)
        op, value = _OPS[cond["op"]], float(cond["value"])
        if len(keys) == 1:
            (key,) = keys
            return (lambda c: op(c.emissions.get(key, 0.0), value)), False
        return (lambda c: op(math.fsum([c.emissions.get(k, 0.0) for k in keys]), value)), False
    if len(cond) != 1:
        raise ValueError(f"a condition has exactly one key: {cond!r}")
    ((kind, arg),) = cond.items()
    if kind == "always":
        return _true, False
    if kind == "key_list":
        return (lambda c: c.key_list), False
    if kind == "general_process":
        need = _RANK[arg]
        return (lambda c: c.gp >= need), False
    if kind == "codes":
        prefixes = tuple(arg)
        return (lambda c: c.code.startswith(prefixes)), True
    if kind in ("processes", "products"):
        wanted = frozenset(arg)
        getattr(reads, kind).update(wanted)
        if kind == "processes":
            return (lambda c: not wanted.isdisjoint(c.processes)), False
        return (lambda c: not wanted.isdisjoint(c.products)), False
    if kind == "feature":
        reads.features.add(arg)
        return (lambda c: arg in c.features), False
    if kind == "boilers":
        reads.boilers = True
        return _compile_boilers(arg), False
    if kind == "furnaces":
        reads.furnaces = True
        return _compile_furnaces(arg), False
    if kind in ("all", "any"):
        parts = [_compile(c, reads) for c in arg]
        uses_code = any(u for _, u in parts)
        return (_all if kind == "all" else _any)(tuple(t for t, _ in parts)), uses_code
    if kind == "not":
        inner, uses_code = _compile(arg, _Reads())  # a negated value is not a reason worth listing
        return (lambda c: not inner(c)), uses_code
    raise ValueError(f"unknown condition {kind!r}")


# all()/any() over a generator cost a frame per call; these plain loops are the engine's hot path.
def _all(tests: tuple[Test, ...]) -> Test:
    if len(tests) == 2:
        first, second = tests
        return lambda c: first(c) and second(c)

    def test(c: _Ctx) -> bool:
        for t in tests:  # noqa: SIM110 - see above
            if not t(c):
                return False
        return True

    return test


def _any(tests: tuple[Test, ...]) -> Test:
    if len(tests) == 2:
        first, second = tests
        return lambda c: first(c) or second(c)

    def test(c: _Ctx) -> bool:
        for t in tests:  # noqa: SIM110 - see above
            if t(c):
                return True
        return False

    return test


def _compile_quantity(cond: Mapping[str, Any], reads: _Reads) -> Test:
    keys = cond["quantity"]
    keys = (keys,) if isinstance(keys, str) else tuple(keys)
    reads.quantities.extend(k for k in keys if k not in reads.quantities)
    op, value = _OPS[cond["op"]], float(cond["value"])
    if len(keys) == 1:
        (key,) = keys

        return lambda c: op(c.q.get(key, 0.0), value)

    # A specific figure when reported, else the broader one (e.g. 溶剂型胶粘剂, else 溶剂型涂料和胶粘剂合计).
    def first(c: _Ctx) -> bool:
        for k in keys:
            if k in c.q:
                return op(c.q[k], value)
        return op(0.0, value)

    return first


def _compile_boilers(spec: Mapping[str, Any]) -> Test:
    excluded = frozenset(spec.get("exclude_fuels", ()))
    only = frozenset(spec["all_fuels"]) if "all_fuels" in spec else None
    single_gte = spec.get("any_single_gte")
    checks: list[tuple[Callable[[float, float], bool], float]] = [
        (_OPS[op], float(spec[key]))
        for key, op in (("total_gte", ">="), ("total_lt", "<"), ("total_lte", "<="))
        if key in spec
    ]

    def test(c: _Ctx) -> bool:
        if not c.boilers:
            return False
        counted = [b for b in c.boilers if b.fuel not in excluded]
        if not counted:
            return False
        if only is not None and any(b.fuel not in only for b in counted):
            return False
        if single_gte is not None and not any(b.capacity_t_per_h >= single_gte for b in counted):
            return False
        if checks:
            total = math.fsum(b.capacity_t_per_h for b in counted)
            return all(op(total, v) for op, v in checks)
        return True

    return test


def _compile_furnaces(spec: Mapping[str, Any]) -> Test:
    kinds = frozenset(spec["kinds"]) if "kinds" in spec else None
    energies = frozenset(spec["energies"]) if "energies" in spec else None
    negate = bool(spec.get("negate", False))

    def test(c: _Ctx) -> bool:
        for f in c.furnaces:
            matches = (kinds is None or f.kind in kinds) and (energies is None or f.energy in energies)
            if matches is not negate:
                return True
        return False

    return test


class _Clause:
    __slots__ = ("article", "asterisk", "decision", "gp", "qualifier", "reads", "test", "text", "uses_code")

    def __init__(self, raw: Mapping[str, Any], row: Mapping[str, Any], column: str) -> None:
        self.text: str = raw["text"]
        self.asterisk: bool = raw["asterisk"]
        self.qualifier: str | None = raw.get("qualifier")
        self.article: str | None = raw.get("article")
        self.gp = bool(row["general_process"]) or raw["kind"] == "general_process"
        reads = _Reads()
        self.test, self.uses_code = _compile(raw["when"], reads)
        has_reads = (
            reads.quantities
            or reads.emissions
            or reads.processes
            or reads.products
            or reads.features
            or reads.boilers
            or reads.furnaces
        )
        self.reads = reads if has_reads else None
        # The first eight fields of every Decision this clause makes.
        self.decision = (
            row["no"],
            column,
            self.text,
            row["industry"],
            "general_process" if self.gp else "whole",
            self.asterisk,
            self.qualifier,
            self.article,
        )


class _Column:
    __slots__ = ("clauses", "name", "rank", "starred")

    def __init__(self, name: str, raw: Mapping[str, Any], row: Mapping[str, Any]) -> None:
        self.name = name
        self.rank = _RANK[name]
        self.clauses = tuple(_Clause(c, row, name) for c in raw["clauses"])
        self.starred = any(c.asterisk for c in self.clauses)


class _Row:
    __slots__ = ("applies", "columns", "industry", "no", "uses_code")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.no: int = raw["no"]
        self.industry: str = raw["industry"]
        self.columns = tuple(
            _Column(name, raw["columns"][name], raw) for name in _COLUMNS if raw["columns"][name] is not None
        )
        self.applies: Test | None = _compile(raw["applies"], _Reads())[0] if raw.get("applies") else None
        self.uses_code = any(cl.uses_code for col in self.columns for cl in col.clauses)

    def evaluate(self, c: _Ctx) -> tuple[int, tuple[_Clause, ...]]:
        """The row's class rank for the facility and the satisfied clauses of that column (0, () if none)."""
        check_star = not c.building
        for col in self.columns:
            hits: list[_Clause] | None = None
            skip_starred = check_star and col.starred
            for cl in col.clauses:
                if skip_starred and cl.asterisk:
                    continue
                if cl.test(c):
                    if hits is None:
                        hits = [cl]
                    else:
                        hits.append(cl)
            if hits is not None:
                return col.rank, tuple(hits)
        return 0, ()

    def blocked_by_asterisk(self, c: _Ctx, rank: int) -> list[_Clause]:
        """﹡ clauses above ``rank`` that the facility would meet if it produced in an industrial building."""
        if c.building:
            return []
        return [
            cl
            for col in self.columns
            if col.rank > rank and col.starred
            for cl in col.clauses
            if cl.asterisk and cl.test(c)
        ]


@dataclass(frozen=True, slots=True, eq=False)
class _Compiled:
    edition: Edition
    rows: Mapping[int, _Row]
    by_code: Mapping[str, _Row]  # 4-digit class -> its row among 1–107
    groups: Mapping[str, tuple[tuple[str, _Row], ...]]  # 3-digit group -> (class, row) pairs
    uniform: Mapping[str, _Row]  # groups whose classes share one row that never tests the class
    general: tuple[_Row, ...]  # rows 109–112
    other: _Row  # row 108
    advice: tuple[tuple[Mapping[str, str], ...], ...]  # EIA advice by class rank


@cache
def compiled(edition_id: str) -> _Compiled:
    """The edition's rows as closures plus the index from industry code to row (built once per process)."""
    ed = edition(edition_id)
    rows = {r["no"]: _Row(r) for r in ed.rows}
    industry_rows = [
        (rows[r["no"]], tuple(r["codes"]), tuple(r["exclude_codes"]))
        for r in ed.rows
        if r["codes"] and not r["general_process"]
    ]
    by_code: dict[str, _Row] = {}
    for entry in all_codes("class"):
        code = entry.code
        found = [
            row
            for row, prefixes, excluded in industry_rows
            if code.startswith(prefixes) and not (excluded and code.startswith(excluded))
        ]
        if len(found) > 1:
            raise RuntimeError(f"catalog {edition_id}: class {code} falls in rows {[r.no for r in found]}")
        if found:
            by_code[code] = found[0]
    groups: dict[str, tuple[tuple[str, _Row], ...]] = {}
    uniform: dict[str, _Row] = {}
    for entry in all_codes("group"):
        children = [c.code for c in all_codes("class") if c.parent == entry.code]
        mapped = tuple((child, by_code[child]) for child in children if child in by_code)
        if not mapped:
            continue
        if len(mapped) != len(children):
            raise RuntimeError(f"catalog {edition_id}: group {entry.code} is only partly in rows 1–107")
        distinct = {row.no for _, row in mapped}
        if len(distinct) == 1 and not mapped[0][1].uses_code:
            uniform[entry.code] = mapped[0][1]
        else:
            groups[entry.code] = mapped
    general = tuple(rows[n] for n, r in enumerate(ed.rows, start=1) if r["general_process"])
    other = next(rows[r["no"]] for r in ed.rows if not r["codes"] and not r["general_process"])
    advice = tuple(tuple(ed.meta.get("eia_advice", {}).get(name, ())) for name in CLASSES)
    return _Compiled(ed, rows, by_code, groups, uniform, general, other, advice)


# ---- classification ---------------------------------------------------------------------------------
def _resolve(edition_arg: Edition | str | None, on: dt.date) -> Edition:
    if isinstance(edition_arg, Edition):
        return edition_arg
    if isinstance(edition_arg, str):
        return edition(edition_arg)
    return edition_in_force(on)


def _effective_quantities(profile: Profile, notes: list[str]) -> dict[str, float]:
    """Applies 注2 to the yearly figures: which figure of each quantity the catalog compares."""
    years_operating = profile.operating_years
    eia = profile.quantities_eia
    from_eia = profile.quantities_from_eia
    out: dict[str, float] = {}
    if years_operating is None and not eia:
        # The common case: yearly figures as reported, newest first; the highest of the last three.
        for key, years in profile.quantities.items():
            if len(years) == 1 and years[0] is not None:
                out[key] = years[0]
            else:
                values = [v for v in years[:_USAGE_YEARS] if v is not None] or [
                    v for v in years if v is not None
                ]
                out[key] = max(values)
        return out
    new = years_operating is not None and years_operating < 1
    for key, years in profile.quantities.items():
        if new and key in eia:
            out[key] = eia[key]
            continue
        if new and key not in from_eia:
            notes.append(
                f"{key}：投运不满一年，注2要求按环境影响报告书（表）批准文件确定，未提供批准文件数量，暂按填报值"
            )
        window = _USAGE_YEARS
        if years_operating is not None and 1 <= years_operating < _USAGE_YEARS:
            window = math.ceil(years_operating)  # 投运期间年最大量: only the years in operation
        values = [v for v in years[:window] if v is not None]
        if not values:
            values = [v for v in years if v is not None]
        out[key] = max(values)
    for key, value in eia.items():
        if key not in out:
            # Only the approved figure is known (a facility not yet in production, or no yearly record).
            out[key] = value
    return out


def _facts(reads: _Reads, c: _Ctx) -> tuple[tuple[str, Any], ...]:
    facts: list[tuple[str, Any]] = []
    for key in reads.quantities:
        facts.append((key, c.q.get(key)))
    for key in reads.emissions:
        facts.append((f"annual_emissions_t.{key}", c.emissions.get(key)))
    if reads.processes:
        facts.append(("processes", sorted(reads.processes & c.processes)))
    if reads.products:
        facts.append(("products", sorted(reads.products & c.products)))
    if reads.features and (shown := sorted(reads.features & c.features)):
        facts.append(("features", shown))
    if reads.boilers:
        counted = [b.capacity_t_per_h for b in c.boilers if b.fuel != "electric"]
        facts.append(
            (
                "boilers_t_per_h",
                {
                    "total": math.fsum(counted),
                    "largest": max(counted, default=0.0),
                    "fuels": sorted({b.fuel for b in c.boilers if b.fuel != "electric"}),
                },
            )
        )
    if reads.furnaces:
        facts.append(("furnaces", [f"{f.kind}/{f.energy}" for f in c.furnaces]))
    return tuple(facts)


# A hit is (rank, row, satisfied clauses, the facility's code that brought the row in).
_Hit = tuple[int, _Row, tuple[_Clause, ...], str | None]


def _industry_hit(comp: _Compiled, code: str, c: _Ctx, notes: list[str]) -> _Hit | None:
    """The row (among 1–107) that ``code`` brings in and what it gives; None if the code is outside them."""
    row = comp.by_code.get(code) or comp.uniform.get(code)
    if row is not None:
        c.code = code
        rank, clauses = row.evaluate(c)
        return rank, row, clauses, code
    children = comp.groups.get(code)
    if children is None:
        return None
    # A 3-digit group whose classes the catalog treats differently: the class certain whichever 4-digit class
    # the facility has is the lowest of them.
    low: _Hit | None = None
    high = 0
    for child, child_row in children:
        c.code = child
        rank, clauses = child_row.evaluate(c)
        high = max(high, rank)
        if low is None or rank < low[0]:
            low = (rank, child_row, clauses, code)
    assert low is not None
    if high != low[0]:
        lowest, highest = _CLASS_ZH[CLASSES[low[0]]], _CLASS_ZH[CLASSES[high]]
        notes.append(
            f"行业代码{code}为中类，其下小类在名录中为{lowest}至{highest}：按各小类均可确定的{lowest}判定，"
            "请填写4位小类代码以确定类别"
        )
    return low


def classify(
    profile: Profile | Mapping[str, Any], edition: Edition | str | None = None, on: dt.date | None = None
) -> Classification:
    """Classifies one facility. ``profile`` is a :class:`Profile` or its JSON form (checked with
    :func:`parse_profile`, which raises :class:`~ecopermit.catalog.profile.ProfileError`). ``edition`` is an
    edition or its id; by default the edition in force on ``on`` (default: today)."""
    if not isinstance(profile, Profile):
        profile = parse_profile(profile)
    on = on or dt.date.today()
    comp = compiled(edition if isinstance(edition, str) else _resolve(edition, on).id)
    notes: list[str] = []
    q = _effective_quantities(profile, notes) if (profile.quantities or profile.quantities_eia) else {}
    q["water_treatment_t_per_day"] = profile.water_treatment_t_per_day
    q["max_pollution_equivalents"] = profile.max_pollution_equivalents
    c = _Ctx(profile, q)

    hits: list[_Hit] = []
    gp = 0
    for row in comp.general:
        if row.applies is None or row.applies(c):
            rank, clauses = row.evaluate(c)
            if rank:
                hits.append((rank, row, clauses, None))
                if rank > gp:
                    gp = rank
    c.gp = gp
    final = gp

    outside: str | None = None
    if not profile.industry_codes:
        # The facility's row among 1–108 is unknown: only rows 109–112 can be read. (Treating it as row 108
        # would let a code added later lower the class, by taking article 7 away.)
        notes.append("未填报行业代码：仅按通用工序（第109至112类）判定，第1至108类未判定")
    for code in profile.industry_codes:
        hit = _industry_hit(comp, code, c, notes)
        if hit is None:
            outside = outside or code
            continue
        if hit[0]:
            hits.append(hit)
            if hit[0] > final:
                final = hit[0]
        else:
            notes.append(
                f"行业代码{code}属名录第{hit[1].no}类（{hit[1].industry}），但不符合该类任何一栏的条件"
            )
        if not c.building and code not in comp.groups:
            c.code = code
            for cl in hit[1].blocked_by_asterisk(c, hit[0]):
                notes.append(
                    f"名录第{hit[1].no}类“{cl.text}”标﹡，只适用于在工业建筑中生产的排污单位（注1）；"
                    "该单位填报为不在工业建筑中生产"
                )
    if outside is not None:
        c.code = ""
        rank, clauses = comp.other.evaluate(c)
        if rank:
            hits.append((rank, comp.other, clauses, outside))
            if rank > final:
                final = rank

    edition_id = comp.edition.id
    reasons = gate.check(profile, on)
    if reasons:
        if final:
            rows = "、".join(sorted({str(h[1].no) for h in hits if h[0] == final}, key=int))
            notes.append(f"如不论关停取缔，名录将给出{_CLASS_ZH[CLASSES[final]]}（第{rows}类）")
        return Classification._fast(
            "excluded", "none", (), reasons, (), edition_id, tuple(notes), profile.id, profile.name
        )

    decisions, whole, starred = _decisions(hits, final, c)
    if starred and profile.in_industrial_building is None:
        notes.append("未填报是否在工业建筑中生产：按在工业建筑中生产（注1，标“﹡”者）判定")
    scope = ("whole" if whole else "general_process") if final >= _SIMPLIFIED else "none"
    if profile.ignored_fields:
        notes.append("未识别的字段已忽略：" + "、".join(profile.ignored_fields))
    return Classification._fast(
        CLASSES[final],
        scope,
        decisions,
        (),
        comp.advice[final],
        edition_id,
        tuple(notes),
        profile.id,
        profile.name,
    )


_SIMPLIFIED = _RANK["simplified"]


def _decision_order(d: Decision) -> tuple[bool, int]:
    return (not d.decisive, d.row)


def _decisions(hits: list[_Hit], final: int, c: _Ctx) -> tuple[tuple[Decision, ...], bool, bool]:
    """The decisions, deciding ones first; whether a deciding one covers the whole facility; whether a
    deciding one is a ﹡ clause."""
    out: list[Decision] = []
    # The same clause can be reached through two codes of one row; only then is there anything to skip.
    seen: set[tuple[Any, ...]] | None = set() if len(hits) > 1 else None
    whole = starred = False
    new = tuple.__new__
    for rank, _row, clauses, code in hits:
        decisive = rank == final
        for cl in clauses:
            static = cl.decision
            if seen is not None:
                if static in seen:
                    continue
                seen.add(static)
            facts = _facts(cl.reads, c) if cl.reads is not None else ()
            out.append(new(Decision, (*static, code, decisive, facts)))
            if decisive:
                whole = whole or not cl.gp
                starred = starred or cl.asterisk
    if len(out) > 1:
        out.sort(key=_decision_order)
    return tuple(out), whole, starred
