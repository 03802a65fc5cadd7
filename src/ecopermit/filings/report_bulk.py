"""The officer's bulk import of execution reports (issue 13: "by an officer in bulk"): one workbook carrying the key
tables of many reports, e.g. all quarterly reports of 2026 Q1 the bureau received on paper or collected from the
national platform.

The sheets are the single-report template's (``report_sheets.SHEETS``: same names, same headers, the same column
definitions, not copies), each with one column added in front: 报告编号, the report number (ZX2026-00012) naming
the report a row belongs to. The report number is the key rather than the permit number because it is
unambiguous: a permit owes an annual and several quarterly or monthly reports a year. The commitment letter
(承诺书) becomes a table too, one row per report: 报告编号 | 是/否.

:func:`read_bulk` only reads the file (cells, headers, one commitment per report) and groups the rows by report;
what each report must meet is ``report_checks.check_report``'s, run by ``services.reports_bulk_submit``, which
also knows which reports exist and can be submitted. Every problem is a :class:`BulkIssue`: the report number
and the :class:`~ecopermit.filings.report_data.Issue` (sheet, row, column letter, header, value). Chinese texts
are data (the file format), not gettext strings. No Django and no database here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from openpyxl import Workbook

from ecopermit.core.sheets import (
    BOLD,
    TRUE_WORD,
    CellError,
    FileRejected,
    column_letter,
    display_width,
    is_blank,
    open_workbook,
    read_code,
)
from ecopermit.filings import report_checks as names
from ecopermit.filings import report_sheets
from ecopermit.filings.report_data import Issue, ReportData
from ecopermit.filings.report_sheets import Column, Kind, Sheet

TEMPLATE_FILE_NAME = "排污许可执行报告批量导入模板.xlsx"
REPORT_NUMBER = "报告编号"
LIST_SHEET = "报告清单"  # the prefilled list of reports (facility, permit, period): read by people, not by us
MAX_BYTES = 20 * 1024 * 1024  # many reports in one file; the single report's limit is 10 MB

REPORT_COLUMN = Column(
    REPORT_NUMBER,
    "report_number",
    Kind.CODE,
    required=True,
    max_length=30,
    help="本行所属执行报告的编号，见本系统执行报告列表或“报告清单”工作表",
    example="ZX2026-00012",
)


@dataclass(frozen=True)
class Tagged:
    """A row of a bulk sheet: the report it belongs to and the single-report template's row."""

    report_number: str
    row: int
    value: Any


def _tagged(make: Callable[[dict[str, Any], int], Any]) -> Callable[[dict[str, Any], int], Tagged]:
    def made(values: dict[str, Any], row: int) -> Tagged:
        return Tagged(values["report_number"], row, make(values, row))

    return made


def _answer(values: dict[str, Any], row: int) -> bool | None:
    return values.get("commitment")  # None: left blank


def _bulk_sheet(sheet: Sheet) -> Sheet:
    if sheet is report_sheets.COMMITMENT:
        # The answer is not required by the reader: a prefilled number with a blank answer and no rows elsewhere
        # is a report not entered this time; with rows, check_report refuses the missing commitment.
        (answer,) = sheet.columns
        return Sheet(
            name=sheet.name,
            help=(
                f"每行一份报告：报告编号和“{TRUE_WORD}”（法定代表人已在执行报告的承诺书上签字承诺报告内容真实、"
                f"准确、完整）。每份报告一行，不能重复；预填了编号但本次不录入的报告，承诺一栏留空即可。"
            ),
            columns=(REPORT_COLUMN, dataclasses.replace(answer, required=False)),
            make=_tagged(_answer),
        )
    return Sheet(
        name=sheet.name,
        help=sheet.help + "每行第一列填写所属报告的编号。",
        columns=(REPORT_COLUMN, *sheet.columns),
        make=_tagged(sheet.make),
    )


