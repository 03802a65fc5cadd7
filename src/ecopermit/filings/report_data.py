"""The key tables of an execution report (执行报告, HJ 944-2018 §5 and its annual-report outline), as plain data.

An execution report here is the PDF the national platform produced plus these tables, so that the bureau can check
and compare the figures without retyping them (MISSION M4, issue 13). The same dataclasses come from the screen
and from the XLSX template (``report_sheets``); ``validate`` judges both the same way and names the table, row and
field of every error. No Django here: the rules import without settings.

Units are fixed by the format, as on the national platform's forms: concentrations in mg/m³ (gas) or mg/L
(water; pH dimensionless), actual emissions in tonnes (t), hours of operation in hours (h).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class EmissionRow:
    """排放情况: one outlet and pollutant over the period."""

    outlet_code: str  # the permit's outlet code, e.g. DA001 / DW001
    pollutant_code: str  # HJ 212-2017 code, e.g. a21026
    max_concentration: Decimal | None  # the highest valid hourly (gas) or daily (water) value of the period
    avg_concentration: Decimal | None
    actual_emission_t: Decimal | None  # actual emissions over the period, tonnes
    # The row as the person sees it (header = 1), set by the reader of a file or a screen; None: its place in
    # the table (first row = 2). Not part of the value: the same figures on another row are the same row.
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TotalRow:
    """排放量合计: the facility's total of one pollutant over the period; must equal the sum of its outlets."""

    pollutant_code: str
    actual_emission_t: Decimal
    row: int | None = field(default=None, compare=False)  # as EmissionRow.row


@dataclass(frozen=True)
class OperationRow:
    """生产运行: one production unit's operation over the period."""

    unit_name: str
    hours_operated: Decimal
    fuel: str = ""
    fuel_amount: Decimal | None = None
    fuel_unit: str = ""
    product: str = ""
    production_amount: Decimal | None = None
    production_unit: str = ""
    row: int | None = field(default=None, compare=False)  # as EmissionRow.row


@dataclass(frozen=True)
class ShutdownRow:
    """停产时段: a period without production (the whole report period when only a shutdown statement is made)."""

    start: dt.date
    end: dt.date
    reason: str
    row: int | None = field(default=None, compare=False)  # as EmissionRow.row


@dataclass(frozen=True)
class ReportData:
    emissions: tuple[EmissionRow, ...] = ()
    totals: tuple[TotalRow, ...] = ()
    operations: tuple[OperationRow, ...] = ()
    shutdowns: tuple[ShutdownRow, ...] = ()
    commitment: bool = False  # 承诺书: the legal representative's commitment that the report is true


@dataclass(frozen=True)
class Issue:
    """One error in the report's data. ``table`` is the sheet name of the template (排放情况, 排放量合计, 生产运行,
    停产时段, 承诺书); ``row`` is the row as the person sees it (the spreadsheet row, header = 1; on screen the
    same numbering); ``column`` the spreadsheet column letter when it came from a file."""

    table: str
    row: int | None
    field: str  # the column's Chinese header
    message: str
    column: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = f"“{self.table}”" if self.table else "文件"  # no table: the file as a whole
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"{self.column}列"
        if self.field:
            where += f"（{self.field}）"
        shown = f"，值“{self.value}”" if self.value else ""
        return f"{where}{shown}：{self.message}"


@dataclass(frozen=True)
class Checked:
    data: ReportData
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.issues
