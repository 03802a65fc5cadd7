"""The synthetic Dinghai demo: the pure generator, the loader, and the two commands."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from datetime import date
from importlib import resources

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.roles import Role
from ecopermit.core import industry
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.models import District
from ecopermit.demo.dataset import (
    DEMO_PASSWORD,
    PLAN_INDUSTRIES,
    USERNAMES,
    Dataset,
    bundled_district,
    facility_codes,
    generate,
    permit_status,
)
from ecopermit.demo.services import demo_load
from ecopermit.registry.credit_code import is_valid_credit_code
from ecopermit.registry.models import Facility, FacilityAccess, Outlet, OutletLimit
from ecopermit.registry.services import facility_permit_status

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return generate()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat1 - lat2) * 111.0
    dx = (lon1 - lon2) * 111.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


# ----------------------------------------------------------------------------------------- generator


def test_same_seed_same_dataset_other_seed_other_dataset():
    assert generate(seed=7, facilities=40) == generate(seed=7, facilities=40)
    other = generate(seed=8, facilities=40)
    assert other.facilities != generate(seed=7, facilities=40).facilities
    assert {f.credit_code for f in other.facilities}.isdisjoint(
        f.credit_code for f in generate(seed=7, facilities=40).facilities
    )


def test_a_larger_run_extends_a_smaller_one():
    assert generate(facilities=80).facilities[:40] == generate(facilities=40).facilities
    assert facility_codes(facilities=80) == [f.credit_code for f in generate(facilities=80).facilities]


def test_credit_codes_are_valid_distinct_and_from_dinghai(demo):
    codes = [f.credit_code for f in demo.facilities]
    assert len(demo.facilities) >= 300
    assert len(set(codes)) == len(codes)
    assert all(is_valid_credit_code(code) for code in codes)
    assert all(code.startswith("91330902DM") for code in codes)


def test_industry_codes_are_gbt4754_classes(demo):
    for f in demo.facilities:
        assert f.primary_industry in f.industry_codes
        for code in f.industry_codes:
            assert industry.is_valid(code), code
            assert industry.industry(code).level == "class", code


def test_every_plan_industry_and_every_town_is_present(demo):
    plan = Counter(f.plan_industry for f in demo.facilities)
    assert set(PLAN_INDUSTRIES) <= set(plan)
    # Ship repair and aquatic processing are the most common sectors, as in Dinghai.
    sectors = Counter(f.sector for f in demo.facilities)
    assert {s for s, _ in sectors.most_common(2)} == {"ship_repair", "aquatic"}
    district = bundled_district()
    assert {f.town_code for f in demo.facilities} == {t["code"] for t in district["towns"]}
    assert any(f.boilers for f in demo.facilities if f.plan_industry == "other")
    assert any(f.water_treatments for f in demo.facilities)


def test_coordinates_lie_in_the_district_near_their_town_or_park(demo):
    district = bundled_district()
    box = district["bbox"]
    towns = {t["code"]: t for t in district["towns"]}
    parks = {p["code"]: p for p in district["parks"]}
    for f in demo.facilities:
        assert box["min_lat"] <= f.lat <= box["max_lat"] and box["min_lon"] <= f.lon <= box["max_lon"]
        if f.park_code:
            park = parks[f.park_code]
            assert park["town"] == f.town_code  # a park facility sits in the park's host town
            assert _km(f.lat, f.lon, park["lat"], park["lon"]) <= 1.3
        else:
            town = towns[f.town_code]
            assert _km(f.lat, f.lon, town["lat"], town["lon"]) <= 3.0
        for outlet in f.outlets:
            assert _km(f.lat, f.lon, outlet.lat, outlet.lon) <= 0.1
    assert sum(1 for f in demo.facilities if f.park_code) >= 20


def test_gaps_come_in_the_stated_shares(demo):
    n = len(demo.facilities)
    with_eia = sum(1 for f in demo.facilities if f.eias) / n
    nothing = sum(1 for f in demo.facilities if not (f.eias or f.permits or f.registrations)) / n
    before_approval = sum(1 for f in demo.facilities if f.built_before_approval) / n
    assert 0.48 <= with_eia <= 0.62
    assert 0.14 <= nothing <= 0.26
    assert 0.10 <= before_approval <= 0.20
    assert all(not f.eias and f.status == "operating" for f in demo.facilities if f.built_before_approval)
    accepted = sum(1 for f in demo.facilities if f.eias and f.acceptances) / sum(
        1 for f in demo.facilities if f.eias
    )
    assert accepted > 0.6

    outlets = [o for f in demo.facilities for o in f.outlets]
    unmonitored = sum(1 for o in outlets if not (o.auto_monitoring_installed and o.auto_monitoring_networked))
    assert 0.22 <= unmonitored / len(outlets) <= 0.38
    assert any(o.auto_monitoring_installed and not o.auto_monitoring_networked for o in outlets)
    assert any(not o.standardized for o in outlets)

    statuses = Counter(permit_status(f, AS_OF) for f in demo.facilities)
    assert statuses["permit_valid"] > 5 * statuses["permit_expired"] > 0  # a few expired
    assert statuses["registered"] > 0 and statuses["none"] > 0
    key = [f for f in demo.facilities if f.on_key_list]
    assert 0 < len(key) < n * 0.12
    assert all(f.permits or f.registrations for f in key)


def test_quantities_straddle_the_catalog_thresholds(demo):
    def values(kind: str) -> list[float]:
        return [float(q.value) for f in demo.facilities for q in f.quantities if q.kind == kind]

    coating = values("solvent_coating_adhesive_t_per_year")
    assert any(v < 10 for v in coating) and any(v >= 10 for v in coating)
    assert {q.year for f in demo.facilities for q in f.quantities if not q.from_eia} == {2023, 2024, 2025}
    assert max(values("aquatic_products_t_per_year")) >= 100_000
    assert any(
        float(b.capacity) >= 20 and b.capacity_unit == "t/h" for f in demo.facilities for b in f.boilers
    )
    assert {b.fuel for f in demo.facilities for b in f.boilers} >= {
        "gas",
        "oil",
        "biomass",
        "electric",
        "coal",
    }
    assert any(fn.kind == "melting" for f in demo.facilities for fn in f.furnaces)
    processes = {p for f in demo.facilities for p in f.processes}
    assert {"electroplating", "pickling", "spray_coating", "sand_blasting", "welding"} <= processes


def test_names_read_like_companies_but_use_invented_trade_names(demo):
    names = json.loads(resources.files("ecopermit.demo.data").joinpath("names.json").read_text("utf-8"))
    real = names["real_trade_names"]
    assert len({f.name for f in demo.facilities}) == len(demo.facilities)
    for f in demo.facilities:
        assert f.trade_name in f.name
        assert not any(r in f.trade_name for r in real), f.name
        assert f.name.endswith(("有限公司", "厂"))
        assert f.address.startswith("定海区") and f.address.endswith("号")
        assert f.legal_representative and f.contact_phone.startswith(
            "0580-0"
        )  # 0xxxxxx: no real local number
    towns = {t["code"]: t["name"] for t in bundled_district()["towns"]}
    assert all(towns[f.town_code] in f.address for f in demo.facilities)


def test_outlets_carry_real_limits_with_hj212_codes(demo):
    text = resources.files("ecopermit.registry.data").joinpath("hj212_pollutant_codes.csv").read_text("utf-8")
    hj212 = {row["code_2017"] for row in csv.DictReader(io.StringIO(text))}
    for f in demo.facilities:
        for outlet in f.outlets:
            assert outlet.code.startswith("DA" if outlet.medium == "gas" else "DW")
            assert outlet.limits and outlet.standard.startswith("GB ")
            keys = [(lim.pollutant_code, lim.statistic) for lim in outlet.limits]
            assert len(keys) == len(set(keys))
            for lim in outlet.limits:
                assert lim.pollutant_code in hj212
                assert lim.source.startswith(outlet.standard.split("《")[0])
                assert lim.value > 0 and lim.valid_from == date(2020, 1, 1)
    codes = {lim.pollutant_code for f in demo.facilities for o in f.outlets for lim in o.limits}
    assert {"a21026", "a21002", "a34013", "w01018", "w21003", "a24088"} <= codes


def test_paperwork_numbers_look_official(demo):
    for f in demo.facilities:
        for p in f.permits:
            assert p.number == f"{f.credit_code}001P" and p.management_class in ("key", "simplified")
            assert (p.valid_until - p.issued_on).days in (1825, 1826)
            assert 2019 <= p.issued_on.year <= 2024
        for r in f.registrations:
            assert r.number == f"{f.credit_code}001W"
        for e in f.eias:
            assert e.number.startswith(("舟环定建审〔", "定环建审〔")) and e.number.endswith("号")
            assert e.approving_body == (
                "舟山市生态环境局定海分局" if e.approved_on.year >= 2019 else "舟山市定海区环境保护局"
            )
        assert {a.eia_number for a in f.acceptances} <= {e.number for e in f.eias}


def test_every_role_has_a_demo_user(demo):
    assert {u.role for u in demo.users} == set(Role.values)
    assert {u.username for u in demo.users} == set(USERNAMES)
    by_name = {u.username: u for u in demo.users}
    facilities = {f.credit_code: f for f in demo.facilities}
    shipyard = facilities[by_name["enterprise1"].facility_codes[0]]
    fishery = facilities[by_name["enterprise2"].facility_codes[0]]
    assert shipyard.sector == "ship_repair" and fishery.sector == "aquatic"
    assert len(by_name["agency"].facility_codes) == 3
    assert by_name["park_officer"].park_code == "P01" and by_name["park_officer"].role == Role.TOWN_OFFICER


# ------------------------------------------------------------------------------------------- loader


def _registry_counts() -> dict[str, int]:
    labels = ("registry", "accounts", "core")
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in labels and m is not AuditEvent and m._meta.model_name != "audithead"
    }


@pytest.mark.django_db
def test_load_demo_fills_the_database_with_marked_demo_data():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert District.objects.get(code="330902").is_demo
    # The summary counts every demo account, the inspector pool's too (issue 11 item 14: it said 12 of 17).
    accounts = User.objects.filter(is_demo=True).count()
    assert f"新建演示账号 {accounts} 个（演示账号共 {accounts} 个" in out.getvalue()
    facilities = Facility.objects.filter(is_demo=True)
    assert facilities.count() == 320 == Facility.objects.count()
    assert all(is_valid_credit_code(code) for code in facilities.values_list("credit_code", flat=True))
    assert all(industry.is_valid(code) for code in facilities.values_list("industries__code", flat=True))
    # load_demo classifies every facility under the catalog, so no demo facility is left unclassified and
    # each carries its current classification with the deciding rows.
    classes = set(facilities.values_list("management_class", flat=True))
    assert "unknown" not in classes and {"key", "simplified", "registration"} <= classes
    from ecopermit.catalog.models import FacilityClassification

    assert FacilityClassification.objects.filter(is_current=True).count() == 320
    assert facilities.values("town").distinct().count() == 11
    # The loader's permit status is the registry's rule.
    for facility in facilities:
        assert facility.permit_status == facility_permit_status(facility), facility.name
    # History rows written in SQL read back through simple_history like ORM-written ones.
    assert Facility.history.count() == 320
    first = Facility.objects.order_by("pk").first()
    record = first.history.get()
    assert record.history_type == "+" and record.instance.name == first.name
    assert OutletLimit.history.count() == OutletLimit.objects.count() > 320
    assert Outlet.objects.filter(auto_monitoring_installed=False).exists()
    _the_demo_reports_are_a_districts()
    _the_demo_self_proof_is_a_districts(out.getvalue())
    _loading_again_creates_no_self_proof()


def _the_demo_reports_are_a_districts() -> None:
    """Issue 13: two years of execution reports — most accepted, some returned once, some awaiting review, some
    never submitted and raised as problems; the permit holder's manager (enterprise3) has reports to submit."""
    from ecopermit.cases.models import Problem
    from ecopermit.filings.models import ExecutionReport, ReportVersion
    from ecopermit.registry.models import FacilityAccess

    statuses = dict(
        ExecutionReport.objects.values_list("status")
        .annotate(n=models.Count("pk"))
        .values_list("status", "n")
    )
    assert statuses["accepted"] > statuses["submitted"] > 0 and statuses["due"] > 0
    assert ReportVersion.objects.filter(review="returned").exists()
    missing = Problem.objects.filter(kind="report_missing")
    assert missing.exists() and missing.count() < statuses["accepted"]
    mine = FacilityAccess.objects.get(user__username="enterprise3").facility_id
    if (
        Facility.objects.get(pk=mine).permit_status == "permit_valid"
    ):  # its permit ends in 2028 (TEST_DATE 2030)
        assert ExecutionReport.objects.filter(facility_id=mine, status="due").exists()


