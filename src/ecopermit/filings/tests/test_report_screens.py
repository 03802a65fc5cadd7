"""The execution-report screens (issue 13, M4): the manager of the shipyard sees the reports due with their dates,
uploads the filled-in template with the national platform's PDF, is told row and field of each error; the officer
returns and accepts; another enterprise sees nothing of it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ecopermit.filings import services
from ecopermit.filings.models import ExecutionReport, ReportStatus, ReportVersion
from ecopermit.filings.report_sheets import build_template
from ecopermit.filings.tests.test_report_services import PDF, permitted  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

GOOD = {
    "排放情况": [["DA001", "a21026", 42.1, 18.3, 1.25], ["DA001", "a24088", 30, 12, 0.8]],
    "排放量合计": [["a21026", 1.25], ["a24088", 0.8]],
    "生产运行": [["喷涂线", 1800, None, None, None, "船舶涂装", 12, "艘"]],
    "承诺书": [["是"]],
}


def workbook(rows: dict) -> SimpleUploadedFile:  # type: ignore[type-arg]
    wb = load_workbook(io.BytesIO(build_template()))
    for name, values in rows.items():
        for row in values:
            wb[name].append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("执行报告数据.xlsx", buffer.getvalue())


def upload(client, report, rows) -> str:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/filings/reports/{report.pk}/upload/",
        {"file": SimpleUploadedFile("2026Q1.pdf", PDF), "tables": workbook(rows)},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def q1(permitted):  # noqa: F811
    services.reports_schedule(year=2026)
    return ExecutionReport.objects.get(kind="quarterly", year=2026, period_no=1)


def test_the_manager_sees_the_years_reports_with_their_due_dates(permitted, q1, login):  # noqa: F811
    page = login(permitted["shipyard_manager"]).get("/filings/?year=2026").content.decode()
    assert q1.number in page and "2026-04-15" in page and "2027-01-15" in page
    assert "季度执行报告" in page and "年度执行报告" in page


def test_a_wrong_total_is_named_by_sheet_row_and_field_and_nothing_is_stored(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    wrong = {**GOOD, "排放量合计": [["a21026", 9.99], ["a24088", 0.8]]}
    page = upload(client, q1, wrong)
    assert "“排放量合计”第2行" in page and "实际排放量" in page
    assert not ReportVersion.objects.exists()
    q1.refresh_from_db()
    assert q1.status == ReportStatus.DUE


def test_a_broken_template_is_named_by_cell(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    page = upload(
        client, q1, {**GOOD, "生产运行": [["喷涂线", "一千八百", None, None, None, None, None, None]]}
    )
    assert "“生产运行”第2行B列" in page
    assert not ReportVersion.objects.exists()


def test_upload_return_and_resubmission_keep_both_versions(permitted, q1, login):  # noqa: F811
    manager = login(permitted["shipyard_manager"])
    upload(manager, q1, GOOD)
    q1.refresh_from_db()
    assert q1.status == ReportStatus.SUBMITTED
    officer = login(permitted["officer"])
    officer.post(f"/filings/reports/{q1.pk}/review/", {"accept": "0", "note": "甲苯排放量与台账不符"})
    q1.refresh_from_db()
    assert q1.status == ReportStatus.RETURNED
    manager = login(permitted["shipyard_manager"])
    page = upload(manager, q1, GOOD)
    assert "甲苯排放量与台账不符" in page  # the reasons stay beside the returned version
    assert list(q1.versions.order_by("version").values_list("version", "review")) == [
        (1, "returned"),
        (2, ""),
    ]
    version = q1.versions.get(version=1)
    response = manager.get(f"/filings/versions/{version.pk}/download/")
    assert b"".join(response.streaming_content) == PDF


def test_an_enterprise_may_not_review_and_another_enterprise_sees_nothing(permitted, q1, login):  # noqa: F811
    manager = login(permitted["shipyard_manager"])
    upload(manager, q1, GOOD)
    assert manager.post(f"/filings/reports/{q1.pk}/review/", {"accept": "1"}).status_code == 403
    other = login(permitted["fish_manager"])
    assert other.get(f"/filings/reports/{q1.pk}/").status_code == 404
    assert q1.number not in other.get("/filings/").content.decode()
    version = q1.versions.get()
    assert other.get(f"/filings/versions/{version.pk}/download/").status_code == 404


def test_a_shutdown_statement_for_the_whole_period(permitted, q1, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    client.post(f"/filings/reports/{q1.pk}/shutdown/", {"reason": "船坞改造，全季度停产", "commitment": "on"})
    version = q1.versions.get()
    assert version.shutdown_only and version.data["shutdowns"][0]["reason"] == "船坞改造，全季度停产"


def test_the_officer_records_a_permits_frequency_and_a_moved_deadline(permitted, q1, login):  # noqa: F811
    client = login(permitted["officer"])
    assert client.get("/filings/settings/").status_code == 200
    response = client.post(
        "/filings/settings/",
        {"req-permit_number": "NO-SUCH-PERMIT", "req-frequency": "monthly", "req-source": "副本"},
    )
    assert "没有该编号的排污许可证" in response.content.decode()
    client.post(
        "/filings/settings/",
        {
            "req-permit_number": permitted["permit"].number,
            "req-frequency": "monthly",
            "req-source": "副本第五条",
        },
    )
    assert services.reports_schedule(year=2026) == 12  # the monthly reports now owed
    # a due date on or before the period's end is refused, naming the end
    response = client.post(
        "/filings/settings/",
        {
            "dl-kind": "quarterly",
            "dl-year": 2026,
            "dl-number": 1,
            "dl-due_on": "2026-03-31",
            "dl-source": "通知",
        },
    )
    assert "2026-03-31" in response.content.decode()
    client.post(
        "/filings/settings/",
        {
            "dl-kind": "quarterly",
            "dl-year": 2026,
            "dl-number": 1,
            "dl-due_on": "2026-04-30",
            "dl-source": "环办函〔2026〕1号",
        },
    )
    q1.refresh_from_db()
    assert str(q1.due_on) == "2026-04-30"
    assert login(permitted["shipyard_manager"]).get("/filings/settings/").status_code == 403
