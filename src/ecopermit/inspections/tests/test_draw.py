"""双随机 draw: pure tests (no database)."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecopermit.inspections.draw import (
    ALGORITHM_V1,
    DEFAULT_CREDIT_FACTORS,
    DEFAULT_RATIOS,
    DrawError,
    DrawInputs,
    DrawResult,
    Inspector,
    InspectorAssignmentError,
    PoolObject,
    RandomStream,
    draw,
    seed_digest,
    staff_ratio,
    verify,
)

CATS = ["key_discharger", "key", "simplified", "registration", "special"]
CREDITS = ["green", "blue", "unrated", "yellow", "red"]


def make_objects(n: int = 100) -> list[PoolObject]:
    return [PoolObject(f"F{i:03d}", CATS[i % len(CATS)], CREDITS[(i // 5) % len(CREDITS)]) for i in range(n)]


def make_inspectors(n: int = 8) -> list[Inspector]:
    return [Inspector(f"I{i:02d}") for i in range(n)]


def make_inputs(seed: str = "2026Q1-公开种子-8841", **kw) -> DrawInputs:
    base = {
        "plan_id": "PLAN-2026-Q1",
        "seed": seed,
        "objects": make_objects(),
        "inspectors": make_inspectors(),
    }
    base.update(kw)
    return DrawInputs(**base)


def test_seed_digest_is_sha256_of_plan_bar_seed():
    assert seed_digest("P1", "abc") == hashlib.sha256(b"P1|abc").digest()
    with pytest.raises(DrawError):
        seed_digest("P|1", "abc")  # ambiguous concatenation refused
    with pytest.raises(DrawError):
        seed_digest("P1", "")


def test_random_stream_is_documented_hmac_counter_mode():
    key = seed_digest("P1", "abc")
    import hmac

    block0 = hmac.new(key, b"assign\x00" + (0).to_bytes(8, "big"), hashlib.sha256).digest()
    stream = RandomStream(key, "assign")
    expected = (
        int.from_bytes(block0[:8], "big") % 7
    )  # far below the rejection limit with overwhelming probability
    assert stream.uniform(7) == expected
    values = [RandomStream(key, "x").uniform(10) for _ in range(3)]
    assert len(set(values)) == 1  # same label, same key -> same first value
    s = RandomStream(key, "y")
    draws = [s.uniform(6) for _ in range(6000)]
    assert set(draws) == set(range(6)) and all(800 < draws.count(v) < 1200 for v in range(6))


def test_same_inputs_same_result():
    a, b = draw(make_inputs()), draw(make_inputs())
    assert a == b
    assert a.algorithm == ALGORITHM_V1  # no floors, nothing due: exactly algorithm /1
    assert a.seed_digest == hashlib.sha256("PLAN-2026-Q1|2026Q1-公开种子-8841".encode()).hexdigest()
    assert DrawResult.from_dict(a.to_dict()) == a


def test_different_seed_different_selection():
    base = draw(make_inputs()).selected_ids
    others = {draw(make_inputs(seed=f"seed-{i}")).selected_ids for i in range(5)}
    assert base not in others
    assert len(others) == 5


def test_different_plan_same_seed_different_selection():
    assert draw(make_inputs()).selected_ids != draw(make_inputs(plan_id="PLAN-2026-Q2")).selected_ids


def test_pool_order_does_not_matter():
    objects, inspectors = make_objects(), make_inspectors()
    shuffled_objects = objects[::-1][50:] + objects[::-1][:50]
    a = draw(make_inputs(objects=objects, inspectors=inspectors))
    b = draw(make_inputs(objects=shuffled_objects, inspectors=inspectors[::-1]))
    c = draw(make_inputs(ratios=dict(reversed(list(DEFAULT_RATIOS.items())))))
    assert a == b == c


def test_ratios_respected_with_ceiling_per_stratum():
    inputs = make_inputs()
    result = draw(inputs)
    for stratum in result.strata:
        members = [o for o in inputs.objects if (o.category, o.credit) == (stratum.category, stratum.credit)]
        effective = min(
            Fraction(1), DEFAULT_RATIOS[stratum.category] * DEFAULT_CREDIT_FACTORS[stratum.credit]
        )
        assert stratum.pool_size == len(members)
        assert Fraction(stratum.ratio) == effective
        assert stratum.selected == math.ceil(effective * len(members))
        picked = [
            a for a in result.assignments if (a.category, a.credit) == (stratum.category, stratum.credit)
        ]
        assert len(picked) == stratum.selected
        assert stratum.selected >= effective * stratum.pool_size  # never below the minimum ratio
    assert len(set(result.selected_ids)) == len(result.selected_ids)  # without replacement


def test_ratio_examples_and_rounding():
    objects = [PoolObject(f"K{i:02d}", "key_discharger", "blue") for i in range(10)]
    objects += [PoolObject(f"G{i:02d}", "key_discharger", "green") for i in range(10)]
    objects += [PoolObject(f"R{i:02d}", "key_discharger", "red") for i in range(10)]
    objects += [PoolObject(f"S{i:02d}", "simplified", "blue") for i in range(30)]
    result = draw(make_inputs(objects=objects, ratios={"key_discharger": 0.25, "simplified": 0.1}))
    counts = {(s.category, s.credit): s.selected for s in result.strata}
    assert counts[("key_discharger", "blue")] == 3  # ceil(0.25 × 10) = ceil(2.5)
    assert counts[("key_discharger", "green")] == 2  # ceil(0.125 × 10): good record checked less
    assert counts[("key_discharger", "red")] == 5  # ceil(0.5 × 10): poor record checked more
    assert counts[("simplified", "blue")] == 3  # 0.1 × 30 is exactly 3 (no float 3.0000000000000004 -> 4)


def test_ratio_one_selects_all_and_zero_none():
    objects = [PoolObject(f"A{i}", "special", "red") for i in range(7)] + [PoolObject("B1", "key", "blue")]
    result = draw(make_inputs(objects=objects, ratios={"special": Fraction(3, 4), "key": 0}))
    assert sorted(result.selected_ids) == [f"A{i}" for i in range(7)]  # 3/4 × 2 capped at 1


def test_two_distinct_inspectors_per_task():
    result = draw(make_inputs())
    assert result.assignments
    for a in result.assignments:
        assert len(a.inspector_ids) == 2 and a.inspector_ids[0] != a.inspector_ids[1]
    # all inspectors get used over 30+ tasks from a pool of 8
    assert len({i for a in result.assignments for i in a.inspector_ids}) == 8


def test_impossible_recusal_names_the_object():
    objects = [PoolObject("F1", "key", "blue"), PoolObject("F2", "key", "blue")]
    inspectors = [Inspector("I1", frozenset({"F2"})), Inspector("I2"), Inspector("I3", {"F2"})]
    with pytest.raises(InspectorAssignmentError, match="'F2'") as info:
        draw(make_inputs(objects=objects, inspectors=inspectors, ratios={"key": 1}))
    assert info.value.object_id == "F2"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"objects": [PoolObject("F1", "key"), PoolObject("F1", "key")]}, "duplicate object"),
        ({"inspectors": [Inspector("I1"), Inspector("I1"), Inspector("I2")]}, "duplicate inspector"),
        ({"objects": [PoolObject("F1", "unknown_cat")]}, "no sampling ratio"),
        ({"objects": [PoolObject("F1", "key", "black")]}, "no credit factor"),
        ({"ratios": {"key": 1.5}}, "<= 1"),
        ({"ratios": {"key": -0.1}}, ">= 0"),
        ({"objects": [PoolObject(7, "key")]}, "non-empty strings"),
    ],
)
def test_bad_inputs_are_refused(kw, message):
    with pytest.raises(DrawError, match=message):
        draw(make_inputs(**kw))


def test_staff_ratio():
    assert staff_ratio(3, 120) == Fraction(1, 4)  # 1:10 per year -> 30 of 120
    assert staff_ratio(3, 120, periods_per_year=4) == Fraction(1, 16)
    assert staff_ratio(50, 10) == 1
    assert staff_ratio(3, 0) == 0


def test_verify_accepts_the_genuine_result():
    inputs = make_inputs()
    assert verify(draw(inputs), inputs)


def test_verify_detects_tampering():
    inputs = make_inputs()
    result = draw(inputs)
    first = result.assignments[0]
    unselected = next(o for o in inputs.objects if o.id not in result.selected_ids)
    swapped_object = dataclasses.replace(first, object_id=unselected.id)
    swapped_inspector = dataclasses.replace(first, inspector_ids=(first.inspector_ids[0], "I99"))
    tampered = [
        dataclasses.replace(result, assignments=(swapped_object, *result.assignments[1:])),
        dataclasses.replace(result, assignments=(swapped_inspector, *result.assignments[1:])),
        dataclasses.replace(result, assignments=result.assignments[1:]),
        dataclasses.replace(result, seed_digest="0" * 64),
        dataclasses.replace(result, algorithm="ecopermit-draw/0"),
    ]
    for bad in tampered:
        assert not verify(bad, inputs)
    # a result checked against other inputs (another seed, a changed pool) fails too
    assert not verify(result, make_inputs(seed="another"))
    assert not verify(result, make_inputs(objects=make_objects()[:-1]))
    assert not verify(result, make_inputs(plan_id="bad|id"))


@st.composite
def recusal_scenarios(draw_, min_inspectors: int = 2):
    n_objects = draw_(st.integers(min_value=1, max_value=30))
    n_inspectors = draw_(st.integers(min_value=min_inspectors, max_value=8))
    object_ids = [f"F{i:02d}" for i in range(n_objects)]
    inspector_ids = [f"I{i}" for i in range(n_inspectors)]
    recusals: dict[str, set[str]] = {i: set() for i in inspector_ids}
    for oid in object_ids:
        # each object keeps at least two inspectors who do not recuse, so a solution always exists
        keep = draw_(st.sets(st.sampled_from(inspector_ids), min_size=2, max_size=2))
        for iid in inspector_ids:
            if iid not in keep and draw_(st.booleans()):
                recusals[iid].add(oid)
    objects = [
        PoolObject(oid, CATS[k % len(CATS)], CREDITS[k % len(CREDITS)]) for k, oid in enumerate(object_ids)
    ]
    inspectors = [Inspector(iid, frozenset(r)) for iid, r in recusals.items()]
    seed = draw_(st.text(min_size=1, max_size=20))
    return objects, inspectors, seed


@settings(max_examples=200, deadline=None)
@given(scenario=recusal_scenarios())
def test_no_recused_inspector_is_ever_assigned(scenario):
    objects, inspectors, seed = scenario
    inputs = DrawInputs(
        "PLAN-P", seed, objects, inspectors, dict.fromkeys(CATS, 1), dict.fromkeys(CREDITS, 1)
    )
    result = draw(inputs)
    assert sorted(result.selected_ids) == sorted(o.id for o in objects)  # ratio 1: everyone drawn
    recused = {i.id: i.recusals for i in inspectors}
    for a in result.assignments:
        assert len(set(a.inspector_ids)) == 2
        for iid in a.inspector_ids:
            assert a.object_id not in recused[iid]
    assert verify(result, inputs)


@settings(max_examples=50, deadline=None)
@given(seed=st.text(min_size=1, max_size=30), data=st.data())
def test_any_seed_respects_ratios_and_is_order_independent(seed, data):
    objects = make_objects(40)
    permuted = data.draw(st.permutations(objects))
    a = draw(make_inputs(seed=seed, objects=objects))
    b = draw(make_inputs(seed=seed, objects=permuted))
    assert a == b
    for stratum in a.strata:
        assert stratum.selected == math.ceil(Fraction(stratum.ratio) * stratum.pool_size)
