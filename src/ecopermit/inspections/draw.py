"""双随机、一公开: the reproducible, auditable random draw of inspection objects and inspectors.

Pure module (no database, no Django settings). Anyone holding the published inputs can re-run the draw with this
documented algorithm and get the same result; ``verify`` does exactly that.

Algorithm ``ecopermit-draw/2``
------------------------------
1. **Seed.** ``seed_digest = SHA-256(UTF-8(plan_id + "|" + seed))`` (32 bytes). ``seed`` is the value published
   before the draw; ``plan_id`` must not contain ``"|"`` so the concatenation is unambiguous. No Unicode
   normalisation and no trimming are applied: the strings are hashed exactly as given.
2. **Random stream.** HMAC-SHA256 in counter mode (as in NIST SP 800-108's counter-mode KDF): for a stream with
   label ``L``, block ``i`` (i = 0, 1, 2, ...) is ``HMAC-SHA256(key=seed_digest, msg=UTF-8(L) + 0x00 +
   i as 8-byte big-endian)``. Each 32-byte block is cut into four unsigned 64-bit big-endian words, consumed in
   order. An integer uniform in ``[0, m)`` is drawn by rejection: take the next word ``w``, reject it while
   ``w >= 2**64 - (2**64 mod m)``, then return ``w mod m`` (no modulo bias). Python's ``random`` module is not used:
   its generator is not a published contract.
3. **Canonical order.** Objects and inspectors are sorted by id (Python string order = Unicode code points) before
   anything is drawn, so the order in which the pools are supplied does not matter.
4. **Strata.** Objects are grouped by (category, credit level). For each stratum of size ``n``, the effective
   ratio is ``r = min(1, max(floor[category], ratio[category] × credit_factor[credit]))`` (``floor`` defaults to 0:
   a category without a floor is exactly ``ratio × factor``) and the number drawn is
   ``k = max(ceil(r × n), ceil(d / periods_left))``, capped at ``n``, computed in exact rational arithmetic (floats
   are read through their shortest decimal ``repr``: 0.1 is 1/10). ``d`` is the number of the stratum's objects
   marked ``due`` (key units not yet drawn this year) and ``periods_left`` the number of draws left in the year
   including this one (1 for a yearly plan; 4, 3, 2, 1 for the quarters), so that every due object is drawn by
   the year's last draw. Rounding **up** because the rules state minimums ("每季度不少于25%"): a non-empty
   stratum with a positive ratio always yields at least one object, and the share drawn is never below the ratio.
5. **Selection.** Strata in sorted (category, credit) order; each uses its own stream labelled
   ``"select|<category>|<credit>"`` (so changing one stratum never changes another's draw). The stratum's ids are
   sorted, due ids first: a partial Fisher–Yates shuffle of the ``d`` due ids picks ``min(k, d)`` of them (for
   ``i`` in ``0..m-1``, ``j = i + uniform(d - i)``, swap ``i`` and ``j``), then the same stream continues on the
   other ids for the remaining ``k - min(k, d)``. With no due object this is one shuffle of the whole stratum.
   Algorithm ``/2`` is ``/1`` plus floors and due objects: inputs without either are drawn, digested and
   labelled ``ecopermit-draw/1``, exactly as before, so draws recorded under ``/1`` still verify.
6. **Inspectors.** Selected objects in id order share one stream labelled ``"assign"``. For each object, the
   eligible inspectors are the sorted inspectors whose recusal list does not contain the object; fewer than two
   eligible inspectors raises ``InspectorAssignmentError`` naming the object. Otherwise the first inspector is
   ``eligible[uniform(len)]`` and the second is drawn the same way from the remaining ones (distinct by
   construction). No load balancing: each task is an independent uniform random pair.

``DrawResult`` carries the seed digest, the algorithm version, a digest of the canonical inputs and the strata
counts, so the published record explains itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "ALGORITHM_V1",
    "ALGORITHM_VERSION",
    "CATEGORIES",
    "CREDIT_LEVELS",
    "DEFAULT_CREDIT_FACTORS",
    "DEFAULT_RATIOS",
    "Assignment",
    "DrawError",
    "DrawInputs",
    "DrawResult",
    "Inspector",
    "InspectorAssignmentError",
    "PoolObject",
    "RandomStream",
    "Stratum",
    "draw",
    "seed_digest",
    "staff_ratio",
    "stratum_count",
    "stratum_ratio",
    "verify",
]

ALGORITHM_VERSION = "ecopermit-draw/2"
ALGORITHM_V1 = "ecopermit-draw/1"
INSPECTORS_PER_TASK = 2

# --- Defaults (data). All configurable per plan; sources in regulations-notes.md §6 and §7. ----------------------

#: Categories of the inspection-object pool (issue 6, "one list, two pools").
CATEGORIES: dict[str, str] = {
    "key_discharger": "重点排污单位",
    "key": "重点管理（排污许可）",
    "simplified": "简化管理",
    "registration": "登记管理",
    "special": "特殊监管对象",  # recent violations, frequent complaints, open rectification case
}

#: Default sampling ratio per category and period (one quarter, county level).
DEFAULT_RATIOS: dict[str, Fraction] = {
    # 重点排污单位 县级 每季度 ≥25% — Guangdong 2016 落实方案 (following 环办〔2015〕88号); Chizhou 2019 (§7).
    "key_discharger": Fraction(25, 100),
    # 重点管理 permit holders are treated like key units (project choice; no separate rule found in §7).
    "key": Fraction(25, 100),
    # 一般排污单位: Chizhou 2019 — 5% of general units each quarter (§7). The alternative staff ratio
    # (在编执法人员 : 被抽查单位 = 1:10 县级 per year, Guangdong 2016 / Wuhan Jianghan 2025) is `staff_ratio(...)`.
    "simplified": Fraction(5, 100),
    "registration": Fraction(5, 100),
    # 特殊监管对象: Chizhou 2019 — 15% each quarter (§7); 88号 says "checked more often" [from memory].
    "special": Fraction(15, 100),
}

#: Credit levels: the national 4 levels of 《企业环境信用评价办法（试行）》环发〔2013〕150号 (§6), plus unrated.
CREDIT_LEVELS: dict[str, str] = {
    "green": "环保诚信企业（绿牌）",
    "blue": "环保良好企业（蓝牌）",
    "yellow": "环保警示企业（黄牌）",
    "red": "环保不良企业（红牌）",
    "unrated": "未评价",
}

#: Multiplier on the category ratio by credit level. The direction (good record checked less, poor record more) is
#: from the plan (issue 6); the numbers are a PROJECT DEFAULT — no source in §6/§7 gives factors. Configure per plan.
DEFAULT_CREDIT_FACTORS: dict[str, Fraction] = {
    "green": Fraction(1, 2),
    "blue": Fraction(1),
    "unrated": Fraction(1),
    "yellow": Fraction(3, 2),
    "red": Fraction(2),
}


# --- Errors ----------------------------------------------------------------------------------------------------


class DrawError(ValueError):
    """The inputs cannot produce a draw (duplicate ids, missing ratio, bad seed ...)."""


class InspectorAssignmentError(DrawError):
    """An object cannot get two distinct inspectors who do not recuse from it."""

    def __init__(self, object_id: str, eligible: int) -> None:
        self.object_id = object_id
        super().__init__(
            f"cannot assign {INSPECTORS_PER_TASK} inspectors to object {object_id!r}: "
            f"only {eligible} inspector(s) in the pool do not recuse from it"
        )


# --- Inputs and result -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolObject:
    id: str
    category: str
    credit: str = "unrated"
    due: bool = False  # a key unit not drawn yet this year: it must be drawn by the year's last draw


@dataclass(frozen=True)
class Inspector:
    id: str
    recusals: frozenset[str] = frozenset()  # object ids this inspector must not inspect

    def __post_init__(self) -> None:
        object.__setattr__(self, "recusals", frozenset(self.recusals))


def _ratio(value: Any, what: str) -> Fraction:
    if isinstance(value, bool):
        raise DrawError(f"{what}: not a number: {value!r}")
    try:
        # str() of a float is its shortest repr, so 0.1 -> Fraction(1, 10), not the binary approximation
        result = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise DrawError(f"{what}: not a number: {value!r}") from exc
    if result < 0:
        raise DrawError(f"{what}: must be >= 0, got {value!r}")
    return result


@dataclass(frozen=True)
class DrawInputs:
    plan_id: str
    seed: str
    objects: tuple[PoolObject, ...]
    inspectors: tuple[Inspector, ...]
    ratios: Mapping[str, Any] = field(default_factory=lambda: dict(DEFAULT_RATIOS))
    credit_factors: Mapping[str, Any] = field(default_factory=lambda: dict(DEFAULT_CREDIT_FACTORS))
    floors: Mapping[str, Any] = field(default_factory=dict)
    periods_left: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "objects", tuple(self.objects))
        object.__setattr__(self, "inspectors", tuple(self.inspectors))
        if (
            not isinstance(self.periods_left, int)
            or isinstance(self.periods_left, bool)
            or self.periods_left < 1
        ):
            raise DrawError(f"periods_left must be a positive integer, got {self.periods_left!r}")

    @property
    def algorithm(self) -> str:
        return ALGORITHM_VERSION if self.floors or any(o.due for o in self.objects) else ALGORITHM_V1

    def canonical(self) -> dict[str, Any]:
        """The inputs as canonical JSON-able data (sorted, ratios as exact fractions "p/q")."""
        ratios = {k: str(_ratio(v, f"ratio {k!r}")) for k, v in sorted(self.ratios.items())}
        factors = {k: str(_ratio(v, f"credit factor {k!r}")) for k, v in sorted(self.credit_factors.items())}
        objects = sorted(self.objects, key=lambda o: o.id)
        out: dict[str, Any] = {
            "algorithm": self.algorithm,
            "plan_id": self.plan_id,
            "seed": self.seed,
            "ratios": ratios,
            "credit_factors": factors,
            "objects": [[o.id, o.category, o.credit] for o in objects],
            "inspectors": [[i.id, sorted(i.recusals)] for i in sorted(self.inspectors, key=lambda i: i.id)],
        }
        if out["algorithm"] != ALGORITHM_V1:
            out["floors"] = {k: str(_ratio(v, f"floor {k!r}")) for k, v in sorted(self.floors.items())}
            out["periods_left"] = self.periods_left
            out["objects"] = [[o.id, o.category, o.credit, o.due] for o in objects]
        return out

    def digest(self) -> str:
        text = json.dumps(self.canonical(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Assignment:
    object_id: str
    category: str
    credit: str
    inspector_ids: tuple[str, ...]


@dataclass(frozen=True)
class Stratum:
    category: str
    credit: str
    pool_size: int
    ratio: str  # effective ratio min(1, ratio × factor) as an exact fraction "p/q"
    selected: int


@dataclass(frozen=True)
class DrawResult:
    plan_id: str
    algorithm: str
    seed_digest: str
    inputs_digest: str
    strata: tuple[Stratum, ...]
    assignments: tuple[Assignment, ...]

    @property
    def selected_ids(self) -> tuple[str, ...]:
        return tuple(a.object_id for a in self.assignments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "algorithm": self.algorithm,
            "seed_digest": self.seed_digest,
            "inputs_digest": self.inputs_digest,
            "strata": [vars(s) for s in self.strata],
            "assignments": [
                {
                    "object_id": a.object_id,
                    "category": a.category,
                    "credit": a.credit,
                    "inspector_ids": list(a.inspector_ids),
                }
                for a in self.assignments
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DrawResult:
        return cls(
            plan_id=data["plan_id"],
            algorithm=data["algorithm"],
            seed_digest=data["seed_digest"],
            inputs_digest=data["inputs_digest"],
            strata=tuple(Stratum(**s) for s in data["strata"]),
            assignments=tuple(
                Assignment(a["object_id"], a["category"], a["credit"], tuple(a["inspector_ids"]))
                for a in data["assignments"]
            ),
        )


# --- The PRNG ----------------------------------------------------------------------------------------------------


def seed_digest(plan_id: str, seed: str) -> bytes:
    """``SHA-256(UTF-8(plan_id + "|" + seed))``."""
    if not isinstance(plan_id, str) or not isinstance(seed, str):
        raise DrawError("plan_id and seed must be strings")
    if not plan_id or "|" in plan_id:
        raise DrawError(f"plan_id must be non-empty and must not contain '|': {plan_id!r}")
    if not seed:
        raise DrawError("the published seed must not be empty")
    return hashlib.sha256(f"{plan_id}|{seed}".encode()).digest()


class RandomStream:
    """HMAC-SHA256 counter-mode stream of 64-bit words (see the module docstring, step 2)."""

    def __init__(self, key: bytes, label: str) -> None:
        self._key = key
        self._prefix = label.encode("utf-8") + b"\x00"
        self._words = self._generate()

    def _generate(self) -> Iterator[int]:
        counter = 0
        while True:
            block = hmac.new(self._key, self._prefix + counter.to_bytes(8, "big"), hashlib.sha256).digest()
            for offset in range(0, 32, 8):
                yield int.from_bytes(block[offset : offset + 8], "big")
            counter += 1

    def uniform(self, m: int) -> int:
        """An integer uniform in ``[0, m)``, by rejection sampling (no modulo bias)."""
        if m <= 0:
            raise ValueError(f"m must be positive, got {m}")
        limit = 2**64 - (2**64 % m)
        while True:
            word = next(self._words)
            if word < limit:
                return word % m


# --- The draw ----------------------------------------------------------------------------------------------------


def staff_ratio(staff: int, pool_size: int, units_per_staff: int = 10, periods_per_year: int = 1) -> Fraction:
    """Ratio for general units from a staff ratio (e.g. 1:10 at county level per year, §7), capped at 1."""
    if pool_size <= 0:
        return Fraction(0)
    return min(Fraction(1), Fraction(staff * units_per_staff, periods_per_year * pool_size))


def stratum_ratio(ratio: Fraction, factor: Fraction, floor: Fraction = Fraction(0)) -> Fraction:
    """Step 4's effective ratio: the credit factor scales the category ratio, but never below the category's
    floor, and never above 1."""
    return min(Fraction(1), max(floor, ratio * factor))


def stratum_count(n: int, effective: Fraction, due: int = 0, periods_left: int = 1) -> int:
    """Step 4's number drawn from a stratum of ``n`` objects, ``due`` of them still due this year."""
    return min(n, max(math.ceil(effective * n), math.ceil(Fraction(due, periods_left))))


