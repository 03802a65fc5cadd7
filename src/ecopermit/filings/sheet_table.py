"""One-sheet XLSX tables the enterprise fills in: self-monitoring results (``selfmon_sheets``) and ledger entries
(``ledger_sheets``), issue 13 M3 and M5.

A table is declared once as data (:class:`TableSpec`, its :class:`Field` s), and :func:`build_table_template`
writes the workbook from it while :func:`read_table` reads an upload against it, so the two cannot drift apart (the
pattern of ``report_sheets``). Each field reads its cell with a ``core.sheets`` reader; a problem is an
:class:`~ecopermit.core.sheets.ImportIssue` naming sheet, row, column letter, header and value, and reading goes on
after a problem so that one upload reports all of them. Each row read whole comes back as a :class:`TableRow`
that keeps the column letter of each field, so that the service's checks against the database (an outlet not in
the plan, a unit that is not the limit's) can name the cell too.

Sheet names, headers and messages are Chinese data (the file format), not gettext strings. No Django and no
database here.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from ecopermit.core.sheets import (
    CellError,
    DropDownLists,
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
    shown,
    write_header_row,
    write_instructions,
)

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
TEMPLATE_ROWS = 2_000  # rows of the template that carry the column formats and drop-downs
LISTS_SHEET = "下拉选项"


@dataclass(frozen=True)
class Field:
    """One column: its header, the row attribute it fills, and the reader of a non-blank cell."""

    header: str
    field: str
    read: Callable[[Any], Any]
    required: bool = False
    help: str = ""
    example: str = ""
    number_format: str | None = None
    choices: tuple[str, ...] = ()  # a drop-down of these values
    strict: bool = True  # the drop-down refuses other values (otherwise Excel only warns)


@dataclass(frozen=True)
class TableSpec:
    title: str  # the instructions sheet's title
    sheet: str  # the data sheet's name
    help: str
    fields: tuple[Field, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class TableRow:
    """A row read whole: ``values`` by field (blank optional cells absent), ``letters`` the column of each field."""

    row: int
    values: Mapping[str, Any]
    letters: Mapping[str, str]

    def issue(self, spec: TableSpec, field_name: str, message: str) -> ImportIssue:
        """A problem of one cell of this row, found after reading (by the service)."""
        column = next(f for f in spec.fields if f.field == field_name)
        value = self.values.get(field_name)
        return ImportIssue(
            spec.sheet, self.row, self.letters.get(field_name, ""), column.header, shown(value), message
        )


def build_table_template(
    spec: TableSpec, *, extra_sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]] = ()
) -> bytes:
    """说明 first, then the data sheet with only its header row (formats and drop-downs down the rows), then any
    ``extra_sheets`` (name, rows) for reference, then the hidden sheet of drop-down values."""
    wb = Workbook()
    write_instructions(
        wb.active,
        title=spec.title,
        rules=spec.rules,
        sections=[
            InstructionSection(
                spec.sheet,
                spec.help,
                tuple(InstructionColumn(f.header, f.required, f.help, f.example) for f in spec.fields),
            )
        ],
    )
    data = wb.create_sheet()
    lists = DropDownLists(wb.create_sheet(LISTS_SHEET), LISTS_SHEET)
    cells = []
    for f in spec.fields:
        validation = None
        if f.choices:
            formula = lists.formula(f.header, list(f.choices))
            validation = list_validation(f.header, formula, strict=f.strict)
        cells.append(HeaderCell(f.header, f.required, f.help, f.number_format, validation))
    write_header_row(data, spec.sheet, cells, TEMPLATE_ROWS + 1)
    for name, rows in extra_sheets:
        ws = wb.create_sheet(name, index=len(wb.sheetnames) - 1)
        for values in rows:
            ws.append(list(values))
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read_rows(spec: TableSpec, ws: Any, issues: list[ImportIssue]) -> list[TableRow]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(is_blank(c) for c in header):
        issues.append(ImportIssue(spec.sheet, 1, "", "", "", "缺少列名行；请使用导入模板，不要删除第1行"))
        return []
    columns = map_headers(spec.sheet, spec.fields, header, issues)
    if columns is None:
        return []
    letters = {f.field: column_letter(index) for index, f in columns.items()}
    made: list[TableRow] = []
    count = 0
    for row_number, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        count += 1
        if count > MAX_ROWS:
            issues.append(
                ImportIssue(spec.sheet, row_number, "", "", "", f"超过{MAX_ROWS}行数据的上限；请拆分文件")
            )
            break
        typed: dict[str, Any] = {}
        ok = True
        for index, f in columns.items():
            value = values[index] if index < len(values) else None
            if is_blank(value):
                if f.required:
                    issues.append(
                        ImportIssue(
                            spec.sheet, row_number, letters[f.field], f.header, "", "必填项，不能为空"
                        )
                    )
                    ok = False
                continue
            try:
                typed[f.field] = f.read(value)
            except CellError as exc:
                issues.append(
                    ImportIssue(spec.sheet, row_number, letters[f.field], f.header, shown(value), str(exc))
                )
                ok = False
        if ok:
            made.append(TableRow(row_number, typed, letters))
    return made


def sort_issues(issues: list[ImportIssue]) -> list[ImportIssue]:
    return sorted(issues, key=lambda i: (i.row or 0, column_number(i.column), i.message))


def read_table(
    spec: TableSpec, content: bytes, *, max_bytes: int = MAX_BYTES
) -> tuple[list[TableRow], list[ImportIssue]]:
    """The rows of the data sheet read whole, and every problem of the file (a row with a problem is left out)."""
    issues: list[ImportIssue] = []
    try:
        wb = open_workbook(content, max_bytes)
    except FileRejected as exc:
        return [], [ImportIssue("", None, "", "", "", str(exc))]
    try:
        sheets = [ws for ws in wb.worksheets if ws.title.strip() == spec.sheet]
        if not sheets:
            return [], [
                ImportIssue(spec.sheet, None, "", "", "", "缺少该工作表；请使用导入模板，不要删除或改名")
            ]
        if len(sheets) > 1:
            return [], [ImportIssue(spec.sheet, None, "", "", "", "工作表重复")]
        ws = sheets[0]
        ws.reset_dimensions()
        rows = _read_rows(spec, ws, issues)
    # A workbook that opens but breaks while its rows stream (damaged XML, a bad zip member).
    except Exception:
        logger.exception("%s: workbook failed while reading rows", spec.sheet)
        return [], [
            ImportIssue(
                "", None, "", "", "", "读取Excel文件时出错，文件可能已损坏；请重新保存为.xlsx后再上传"
            )
        ]
    finally:
        wb.close()
    if not rows and not issues:
        issues.append(ImportIssue(spec.sheet, None, "", "", "", "没有数据行；请从第2行起填写"))
    return rows, sort_issues(issues)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import stored (all its rows) or, when ``issues`` is not empty, why it stored nothing."""

    stored: tuple[Any, ...] = ()
    issues: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues


class Rejected(Exception):
    """Rolls back an import's transaction when a row failed the service's rules."""
