"""The officer's bulk entry of execution reports (issue 13: "by an officer in bulk"): one workbook carrying the key
tables of several reports, each row naming its report by number; all stored (via bulk, without a file) or none,
every error named by report, sheet, row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ecopermit.core.audit.models import AuditEvent
from ecopermit.filings import services
from ecopermit.filings.models import ExecutionReport, ReportStatus, ReportVersion
from ecopermit.filings.report_bulk import LIST_SHEET, build_bulk_template, read_bulk
from ecopermit.filings.tests.test_report_services import PDF, good_data, permitted  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def rows_of(number: str, total_so2: float = 1.25) -> dict[str, list[list[object]]]:
    return {
        "排放情况": [[number, "DA001", "a21026", 42.1, 18.3, 1.25], [number, "DA001", "a24088", 30, 12, 0.8]],
        "排放量合计": [[number, "a21026", total_so2], [number, "a24088", 0.8]],
        "生产运行": [[number, "喷涂线", 1800, None, None, None, "船舶涂装", 12, "艘"]],
        "承诺书": [[number, "是"]],
    }


def bulk_file(*reports: dict[str, list[list[object]]]) -> bytes:
    wb = load_workbook(io.BytesIO(build_bulk_template()))
    for rows in reports:
        for name, values in rows.items():
            for row in values:
                wb[name].append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def quarters(permitted):  # noqa: F811
    services.reports_schedule(year=2026)
    return [
        ExecutionReport.objects.get(permit=permitted["permit"], kind="quarterly", year=2026, period_no=n)
        for n in (1, 2)
    ]


def test_the_template_has_the_report_number_first_on_every_table(permitted, quarters):  # noqa: F811
    wb = load_workbook(io.BytesIO(build_bulk_template()))
    for name in ("排放情况", "排放量合计", "生产运行", "停产时段", "承诺书"):
        assert wb[name]["A1"].value == "报告编号"
    assert wb["排放情况"]["B1"].value == "排放口编号"
    assert LIST_SHEET not in wb.sheetnames


def test_read_bulk_groups_the_rows_by_report(permitted, quarters):  # noqa: F811
    q1, q2 = quarters
    read = read_bulk(bulk_file(rows_of(q1.number), rows_of(q2.number)))
    assert not read.issues
    assert list(read.reports) == [q1.number, q2.number]
    assert read.reports[q2.number] == good_data()


def test_a_bulk_file_for_two_reports_stores_two_versions_via_bulk_without_a_file(permitted, quarters):  # noqa: F811
    q1, q2 = quarters
    content = bulk_file(rows_of(q1.number), rows_of(q2.number))
    versions = services.reports_bulk_submit(
        actor=permitted["officer"], content=content, file_name="2026Q1.xlsx"
    )
    assert len(versions) == 2
    for report in quarters:
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        version = report.versions.get()
        assert version.via == "bulk" and not version.file and version.submitted_by == permitted["officer"]
        assert version.data["totals"][0]["actual_emission_t"] == "1.250000"
        assert report.events.filter(to_status="submitted").get().data["file"] is False
    event = AuditEvent.objects.get(action="filings.report.bulk")
    assert event.after["reports"] == [q1.number, q2.number] and event.after["file_name"] == "2026Q1.xlsx"
    assert len(event.after["sha256"]) == 64


def test_one_error_in_the_second_report_stores_nothing_and_names_report_sheet_row_and_column(
    permitted,  # noqa: F811
    quarters,
):
    q1, q2 = quarters
    content = bulk_file(rows_of(q1.number), rows_of(q2.number, total_so2=9.99))
    with pytest.raises(services.BulkRejected) as caught:
        services.reports_bulk_submit(actor=permitted["officer"], content=content, file_name="x.xlsx")
    assert not ReportVersion.objects.exists()
    (issue,) = caught.value.issues
    # q2's rows are the second of each sheet's blocks: its SO2 total is on row 4 of 排放量合计, column C.
    assert (issue.report_number, issue.issue.table, issue.issue.row, issue.issue.column) == (
        q2.number,
        "排放量合计",
        4,
        "C",
    )
    assert str(issue).startswith(f"报告{q2.number}：“排放量合计”第4行C列")


def test_a_bad_cell_names_its_report_too(permitted, quarters):  # noqa: F811
    q1, q2 = quarters
    bad = rows_of(q2.number)
    bad["生产运行"] = [[q2.number, "喷涂线", "一千八百", None, None, None, None, None, None]]
    with pytest.raises(services.BulkRejected) as caught:
        services.reports_bulk_submit(
            actor=permitted["officer"], content=bulk_file(rows_of(q1.number), bad), file_name="x.xlsx"
        )
    (issue,) = caught.value.issues
    assert (issue.report_number, issue.issue.table, issue.issue.row, issue.issue.column) == (
        q2.number,
        "生产运行",
        3,
        "C",
    )
    assert not ReportVersion.objects.exists()


def test_an_unknown_report_number_is_named(permitted, quarters):  # noqa: F811
    content = bulk_file(rows_of(quarters[0].number), rows_of("ZX2026-99999"))
    with pytest.raises(services.BulkRejected) as caught:
        services.reports_bulk_submit(actor=permitted["officer"], content=content, file_name="x.xlsx")
    (issue,) = caught.value.issues
    assert issue.report_number == "ZX2026-99999" and issue.issue.column == "A"
    assert (issue.issue.table, issue.issue.row) == ("排放情况", 4)
    assert "没有这个编号" in issue.issue.message
    assert not ReportVersion.objects.exists()


def test_a_report_already_accepted_is_refused(permitted, quarters):  # noqa: F811
    q1, q2 = quarters
    services.report_submit(
        actor=permitted["shipyard_manager"], report=q1, data=good_data(), content=PDF, file_name="q1.pdf"
    )
    services.report_review(actor=permitted["officer"], report=q1, accept=True)
    content = bulk_file(rows_of(q1.number), rows_of(q2.number))
    with pytest.raises(services.BulkRejected) as caught:
        services.reports_bulk_submit(actor=permitted["officer"], content=content, file_name="x.xlsx")
    (issue,) = caught.value.issues
    assert issue.report_number == q1.number and issue.issue.column == "A"
    assert "只有待提交或已退回的报告可以提交" in issue.issue.message
    assert q1.versions.count() == 1 and not q2.versions.exists()


def test_the_officer_uploads_on_the_screen_and_sees_the_errors(permitted, quarters, login):  # noqa: F811
    q1, q2 = quarters
    client = login(permitted["officer"])
    page = client.get("/filings/").content.decode()
    assert "/filings/bulk/" in page
    wrong = bulk_file(rows_of(q1.number), rows_of(q2.number, total_so2=9.99))
    response = client.post("/filings/bulk/", {"file": SimpleUploadedFile("b.xlsx", wrong)})
    assert response.status_code == 400
    page = response.content.decode()
    assert q2.number in page and "排放量合计" in page and "9.99" in page
    assert not ReportVersion.objects.exists()
    good = bulk_file(rows_of(q1.number), rows_of(q2.number))
    response = client.post("/filings/bulk/", {"file": SimpleUploadedFile("b.xlsx", good)})
    assert response.status_code == 302
    assert ReportVersion.objects.filter(via="bulk").count() == 2


def test_the_template_is_prefilled_with_the_reports_still_due(permitted, quarters, login):  # noqa: F811
    q1, _q2 = quarters
    client = login(permitted["officer"])
    response = client.get("/filings/bulk/template.xlsx?t-kind=quarterly&t-year=2026&t-number=1")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [r[0] for r in wb["承诺书"].iter_rows(min_row=2, values_only=True) if r[0]] == [q1.number]
    assert wb[LIST_SHEET]["A2"].value == q1.number and wb[LIST_SHEET]["B2"].value == q1.facility.name


def test_an_enterprise_user_may_not_open_the_bulk_entry(permitted, quarters, login):  # noqa: F811
    client = login(permitted["shipyard_manager"])
    assert client.get("/filings/bulk/").status_code == 403
    assert client.get("/filings/bulk/template.xlsx").status_code == 403
    content = bulk_file(rows_of(quarters[0].number))
    assert client.post("/filings/bulk/", {"file": SimpleUploadedFile("b.xlsx", content)}).status_code == 403
    assert not ReportVersion.objects.exists()


def test_a_prefilled_report_left_blank_is_not_entered(permitted, quarters):  # noqa: F811
    q1, q2 = quarters
    rows = rows_of(q1.number)
    rows["承诺书"] = [[q1.number, "是"], [q2.number, None]]
    versions = services.reports_bulk_submit(
        actor=permitted["officer"], content=bulk_file(rows), file_name="x.xlsx"
    )
    assert [v.report_id for v in versions] == [q1.pk]
    assert not q2.versions.exists()


def test_a_report_with_rows_but_no_commitment_is_refused_at_its_commitment_row(permitted, quarters):  # noqa: F811
    q1, _q2 = quarters
    rows = rows_of(q1.number)
    rows["承诺书"] = [[q1.number, None]]
    with pytest.raises(services.BulkRejected) as caught:
        services.reports_bulk_submit(actor=permitted["officer"], content=bulk_file(rows), file_name="x.xlsx")
    (issue,) = caught.value.issues
    assert (issue.report_number, issue.issue.table, issue.issue.row) == (q1.number, "承诺书", 2)
    assert issue.issue.column == "B"
