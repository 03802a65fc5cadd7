"""The rules an execution report's key tables must meet, the same for the screen and the XLSX file (MISSION M4).

:func:`check_report` judges a :class:`~ecopermit.filings.report_data.ReportData` (as entered on screen, or as
``report_sheets.read_report`` read it from a file) against the report period and, when known, the permit's
outlets and their pollutants, and returns every problem as an :class:`~ecopermit.filings.report_data.Issue`
naming the table (the template's sheet name), the row (header = 1, first data row = 2, in the file and on the
screen alike) and the field (the column's Chinese header). Pure: no Django, no database.

Where each rule comes from (sources: ``regulations-notes.md`` §2–§3; HJ 944-2018's full text is not in our
references, so what it says is as quoted there):

* **HJ 944-2018 / 条例 Art. 22** — what the report contains: actual emissions per outlet and pollutant with their
  concentrations, the facility's totals, production and operation, shutdown periods (条例 Art. 22: shutdowns are
  reported in the execution report), and a signed commitment letter (承诺书) by the legal representative. Hence:
  the mandatory cells of each table; at least one emission row and one operation row unless the whole period is
  a shutdown, when only the shutdown statement (and the commitment) is needed; the commitment must be 是.
* **The permit (条例 Art. 22: the report follows the permit)** — an outlet must be one of the permit's outlets,
  and a pollutant one the permit names at that outlet (checked only when ``outlets`` is given).
* **Arithmetic and the format** — no negative figure; a maximum concentration not below the average; a total
  equal to the sum of its outlets' emissions, a pollutant with outlet emissions having a total row and a total
  having outlet rows; hours operated not beyond the hours of the period; shutdown dates inside the period and
  the end not before the start; an amount of fuel or product given with its unit; no row twice.
* **Bureau plausibility defaults** (not in any standard: the bureau's own screening, each a constant below) —
  the totals' rounding tolerance :data:`TOTAL_TOLERANCE_T` (0.001 t); emissions reported while every unit
  operated 0 hours or the whole period was a shutdown; fuel used or product made by a unit that ran 0 hours; a
  unit operating during a period declared a shutdown throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ecopermit.filings.report_data import EmissionRow, Issue, OperationRow, ReportData, ShutdownRow, TotalRow

# Table names and headers: the template's sheet names and column headers (report_sheets builds it from these).
EMISSIONS = "排放情况"
TOTALS = "排放量合计"
OPERATIONS = "生产运行"
SHUTDOWNS = "停产时段"
COMMITMENT = "承诺书"
OUTLET = "排放口编号"
POLLUTANT = "污染物代码"
MAX_CONC = "最大浓度"
AVG_CONC = "平均浓度"
EMISSION_T = "实际排放量（吨）"
UNIT = "生产设施名称"
HOURS = "运行时间（小时）"
FUEL = "燃料"
FUEL_AMOUNT = "燃料用量"
FUEL_UNIT = "燃料单位"
PRODUCT = "产品"
PRODUCTION = "产量"
PRODUCTION_UNIT = "产量单位"
START = "开始日期"
END = "结束日期"
REASON = "原因"
COMMITMENT_HEADER = "法定代表人承诺本报告内容真实、准确、完整"
COMMITMENT_ROW = 2

# Bureau default: how far a total may stand from the sum of its outlets, for rounding (each figure written to
# 3 decimals of a tonne). Not from a standard.
TOTAL_TOLERANCE_T = Decimal("0.001")

_ZERO = Decimal(0)


def _fmt(number: Decimal) -> str:
    """A figure as written: no exponent, no trailing zeros (1.200000 → 1.2)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _row(given: int | None, index: int) -> int:
    return given if given is not None else index + 2


def period_hours(period_start: dt.date, period_end: dt.date) -> Decimal:
    """The hours of a period, both days included."""
    return Decimal(((period_end - period_start).days + 1) * 24)


def whole_period_shutdown(
    shutdowns: Sequence[ShutdownRow], period_start: dt.date, period_end: dt.date
) -> bool:
    """Whether the shutdown rows (the well-formed ones, cut to the period) cover every day of the period."""
    spans = sorted(
        (max(s.start, period_start), min(s.end, period_end))
        for s in shutdowns
        if s.start <= s.end and s.end >= period_start and s.start <= period_end
    )
    covered_to = period_start - dt.timedelta(days=1)
    for start, end in spans:
        if start > covered_to + dt.timedelta(days=1):
            return False
        covered_to = max(covered_to, end)
    return covered_to >= period_end


