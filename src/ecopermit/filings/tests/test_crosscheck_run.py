"""Cross-checks of execution reports against self-monitoring and online data (issue 13): the environment manager
of 城东船舶修造 reports a maximum SO2 of 0.13 mg/m³ where the laboratory measured 0.43."""

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.filings.crosscheck_services import crosscheck_run, finding_decide
from ecopermit.filings.models import CrossCheckFinding, ReportStatus
from ecopermit.filings.report_data import EmissionRow, ReportData, ShutdownRow, TotalRow
from ecopermit.filings.tests import xcheck_kit
from ecopermit.filings.tests.xcheck_kit import SO2, lab_result, last_year, local, online, report

shipyard = xcheck_kit.shipyard  # the fixture
pytestmark = pytest.mark.django_db
D = Decimal


def falsified(year, t="1.0"):
    return ReportData(
        emissions=(EmissionRow("DA001", SO2, D("0.13"), None, D(t)),),
        totals=(TotalRow(SO2, D(t)),),
        commitment=True,
    )


def test_the_falsified_maximum_is_one_finding_with_both_figures(shipyard):
    year = last_year()
    r = report(
        shipyard["facility"],
        shipyard["permit"],
        falsified(year),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 9, 10), "0.21")

    counts = crosscheck_run(year=year)

    assert counts["reports"] == 1
    (f,) = CrossCheckFinding.objects.all()
    assert (f.kind, f.outlet_code, f.pollutant_code) == ("concentration_max", "DA001", SO2)
    assert (f.reported_value, f.compared_value) == (D("0.13"), D("0.43"))
    assert r.number in f.reported_source and "自行监测" in f.compared_source
    assert f.detail["source_kind"] == "self_monitoring" and f.detail["results"][0]["value"] == "0.43"
    assert f.status == "open" and f.problem_id is None
    assert (f.period_start, f.period_end) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert AuditEvent.objects.filter(action="filings.finding.raise", object_id=str(f.pk)).exists()

    # Raised once: the nightly run again, and a resubmission with the same figure, add nothing.
    assert crosscheck_run(year=year)["findings"] == 0
    assert CrossCheckFinding.objects.count() == 1


def test_a_higher_reported_maximum_and_an_agreeing_average_are_not_findings(shipyard):
    year = last_year()
    data = ReportData(emissions=(EmissionRow("DA001", SO2, D("0.50"), D("0.32"), None),))
    report(
        shipyard["facility"],
        shipyard["permit"],
        data,
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 9, 10), "0.21")
    crosscheck_run(year=year)
    assert not CrossCheckFinding.objects.exists()


def test_an_average_off_the_results_mean_is_a_finding_both_ways(shipyard):
    year = last_year()
    data = ReportData(emissions=(EmissionRow("DA001", SO2, D("0.9"), D("0.60"), None),))
    report(
        shipyard["facility"],
        shipyard["permit"],
        data,
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 9, 10), "0.21")
    crosscheck_run(year=year)
    (f,) = CrossCheckFinding.objects.all()
    assert (f.kind, f.reported_value, f.compared_value) == ("concentration_avg", D("0.60"), D("0.32"))


def test_results_in_another_unit_are_converted_and_due_reports_are_not_checked(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        falsified(year),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
        status=ReportStatus.RETURNED,
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "430", unit="μg/m³")
    assert crosscheck_run(year=year)["reports"] == 0
    from ecopermit.filings.models import ExecutionReport

    ExecutionReport.objects.update(status=ReportStatus.ACCEPTED)
    crosscheck_run(year=year)
    (f,) = CrossCheckFinding.objects.all()
    assert f.compared_value == D("0.43")


def test_the_online_hourly_maximum_catches_it_too(shipyard):
    year = last_year()
    first, last = dt.date(year, 1, 1), dt.date(year, 3, 31)
    report(
        shipyard["facility"],
        shipyard["permit"],
        ReportData(emissions=(EmissionRow("DA001", SO2, D("0.13"), D("0.10"), None),)),
        kind="quarterly",
        first=first,
        last=last,
        by=shipyard["shipyard_manager"],
    )
    online(shipyard["outlet"], local(first), 90 * 24, so2=lambda i: 0.43 if i == 100 else 0.10)
    crosscheck_run(year=year)
    (f,) = CrossCheckFinding.objects.all()
    assert f.detail["source_kind"] == "online"
    assert (f.reported_value, f.compared_value) == (D("0.13"), D("0.43"))
    assert "2160" in f.compared_source  # valid hours of the quarter


def test_reported_shutdown_with_flow_is_a_finding(shipyard):
    year = last_year()
    first, last = dt.date(year, 1, 1), dt.date(year, 3, 31)
    data = ReportData(shutdowns=(ShutdownRow(dt.date(year, 2, 1), dt.date(year, 2, 10), "春节停产"),))
    report(
        shipyard["facility"],
        shipyard["permit"],
        data,
        kind="quarterly",
        first=first,
        last=last,
        by=shipyard["shipyard_manager"],
    )
    online(shipyard["outlet"], local(dt.date(year, 2, 5), 8), 3, so2=0.1)
    crosscheck_run(year=year)
    (f,) = CrossCheckFinding.objects.all()
    assert f.kind == "shutdown"
    assert (f.reported_value, f.compared_value) == (D(0), D(3))
    assert f.detail["hours_with_flow"] == 3 and f.detail["reason"] == "春节停产"


def test_an_officer_confirms_a_finding_as_untrue_reporting(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        falsified(year),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    crosscheck_run(year=year)
    f = CrossCheckFinding.objects.get()

    finding_decide(actor=shipyard["officer"], finding_id=f.pk, confirm=True, note="")

    f.refresh_from_db()
    problem = Problem.objects.get(pk=f.problem_id)
    assert (problem.kind, problem.source, problem.category) == ("untrue_report", "filing_check", "other")
    assert problem.evidence["article"] == "《排污许可管理条例》第三十七条第（四）项"
    assert "0.13" in problem.description and "0.43" in problem.description
    assert (f.status, f.decided_by) == ("confirmed", shipyard["officer"])
    assert AuditEvent.objects.filter(action="filings.finding.confirm", object_id=str(f.pk)).exists()
    with pytest.raises(DomainError):
        finding_decide(actor=shipyard["officer"], finding_id=f.pk, confirm=False, note="again")


def test_dismissing_needs_a_note(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        falsified(year),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    crosscheck_run(year=year)
    f = CrossCheckFinding.objects.get()
    with pytest.raises(DomainError):
        finding_decide(actor=shipyard["officer"], finding_id=f.pk, confirm=False, note="  ")
    finding_decide(actor=shipyard["officer"], finding_id=f.pk, confirm=False, note="0.43为检修期间样品")
    f.refresh_from_db()
    assert (f.status, f.problem_id, f.decision_note) == ("dismissed", None, "0.43为检修期间样品")
    assert not Problem.objects.filter(kind="untrue_report").exists()
    assert AuditEvent.objects.filter(action="filings.finding.dismiss").exists()
