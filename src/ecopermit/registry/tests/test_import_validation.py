"""Survey import: every problem names the sheet, the row and the column and says what is wrong (R5).

王科长, a bureau officer, uploads the spreadsheets the towns sent back; each test plants one kind of
mistake and checks the report and that the database did not move.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings

from ecopermit.core.errors import DomainError
from ecopermit.core.industry import is_valid
from ecopermit.registry.importer.parse import ImportIssue
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import Facility, FacilityIndustry, ImportBatch, Permit
from ecopermit.registry.tests.conftest import facility_row, survey_code

pytestmark = pytest.mark.django_db


def _db_state() -> tuple[int, int, int, int]:
    return (
        Facility.objects.count(),
        Facility.history.count(),
        FacilityIndustry.objects.count(),
        FacilityIndustry.history.count(),
    )


def _issues(batch: ImportBatch) -> list[ImportIssue]:
    return [ImportIssue.from_dict(e) for e in batch.errors]


def _preview(officer, content: bytes, name: str = "survey.xlsx") -> ImportBatch:  # type: ignore[no-untyped-def]
    return survey_preview(actor=officer, file_name=name, content=content)


def _only_issue(batch: ImportBatch) -> ImportIssue:
    issues = _issues(batch)
    assert batch.status == ImportBatch.Status.REJECTED
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


def _broken(code: str) -> str:
    """The same code with a wrong check character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def test_acceptance_row_7_bad_credit_code_names_sheet_row_and_column_and_changes_nothing(
    survey_book, officer, make_facility, capsys
):
    make_facility("城东船舶修造有限公司")  # an existing facility, so "unchanged" means something
    rows = [facility_row(n) for n in range(1, 7)]  # sheet rows 2–7
    rows[5]["统一社会信用代码"] = _broken(survey_code(6))
    content = survey_book({"排污单位": rows})
    before = _db_state()

    batch = _preview(officer, content, "定海区调查表.xlsx")

    issue = _only_issue(batch)
    assert (issue.sheet, issue.row, issue.column, issue.header) == ("排污单位", 7, "A", "统一社会信用代码")
    assert issue.value == _broken(survey_code(6))
    assert "第18位校验码错误" in issue.message
    assert str(issue).startswith("工作表“排污单位”第7行A列（统一社会信用代码）")
    assert batch.content is None  # a rejected file cannot be applied
    with pytest.raises(DomainError):
        survey_apply(actor=officer, batch_id=batch.pk)
    assert _db_state() == before

    # The same check from the command line: one line per error, exit status 1, still nothing written.
    path = "/tmp/ecopermit-acceptance-row7.xlsx"  # noqa: S108 — a throwaway file of this test
    with open(path, "wb") as fh:
        fh.write(content)
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_survey", path)
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"排污单位\t7\tA（统一社会信用代码）\t{_broken(survey_code(6))}\t" in out
    assert _db_state() == before


def test_every_error_of_a_file_is_reported_at_once(survey_book, officer):
    rows = [
        facility_row(1, **{"统一社会信用代码": "123"}),
        facility_row(2, **{"所属镇（街道）": "火星街道"}),
        facility_row(3, **{"单位名称": None}),
    ]
    batch = _preview(officer, survey_book({"排污单位": rows}))
    places = {(i.row, i.column) for i in _issues(batch)}
    assert places == {(2, "A"), (3, "E"), (4, "B")}
    assert batch.summary["error_count"] == 3


def test_unknown_town(survey_book, officer):
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1, **{"所属镇（街道）": "火星街道"})]}))
    issue = _only_issue(batch)
    assert (issue.row, issue.column, issue.header, issue.value) == (2, "E", "所属镇（街道）", "火星街道")
    assert "不是本区的镇（街道）" in issue.message and "盐仓街道" in issue.message


def test_town_alias_and_park_by_name_are_accepted(survey_book, officer):
    row = facility_row(1, **{"所属镇（街道）": "干石览镇", "所属园区": "定海工业园区"})
    batch = _preview(officer, survey_book({"排污单位": [row]}))
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors


def test_industry_code_not_in_gbt_4754(survey_book, officer):
    assert not is_valid("3738")
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1, **{"行业代码": "3731、3738"})]}))
    issue = _only_issue(batch)
    assert (issue.row, issue.column, issue.header) == (2, "I", "行业代码")
    assert "3738" in issue.message and "GB/T 4754-2017" in issue.message


def test_industry_code_typed_as_a_number_is_refused_with_the_reason(survey_book, officer):
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1, **{"行业代码": 3731})]}))
    assert "文本" in _only_issue(batch).message


def test_coordinates_outside_the_district(survey_book, officer):
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1, **{"纬度": 31.5, "经度": 121.4})]}))
    issue = _only_issue(batch)
    assert (issue.row, issue.column, issue.header) == (2, "G", "纬度")
    assert "不在定海区范围内" in issue.message


