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


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def as_json(data: ReportData) -> dict[str, object]:
    """The tables as JSON for ``ReportVersion.data``: decimals as strings (exact), dates as ISO."""
    return {
        "emissions": [
            {
                "outlet_code": r.outlet_code,
                "pollutant_code": r.pollutant_code,
                "max_concentration": _dec(r.max_concentration),
                "avg_concentration": _dec(r.avg_concentration),
                "actual_emission_t": _dec(r.actual_emission_t),
            }
            for r in data.emissions
        ],
        "totals": [
            {"pollutant_code": r.pollutant_code, "actual_emission_t": str(r.actual_emission_t)}
            for r in data.totals
        ],
        "operations": [
            {
                "unit_name": r.unit_name,
                "hours_operated": str(r.hours_operated),
                "fuel": r.fuel,
                "fuel_amount": _dec(r.fuel_amount),
                "fuel_unit": r.fuel_unit,
                "product": r.product,
                "production_amount": _dec(r.production_amount),
                "production_unit": r.production_unit,
            }
            for r in data.operations
        ],
        "shutdowns": [
            {"start": r.start.isoformat(), "end": r.end.isoformat(), "reason": r.reason}
            for r in data.shutdowns
        ],
        "commitment": data.commitment,
    }


def from_json(raw: dict[str, object]) -> ReportData:
    """``as_json`` read back: ``from_json(as_json(d)) == d``."""

    def rows(key: str) -> list[dict[str, str | None]]:
        value = raw.get(key) or []
        assert isinstance(value, list)
        return value

    return ReportData(
        emissions=tuple(
            EmissionRow(
                outlet_code=r["outlet_code"] or "",
                pollutant_code=r["pollutant_code"] or "",
                max_concentration=_undec(r["max_concentration"]),
                avg_concentration=_undec(r["avg_concentration"]),
                actual_emission_t=_undec(r["actual_emission_t"]),
            )
            for r in rows("emissions")
        ),
        totals=tuple(
            TotalRow(
                pollutant_code=r["pollutant_code"] or "",
                actual_emission_t=Decimal(r["actual_emission_t"] or "0"),
            )
            for r in rows("totals")
        ),
        operations=tuple(
            OperationRow(
                unit_name=r["unit_name"] or "",
                hours_operated=Decimal(r["hours_operated"] or "0"),
                fuel=r["fuel"] or "",
                fuel_amount=_undec(r["fuel_amount"]),
                fuel_unit=r["fuel_unit"] or "",
                product=r["product"] or "",
                production_amount=_undec(r["production_amount"]),
                production_unit=r["production_unit"] or "",
            )
            for r in rows("operations")
        ),
        shutdowns=tuple(
            ShutdownRow(
                start=dt.date.fromisoformat(r["start"] or ""),
                end=dt.date.fromisoformat(r["end"] or ""),
                reason=r["reason"] or "",
            )
            for r in rows("shutdowns")
        ),
        commitment=bool(raw.get("commitment")),
    )