def check_report(
    data: ReportData,
    *,
    period_start: dt.date,
    period_end: dt.date,
    outlets: Mapping[str, set[str]] | None = None,
) -> tuple[Issue, ...]:
    """Every problem of the report's tables, in table order. ``outlets`` maps the permit's outlet codes to the
    pollutant codes it permits there; None when the permit's outlets are not known (those two checks are
    skipped)."""
    if period_end < period_start:
        raise ValueError(f"report period ends ({period_end}) before it starts ({period_start})")
    issues: list[Issue] = []
    shutdown_throughout = whole_period_shutdown(data.shutdowns, period_start, period_end)
    issues += _check_emissions(data.emissions, outlets)
    issues += _check_totals(data.emissions, data.totals)
    issues += _check_operations(data.operations, period_start, period_end, shutdown_throughout)
    issues += _check_shutdowns(data.shutdowns, period_start, period_end)
    issues += _check_against_operation(data, shutdown_throughout)
    if not shutdown_throughout:
        # HJ 944 / 条例 Art. 22: a report of a period with production has its emissions and its operation.
        if not data.emissions:
            issues.append(
                Issue(
                    EMISSIONS,
                    None,
                    "",
                    "报告期并非全部停产，须至少填写一行排放情况（全期停产的只需填写停产时段）",
                )
            )
        if not data.operations:
            issues.append(
                Issue(
                    OPERATIONS,
                    None,
                    "",
                    "报告期并非全部停产，须至少填写一行生产运行情况（全期停产的只需填写停产时段）",
                )
            )
    if not data.commitment:
        # HJ 944: the report carries the legal representative's commitment letter.
        issues.append(
            Issue(
                COMMITMENT,
                COMMITMENT_ROW,
                COMMITMENT_HEADER,
                "须由法定代表人承诺本报告内容真实、准确、完整：请填写“是”",
            )
        )
    order = {name: i for i, name in enumerate((EMISSIONS, TOTALS, OPERATIONS, SHUTDOWNS, COMMITMENT))}
    return tuple(sorted(issues, key=lambda i: (order[i.table], i.row or 0)))


def _negative(table: str, row: int, header: str, value: Decimal | None) -> list[Issue]:
    if value is not None and value < 0:
        return [Issue(table, row, header, "不能为负数", value=_fmt(value))]
    return []


def _check_emissions(rows: Sequence[EmissionRow], outlets: Mapping[str, set[str]] | None) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[tuple[str, str], int] = {}
    for index, r in enumerate(rows):
        row = _row(r.row, index)
        if not r.outlet_code:
            issues.append(Issue(EMISSIONS, row, OUTLET, "必填项，不能为空"))
        if not r.pollutant_code:
            issues.append(Issue(EMISSIONS, row, POLLUTANT, "必填项，不能为空"))
        # The permit: its outlets, and the pollutants it names at each.
        if outlets is not None and r.outlet_code:
            if r.outlet_code not in outlets:
                known = "、".join(sorted(outlets)) or "无"
                issues.append(
                    Issue(
                        EMISSIONS,
                        row,
                        OUTLET,
                        f"排放口不在排污许可证中（许可证载有：{known}）",
                        value=r.outlet_code,
                    )
                )
            elif r.pollutant_code and r.pollutant_code not in outlets[r.outlet_code]:
                allowed = "、".join(sorted(outlets[r.outlet_code])) or "无"
                issues.append(
                    Issue(
                        EMISSIONS,
                        row,
                        POLLUTANT,
                        f"排污许可证未许可排放口{r.outlet_code}排放该污染物（许可的污染物：{allowed}）",
                        value=r.pollutant_code,
                    )
                )
        issues += _negative(EMISSIONS, row, MAX_CONC, r.max_concentration)
        issues += _negative(EMISSIONS, row, AVG_CONC, r.avg_concentration)
        issues += _negative(EMISSIONS, row, EMISSION_T, r.actual_emission_t)
        high, mean = r.max_concentration, r.avg_concentration
        if high is not None and mean is not None and _ZERO <= high < mean:
            issues.append(
                Issue(EMISSIONS, row, MAX_CONC, f"最大浓度小于平均浓度（{_fmt(mean)}）", value=_fmt(high))
            )
        if high is None and mean is None and r.actual_emission_t is None:
            issues.append(Issue(EMISSIONS, row, EMISSION_T, "浓度和实际排放量均未填写；请至少填写一项"))
        key = (r.outlet_code, r.pollutant_code)
        if all(key) and key in seen:
            issues.append(
                Issue(
                    EMISSIONS,
                    row,
                    POLLUTANT,
                    f"与第{seen[key]}行重复（排放口编号、污染物代码相同）",
                    value=r.pollutant_code,
                )
            )
        else:
            seen.setdefault(key, row)
    return issues


