"""双随机 checks special objects more and key units at least at their floor (E1, issue 10 §4).

特殊监管对象 (open case, frequent complaints, serious past violations, under investigation) are checked more often,
never less (88号文 as recorded in regulations-notes §7); key units are drawn at ≥ 25 % a quarter at county level and
each at least once a year, whatever their credit record (Guangdong 2016, Jiangxi a-class, Chizhou 2019)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecopermit.core.errors import DomainError
from ecopermit.inspections import draw, rules, services
from ecopermit.inspections.models import DrawTask

MANAGEMENT = ("key", "simplified", "registration", "unknown")
SPECIAL_FLAGS = list(
    itertools.product((False, True), (0, 2), (0, rules.FREQUENT_COMPLAINTS), ("", "立案调查中"))
)


def _ratio_of(facts: rules.FacilityFacts, credit: str, kind: str, ratios=None, factors=None):  # type: ignore[no-untyped-def]
    """The effective ratio the draw gives this facility, and the base ratio of its permit class."""
    ratios = ratios or rules.default_ratios(kind)
    factors = {k: Fraction(v) for k, v in (factors or rules.default_credit_factors()).items()}
    effective = rules.effective_ratios(ratios, kind=kind, staff_count=None, pool_sizes={})
    floors = rules.floors(effective, kind=kind)
    category, _reasons = rules.pool_category(facts)
    r = draw.stratum_ratio(Fraction(effective[category]), factors[credit], Fraction(floors.get(category, 0)))
    plain = rules.FacilityFacts(facts.on_key_list, facts.management_class, False, 0)
    base_category, _r = rules.pool_category(plain)
    base = Fraction(effective[base_category])
    plain_r = draw.stratum_ratio(base, factors[credit], Fraction(floors.get(base_category, 0)))
    return category, r, base, plain_r


def test_every_combination_special_at_least_its_base_key_at_least_its_floor():
    """Exhaustive over category × credit × special flags × plan period, with the default ratios."""
    checked = 0
    for kind, key_list, mgmt, credit, (case, findings, complaints, manual) in itertools.product(
        ("quarter", "year"), (False, True), MANAGEMENT, draw.CREDIT_LEVELS, SPECIAL_FLAGS
    ):
        facts = rules.FacilityFacts(key_list, mgmt, case, findings, complaints, manual)
        category, r, base, plain_r = _ratio_of(facts, credit, kind)
        special = case or findings or complaints >= rules.FREQUENT_COMPLAINTS or manual
        if special:
            assert category == "special"
            assert r >= base and r >= plain_r, (facts, credit, kind, r, base, plain_r)
        else:
            assert r == plain_r
        if rules.is_key_unit(facts):
            assert r >= rules.key_floor(kind), (facts, credit, kind, r)
        checked += 1
    assert checked == 2 * 2 * 4 * 5 * 16


def test_the_reported_case_key_unit_with_an_open_case():
    """A key unit with an open case stays at 25 % a quarter (it dropped to 15 % before), also with green credit."""
    facts = rules.FacilityFacts(on_key_list=True, management_class="key", open_case=True, recent_findings=0)
    for credit in ("green", "unrated"):
        assert _ratio_of(facts, credit, "quarter")[1] == Fraction(1, 4)
    assert _ratio_of(facts, "red", "quarter")[1] == Fraction(1, 2)
    assert _ratio_of(facts, "green", "year")[1] == 1
    # an ordinary key unit with green credit is not taken below its floor either
    plain = rules.FacilityFacts(on_key_list=True, management_class="key", open_case=False, recent_findings=0)
    assert _ratio_of(plain, "green", "quarter")[1] == Fraction(1, 4)
    # ordinary general units still get the good-credit discount (the plan: 减少对守法记录良好企业的检查频次)
    general = rules.FacilityFacts(False, "simplified", False, 0)
    assert _ratio_of(general, "green", "quarter")[1] == Fraction(1, 40)


fractions = st.fractions(min_value=0, max_value=1, max_denominator=100)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(("quarter", "year")),
    key_ratio=st.fractions(min_value=Fraction(1, 4), max_value=1, max_denominator=100),
    general=fractions,
    special=fractions,
    factors=st.fixed_dictionaries({k: st.fractions(0, 3, max_denominator=20) for k in draw.CREDIT_LEVELS}),
    facts=st.builds(
        rules.FacilityFacts,
        on_key_list=st.booleans(),
        management_class=st.sampled_from(MANAGEMENT),
        open_case=st.booleans(),
        recent_findings=st.integers(0, 3),
        complaints=st.integers(0, 5),
        manual_special=st.sampled_from(("", "立案调查中")),
    ),
    credit=st.sampled_from(tuple(draw.CREDIT_LEVELS)),
)
def test_property_any_plan_any_credit_factor(kind, key_ratio, general, special, factors, facts, credit):  # type: ignore[no-untyped-def]
    """For any plan a bureau may configure and any credit factors (even 0), special ≥ base, key ≥ floor."""
    key_ratio = max(key_ratio, rules.key_floor(kind))
    ratios = {
        "key_discharger": key_ratio,
        "key": key_ratio,
        "simplified": general,
        "registration": general,
        "special": special,
    }
    category, r, base, plain_r = _ratio_of(facts, credit, kind, ratios, factors)
    if category == "special":
        assert r >= base and r >= plain_r
    if rules.is_key_unit(facts):
        assert r >= rules.key_floor(kind)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 30),
    credits=st.lists(st.sampled_from(tuple(draw.CREDIT_LEVELS)), min_size=30, max_size=30),
    seed=st.text(min_size=1, max_size=10),
    green=st.fractions(0, 1, max_denominator=10),
)
def test_four_quarterly_draws_reach_every_key_unit_once_a_year(n, credits, seed, green):  # type: ignore[no-untyped-def]
    """The frequency floor: whatever the credit records, four quarterly draws cover every key unit."""
    ratios = rules.effective_ratios(
        rules.default_ratios("quarter"), kind="quarter", staff_count=None, pool_sizes={}
    )
    factors = {**rules.default_credit_factors(), "green": str(green)}
    ids = [f"K{i:02d}" for i in range(n)]
    drawn: set[str] = set()
    for q in range(4):
        start = dt.date(2027, 3 * q + 1, 1)
        objects = tuple(
            draw.PoolObject(i, "key_discharger", credits[k], due=i not in drawn) for k, i in enumerate(ids)
        )
        inputs = draw.DrawInputs(
            f"P-{q}",
            seed,
            objects,
            (draw.Inspector("A"), draw.Inspector("B")),
            ratios,
            factors,
            floors=rules.floors(ratios, kind="quarter"),
            periods_left=rules.periods_left("quarter", start),
        )
        result = draw.draw(inputs)
        for s in result.strata:
            assert s.selected >= math.ceil(rules.KEY_FLOOR_PER_QUARTER * s.pool_size)
        drawn |= set(result.selected_ids)
        assert draw.verify(result, inputs)
    assert drawn == set(ids)


def test_due_objects_fill_the_last_quarter():
    """In Q4 every key unit not drawn yet this year is drawn, even above the 25 % share."""
    objects = tuple(draw.PoolObject(f"K{i}", "key", "green", due=i < 5) for i in range(8))
    inputs = draw.DrawInputs(
        "P-Q4",
        "s",
        objects,
        (draw.Inspector("A"), draw.Inspector("B")),
        rules.default_ratios("quarter"),
        rules.default_credit_factors(),
        floors={"key": "1/4"},
        periods_left=1,
    )
    result = draw.draw(inputs)
    assert set(result.selected_ids) == {f"K{i}" for i in range(5)}
    assert result.algorithm == draw.ALGORITHM_VERSION
    assert inputs.canonical()["periods_left"] == 1 and inputs.canonical()["objects"][0][3] is True


def test_rules_without_floor_or_due_are_algorithm_one():
    objects = (draw.PoolObject("A", "key"),)
    inputs = draw.DrawInputs("P", "s", objects, (draw.Inspector("A"), draw.Inspector("B")))
    assert inputs.algorithm == draw.ALGORITHM_V1 and "floors" not in inputs.canonical()


@pytest.mark.parametrize(("kind", "ok", "low"), [("quarter", "1/4", "0.24"), ("year", "1", "0.99")])
def test_periods_left_and_floor(kind, ok, low):  # type: ignore[no-untyped-def]
    assert rules.below_floor({"key": ok, "key_discharger": ok}, kind) == []
    assert rules.below_floor({"key": low, "key_discharger": ok}, kind) == ["key"]
    assert [rules.periods_left("quarter", dt.date(2027, m, 1)) for m in (1, 4, 7, 10)] == [4, 3, 2, 1]
    assert rules.periods_left("year", dt.date(2027, 1, 1)) == 1


# --- Through the database ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan_refuses_a_key_ratio_below_the_floor(inspection_world):
    w = inspection_world
    with pytest.raises(DomainError, match="25%") as exc:
        services.plan_configure(
            actor=w["officer"],
            plan=w["plan"],
            ratios={**w["plan"].ratios, "key_discharger": "20%"},
            credit_factors=w["plan"].credit_factors,
            staff_count=None,
        )
    assert exc.value.field == "ratios"


@pytest.mark.django_db
def test_key_unit_with_open_case_drawn_at_least_at_25_percent(inspection_world, make_facility):
    """The issue's check: key units with an open case, green credit, are sampled at ≥ 25 % (were 15 %)."""
    from ecopermit.cases.facade import problem_raise

    w = inspection_world
    for n in range(8):
        f = make_facility(f"重点企业{n}", industry="2929", management_class="key", credit_level="green")
        problem_raise(
            actor=w["officer"], facility_id=f.pk, kind="over_standard", description="超标", source="survey"
        )
    services.pool_refresh(actor=w["officer"])
    result = services.plan_draw(actor=None, plan=w["plan"], seed="s", dry_run=True)
    special = next(s for s in result.strata if s.category == "special" and s.credit == "green")
    assert special.pool_size == 8 and Fraction(special.ratio) >= Fraction(1, 4) and special.selected >= 2
    key = next(s for s in result.strata if s.category == "key")
    assert Fraction(key.ratio) >= Fraction(1, 4)


