"""The findings' screens: the officer sees the two figures side by side and decides; the town sees its own
facilities' findings; the enterprise does not see candidates; the list costs the same queries for 2 rows as 6."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.cases.models import Problem
from ecopermit.filings.crosscheck_services import crosscheck_run
from ecopermit.filings.models import CrossCheckFinding, ReportStatus
from ecopermit.filings.report_data import EmissionRow, ReportData, TotalRow
from ecopermit.filings.tests import xcheck_kit
from ecopermit.filings.tests.xcheck_kit import SO2, lab_result, last_year, report

shipyard = xcheck_kit.shipyard  # the fixture
pytestmark = [pytest.mark.django_db]
D = Decimal


@pytest.fixture
def finding(shipyard):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        ReportData(emissions=(EmissionRow("DA001", SO2, D("0.13"), None, None),)),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
    )
    lab_result(shipyard["facility"], shipyard["outlet"], dt.date(year, 6, 10), "0.43")
    crosscheck_run(year=year)
    return CrossCheckFinding.objects.get()


def test_the_officer_sees_both_figures_and_confirms(shipyard, finding, login):
    client = login(shipyard["officer"])
    page = client.get(f"/filings/findings/{finding.pk}/").content.decode()
    assert 'data-side="reported"' in page and 'data-side="compared"' in page
    assert "0.13" in page and "0.43" in page and "舟山海诚检测有限公司" in page and "HC-2025-118.pdf" in page
    assert "/filings/findings/" in client.get("/filings/findings/").content.decode()

    response = client.post(f"/filings/findings/{finding.pk}/decide/", {"decision": "confirm", "note": ""})
    assert response.status_code == 302
    finding.refresh_from_db()
    problem = Problem.objects.get(pk=finding.problem_id)
    assert problem.kind == "untrue_report"
    page = client.get(f"/filings/findings/{finding.pk}/").content.decode()
    assert f"/cases/{problem.case_id}/" in page and "/decide/" not in page


def test_who_sees_the_findings(shipyard, finding, login):
    assert login(shipyard["town_chengdong"]).get(f"/filings/findings/{finding.pk}/").status_code == 200
    assert login(shipyard["town_jintang"]).get(f"/filings/findings/{finding.pk}/").status_code == 404
    assert login(shipyard["shipyard_manager"]).get(f"/filings/findings/{finding.pk}/").status_code == 403
    town = login(shipyard["town_chengdong"])
    assert town.post(f"/filings/findings/{finding.pk}/decide/", {"decision": "confirm"}).status_code == 403


def test_verified_emissions_page(shipyard, login):
    year = last_year()
    report(
        shipyard["facility"],
        shipyard["permit"],
        ReportData(totals=(TotalRow(SO2, D("12.5")),)),
        first=dt.date(year, 1, 1),
        last=dt.date(year, 12, 31),
        by=shipyard["shipyard_manager"],
        status=ReportStatus.ACCEPTED,
    )
    page = login(shipyard["shipyard_manager"]).get(
        f"/filings/facility/{shipyard['facility'].pk}/emissions/?year={year}"
    )
    text = page.content.decode()
    assert "12.5" in text and "二氧化硫" in text and "badge-danger" in text and "Σ" in text
    assert (
        login(shipyard["fish_manager"])
        .get(f"/filings/facility/{shipyard['facility'].pk}/emissions/")
        .status_code
        == 404
    )


def _findings(facility, n, start):
    for i in range(start, start + n):
        CrossCheckFinding.objects.create(
            facility=facility,
            kind="concentration_max",
            key=f"grown:{i}",
            outlet_code="DA001",
            pollutant_code=SO2,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            reported_value=D("0.1"),
            reported_source=f"报告{i}",
            compared_value=D("0.4"),
            compared_source="自行监测",
            found_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i),
        )


def test_the_list_costs_the_same_for_2_and_6_rows(personas, make_facility, login):
    client = login(personas["officer"])
    _findings(personas["shipyard"], 2, 0)
    client.get("/filings/findings/")
    with CaptureQueriesContext(connection) as two:
        client.get("/filings/findings/")
    for n in range(4):
        _findings(make_facility(f"测试{n}号有限公司"), 1, 10 + n)
    with CaptureQueriesContext(connection) as six:
        page = client.get("/filings/findings/")
    assert "测试3号有限公司" in page.content.decode()
    assert len(six.captured_queries) == len(two.captured_queries)
