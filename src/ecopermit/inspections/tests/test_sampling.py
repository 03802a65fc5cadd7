"""双随机 through the database: pools, plans, the published seed, the recorded draw, verify-draw (MISSION E1)."""

from __future__ import annotations

import io
import json
import math
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.inspections import services
from ecopermit.inspections.models import DrawTask, Inspection, PoolEntry
from ecopermit.inspections.vocab import PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_pool(inspection_world, make_facility):  # type: ignore[no-untyped-def]
    """40 more general units (registration), 8 simplified, 6 of them with a poor credit record, and recusals."""
    w = inspection_world
    extra = []
    for n in range(48):
        f = make_facility(
            f"测试企业{n:02d}",
            industry="2929",
            management_class="registration" if n < 40 else "simplified",
            credit_level="red" if n % 8 == 0 else "unrated",
        )
        extra.append(f)
    for k, inspector in enumerate(w["inspectors"]):
        for f in extra[k::4][:5]:
            services.recusal_add(
                actor=w["officer"], inspector=inspector, facility_id=f.pk, reason="曾为其提供咨询"
            )
    services.pool_refresh(actor=w["officer"])
    return {**w, "extra": extra}


def _draw_json(plan, seed: str) -> dict:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "inspections", "draw", "--plan", plan.code, "--seed", seed, "--dry-run", "--json", stdout=out
    )
    return json.loads(out.getvalue())


def test_pool_categories_and_reasons(inspection_world):
    """E1: each facility in a category with its reason; an open rectification case makes it special."""
    w = inspection_world
    cats = {e.facility_id: (e.category, e.reasons) for e in PoolEntry.objects.all()}
    assert cats[w["shipyard"].pk] == ("key", ["排污许可重点管理"])
    assert cats[w["foundry"].pk] == ("key_discharger", ["列入重点排污单位名录"])
    assert cats[w["fish"].pk][0] == "simplified"
    from ecopermit.cases.facade import problem_raise

    problem_raise(
        actor=w["officer"],
        facility_id=w["fish"].pk,
        kind="over_standard",
        description="氨氮超标",
        source="survey",
    )
    services.pool_refresh(actor=w["officer"])
    entry = PoolEntry.objects.get(facility=w["fish"])
    assert entry.category == "special" and entry.reasons == ["存在未办结的整改案件"]


def test_same_plan_and_seed_same_output_other_seed_other_output(big_pool):
    """E1: the command's JSON is identical for the same plan and seed, and differs for another seed."""
    plan = big_pool["plan"]
    first, again = (
        _draw_json(plan, "上证指数2026-11-27收盘3412.56"),
        _draw_json(plan, "上证指数2026-11-27收盘3412.56"),
    )
    assert first == again
    other = _draw_json(plan, "上证指数2026-11-27收盘3412.57")
    assert [s["credit_code"] for s in other["selected"]] != [s["credit_code"] for s in first["selected"]]
    assert other["seed_digest"] != first["seed_digest"]
    assert first["plan"] == plan.code and first["selected"][0]["inspectors"][0]["certificate_number"]


def test_ratios_and_credit_factors_respected(big_pool):
    """E1: per stratum, ceil(min(1, ratio × credit factor) × n) facilities; poor credit (red) drawn twice as often."""
    w = big_pool
    plan = w["plan"]
    services.plan_publish_seed(actor=w["officer"], plan=plan, seed="2026Q4-公开随机数-918273")
    result = services.plan_draw(actor=w["officer"], plan=plan)
    pool = {}
    for e in PoolEntry.objects.select_related("facility"):
        pool.setdefault((e.category, e.facility.credit_level), 0)
        pool[(e.category, e.facility.credit_level)] += 1
    tasks = {}
    for t in DrawTask.objects.filter(plan=plan):
        tasks[(t.category, t.credit)] = tasks.get((t.category, t.credit), 0) + 1
    for (cat, credit), n in pool.items():
        ratio = min(Fraction(1), Fraction(plan.ratios[cat]) * Fraction(plan.credit_factors[credit]))
        assert tasks.get((cat, credit), 0) == math.ceil(ratio * n), (cat, credit)
    assert (
        pool[("registration", "unrated")] == 36 and tasks[("registration", "unrated")] == 2
    )  # ceil(5% × 36)
    assert pool[("registration", "red")] == 5 and tasks[("registration", "red")] == 1  # ceil(10% × 5)
    assert len(result.assignments) == DrawTask.objects.filter(plan=plan).count()
    # every task has its inspection to do, with two distinct inspectors
    for t in DrawTask.objects.filter(plan=plan):
        assert t.inspection.status == "open" and t.inspector1_id != t.inspector2_id


def test_staff_ratio_for_general_units(big_pool):
    """E1: with 2 staff, general units are drawn at 1:10 per year = 20 a year = 5 a quarter over 50 general units (41 registration, 9 simplified)."""
    w = big_pool
    plan = w["plan"]
    services.plan_configure(
        actor=w["officer"], plan=plan, ratios=plan.ratios, credit_factors=plan.credit_factors, staff_count=2
    )
    report = _draw_json(plan, "x")
    strata = {(s["category"], s["credit"]): s for s in report["strata"]}
    assert strata[("registration", "unrated")]["ratio"] == str(Fraction(5, 41 + 9))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.text(min_size=1, max_size=30))