BULK_SHEETS: tuple[Sheet, ...] = tuple(_bulk_sheet(s) for s in report_sheets.SHEETS)

RULES = (
    "本模板用于局工作人员批量录入多份执行报告（如同一季度各企业的季度报告）的主要数据；各工作表与单份报告的导入模板相同，"
    f"只在第一列增加“{REPORT_NUMBER}”，指明该行属于哪一份报告。",
    f"“{REPORT_NUMBER}”填写本系统中的执行报告编号（如ZX2026-00012），不是排污许可证编号；下载模板时选择了报告类型和期间的，"
    f"“{LIST_SHEET}”工作表列出了尚未提交的报告及其企业，“承诺书”工作表已预填这些报告的编号。",
    *report_sheets.RULES[1:5],
    f"“承诺书”工作表每份报告一行：报告编号和“{TRUE_WORD}”；预填了编号但本次不录入的报告，承诺一栏留空、其他工作表不填即可，"
    "不会提交。",
    "各报告只能是“待提交”或“已退回”的；每份报告按单份报告的同样规则检查（排放口与许可证一致、合计相符等）。",
    "文件中任何一份报告有任何错误时，所有报告都不会提交；错误报告会指出报告编号、工作表、行号、列和原因，改正后重新上传即可。",
    "批量录入的报告不附全国排污许可证管理信息平台导出的报告文件，由录入人员对照企业的报告录入。",
    f"文件大小不超过{MAX_BYTES // (1024 * 1024)} MB，每个工作表不超过{report_sheets.MAX_ROWS_PER_SHEET}行。",
)


@dataclass(frozen=True)
class ListedReport:
    """A report the template is prefilled with."""

    number: str
    facility: str
    permit: str
    period: str
    due_on: str


def _write_list(reports: Sequence[ListedReport]) -> Callable[[Workbook], None]:
    headers = (REPORT_NUMBER, "企业名称", "排污许可证编号", "报告期", "截止日期")

    def write(wb: Workbook) -> None:
        ws = wb.create_sheet(LIST_SHEET)
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = BOLD
        for r in reports:
            ws.append([r.number, r.facility, r.permit, r.period, r.due_on])
        for index, header in enumerate(headers):
            longest = max(
                [
                    display_width(header),
                    *(display_width(str(c.value or "")) for c in ws[column_letter(index)]),
                ]
            )
            ws.column_dimensions[column_letter(index)].width = min(60, longest + 2)
        ws.freeze_panes = "A2"

    return write


def build_bulk_template(reports: Sequence[ListedReport] = ()) -> bytes:
    """The bulk template as XLSX bytes; with ``reports``, the 承诺书 sheet carries their numbers (the answer left
    to fill in) and a 报告清单 sheet lists them with facility, permit and period."""
    return report_sheets.write_workbook(
        title="排污许可执行报告批量导入模板",
        rules=RULES,
        sheets=BULK_SHEETS,
        rows={names.COMMITMENT: [[r.number] for r in reports]},
        extra=_write_list(reports) if reports else None,
    )


# ---------------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class BulkIssue:
    """One problem of a bulk file: the report it concerns ("" for the file or a header) and where it is."""

    report_number: str
    issue: Issue

    def __str__(self) -> str:
        return f"报告{self.report_number}：{self.issue}" if self.report_number else str(self.issue)


#: Column letter of each header of each bulk sheet, for the issues of ``check_report`` (which names only the
#: header): the single template's letter moved one column right by 报告编号.
LETTERS: Mapping[tuple[str, str], str] = {
    (sheet.name, column.header): column_letter(index)
    for sheet in BULK_SHEETS
    for index, column in enumerate(sheet.columns)
}


def placed(report_number: str, issue: Issue, commitment_row: int | None) -> BulkIssue:
    """An issue of ``check_report`` on a report of the bulk file: its column letter in the bulk sheet, and the
    commitment's row where the report's answer is (``check_report`` knows only the single template's row 2)."""
    if issue.table == names.COMMITMENT:
        issue = dataclasses.replace(issue, row=commitment_row)
    if issue.field and not issue.column:
        issue = dataclasses.replace(issue, column=LETTERS.get((issue.table, issue.field), ""))
    return BulkIssue(report_number, issue)