def _check_totals(emissions: Sequence[EmissionRow], totals: Sequence[TotalRow]) -> list[Issue]:
    """A total equals the sum of its outlets' actual emissions within :data:`TOTAL_TOLERANCE_T`; a pollutant
    emitted at the outlets (more than 0 t) has a total row; a total above 0 has outlet rows to add up."""
    issues: list[Issue] = []
    by_pollutant: dict[str, list[tuple[int, EmissionRow, Decimal]]] = {}
    for index, e in enumerate(emissions):
        if e.pollutant_code and e.actual_emission_t is not None:
            by_pollutant.setdefault(e.pollutant_code, []).append((_row(e.row, index), e, e.actual_emission_t))
    seen: dict[str, int] = {}
    for index, t in enumerate(totals):
        row = _row(t.row, index)
        if not t.pollutant_code:
            issues.append(Issue(TOTALS, row, POLLUTANT, "必填项，不能为空"))
            continue
        issues += _negative(TOTALS, row, EMISSION_T, t.actual_emission_t)
        if t.pollutant_code in seen:
            issues.append(
                Issue(TOTALS, row, POLLUTANT, f"与第{seen[t.pollutant_code]}行重复", value=t.pollutant_code)
            )
            continue
        seen[t.pollutant_code] = row
        parts = by_pollutant.get(t.pollutant_code)
        if not parts:
            if t.actual_emission_t != 0:
                issues.append(
                    Issue(
                        TOTALS,
                        row,
                        POLLUTANT,
                        f"“{EMISSIONS}”中没有该污染物各排放口的实际排放量，合计无从核对；请在“{EMISSIONS}”中补填",
                        value=t.pollutant_code,
                    )
                )
            continue
        total = sum((amount for _r, _e, amount in parts), _ZERO)
        difference = abs(t.actual_emission_t - total)
        if difference > TOTAL_TOLERANCE_T:
            shown = " + ".join(f"{e.outlet_code} {_fmt(amount)}吨" for _r, e, amount in parts)
            rows = "、".join(str(r) for r, _e, _a in parts)
            issues.append(
                Issue(
                    TOTALS,
                    row,
                    EMISSION_T,
                    f"合计不等于各排放口实际排放量之和{_fmt(total)}吨（{shown}，见“{EMISSIONS}”第{rows}行），"
                    f"相差{_fmt(difference)}吨，超过舍入容差{_fmt(TOTAL_TOLERANCE_T)}吨（本局默认值）",
                    value=_fmt(t.actual_emission_t),
                )
            )
    for pollutant, parts in by_pollutant.items():
        if pollutant not in seen and any(amount > 0 for _r, _e, amount in parts):
            rows = "、".join(str(r) for r, _e, _a in parts)
            issues.append(
                Issue(
                    TOTALS,
                    None,
                    POLLUTANT,
                    f"“{EMISSIONS}”第{rows}行报告了该污染物的实际排放量，但“{TOTALS}”中没有它的合计行",
                    value=pollutant,
                )
            )
    return issues