def _self_proof_counts() -> dict[str, int]:
    from ecopermit.cases.models import Problem
    from ecopermit.filings.models import (
        CrossCheckFinding,
        ExecutionReport,
        LedgerEntry,
        MonitoringPlanItem,
        MonitoringResult,
        ReportVersion,
    )

    models_ = (
        MonitoringPlanItem,
        MonitoringResult,
        LedgerEntry,
        CrossCheckFinding,
        ExecutionReport,
        ReportVersion,
    )
    counts = {m.__name__: m.objects.count() for m in models_}
    return counts | {"problems": Problem.objects.count(), "limits": OutletLimit.objects.count()}


def _the_demo_self_proof_is_a_districts(printed: str) -> None:
    """Issue 13 demo: self-monitoring results with their reports, a ledger, the falsified report's finding with both
    figures, a facility over its permitted annual total (不能达标), missing monitoring and ledger months raised."""
    from ecopermit.cases.models import Problem
    from ecopermit.demo import selfproof
    from ecopermit.filings.facade import compliance_history
    from ecopermit.filings.models import CrossCheckFinding, LedgerEntry, MonitoringResult

    mine = selfproof.falsified_facility()
    if mine is None:
        # No demo permit is in force on the test date (the demo's permits run 2019–2029; ECOPERMIT_TEST_DATE
        # 2030-01-02): no plan, no ledger, nothing to falsify. The loader must still have run cleanly.
        assert not MonitoringResult.objects.exists() and "已是最新" not in printed
        return
    enterprise3 = FacilityAccess.objects.get(user__username="enterprise3").facility
    assert mine == enterprise3.pk or enterprise3.permit_status != "permit_valid"
    results = MonitoringResult.objects.filter(plan_item__facility_id=mine)
    assert results.exists() and all(r.sha256 and r.file for r in results)
    assert MonitoringResult.objects.filter(over_limit=True, problem_id__isnull=False).count() == 2
    ledger = LedgerEntry.objects.filter(facility_id=mine)
    assert ledger.filter(category="production").exists() and ledger.filter(category="treatment").exists()
    assert ledger.filter(corrects__isnull=False).count() == 1 and ledger.filter(abnormal=True).exists()
    assert LedgerEntry.objects.filter(category="treatment_abnormal").exists()

    finding = selfproof.falsified_finding()
    assert finding is not None and finding.status == "open"
    item = selfproof.falsified_plan_item()
    assert item is not None
    scale = selfproof.falsified_scale(selfproof._limit(item, finding.period_start).value)
    assert finding.reported_value == selfproof.REPORTED_MAX * scale
    assert finding.compared_value == selfproof.MEASURED_MAX * scale
    assert "执行报告" in finding.reported_source or "report" in finding.reported_source.lower()
    assert finding.compared_source and finding.detail["results"]
    assert any(
        r["value"] == f"{(selfproof.MEASURED_MAX * scale).normalize():f}" for r in finding.detail["results"]
    )
    # Honest reports agree with their monitoring: the falsified report's are the only concentration findings.
    assert set(
        CrossCheckFinding.objects.filter(kind__startswith="concentration").values_list(
            "facility_id", flat=True
        )
    ) == {mine}

    over_facility = selfproof.over_total_facility()
    assert over_facility is not None and over_facility != mine
    over = Problem.objects.get(kind="over_total")
    assert over.facility_id == over_facility and over.category == "not_compliant"
    assert CrossCheckFinding.objects.get(kind="over_permitted").facility_id == over_facility
    assert OutletLimit.objects.filter(statistic="annual_total").count() == 1
    name = Facility.objects.get(pk=over_facility).name
    assert name in printed and "不能达标" in printed and "自行监测结果" in printed

    assert Problem.objects.filter(kind="self_monitoring_missing").exists()
    assert Problem.objects.filter(kind="ledger_missing").exists()
    # The strip: red cells, each linking to the case that holds its evidence.
    for facility_id in (mine, over_facility):
        strip = compliance_history(facility_id)
        red = [c for c in strip.cells if c.status != "none"]
        assert red and all(link.url for c in red for g in c.groups for link in g.links)
    assert compliance_history(over_facility).significant >= 1