@pytest.mark.django_db
def test_quarterly_plans_draw_every_key_unit_once_a_year(personas, make_user, make_facility):
    """Four quarterly plans of one year, stored draws: key units drawn in an earlier quarter are no longer due."""
    officer = personas["officer"]
    people = [officer, make_user("bureau_officer", "inspector9", display_name="执法队员9")]
    for n, u in enumerate(people, 1):
        services.inspector_register(actor=officer, user=u, certificate_number=f"3309029{n:03d}")
    keys = [
        make_facility(f"重点单位{n}", industry="2929", management_class="key", credit_level="green").pk
        for n in range(10)
    ]
    services.pool_refresh(actor=officer)
    year = 2030
    for month in (1, 4, 7, 10):
        plan = services.plan_create(actor=officer, period_kind="quarter", period_day=dt.date(year, month, 1))
        services.plan_publish_seed(actor=officer, plan=plan, seed=f"seed-{month}")
        services.plan_draw(actor=officer, plan=plan)
        plan.refresh_from_db()
        assert services.plan_verify(plan).ok
    drawn = set(DrawTask.objects.filter(plan__period_start__year=year).values_list("facility_id", flat=True))
    assert set(keys) <= drawn


def test_a_draw_recorded_under_algorithm_one_still_verifies():
    """Snapshots stored before issue 10 (three fields per object, no floors) re-run to the same result."""
    objects = tuple(draw.PoolObject(f"F{i:02d}", "key", "green") for i in range(9))
    inputs = draw.DrawInputs("OLD-PLAN", "s", objects, (draw.Inspector("A"), draw.Inspector("B")))
    result = draw.draw(inputs)
    stored = {"inputs": inputs.canonical()}
    assert result.algorithm == draw.ALGORITHM_V1 and len(stored["inputs"]["objects"][0]) == 3
    again = services.inputs_from_snapshot(stored)
    assert draw.verify(result, again) and draw.draw(again).inputs_digest == result.inputs_digest
    assert len(result.selected_ids) == 2  # 25 % × 1/2 of 9, rounded up: what /1 drew
