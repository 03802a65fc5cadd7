"""The execution report typed on screen (issue 13: "Entry on screen or by an XLSX template … by the enterprise or by
an officer"). The shipyard's manager finds its permit's outlet and pollutants already in the rows, types the figures,
is told table, row and field of a total that does not add up (with the cell marked and everything typed kept), and
submits version 1 via the screen; the officer returns it and the manager corrects it as version 2; the officer may
enter it for the enterprise; another enterprise cannot open the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecopermit.filings import services
from ecopermit.filings.models import ExecutionReport, ReportStatus, ReportVersion
from ecopermit.filings.tests.test_report_services import PDF, permitted  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(permitted):  # noqa: F811
    services.reports_schedule(year=2026)
    return ExecutionReport.objects.get(kind="quarterly", year=2026, period_no=1)


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def typed(total_so2: str = "1.25") -> dict[str, object]:
    """What the manager types: the prefilled pairs (a21026, a24088 at DA001) with their figures, the totals, one
    production unit in the first of three operation rows, no shutdown, the commitment, the PDF."""
    return {
        **management("emissions", 3),
        "emissions-0-outlet_code": "DA001",
        "emissions-0-pollutant_code": "a21026",
        "emissions-0-max_concentration": "42.1",
        "emissions-0-avg_concentration": "18.3",
        "emissions-0-actual_emission_t": "1.25",
        "emissions-1-outlet_code": "DA001",
        "emissions-1-pollutant_code": "a24088",
        "emissions-1-max_concentration": "30",
        "emissions-1-avg_concentration": "12",
        "emissions-1-actual_emission_t": "0.8",
        **management("totals", 3),
        "totals-0-pollutant_code": "a21026",
        "totals-0-actual_emission_t": total_so2,
        "totals-1-pollutant_code": "a24088",
        "totals-1-actual_emission_t": "0.8",
        **management("operations", 3),
        "operations-0-unit_name": "喷涂线",
        "operations-0-hours_operated": "1800",
        "operations-0-product": "船舶涂装",
        "operations-0-production_amount": "12",
        "operations-0-production_unit": "艘",
        **management("shutdowns", 2),
        "commitment": "on",
        "file": SimpleUploadedFile("2026Q1.pdf", PDF),
    }


def test_the_rows_start_from_the_permits_outlet_and_pollutants(permitted, q1, login):  # noqa: F811
    page = login(permitted["shipyard_manager"]).get(f"/filings/reports/{q1.pk}/enter/").content.decode()
    assert 'name="emissions-0-outlet_code"' in page and 'value="DA001"' in page
    assert 'name="emissions-0-pollutant_code"' in page and 'value="a21026"' in page
    assert 'name="emissions-1-pollutant_code"' in page and 'value="a24088"' in page
    assert 'name="totals-1-pollutant_code"' in page  # one total per pollutant, its amount left to state
    assert 'name="operations-2-unit_name"' in page  # blank rows to fill
    assert "在线填报" in page and "二氧化硫" in page
    detail = login(permitted["shipyard_manager"]).get(f"/filings/reports/{q1.pk}/").content.decode()
    assert f"/filings/reports/{q1.pk}/enter/" in detail


def test_a_wrong_total_is_named_and_marked_nothing_stored_and_the_typing_kept(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    response = client.post(f"/filings/reports/{q1.pk}/enter/", typed(total_so2="9.99"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "“排放量合计”第2行（实际排放量（吨））" in page  # table, row and field, at the top
    assert 'class="cell-error"><input type="text" name="totals-0-actual_emission_t" value="9.99"' in page
    assert "合计不等于各排放口实际排放量之和1.25吨" in page
    assert 'value="42.1"' in page and 'value="喷涂线"' in page and 'value="艘"' in page  # typing kept
    assert not ReportVersion.objects.exists()
    q1.refresh_from_db()
    assert q1.status == ReportStatus.DUE


def test_a_cell_that_is_not_a_number_and_a_missing_required_cell_are_named(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    data = {**typed(), "operations-0-hours_operated": "一千八百", "operations-1-fuel": "天然气"}
    page = client.post(f"/filings/reports/{q1.pk}/enter/", data).content.decode()
    assert "“生产运行”第2行（运行时间（小时）），值“一千八百”" in page
    assert "“生产运行”第3行（生产设施名称）：必填项，不能为空" in page
    assert not ReportVersion.objects.exists()


def test_a_valid_entry_is_version_1_via_the_screen(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    response = client.post(f"/filings/reports/{q1.pk}/enter/", typed())
    assert response.status_code == 302 and response["Location"] == f"/filings/reports/{q1.pk}/"
    version = q1.versions.get()
    assert (version.version, version.via, version.shutdown_only) == (1, "screen", False)
    assert version.data["totals"] == [
        {"pollutant_code": "a21026", "actual_emission_t": "1.25"},
        {"pollutant_code": "a24088", "actual_emission_t": "0.8"},
    ]
    assert [r["unit_name"] for r in version.data["operations"]] == ["喷涂线"]  # blank rows ignored
    assert version.data["shutdowns"] == [] and version.data["commitment"] is True
    assert Decimal(version.data["emissions"][0]["max_concentration"]) == Decimal("42.1")
    assert version.sha256 and version.original_name == "2026Q1.pdf"
    q1.refresh_from_db()
    assert q1.status == ReportStatus.SUBMITTED
    # submitted: the page is no longer open
    assert client.get(f"/filings/reports/{q1.pk}/enter/").status_code == 302


def test_without_the_pdf_the_file_is_asked_for(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    data = typed()
    del data["file"]
    page = client.post(f"/filings/reports/{q1.pk}/enter/", data).content.decode()
    assert "PDF" in page and 'value="42.1"' in page
    assert not ReportVersion.objects.exists()


def test_another_enterprise_gets_404_and_a_town_officer_403(permitted, q1, login):  # noqa: F811
    assert login(permitted["fish_manager"]).get(f"/filings/reports/{q1.pk}/enter/").status_code == 404
    assert (
        login(permitted["fish_manager"]).post(f"/filings/reports/{q1.pk}/enter/", typed()).status_code == 404
    )
    assert login(permitted["town_chengdong"]).get(f"/filings/reports/{q1.pk}/enter/").status_code == 403
    assert not ReportVersion.objects.exists()


def test_a_returned_report_is_corrected_on_screen_as_version_2(permitted, q1, login):  # noqa: F811
    manager = login(permitted["shipyard_manager"])
    manager.post(f"/filings/reports/{q1.pk}/enter/", typed())
    officer = login(permitted["officer"])
    officer.post(f"/filings/reports/{q1.pk}/review/", {"accept": "0", "note": "二氧化硫排放量与台账不符"})
    manager = login(permitted["shipyard_manager"])
    page = manager.get(f"/filings/reports/{q1.pk}/enter/").content.decode()
    assert 'value="42.1"' in page and 'value="喷涂线"' in page  # the last version's figures to correct
    data = {
        **typed(total_so2="1.1"),
        "emissions-0-actual_emission_t": "1.1",
    }
    response = manager.post(f"/filings/reports/{q1.pk}/enter/", data)
    assert response.status_code == 302
    assert list(q1.versions.order_by("version").values_list("version", "review", "via")) == [
        (1, "returned", "screen"),
        (2, "", "screen"),
    ]
    assert q1.versions.get(version=2).data["totals"][0]["actual_emission_t"] == "1.1"


def test_the_officer_enters_the_report_for_the_enterprise(permitted, q1, login):  # noqa: F811
    officer = login(permitted["officer"])
    listing = officer.get("/filings/?year=2026").content.decode()
    assert f"/filings/reports/{q1.pk}/enter/" in listing
    assert officer.post(f"/filings/reports/{q1.pk}/enter/", typed()).status_code == 302
    version = q1.versions.get()
    assert version.via == "screen" and version.submitted_by == permitted["officer"]