def test_no_recused_inspector_is_ever_drawn(big_pool, seed):
    """E1 (property): across many seeds, no task goes to an inspector who must recuse from the facility."""
    recused = {
        (r.inspector.certificate_number, r.facility.credit_code)
        for i in big_pool["inspectors"]
        for r in i.recusals.select_related("facility", "inspector")
    }
    result = services.plan_draw(actor=None, plan=big_pool["plan"], seed=seed, dry_run=True)
    assert result.assignments
    for a in result.assignments:
        assert len(set(a.inspector_ids)) == 2
        for cert in a.inspector_ids:
            assert (cert, a.object_id) not in recused


def test_seed_published_before_the_draw_and_draw_once(inspection_world):
    """E1: no draw before the seed is published; only the published seed draws; a plan is drawn once."""
    w = inspection_world
    plan = w["plan"]
    with pytest.raises(DomainError, match=r"seed|种子"):
        services.plan_draw(actor=w["officer"], plan=plan)
    services.plan_publish_seed(actor=w["officer"], plan=plan, seed="S1")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SEED_PUBLISHED and plan.seed_published_at is not None
    with pytest.raises(DomainError):
        services.plan_publish_seed(actor=w["officer"], plan=plan, seed="S2")
    with pytest.raises(DomainError):
        services.plan_draw(actor=w["officer"], plan=plan, seed="S2")
    services.plan_draw(actor=w["officer"], plan=plan, seed="S1")
    with pytest.raises(DomainError):
        services.plan_draw(actor=w["officer"], plan=plan)
    with pytest.raises(CommandError):
        call_command("inspections", "draw", "--plan", plan.code, "--seed", "S1")


def test_draw_is_an_audit_event(inspection_world):
    w = inspection_world
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="公开值-42")
    result = services.plan_draw(actor=w["officer"], plan=plan)
    event = AuditEvent.objects.get(action="inspections.draw")
    assert event.object_id == str(plan.pk) and event.actor_username == "officer"
    assert event.after["seed"] == "公开值-42" and event.after["seed_digest"] == result.seed_digest
    assert (
        event.after["selected"] == len(result.assignments) == Inspection.objects.filter(kind="drawn").count()
    )
    assert AuditEvent.objects.filter(action="inspections.seed_publish").exists()


def test_verify_draw_confirms_then_detects_tampering(big_pool):
    """E1: verify-draw re-runs on the snapshot: later pool changes do not matter, a changed task does."""
    w = big_pool
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="2026-10-01 双色球 03 11 19")
    services.plan_draw(actor=w["officer"], plan=plan)
    out = io.StringIO()
    call_command("inspections", "verify-draw", plan.code, stdout=out)
    assert out.getvalue().startswith("OK")
    # the pools change afterwards: the verification still holds
    type(w["fish"]).objects.update(credit_level="green")
    services.pool_refresh(actor=w["officer"])
    call_command("inspections", "verify-draw", str(plan.pk), stdout=io.StringIO())
    # someone swaps an inspector in the stored tasks
    task = DrawTask.objects.filter(plan=plan).first()
    other = next(i for i in w["inspectors"] if i.pk not in (task.inspector1_id, task.inspector2_id))
    DrawTask.objects.filter(pk=task.pk).update(inspector2=other)
    err = io.StringIO()
    with pytest.raises(CommandError, match="不一致"):
        call_command("inspections", "verify-draw", plan.code, stdout=io.StringIO(), stderr=err)
    assert other.certificate_number in err.getvalue()


def test_verify_draw_detects_a_tampered_stored_result(inspection_world):
    w = inspection_world
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="seed")
    services.plan_draw(actor=w["officer"], plan=plan)
    plan.refresh_from_db()
    plan.result["assignments"] = plan.result["assignments"][1:]
    plan.save()
    check = services.plan_verify(plan)
    assert not check.ok and any("missing" in d or "缺" in d for d in check.differences)
    with pytest.raises(CommandError):
        call_command("inspections", "verify-draw", plan.code, stdout=io.StringIO(), stderr=io.StringIO())


def test_recused_or_unavailable_inspectors_leave_too_few(inspection_world):
    """A facility nobody can inspect is refused with a clear message naming it."""
    w = inspection_world
    for i in w["inspectors"][1:]:
        i.available = False
        i.save()
    with pytest.raises(DomainError, match=w["shipyard"].credit_code[:6]):
        services.plan_draw(actor=None, plan=w["plan"], seed="s", dry_run=True)


def test_bad_ratio_is_refused_in_chinese(inspection_world):
    w = inspection_world
    with pytest.raises(DomainError, match="比例"):
        services.plan_configure(
            actor=w["officer"],
            plan=w["plan"],
            ratios={**w["plan"].ratios, "key": "120%"},
            credit_factors=w["plan"].credit_factors,
            staff_count=None,
        )
