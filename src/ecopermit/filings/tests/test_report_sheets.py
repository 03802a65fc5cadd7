"""The execution report's XLSX template and its reader (filings/report_sheets.py). No database."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from ecopermit.core.sheets import INSTRUCTIONS_SHEET
from ecopermit.filings import report_checks as names
from ecopermit.filings.report_checks import check_report
from ecopermit.filings.report_data import EmissionRow, Issue, OperationRow, ReportData, ShutdownRow, TotalRow
from ecopermit.filings.report_sheets import COMMITMENT, SHEETS, build_template, read_report

D = dt.date
TEMPLATE = build_template()


def fill(rows: dict[str, list[list[Any]]], *, edit: Any = None) -> bytes:
    """The template with ``rows`` appended below each sheet's header; ``edit(wb)`` may change it further."""
    wb = load_workbook(io.BytesIO(TEMPLATE))
    for name, values in rows.items():
        for row in values:
            wb[name].append(row)
    if edit is not None:
        edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def where(issues: tuple[Issue, ...]) -> list[tuple[str, int | None, str, str]]:
    return [(i.table, i.row, i.column, i.field) for i in issues]


FULL = {
    "排放情况": [
        ["DA001", "a21026", 28.5, 12.1, 1.234],
        ["DA002", "a21026", "30", "10", "0.766"],
        ["DW001", "w01018", 45, 20, None],
    ],
    "排放量合计": [["a21026", 2]],
    "生产运行": [
        ["1号锅炉", 2000, "天然气", 120.5, "万立方米", "蒸汽", 8000, "吨"],
        ["喷涂线", "1500.5", None, None, None, None, None, None],
    ],
    "停产时段": [[dt.datetime(2024, 2, 1), "2024/2/20", "春节停产检修"]],
    "承诺书": [["是"]],
}
FULL_DATA = ReportData(
    emissions=(
        EmissionRow("DA001", "a21026", Decimal("28.5"), Decimal("12.1"), Decimal("1.234")),
        EmissionRow("DA002", "a21026", Decimal(30), Decimal(10), Decimal("0.766")),
        EmissionRow("DW001", "w01018", Decimal(45), Decimal(20), None),
    ),
    totals=(TotalRow("a21026", Decimal(2)),),
    operations=(
        OperationRow(
            "1号锅炉", Decimal(2000), "天然气", Decimal("120.5"), "万立方米", "蒸汽", Decimal(8000), "吨"
        ),
        OperationRow("喷涂线", Decimal("1500.5")),
    ),
    shutdowns=(ShutdownRow(D(2024, 2, 1), D(2024, 2, 20), "春节停产检修"),),
    commitment=True,
)


# ---------------------------------------------------------------------------------------------------
# The template


def test_the_template_has_the_instructions_first_then_one_sheet_per_table():
    wb = load_workbook(io.BytesIO(TEMPLATE))
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, "排放情况", "排放量合计", "生产运行", "停产时段", "承诺书"]
    assert wb.active.title == INSTRUCTIONS_SHEET
    headers = {name: [c.value for c in wb[name][1]] for name in wb.sheetnames[1:]}
    assert headers == {
        "排放情况": ["排放口编号", "污染物代码", "最大浓度", "平均浓度", "实际排放量（吨）"],
        "排放量合计": ["污染物代码", "实际排放量（吨）"],
        "生产运行": [
            "生产设施名称",
            "运行时间（小时）",
            "燃料",
            "燃料用量",
            "燃料单位",
            "产品",
            "产量",
            "产量单位",
        ],
        "停产时段": ["开始日期", "结束日期", "原因"],
        "承诺书": ["法定代表人承诺本报告内容真实、准确、完整"],
    }
    for name in wb.sheetnames[1:]:
        assert wb[name].max_row == 1 and wb[name].freeze_panes == "A2"
        assert all(c.comment is not None and c.font.b for c in wb[name][1])
    assert wb["排放情况"].column_dimensions["A"].number_format == "@"
    assert wb["停产时段"].column_dimensions["A"].number_format == "yyyy-mm-dd"


def test_the_commitment_is_one_yes_no_cell():
    ws = load_workbook(io.BytesIO(TEMPLATE))["承诺书"]
    (dv,) = ws.data_validations.dataValidation
    assert str(dv.sqref) == "A2"
    assert dv.formula1 == '"是,否"'


def test_the_instructions_describe_every_sheet_and_column():
    ws = load_workbook(io.BytesIO(TEMPLATE))[INSTRUCTIONS_SHEET]
    text = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    for sheet in SHEETS:
        assert f"工作表：{sheet.name}" in text
        for column in sheet.columns:
            assert column.header in text and column.describe() in text
    assert any("只需填写“停产时段”和“承诺书”" in t for t in text)