def _check_operations(
    rows: Sequence[OperationRow], period_start: dt.date, period_end: dt.date, shutdown_throughout: bool
) -> list[Issue]:
    issues: list[Issue] = []
    most = period_hours(period_start, period_end)
    seen: dict[str, int] = {}
    for index, r in enumerate(rows):
        row = _row(r.row, index)
        if not r.unit_name:
            issues.append(Issue(OPERATIONS, row, UNIT, "必填项，不能为空"))
        elif r.unit_name in seen:
            issues.append(Issue(OPERATIONS, row, UNIT, f"与第{seen[r.unit_name]}行重复", value=r.unit_name))
        else:
            seen[r.unit_name] = row
        hours = r.hours_operated
        issues += _negative(OPERATIONS, row, HOURS, hours)
        if hours > most:
            issues.append(
                Issue(
                    OPERATIONS,
                    row,
                    HOURS,
                    f"超过报告期（{period_start}至{period_end}）的{_fmt(most)}小时",
                    value=_fmt(hours),
                )
            )
        elif shutdown_throughout and hours > 0:
            issues.append(
                Issue(
                    OPERATIONS,
                    row,
                    HOURS,
                    f"“{SHUTDOWNS}”申报报告期全部停产，运行时间应为0；请核对停产时段或运行时间",
                    value=_fmt(hours),
                )
            )
        for amount, unit, name, amount_header, unit_header, name_header in (
            (r.fuel_amount, r.fuel_unit, r.fuel, FUEL_AMOUNT, FUEL_UNIT, FUEL),
            (r.production_amount, r.production_unit, r.product, PRODUCTION, PRODUCTION_UNIT, PRODUCT),
        ):
            if amount is None:
                continue
            issues += _negative(OPERATIONS, row, amount_header, amount)
            if not unit:
                issues.append(
                    Issue(
                        OPERATIONS,
                        row,
                        unit_header,
                        f"填写了{amount_header}（{_fmt(amount)}），须填写{unit_header}",
                    )
                )
            if not name:
                issues.append(
                    Issue(
                        OPERATIONS,
                        row,
                        name_header,
                        f"填写了{amount_header}（{_fmt(amount)}），须写明{name_header}",
                    )
                )
            # Bureau plausibility default: a unit that did not run used no fuel and made nothing.
            if amount > 0 and hours == 0:
                issues.append(
                    Issue(
                        OPERATIONS,
                        row,
                        amount_header,
                        f"运行时间为0小时，却报告了{amount_header}；请核对（本局合理性校验）",
                        value=_fmt(amount),
                    )
                )
    return issues


def _check_shutdowns(rows: Sequence[ShutdownRow], period_start: dt.date, period_end: dt.date) -> list[Issue]:
    issues: list[Issue] = []
    for index, r in enumerate(rows):
        row = _row(r.row, index)
        if r.end < r.start:
            issues.append(
                Issue(SHUTDOWNS, row, END, f"结束日期早于开始日期（{r.start}）", value=r.end.isoformat())
            )
        if not period_start <= r.start <= period_end:
            issues.append(
                Issue(
                    SHUTDOWNS,
                    row,
                    START,
                    f"不在报告期（{period_start}至{period_end}）内",
                    value=r.start.isoformat(),
                )
            )
        if not period_start <= r.end <= period_end:
            issues.append(
                Issue(
                    SHUTDOWNS,
                    row,
                    END,
                    f"不在报告期（{period_start}至{period_end}）内",
                    value=r.end.isoformat(),
                )
            )
        if not r.reason.strip():
            issues.append(Issue(SHUTDOWNS, row, REASON, "必填项，不能为空"))
    return issues


def _check_against_operation(data: ReportData, shutdown_throughout: bool) -> list[Issue]:
    """Bureau plausibility default: emissions (more than 0 t) need a unit that ran. Reported while every unit
    operated 0 hours, or while the whole period was declared a shutdown, each such emission row is named."""
    if shutdown_throughout:
        why = f"“{SHUTDOWNS}”申报报告期全部停产"
    elif data.operations and all(r.hours_operated == 0 for r in data.operations):
        why = f"“{OPERATIONS}”中各生产设施运行时间均为0小时"
    else:
        return []
    return [
        Issue(
            EMISSIONS,
            _row(e.row, index),
            EMISSION_T,
            f"{why}，却报告了实际排放量；请核对（本局合理性校验）",
            value=_fmt(e.actual_emission_t),
        )
        for index, e in enumerate(data.emissions)
        if e.actual_emission_t is not None and e.actual_emission_t > 0
    ]