def test_latitude_without_longitude(survey_book, officer):
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1, **{"经度": None})]}))
    issue = _only_issue(batch)
    assert (issue.column, issue.header, issue.message) == ("H", "经度", "纬度和经度须同时填写")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"credit_code,name\n91330902MA00000153,x\n", "不是Excel工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, ".xls"),
        (b"PK\x03\x04 this is not really a zip", "不是Excel工作簿"),
        (b"", "文件为空"),
    ],
    ids=["csv", "xls", "broken-zip", "empty"],
)
def test_a_file_that_is_not_xlsx_gets_a_clear_message(officer, district, content, words):
    batch = _preview(officer, content, "survey.xlsx")
    issue = _only_issue(batch)
    assert words in issue.message
    assert (issue.sheet, issue.row, issue.column) == ("", None, "")
    assert str(issue).startswith("文件：")


def test_a_zip_that_is_not_a_workbook(officer, district):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "不是Excel工作簿" in _only_issue(_preview(officer, buffer.getvalue())).message


@override_settings(IMPORT_MAX_BYTES=2048)
def test_a_file_over_the_size_limit(survey_book, officer):
    batch = _preview(officer, survey_book({"排污单位": [facility_row(1)]}))
    assert "超过上限" in _only_issue(batch).message


def test_too_many_rows_in_a_sheet(survey_book, officer, monkeypatch):
    from ecopermit.registry.importer import parse

    monkeypatch.setattr(parse, "MAX_ROWS_PER_SHEET", 2)
    batch = _preview(officer, survey_book({"排污单位": [facility_row(n) for n in range(1, 4)]}))
    issue = _only_issue(batch)
    assert (issue.sheet, issue.row) == ("排污单位", 4)
    assert "超过2行" in issue.message


def test_a_renamed_or_missing_column(survey_book, officer):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(survey_book({"排污单位": [facility_row(1)]})))
    wb["排污单位"]["B1"] = "企业名称"  # renamed 单位名称
    out = io.BytesIO()
    wb.save(out)
    issues = _issues(_preview(officer, out.getvalue()))
    assert [(i.sheet, i.row, i.column, i.header) for i in issues] == [
        ("排污单位", 1, "", "单位名称"),
        ("排污单位", 1, "B", "企业名称"),
    ]


def test_unknown_sheets_are_ignored_and_said_so(survey_book, officer):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(survey_book({"排污单位": [facility_row(1)]})))
    wb.create_sheet("草稿")["A1"] = "随手记"
    out = io.BytesIO()
    wb.save(out)
    batch = _preview(officer, out.getvalue())
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.summary["ignored_sheets"] == ["草稿"]


def test_duplicate_rows_in_one_sheet(survey_book, officer):
    boiler = {
        "统一社会信用代码": survey_code(1),
        "锅炉名称或编号": "1号锅炉",
        "燃料": "天然气",
        "额定容量": 4,
    }
    batch = _preview(
        officer, survey_book({"排污单位": [facility_row(1), facility_row(1)], "锅炉": [boiler, boiler]})
    )
    found = {(i.sheet, i.row, i.header): i.message for i in _issues(batch)}
    assert found == {
        ("排污单位", 3, "统一社会信用代码"): "与第2行重复（统一社会信用代码相同）",
        ("锅炉", 3, "锅炉名称或编号"): "与第2行重复（统一社会信用代码、锅炉名称或编号相同）",
    }


def test_child_row_of_a_facility_neither_in_the_file_nor_in_the_database(survey_book, officer, make_facility):
    existing = make_facility("城东船舶修造有限公司")
    boilers = [
        {
            "统一社会信用代码": existing.credit_code,
            "锅炉名称或编号": "1号锅炉",
            "燃料": "天然气",
            "额定容量": 2,
        },
        {"统一社会信用代码": survey_code(9), "锅炉名称或编号": "1号锅炉", "燃料": "天然气", "额定容量": 2},
    ]
    issue = _only_issue(_preview(officer, survey_book({"锅炉": boilers})))
    assert (issue.sheet, issue.row, issue.column) == ("锅炉", 3, "A")
    assert "既不在“排污单位”工作表中，也不在系统中" in issue.message


