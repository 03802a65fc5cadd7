"""Permitted totals (E5): verified annual emissions against the permit's annual total; over it is a 不能达标 problem
under 条例 Art. 34(1), raised once."""

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.filings import facade
from ecopermit.filings.crosscheck_services import crosscheck_run
from ecopermit.filings.models import CrossCheckFinding, ReportStatus
from ecopermit.filings.report_data import EmissionRow, ReportData, TotalRow
from ecopermit.filings.tests import xcheck_kit
from ecopermit.filings.tests.xcheck_kit import SO2, last_year, local, online, report

shipyard = xcheck_kit.shipyard  # the fixture
pytestmark = pytest.mark.django_db
D = Decimal


def annual(t):
    return ReportData(emissions=(EmissionRow("DA001", SO2, None, None, D(t)),), totals=(TotalRow(SO2, D(t)),))


def test_the_accepted_report_over_the_permitted_total_is_one_over_total_problem(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        annual("12.5"),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
        status=ReportStatus.ACCEPTED,
        review="accepted",
    )

    (v,) = facade.verified_emissions(shipyard["facility"].pk, year)
    assert (v.pollutant, v.verified_t, v.verified_from, v.permitted_t) == (SO2, D("12.5"), "report", D(10))
    assert v.over and v.excess_t == D("2.5") and v.pollutant_name == "二氧化硫"

    crosscheck_run(year=year)
    crosscheck_run(year=year)  # the next night: nothing new

    (problem,) = Problem.objects.filter(kind="over_total")
    assert (problem.category, problem.source, problem.source_ref) == (
        "not_compliant",
        "filing_check",
        f"over_total:{year}:{SO2}",
    )
    assert problem.evidence["article"] == "《排污许可管理条例》第三十四条第（一）项"
    assert problem.evidence["verified_t"] == "12.5" and problem.evidence["permitted_t"] == "10"
    (f,) = CrossCheckFinding.objects.filter(kind="over_permitted")
    assert (f.status, f.problem_id, f.reported_value, f.compared_value) == (
        "confirmed",
        problem.pk,
        D("12.5"),
        D(10),
    )
    assert AuditEvent.objects.filter(action="filings.total.over").count() == 1


def test_within_the_total_no_problem(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        annual("9.99"),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
        status=ReportStatus.ACCEPTED,
    )
    crosscheck_run(year=year)
    assert not Problem.objects.exists()
    (v,) = facade.verified_emissions(shipyard["facility"].pk, year)
    assert not v.over


def test_a_submitted_report_is_not_verified(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        annual("12.5"),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    (v,) = facade.verified_emissions(shipyard["facility"].pk, year)
    assert v.verified_t is None and not v.over


def test_complete_online_data_wins_over_the_report(shipyard):
    # 10 m³/s = 36,000 m³/h × 100 mg/m³ × 10⁻⁶ = 3.6 kg/h; 8,760 h → 31.536 t (365-day year) over 10 t/a.
    year = last_year()
    hours = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days * 24
    online(shipyard["outlet"], local(dt.date(year, 1, 1)), hours, so2=100.0, flow_m3_s=10.0)
    report(
        shipyard["facility"],
        shipyard["permit"],
        annual("5"),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
        status=ReportStatus.ACCEPTED,
    )

    (v,) = facade.verified_emissions(shipyard["facility"].pk, year)
    expected = D("3.6") * hours / 1000
    assert (v.verified_from, v.online_complete, v.hours_used, v.expected_hours) == (
        "online",
        True,
        hours,
        hours,
    )
    assert v.verified_t == expected and v.reported_t == D(5) and v.over

    crosscheck_run(year=year)
    total = CrossCheckFinding.objects.get(kind="total")
    assert (total.reported_value, total.compared_value) == (D(5), expected)
    assert "Σ" in total.detail["formula"] and total.detail["complete"] is True
    assert Problem.objects.get(kind="over_total").evidence["verified_from"] == "online"


def test_incomplete_online_data_over_the_total_is_a_lower_bound(shipyard):
    year = last_year()
    # 200 mg/m³ × 36,000 m³/h = 7.2 kg/h; 2,000 h = 14.4 t, already over 10 t with most of the year missing.
    online(shipyard["outlet"], local(dt.date(year, 1, 1)), 2000, so2=200.0)
    (v,) = facade.verified_emissions(shipyard["facility"].pk, year)
    assert (v.verified_from, v.online_complete, v.verified_t) == ("online_lower_bound", False, D("14.4"))
    assert v.over