def test_the_untouched_template_reads_as_an_empty_report():
    checked = read_report(TEMPLATE)
    assert checked.ok and checked.data == ReportData()


def test_sheet_and_header_names_are_those_the_checks_name():
    assert [s.name for s in SHEETS] == [
        names.EMISSIONS,
        names.TOTALS,
        names.OPERATIONS,
        names.SHUTDOWNS,
        names.COMMITMENT,
    ]
    assert COMMITMENT.columns[0].header == names.COMMITMENT_HEADER


# ---------------------------------------------------------------------------------------------------
# Round trip


def test_a_filled_template_reads_back_as_the_data():
    checked = read_report(fill(FULL))
    assert checked.issues == ()
    assert checked.data == FULL_DATA
    assert [r.row for r in checked.data.emissions] == [2, 3, 4]
    assert check_report(checked.data, period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)) == ()


def test_codes_are_folded_and_blank_rows_keep_the_row_numbers():
    content = fill(
        {
            "排放情况": [["ｄａ００１", "A21026", 1, 1, 0.5], [None] * 5, [" DA 002", "a21026", 2, 1, 0.5]],
            "排放量合计": [["a21026", 1]],
            "生产运行": [["窑", 10]],
            "承诺书": [["是"]],
        }
    )
    checked = read_report(content)
    assert checked.ok
    assert [(e.outlet_code, e.pollutant_code, e.row) for e in checked.data.emissions] == [
        ("DA001", "a21026", 2),
        ("DA002", "a21026", 4),
    ]


def test_the_checks_name_the_row_of_the_file():
    content = fill(
        {
            "排放情况": [[None] * 5, ["DA001", "a21026", 1, 2, 0.5]],  # the blank row 2 is skipped
            "排放量合计": [["a21026", 0.5]],
            "生产运行": [["窑", 10]],
            "承诺书": [["是"]],
        }
    )
    checked = read_report(content)
    issues = check_report(checked.data, period_start=D(2024, 1, 1), period_end=D(2024, 3, 31))
    assert where(issues) == [("排放情况", 3, "", "最大浓度")]


decimals = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
texts = st.text(alphabet="甲乙丙丁锅炉窑线号ABC123", min_size=1, max_size=20)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    amounts=st.lists(st.tuples(decimals, decimals, decimals), min_size=1, max_size=4),
    units=st.lists(st.tuples(texts, decimals), min_size=1, max_size=3),
    commitment=st.booleans(),
)
def test_round_trip_of_any_figures(amounts, units, commitment):
    data = ReportData(
        emissions=tuple(
            EmissionRow(f"DA{n:03d}", "a21026", high, low, tonnes)
            for n, (high, low, tonnes) in enumerate(amounts, start=1)
        ),
        operations=tuple(OperationRow(name, hours) for name, hours in units),
        commitment=commitment,
    )
    content = fill(
        {
            "排放情况": [
                [
                    e.outlet_code,
                    e.pollutant_code,
                    str(e.max_concentration),
                    e.avg_concentration,
                    e.actual_emission_t,
                ]
                for e in data.emissions
            ],
            "生产运行": [[o.unit_name, str(o.hours_operated)] for o in data.operations],
            "承诺书": [["是" if commitment else "否"]],
        }
    )
    checked = read_report(content)
    assert checked.ok, [str(i) for i in checked.issues]
    assert checked.data == data


# ---------------------------------------------------------------------------------------------------
# Each kind of error, with its place


def test_an_unknown_header():
    content = fill({}, edit=lambda wb: wb["排放情况"].cell(1, 3, "浓度最大值"))
    (issue,) = read_report(content).issues
    assert (issue.table, issue.row, issue.column, issue.field, issue.value) == (
        "排放情况",
        1,
        "C",
        "浓度最大值",
        "浓度最大值",
    )
    assert "不是本工作表的列" in issue.message


def test_a_missing_required_header():
    content = fill({}, edit=lambda wb: setattr(wb["排放量合计"]["A1"], "value", None))
    (issue,) = read_report(content).issues
    assert where((issue,)) == [("排放量合计", 1, "", "污染物代码")]
    assert issue.message == "缺少必填列“污染物代码”；请使用导入模板"


def test_a_blank_mandatory_cell():
    (issue,) = read_report(fill({"生产运行": [["1号锅炉", None, "天然气"]]})).issues
    assert where((issue,)) == [("生产运行", 2, "B", "运行时间（小时）")]
    assert issue.message == "必填项，不能为空"