def _loading_again_creates_no_self_proof() -> None:
    before = _self_proof_counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _self_proof_counts() == before
    assert "已是最新" in out.getvalue()


@pytest.mark.django_db
def test_loading_twice_creates_nothing():
    first = demo_load(facilities=40)
    assert first.facilities_created == 40 and first.created_anything
    before = _registry_counts()
    loads = AuditEvent.objects.filter(action="demo.load").count()
    second = demo_load(facilities=40)
    assert not second.created_anything and second.rows_created == {}
    assert _registry_counts() == before  # historical tables included: no new history rows
    assert AuditEvent.objects.filter(action="demo.load").count() == loads


@pytest.mark.django_db
def test_a_larger_count_adds_only_the_missing_facilities():
    demo_load(facilities=40)
    kept = dict(Facility.objects.values_list("credit_code", "pk"))
    result = demo_load(facilities=60)
    assert result.facilities_created == 20 and result.users_created == ()
    assert Facility.objects.count() == 60
    assert dict(Facility.objects.filter(credit_code__in=kept).values_list("credit_code", "pk")) == kept


@pytest.mark.django_db
def test_demo_users_can_log_in_with_their_roles_and_scopes():
    demo_load(facilities=40)
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    assert set(users) == set(USERNAMES)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD) and not user.must_change_password
    held = set(RoleGrant.objects.filter(user__is_demo=True).values_list("role", flat=True))
    assert held == set(Role.values)
    assert RoleGrant.objects.get(user=users["town_chengdong"]).town.name == "城东街道"
    assert RoleGrant.objects.get(user=users["town_jintang"]).town.name == "金塘镇"
    park_grant = RoleGrant.objects.get(user=users["park_officer"])
    assert park_grant.park.name == "定海工业园区" and park_grant.role == Role.TOWN_OFFICER
    assert RoleGrant.objects.get(user=users["dept_jxj"]).department.name == "区经信局"

    def linked(name: str) -> list[Facility]:
        return [
            a.facility for a in FacilityAccess.objects.filter(user=users[name]).select_related("facility")
        ]

    (shipyard,), (fishery,) = linked("enterprise1"), linked("enterprise2")
    assert shipyard.pk != fishery.pk
    assert shipyard.primary_industry in ("4342", "3735") and fishery.primary_industry.startswith("136")
    assert len(linked("agency")) == 3


