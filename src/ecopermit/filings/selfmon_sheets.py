"""Self-monitoring results of one facility as an XLSX template, and reading a filled-in one back (issue 13 M3:
results "by screen or XLSX upload").

One sheet, 监测结果, one result a row: 排放口编号, 污染物代码, 采样日期, 监测机构, 监测方法, 监测值, 单位 — the fields
of the screen's form (``forms_selfmon.ResultForm``), with the same ones required. The template is written for one
facility: its plan lines are listed on a reference sheet (自行监测方案, with each line's limit and unit) and offered
as drop-downs (outlet, pollutant, unit; Excel only warns, the reader decides).

``read_results`` judges only the file (headers, mandatory cells, dates, numbers not negative, lengths). Whether the
outlet and pollutant are a plan line of the facility and whether the unit is the limit's is the service's
(``selfmon_services.monitoring_results_import``), which names the cell the same way. No Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ecopermit.core.sheets import (
    DATE_FORMAT,
    TEXT_FORMAT,
    ImportIssue,
    read_code,
    read_date,
    read_decimal,
    read_text,
)
from ecopermit.filings.sheet_table import (
    MAX_BYTES,
    MAX_ROWS,
    Field,
    TableRow,
    TableSpec,
    build_table_template,
    read_table,
)

TEMPLATE_FILE_NAME = "自行监测结果导入模板.xlsx"
SHEET = "监测结果"
PLAN_SHEET = "自行监测方案"
COMMON_UNITS = ("mg/m3", "mg/L", "无量纲")

OUTLET, POLLUTANT, SAMPLED_ON = "排放口编号", "污染物代码", "采样日期"
LABORATORY, METHOD, VALUE, UNIT = "监测机构", "监测方法", "监测值", "单位"


def _value(cell: Any) -> Decimal:
    # The model keeps 4 decimals and 16 digits (MonitoringResult.value).
    return read_decimal(cell, max_digits=16, decimal_places=4)


def fields(
    outlets: Sequence[str] = (), pollutants: Sequence[str] = (), units: Sequence[str] = COMMON_UNITS
) -> tuple[Field, ...]:
    """The columns; the drop-downs carry the facility's outlets, pollutants and units when given."""
    return (
        Field(
            OUTLET,
            "outlet_code",
            lambda c: read_code(c, 20),
            required=True,
            help="自行监测方案中的排放口编号（见“自行监测方案”工作表），如DA001、DW001；不区分全角半角和大小写",
            example="DA001",
            number_format=TEXT_FORMAT,
            choices=tuple(outlets),
            strict=False,
        ),
        Field(
            POLLUTANT,
            "pollutant_code",
            lambda c: read_code(c, 20).lower(),
            required=True,
            help="HJ 212-2017 污染物编码，须为该排放口在自行监测方案中的污染物，如a21026（二氧化硫）",
            example="a21026",
            number_format=TEXT_FORMAT,
            choices=tuple(pollutants),
            strict=False,
        ),
        Field(
            SAMPLED_ON,
            "sampled_on",
            read_date,
            required=True,
            help="采样日期，如2025-05-20；不能晚于上传当日",
            example="2025-05-20",
            number_format=DATE_FORMAT,
        ),
        Field(
            LABORATORY,
            "laboratory",
            lambda c: read_text(c, 200),
            required=True,
            help="监测（检测）机构名称，不超过200个字符",
            example="舟山市环科检测有限公司",
        ),
        Field(
            METHOD,
            "method",
            lambda c: read_text(c, 200),
            required=True,
            help="分析方法及其标准编号，不超过200个字符",
            example="HJ 57-2017 定电位电解法",
        ),
        Field(
            VALUE,
            "value",
            _value,
            required=True,
            help="监测值，数字，不小于0，不带单位，最多4位小数",
            example="32.5",
        ),
        Field(
            UNIT,
            "unit",
            lambda c: read_text(c, 20),
            required=True,
            help="须与许可排放浓度限值的单位一致（见“自行监测方案”工作表），如mg/m3、mg/L",
            example="mg/m3",
            choices=tuple(units),
            strict=False,
        ),
    )


RULES = (
    f"在“{SHEET}”工作表中从第2行起每行填写一个监测结果；第1行是列名，请勿修改、删除工作表和列名。",
    "列名为橙色底的是必填列；把鼠标停在列名上可看到填写说明。",
    f"排放口编号和污染物代码须是本单位自行监测方案中的一行（见“{PLAN_SHEET}”工作表）；单位须与该行许可排放浓度限值的单位一致。",
    "超过许可排放浓度限值的结果与在页面上录入的一样：记为超标问题并通知生态环境局和本单位。",
    "文件有任何错误时一条也不会保存；错误报告会指出工作表、行号、列和原因，改正后重新上传即可。",
    "监测报告原件（PDF）请在页面上逐条录入时上传；通过本模板导入的结果标记为“表格导入”。",
    f"文件大小不超过{MAX_BYTES // (1024 * 1024)} MB，不超过{MAX_ROWS}行。",
)


@dataclass(frozen=True)
class PlanRow:
    """One plan line as the template's reference sheet shows it."""

    outlet_code: str
    outlet_name: str
    pollutant_code: str
    pollutant_name: str
    limit: str  # the limit's value as written, or ""
    unit: str  # the limit's unit, or ""
    automatic: bool


def spec(plan: Sequence[PlanRow] = ()) -> TableSpec:
    units = tuple(dict.fromkeys([*(p.unit for p in plan if p.unit), *COMMON_UNITS]))
    return TableSpec(
        title="自行监测结果导入模板",
        sheet=SHEET,
        help="每行一个监测结果（一次采样的一项污染物），与监测报告一致。",
        fields=fields(
            tuple(dict.fromkeys(p.outlet_code for p in plan)),
            tuple(dict.fromkeys(p.pollutant_code for p in plan)),
            units,
        ),
        rules=RULES,
    )


SPEC = spec()


def build_template(plan: Sequence[PlanRow]) -> bytes:
    """The template of one facility: its plan lines listed and offered as drop-downs."""
    reference = [
        ["排放口编号", "排放口名称", "污染物代码", "污染物名称", "许可排放浓度限值", "单位", "自动监测"],
        *(
            [
                p.outlet_code,
                p.outlet_name,
                p.pollutant_code,
                p.pollutant_name,
                p.limit,
                p.unit,
                "是" if p.automatic else "",
            ]
            for p in plan
        ),
    ]
    return build_table_template(spec(plan), extra_sheets=[(PLAN_SHEET, reference)])


def read_results(content: bytes) -> tuple[list[TableRow], list[ImportIssue]]:
    """The rows read whole (``values``: outlet_code, pollutant_code, sampled_on, laboratory, method, value, unit)
    and every problem of the file, each naming sheet, row and column."""
    return read_table(SPEC, content)