def test_text_where_a_number_belongs():
    checked = read_report(
        fill({"排放情况": [["DA001", "a21026", 1, 1, 1], ["DA002", "a21026", 1, 1, "1.2吨"]]})
    )
    (issue,) = checked.issues
    assert (issue.table, issue.row, issue.column, issue.field, issue.value) == (
        "排放情况",
        3,
        "E",
        "实际排放量（吨）",
        "1.2吨",
    )
    assert issue.message == "应为数字，不能带单位或其他文字"
    assert [e.outlet_code for e in checked.data.emissions] == ["DA001"]  # the bad row is left out
    assert str(issue) == "“排放情况”第3行E列（实际排放量（吨）），值“1.2吨”：应为数字，不能带单位或其他文字"


def test_a_negative_number():
    (issue,) = read_report(fill({"排放量合计": [["a21026", -0.5]]})).issues
    assert (issue.table, issue.row, issue.column, issue.field, issue.value, issue.message) == (
        "排放量合计",
        2,
        "B",
        "实际排放量（吨）",
        "-0.5",
        "不能为负数",
    )


def test_a_date_that_is_not_a_date():
    (issue,) = read_report(fill({"停产时段": [["下周一", "2024-02-20", "检修"]]})).issues
    assert (issue.table, issue.row, issue.column, issue.field, issue.value) == (
        "停产时段",
        2,
        "A",
        "开始日期",
        "下周一",
    )
    assert issue.message == "应为日期，如2024-05-01"


def test_a_commitment_that_is_neither_yes_nor_no():
    checked = read_report(fill({"承诺书": [["可能"]]}))
    assert where(checked.issues) == [("承诺书", 2, "A", "法定代表人承诺本报告内容真实、准确、完整")]
    assert checked.issues[0].message == "应填写“是”或“否”"
    assert read_report(fill({"承诺书": [["否"]]})).data.commitment is False
    assert read_report(fill({"承诺书": [["是"]]})).data.commitment is True


def test_the_commitment_is_one_answer():
    checked = read_report(fill({"承诺书": [["是"], ["是"]]}))
    assert where(checked.issues) == [("承诺书", 3, "", "")]


def test_a_missing_sheet_and_a_sheet_of_ones_own():
    def edit(wb: Workbook) -> None:
        del wb["停产时段"]
        wb.create_sheet("备注").append(["随便写写"])

    (issue,) = read_report(fill({}, edit=edit)).issues
    assert (issue.table, issue.row) == ("停产时段", None)
    assert "缺少该工作表" in issue.message


def test_a_file_that_is_not_a_workbook():
    (issue,) = read_report(b"%PDF-1.7 not a workbook").issues
    assert (issue.table, issue.row, issue.column, issue.field) == ("", None, "", "")
    assert "不是Excel工作簿" in issue.message
    assert str(issue).startswith("文件：")


def test_a_file_too_large():
    checked = read_report(TEMPLATE, max_bytes=1024)
    (issue,) = checked.issues
    assert issue.table == "" and "超过上限" in issue.message
    assert checked.data == ReportData()


def test_an_old_excel_file():
    (issue,) = read_report(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).issues
    assert ".xls" in issue.message


def test_a_mixed_file_reports_every_error_at_once():
    content = fill(
        {
            "排放情况": [
                ["DA001", "a21026", "高", 1, 1],
                [None, "a21026", 1, 1, 1],
                ["DA003", "a21026", 1, 1, -2],
            ],
            "排放量合计": [["a21026", "两吨"]],
            "生产运行": [["1号锅炉", -5, None, "很多"]],
            "停产时段": [["2024-02-01", "二月底", None]],
            "承诺书": [["对"]],
        },
        edit=lambda wb: wb["生产运行"].cell(1, 9, "备注"),
    )
    checked = read_report(content)
    assert where(checked.issues) == [
        ("排放情况", 2, "C", "最大浓度"),
        ("排放情况", 3, "A", "排放口编号"),
        ("排放情况", 4, "E", "实际排放量（吨）"),
        ("排放量合计", 2, "B", "实际排放量（吨）"),
        ("生产运行", 1, "I", "备注"),  # an unknown column: the sheet is not read, its rows are not judged
        ("停产时段", 2, "B", "结束日期"),
        ("停产时段", 2, "C", "原因"),
        ("承诺书", 2, "A", "法定代表人承诺本报告内容真实、准确、完整"),
    ]
    assert checked.data == ReportData()