def test_limit_needs_its_outlet_in_the_file_or_the_database(survey_book, officer):
    outlet = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "排放口名称": "喷涂废气排放口",
        "排放介质": "废气",
        "排放口类型": "一般排放口",
    }
    limit = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "da001",
        "污染物代码": "a24088",
        "统计方式": "小时均值",
        "限值": 60,
        "单位": "mg/m³",
        "依据（标准或许可条款）": "DB33/2146-2018",
        "起始日期": "2024-01-01",
    }
    ok = _preview(
        officer, survey_book({"排污单位": [facility_row(1)], "排放口": [outlet], "排放限值": [limit]})
    )
    assert ok.status == ImportBatch.Status.PREVIEWED, ok.errors  # "da001" is the outlet DA001

    orphan = {**limit, "排放口编号": "DA002"}
    issue = _only_issue(
        _preview(
            officer, survey_book({"排污单位": [facility_row(1)], "排放口": [outlet], "排放限值": [orphan]})
        )
    )
    assert (issue.sheet, issue.row, issue.column, issue.header) == ("排放限值", 2, "B", "排放口编号")
    assert "DA002" in issue.message


def test_dates_and_ranges(survey_book, officer):
    permit = {
        "统一社会信用代码": survey_code(1),
        "许可证编号": "91330902MA00000153001V",
        "管理类别": "简化管理",
        "发证日期": dt.date(2021, 3, 15),
        "有效期至": dt.date(2021, 3, 15),
    }
    limit = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "污染物代码": "a21026",
        "统计方式": "小时均值",
        "限值": 50,
        "单位": "mg/m³",
        "依据（标准或许可条款）": "GB 13271-2014",
        "起始日期": "2024-01-01",
        "截止日期": "2023-12-31",
    }
    eia = {
        "统一社会信用代码": survey_code(1),
        "批复文号": "舟定环建〔2019〕12号",
        "环评类型": "报告表",
        "批复日期": "2019年13月1日",
        "审批部门": "舟山市生态环境局定海分局",
    }
    outlet = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "排放口名称": "锅炉废气",
        "排放介质": "废气",
        "排放口类型": "一般排放口",
    }
    batch = _preview(
        officer,
        survey_book(
            {
                "排污单位": [facility_row(1)],
                "排放口": [outlet],
                "排放限值": [limit],
                "环评批复": [eia],
                "排污许可证": [permit],
            }
        ),
    )
    found = {(i.sheet, i.header): i.message for i in _issues(batch)}
    assert found == {
        ("排放限值", "截止日期"): "截止日期（2023-12-31）不能早于起始日期（2024-01-01）",
        ("环评批复", "批复日期"): "应为日期，如2024-05-01",
        ("排污许可证", "有效期至"): "有效期至（2021-03-15）应晚于发证日期（2021-03-15）",
    }


@pytest.mark.parametrize(
    ("header", "value", "words"),
    [
        ("是否列入重点排污单位名录", "Y", "应填写“是”或“否”"),
        ("占地面积（亩）", -3, "不能为负数"),
        ("占地面积（亩）", "35亩", "应为数字"),
        ("生产状态", "开工", "不是可选值"),
        ("统一社会信用代码", 913309027532974518, "应以文本形式填写"),
        ("单位名称", "厂" * 201, "超过上限200个字符"),
    ],
)
def test_cell_types(survey_book, officer, header, value, words):
    issue = _only_issue(_preview(officer, survey_book({"排污单位": [facility_row(1, **{header: value})]})))
    assert (issue.row, issue.header) == (2, header)
    assert words in issue.message


def test_pollutant_code_checked_against_hj212(survey_book, officer):
    outlet = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "排放口名称": "锅炉废气",
        "排放介质": "废气",
        "排放口类型": "一般排放口",
    }
    limit = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "污染物代码": "02",
        "统计方式": "小时均值",
        "限值": 50,
        "单位": "mg/m³",
        "依据（标准或许可条款）": "GB 13271-2014",
        "起始日期": "2024-01-01",
    }
    issue = _only_issue(
        _preview(
            officer, survey_book({"排污单位": [facility_row(1)], "排放口": [outlet], "排放限值": [limit]})
        )
    )
    assert issue.header == "污染物代码"
    assert "不在HJ 212-2017污染物编码表中" in issue.message and "a21026" in issue.message


def test_permit_number_of_another_facility(survey_book, officer, make_facility):
    other = make_facility("东港船厂")
    Permit.objects.create(
        facility=other,
        number="P-001",
        management_class="simplified",
        issued_on=dt.date(2021, 1, 1),
        valid_until=dt.date(2026, 1, 1),
    )
    permit = {
        "统一社会信用代码": survey_code(1),
        "许可证编号": "p-001",
        "管理类别": "简化管理",
        "发证日期": "2022-01-01",
        "有效期至": "2027-01-01",
    }
    issue = _only_issue(
        _preview(officer, survey_book({"排污单位": [facility_row(1)], "排污许可证": [permit]}))
    )
    assert issue.header == "许可证编号"
    assert "属于另一家单位“东港船厂”" in issue.message


def test_an_untouched_template_imports_nothing(survey_book, officer):
    batch = _preview(officer, survey_book({}))
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.summary["totals"] == {"rows": 0, "create": 0, "update": 0, "unchanged": 0}
