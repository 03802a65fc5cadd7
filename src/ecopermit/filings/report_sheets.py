"""The execution report's key tables as an XLSX template, and reading a filled-in one back (MISSION M4).

The sheets and their columns are declared once, below, as data; :func:`build_template` writes the workbook from
them and :func:`read_report` reads an upload against them, so the two cannot drift apart. Sheet names, headers and
messages are Chinese data (the file format and the report handed to the enterprise), not gettext strings.

``read_report`` judges only the file: the sheets and headers are the template's, mandatory cells are filled,
numbers are numbers and not negative, dates are dates, 是/否 is 是 or 否. Every problem is an
:class:`~ecopermit.filings.report_data.Issue` naming sheet, row, column letter, header and cell value, and reading
goes on after a problem, so one upload reports all of them. The report's rules (outlets of the permit, totals,
hours, shutdowns, the commitment) are ``report_checks.check_report``'s, the same for the screen and the file.

The workbook machinery (safe opening, header matching, cell readers, template styling) is ``core.sheets``, which
the survey import uses too. No Django and no database here.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from openpyxl import Workbook

from ecopermit.core.sheets import (
    BOOL_FORMULA,
    DATE_FORMAT,
    FALSE_WORD,
    TEXT_FORMAT,
    TRUE_WORD,
    CellError,
    FileRejected,
    HeaderCell,
    ImportIssue,
    InstructionColumn,
    InstructionSection,
    column_letter,
    column_number,
    is_blank,
    list_validation,
    map_headers,
    open_workbook,
    read_bool,
    read_code,
    read_date,
    read_decimal,
    read_text,
    shown,
    write_header_row,
    write_instructions,
)
from ecopermit.filings import report_checks as names
from ecopermit.filings.report_data import (
    Checked,
    EmissionRow,
    Issue,
    OperationRow,
    ReportData,
    ShutdownRow,
    TotalRow,
)

logger = logging.getLogger(__name__)

TEMPLATE_FILE_NAME = "排污许可执行报告主要数据导入模板.xlsx"
MAX_BYTES = (
    10 * 1024 * 1024
)  # a report's tables are small; the survey's limit is the setting IMPORT_MAX_BYTES
MAX_ROWS_PER_SHEET = 10_000
TEMPLATE_ROWS = 2_000  # rows of the template that carry the column formats and drop-downs


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # an outlet code: full-width folded, upper-cased, no blanks (DA001)
    POLLUTANT = "pollutant"  # an HJ 212-2017 code: folded, lower-cased (a21026)
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"


KIND_HELP: Mapping[Kind, str] = MappingProxyType(
    {
        Kind.TEXT: "文本",
        Kind.CODE: "编号（字母和数字，不区分全角半角和大小写），与排污许可证一致，如DA001、DW001",
        Kind.POLLUTANT: "HJ 212-2017 污染物编码，如a21026（二氧化硫）、w01018（化学需氧量）",
        Kind.DECIMAL: "数字，不小于0，不带单位",
        Kind.DATE: "日期，如2024-05-01",
        Kind.BOOL: f"填写“{TRUE_WORD}”或“{FALSE_WORD}”",
    }
)
TEXT_KINDS = frozenset({Kind.TEXT, Kind.CODE, Kind.POLLUTANT})


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind
    required: bool = False
    help: str = ""
    example: str = ""
    max_length: int | None = None
    max_digits: int = 18
    decimal_places: int = 6

    def describe(self) -> str:
        parts = [p for p in (self.help, KIND_HELP[self.kind]) if p]
        if self.max_length and self.kind in TEXT_KINDS:
            parts.append(f"不超过{self.max_length}个字符")
        if self.kind == Kind.DECIMAL:
            parts.append(f"最多{self.decimal_places}位小数")
        return "；".join(parts)


@dataclass(frozen=True)
class Sheet:
    """One table of the report; ``make`` builds its row from the typed cells (field → value) and the row."""

    name: str
    help: str
    columns: tuple[Column, ...]
    make: Callable[[dict[str, Any], int], Any]
    single_row: bool = False  # the commitment: one answer in row 2
    by_field: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_field", MappingProxyType({c.field: c for c in self.columns}))


def _emission(v: dict[str, Any], row: int) -> EmissionRow:
    return EmissionRow(
        outlet_code=v["outlet_code"],
        pollutant_code=v["pollutant_code"],
        max_concentration=v.get("max_concentration"),
        avg_concentration=v.get("avg_concentration"),
        actual_emission_t=v.get("actual_emission_t"),
        row=row,
    )


def _total(v: dict[str, Any], row: int) -> TotalRow:
    return TotalRow(pollutant_code=v["pollutant_code"], actual_emission_t=v["actual_emission_t"], row=row)


def _operation(v: dict[str, Any], row: int) -> OperationRow:
    return OperationRow(
        unit_name=v["unit_name"],
        hours_operated=v["hours_operated"],
        fuel=v.get("fuel", ""),
        fuel_amount=v.get("fuel_amount"),
        fuel_unit=v.get("fuel_unit", ""),
        product=v.get("product", ""),
        production_amount=v.get("production_amount"),
        production_unit=v.get("production_unit", ""),
        row=row,
    )


def _shutdown(v: dict[str, Any], row: int) -> ShutdownRow:
    return ShutdownRow(start=v["start"], end=v["end"], reason=v["reason"], row=row)


def _commitment(v: dict[str, Any], row: int) -> bool:
    return bool(v.get("commitment", False))


CONCENTRATION_HELP = "报告期内的浓度，废气mg/m³、废水mg/L（pH无量纲），与执行报告一致"

EMISSIONS = Sheet(
    name=names.EMISSIONS,
    help="每行一个排放口的一项污染物在报告期内的浓度和实际排放量，与执行报告“实际排放情况”表一致。"
    "全期停产的报告可不填。",
    make=_emission,
    columns=(
        Column(names.OUTLET, "outlet_code", Kind.CODE, required=True, max_length=20, example="DA001"),
        Column(
            names.POLLUTANT, "pollutant_code", Kind.POLLUTANT, required=True, max_length=20, example="a21026"
        ),
        Column(
            names.MAX_CONC,
            "max_concentration",
            Kind.DECIMAL,
            help="报告期内有效小时均值（废气）或日均值（废水）的最大值；" + CONCENTRATION_HELP,
            example="28.5",
        ),
        Column(names.AVG_CONC, "avg_concentration", Kind.DECIMAL, help=CONCENTRATION_HELP, example="12.1"),
        Column(
            names.EMISSION_T,
            "actual_emission_t",
            Kind.DECIMAL,
            help="报告期内的实际排放量，单位吨",
            example="1.234",
        ),
    ),
)
TOTALS = Sheet(
    name=names.TOTALS,
    help="每行一项污染物在报告期内全厂的实际排放量合计，应等于“排放情况”中该污染物各排放口实际排放量之和。",
    make=_total,
    columns=(
        Column(
            names.POLLUTANT, "pollutant_code", Kind.POLLUTANT, required=True, max_length=20, example="a21026"
        ),
        Column(
            names.EMISSION_T,
            "actual_emission_t",
            Kind.DECIMAL,
            required=True,
            help="全厂合计，单位吨",
            example="1.234",
        ),
    ),
)
OPERATIONS = Sheet(
    name=names.OPERATIONS,
    help="每行一台（套）生产设施在报告期内的运行时间、燃料和产量。全期停产的报告可不填。",
    make=_operation,
    columns=(
        Column(names.UNIT, "unit_name", Kind.TEXT, required=True, max_length=100, example="1号锅炉"),
        Column(
            names.HOURS,
            "hours_operated",
            Kind.DECIMAL,
            required=True,
            help="报告期内的累计运行小时数",
            example="2160",
        ),
        Column(names.FUEL, "fuel", Kind.TEXT, max_length=50, example="天然气"),
        Column(
            names.FUEL_AMOUNT, "fuel_amount", Kind.DECIMAL, help="填写时须同时填写燃料单位", example="120.5"
        ),
        Column(
            names.FUEL_UNIT, "fuel_unit", Kind.TEXT, max_length=20, help="如吨、万立方米", example="万立方米"
        ),
        Column(names.PRODUCT, "product", Kind.TEXT, max_length=100, example="蒸汽"),
        Column(
            names.PRODUCTION,
            "production_amount",
            Kind.DECIMAL,
            help="填写时须同时填写产量单位",
            example="8000",
        ),
        Column(
            names.PRODUCTION_UNIT,
            "production_unit",
            Kind.TEXT,
            max_length=20,
            help="如吨、万件",
            example="吨",
        ),
    ),
)
SHUTDOWNS = Sheet(
    name=names.SHUTDOWNS,
    help="每行一段停产时间（含首尾两日）。报告期全部停产的，只需填写本表和承诺书。",
    make=_shutdown,
    columns=(
        Column(names.START, "start", Kind.DATE, required=True, example="2024-02-01"),
        Column(names.END, "end", Kind.DATE, required=True, help="不早于开始日期", example="2024-02-20"),
        Column(names.REASON, "reason", Kind.TEXT, required=True, max_length=200, example="春节停产检修"),
    ),
)
COMMITMENT = Sheet(
    name=names.COMMITMENT,
    help=f"在第2行填写“{TRUE_WORD}”：法定代表人承诺本报告内容真实、准确、完整（HJ 944-2018 执行报告须附承诺书）。",
    make=_commitment,
    single_row=True,
    # Required: the header must be there; a blank or 否 answer is check_report's (the screen's rule too).
    columns=(Column(names.COMMITMENT_HEADER, "commitment", Kind.BOOL, required=True, example=TRUE_WORD),),
)

SHEETS: tuple[Sheet, ...] = (EMISSIONS, TOTALS, OPERATIONS, SHUTDOWNS, COMMITMENT)
SHEETS_BY_NAME: Mapping[str, Sheet] = MappingProxyType({s.name: s for s in SHEETS})

RULES = (
    "每个工作表对应执行报告的一张表，第1行是列名，请勿修改、删除工作表和列名；从第2行起每行填写一条记录。",
    "列名为橙色底的是必填列，绿色底的是选填列；把鼠标停在列名上可看到填写说明。",
    "单位由格式规定，不要写在数字里：浓度为mg/m³（废气）或mg/L（废水），实际排放量为吨，运行时间为小时；"
    "燃料用量和产量的单位写在各自的单位列中。",
    "“排放量合计”中每项污染物的合计应等于“排放情况”中该污染物各排放口实际排放量之和。",
    "报告期全部停产的，只需填写“停产时段”和“承诺书”；部分时间停产的，各表照常填写，并在“停产时段”列出停产的日期。",
    f"“承诺书”工作表第2行填写“{TRUE_WORD}”，表示法定代表人承诺本报告内容真实、准确、完整。",
    "日期填写如2024-05-01；排放口编号、污染物代码请保持文本格式（模板已设置）。",
    "文件有任何错误时都不会提交；错误报告会指出工作表、行号、列和原因，改正后重新上传即可。",
    f"文件大小不超过{MAX_BYTES // (1024 * 1024)} MB，每个工作表不超过{MAX_ROWS_PER_SHEET}行。",
)


# ---------------------------------------------------------------------------------------------------
# The template


def _header_cell(column: Column) -> HeaderCell:
    number_format = (
        TEXT_FORMAT if column.kind in TEXT_KINDS else DATE_FORMAT if column.kind == Kind.DATE else None
    )
    validation = (
        list_validation(column.header, BOOL_FORMULA, strict=True) if column.kind == Kind.BOOL else None
    )
    return HeaderCell(column.header, column.required, column.describe(), number_format, validation)


def build_template() -> bytes:
    """The template as XLSX bytes: 说明 first, then one sheet per table with only its header row (the commitment's
    answer cell, A2, is a 是/否 drop-down)."""
    return write_workbook(title="排污许可执行报告主要数据导入模板", rules=RULES, sheets=SHEETS)


def write_workbook(
    *,
    title: str,
    rules: tuple[str, ...],
    sheets: tuple[Sheet, ...],
    rows: Mapping[str, list[list[Any]]] | None = None,
    extra: Callable[[Workbook], None] | None = None,
) -> bytes:
    """A template of ``sheets`` (the single-report one, or the bulk one of ``report_bulk``): the instructions,
    then each sheet's header row, then the ``rows`` given per sheet name (prefilled cells); ``extra`` may add
    sheets of its own after them (not read back)."""
    wb = Workbook()
    write_instructions(
        wb.active,
        title=title,
        rules=rules,
        sections=(
            InstructionSection(
                sheet.name,
                sheet.help,
                tuple(
                    InstructionColumn(c.header, c.required, c.describe(), c.example) for c in sheet.columns
                ),
            )
            for sheet in sheets
        ),
    )
    for sheet in sheets:
        last_row = 2 if sheet.single_row else TEMPLATE_ROWS + 1
        ws = wb.create_sheet()
        write_header_row(ws, sheet.name, [_header_cell(c) for c in sheet.columns], last_row)
        for values in (rows or {}).get(sheet.name, []):
            ws.append(values)
    if extra is not None:
        extra(wb)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# Reading


def _issue(found: ImportIssue) -> Issue:
    return Issue(
        table=found.sheet,
        row=found.row,
        field=found.header,
        message=found.message,
        column=found.column,
        value=found.value,
    )


def _read_cell(value: Any, column: Column) -> Any:
    if column.kind == Kind.TEXT:
        return read_text(value, column.max_length)
    if column.kind == Kind.CODE:
        return read_code(value, column.max_length)
    if column.kind == Kind.POLLUTANT:
        return read_code(value, column.max_length).lower()
    if column.kind == Kind.DECIMAL:
        return read_decimal(value, max_digits=column.max_digits, decimal_places=column.decimal_places)
    if column.kind == Kind.DATE:
        return read_date(value)
    if column.kind == Kind.BOOL:
        return read_bool(value)
    raise AssertionError(f"unknown column kind {column.kind}")


def _read_sheet(sheet: Sheet, ws: Any, issues: list[ImportIssue]) -> list[Any]:
    """The rows of one sheet that could be read whole; every problem of the others goes to ``issues``."""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(is_blank(c) for c in header):
        issues.append(ImportIssue(sheet.name, 1, "", "", "", "缺少列名行；请使用导入模板，不要删除第1行"))
        return []
    columns = map_headers(sheet.name, sheet.columns, header, issues)
    if columns is None:
        return []
    made: list[Any] = []
    count = 0
    for row_number, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        count += 1
        if count > MAX_ROWS_PER_SHEET:
            issues.append(
                ImportIssue(
                    sheet.name, row_number, "", "", "", f"本工作表超过{MAX_ROWS_PER_SHEET}行数据的上限"
                )
            )
            break
        if sheet.single_row and count > 1:
            issues.append(
                ImportIssue(sheet.name, row_number, "", "", "", "本工作表只在第2行填写一项，其他行应留空")
            )
            continue
        typed: dict[str, Any] = {}
        ok = True
        for index, column in columns.items():
            value = values[index] if index < len(values) else None
            letter = column_letter(index)
            if is_blank(value):
                if column.required:
                    issues.append(
                        ImportIssue(sheet.name, row_number, letter, column.header, "", "必填项，不能为空")
                    )
                    ok = False
                continue
            try:
                typed[column.field] = _read_cell(value, column)
            except CellError as exc:
                issues.append(
                    ImportIssue(sheet.name, row_number, letter, column.header, shown(value), str(exc))
                )
                ok = False
        if ok:
            made.append(sheet.make(typed, row_number))
    return made


def read_sheets(
    content: bytes, sheets: tuple[Sheet, ...], *, max_bytes: int = MAX_BYTES
) -> tuple[dict[str, list[Any]], tuple[Issue, ...]]:
    """The rows of each of ``sheets`` (by sheet name) that could be read whole, and every problem of the file as
    an :class:`Issue`, in sheet order. A file that cannot be opened or read gives one issue and no tables."""
    found: list[ImportIssue] = []
    try:
        wb = open_workbook(content, max_bytes)
    except FileRejected as exc:
        return {}, (Issue(table="", row=None, field="", message=str(exc)),)
    by_name = {s.name: s for s in sheets}
    tables: dict[str, list[Any]] = {}
    try:
        for ws in wb.worksheets:
            sheet = by_name.get(ws.title.strip())
            if sheet is None:
                continue  # the instructions, or a sheet of the enterprise's own: not read
            if sheet.name in tables:
                found.append(ImportIssue(ws.title, None, "", "", "", "工作表重复"))
                continue
            ws.reset_dimensions()
            tables[sheet.name] = _read_sheet(sheet, ws, found)
    # A workbook that opens but breaks while its rows stream (damaged XML, a bad zip member).
    except Exception:
        logger.exception("execution report: workbook failed while reading rows")
        message = "读取Excel文件时出错，文件可能已损坏；请重新保存为.xlsx后再上传"
        return {}, (Issue(table="", row=None, field="", message=message),)
    finally:
        wb.close()
    for sheet in sheets:
        if sheet.name not in tables:
            found.append(
                ImportIssue(sheet.name, None, "", "", "", "缺少该工作表；请使用导入模板，不要删除或改名")
            )
    order = {s.name: i for i, s in enumerate(sheets)}
    found.sort(key=lambda i: (order.get(i.sheet, -1), i.row or 0, column_number(i.column), i.message))
    return tables, tuple(_issue(i) for i in found)


def read_report(content: bytes, *, max_bytes: int = MAX_BYTES) -> Checked:
    """The tables of a filled-in template as :class:`ReportData`, with every problem of the file as an
    :class:`Issue` (sheet, row, column letter, header, value, reason in Chinese). A row with a problem is left
    out of the data; a file that cannot be opened gives one issue for the file and empty data."""
    tables, issues = read_sheets(content, SHEETS, max_bytes=max_bytes)
    commitment = tables.get(COMMITMENT.name, [])
    data = ReportData(
        emissions=tuple(tables.get(EMISSIONS.name, [])),
        totals=tuple(tables.get(TOTALS.name, [])),
        operations=tuple(tables.get(OPERATIONS.name, [])),
        shutdowns=tuple(tables.get(SHUTDOWNS.name, [])),
        commitment=bool(commitment and commitment[0]),
    )
    return Checked(data, issues)