class BulkRead(NamedTuple):
    reports: dict[str, ReportData]  # by report number, in the order first named
    issues: tuple[BulkIssue, ...]
    where: dict[str, tuple[str, int]]  # report number → (sheet, row) where it is first named
    commitment_rows: dict[str, int]  # report number → its row on 承诺书


def _numbers_at(content: bytes, cells: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], str]:
    """The report number in column A of each (sheet, row) with a problem, so that a row left out for a bad cell
    still names its report (blank or unreadable: not named)."""
    if not cells:
        return {}
    found: dict[tuple[str, int | None], str] = {}
    try:
        wb = open_workbook(content, len(content))
    except FileRejected:
        return {}
    try:
        for ws in wb.worksheets:
            name = ws.title.strip()
            rows = sorted(r for s, r in cells if s == name and r)
            if not rows:
                continue
            ws.reset_dimensions()
            for row_number, values in enumerate(
                ws.iter_rows(min_col=1, max_col=1, values_only=True), start=1
            ):
                if row_number > rows[-1]:
                    break
                if row_number in rows and values and not is_blank(values[0]):
                    try:
                        found[(name, row_number)] = read_code(values[0], REPORT_COLUMN.max_length)
                    except CellError:
                        continue
    finally:
        wb.close()
    return found


def read_bulk(content: bytes, *, max_bytes: int = MAX_BYTES) -> BulkRead:
    """The reports of a filled-in bulk template by report number, and every problem of the file. A row with a
    problem is left out of its report's data; a report named twice on 承诺书 is a problem on the second row."""
    tables, found = report_sheets.read_sheets(content, BULK_SHEETS, max_bytes=max_bytes)
    numbers = _numbers_at(content, {(i.table, i.row) for i in found if i.row and i.row > 1})
    issues = [BulkIssue(numbers.get((i.table, i.row), ""), i) for i in found]
    where: dict[str, tuple[str, int]] = {}
    grouped: dict[str, dict[str, list[Any]]] = {}
    commitments: dict[str, bool] = {}
    commitment_rows: dict[str, int] = {}
    blank_only: set[str] = set()  # named only on 承诺书 with the answer blank: not entered this time
    for sheet in BULK_SHEETS:
        for tagged in tables.get(sheet.name, []):
            number = tagged.report_number
            where.setdefault(number, (sheet.name, tagged.row))
            if sheet.name == names.COMMITMENT:
                if number in commitment_rows:
                    issues.append(
                        BulkIssue(
                            number,
                            Issue(
                                sheet.name,
                                tagged.row,
                                REPORT_NUMBER,
                                f"该报告的承诺已在第{commitment_rows[number]}行填写；每份报告一行",
                                column="A",
                                value=number,
                            ),
                        )
                    )
                    continue
                commitment_rows[number] = tagged.row
                commitments[number] = bool(tagged.value)
                if tagged.value is None and where[number] == (sheet.name, tagged.row):
                    blank_only.add(number)
            else:
                grouped.setdefault(number, {}).setdefault(sheet.name, []).append(tagged.value)
    reports = {
        number: ReportData(
            emissions=tuple(grouped.get(number, {}).get(names.EMISSIONS, [])),
            totals=tuple(grouped.get(number, {}).get(names.TOTALS, [])),
            operations=tuple(grouped.get(number, {}).get(names.OPERATIONS, [])),
            shutdowns=tuple(grouped.get(number, {}).get(names.SHUTDOWNS, [])),
            commitment=commitments.get(number, False),
        )
        for number in where
        if number not in blank_only or number in grouped
    }
    return BulkRead(reports, tuple(issues), where, commitment_rows)