def _unique(items: Iterable[Any], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if not isinstance(item.id, str) or not item.id:
            raise DrawError(f"{what} ids must be non-empty strings, got {item.id!r}")
        if item.id in seen:
            raise DrawError(f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


def draw(inputs: DrawInputs) -> DrawResult:
    """Run algorithm ``ecopermit-draw/2`` on ``inputs``; same inputs, same result."""
    key = seed_digest(inputs.plan_id, inputs.seed)
    _unique(inputs.objects, "object")
    _unique(inputs.inspectors, "inspector")
    ratios = {k: _ratio(v, f"ratio for category {k!r}") for k, v in inputs.ratios.items()}
    factors = {k: _ratio(v, f"credit factor for {k!r}") for k, v in inputs.credit_factors.items()}
    floors = {k: _ratio(v, f"floor for category {k!r}") for k, v in inputs.floors.items()}
    for category, ratio in (*ratios.items(), *floors.items()):
        if ratio > 1:
            raise DrawError(f"ratio for category {category!r} must be <= 1, got {ratio}")

    groups: dict[tuple[str, str], list[PoolObject]] = {}
    for obj in sorted(inputs.objects, key=lambda o: o.id):
        if obj.category not in ratios:
            raise DrawError(f"object {obj.id!r}: no sampling ratio for category {obj.category!r}")
        if obj.credit not in factors:
            raise DrawError(f"object {obj.id!r}: no credit factor for credit level {obj.credit!r}")
        groups.setdefault((obj.category, obj.credit), []).append(obj)

    strata: list[Stratum] = []
    selected: list[PoolObject] = []
    for (category, credit), members in sorted(groups.items()):
        n = len(members)
        effective = stratum_ratio(ratios[category], factors[credit], floors.get(category, Fraction(0)))
        due = [m for m in members if m.due]
        k = stratum_count(n, effective, len(due), inputs.periods_left)
        stream = RandomStream(key, f"select|{category}|{credit}")
        from_due = min(k, len(due))
        selected.extend(_shuffle_take(stream, due, from_due))
        selected.extend(_shuffle_take(stream, [m for m in members if not m.due], k - from_due))
        strata.append(Stratum(category, credit, n, str(effective), k))

    inspectors = sorted(inputs.inspectors, key=lambda i: i.id)
    stream = RandomStream(key, "assign")
    assignments: list[Assignment] = []
    for obj in sorted(selected, key=lambda o: o.id):
        eligible = [i.id for i in inspectors if obj.id not in i.recusals]
        if len(eligible) < INSPECTORS_PER_TASK:
            raise InspectorAssignmentError(obj.id, len(eligible))
        chosen: list[str] = []
        for _ in range(INSPECTORS_PER_TASK):
            chosen.append(eligible.pop(stream.uniform(len(eligible))))
        assignments.append(Assignment(obj.id, obj.category, obj.credit, tuple(chosen)))

    return DrawResult(
        plan_id=inputs.plan_id,
        algorithm=inputs.algorithm,
        seed_digest=key.hex(),
        inputs_digest=inputs.digest(),
        strata=tuple(strata),
        assignments=tuple(assignments),
    )


def _shuffle_take(stream: RandomStream, members: list[PoolObject], k: int) -> list[PoolObject]:
    """Step 5: the first ``k`` of a partial Fisher–Yates shuffle of ``members`` (already in id order)."""
    pool = list(members)
    for i in range(k):
        j = i + stream.uniform(len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


def verify(result: DrawResult, inputs: DrawInputs) -> bool:
    """Re-run the draw on ``inputs`` and confirm ``result`` is exactly what it gives (any tampering -> False)."""
    if result.algorithm not in (ALGORITHM_V1, ALGORITHM_VERSION):
        return False
    try:
        return draw(inputs) == result
    except DrawError:
        return False