@pytest.mark.django_db
def test_demo_logins_prints_the_accounts_or_says_none_are_loaded():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "load_demo" in out.getvalue() and DEMO_PASSWORD not in out.getvalue()

    demo_load(facilities=40)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in USERNAMES:
        assert username in text
    assert "城东街道" in text and "定海工业园区" in text and DEMO_PASSWORD in text


def test_boiler_limits_are_on_converted_values():
    """Issue 10: GB 13271-2014 sets boiler limits at the reference O2 (表6: gas/oil 3.5 %, coal 9 %)."""
    from decimal import Decimal

    from ecopermit.demo.dataset import limit_sets

    sets = limit_sets()
    by = {(name, r.limit.pollutant_code): r.limit for name, rows in sets.items() for r in rows}
    assert (by[("boiler_gas", "a21026")].converted, by[("boiler_gas", "a21026")].reference_o2) == (
        True,
        Decimal("3.5"),
    )
    assert by[("boiler_coal", "a34013")].reference_o2 == Decimal("9")
    assert by[("foundry_melt_gas", "a21002")].reference_o2 == Decimal("8")
    assert not by[("boiler_gas", "a01010")].converted  # 林格曼黑度
    assert not by[("coating", "a24088")].converted


def test_facilities_stand_on_land_not_in_the_sea(demo):
    """Issue 11 item 13: with a coastline under the map, a facility in the sea would be plainly wrong."""
    from shapely import Point

    from ecopermit.demo.dataset import bundled_land

    land = bundled_land(bundled_district()["code"])
    at_sea = [f.name for f in demo.facilities if not land.contains(Point(f.lon, f.lat))]
    assert at_sea == []


def test_demo_logins_prints_the_port_of_the_environment(monkeypatch):
    from ecopermit.demo.management.commands.demo_logins import login_url

    monkeypatch.setenv("PORT", "8202")
    monkeypatch.setenv("HOST", "192.168.1.20")
    assert login_url() == "http://192.168.1.20:8202/"
    monkeypatch.delenv("PORT")
    monkeypatch.delenv("HOST")
    assert login_url() == "http://127.0.0.1:8000/"
