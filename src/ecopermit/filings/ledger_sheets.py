"""Management-ledger entries as an XLSX template, and reading a filled-in one back (issue 13 M5: entries "on screen
or by XLSX").

One sheet, 台账记录, one entry a row: 类别 (a drop-down of HJ 944-2018's categories, by their Chinese names),
设施或排放口, 日期, 记录内容, 是否异常 (是/否; blank is 否) — the fields of the screen's form
(``forms_selfmon.LedgerEntryForm``). An abnormal category is abnormal whatever 是否异常 says, as on screen.

``read_ledger`` judges only the file; the rules of an entry (a date not in the future) are
``ledger_services.ledger_entry_add``'s, applied by ``ledger_services.ledger_import`` to every row. No Django, no
database.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ecopermit.core.sheets import (
    DATE_FORMAT,
    FALSE_WORD,
    TRUE_WORD,
    ImportIssue,
    read_bool,
    read_choice,
    read_date,
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

TEMPLATE_FILE_NAME = "管理台账记录导入模板.xlsx"
SHEET = "台账记录"
MAX_CONTENT = 2000

#: HJ 944-2018 §4 categories by their Chinese names (the names the screens show: the zh_Hans translations of
#: ``models.LedgerCategory``; ``test_ledger_import`` checks they agree) → the stored value.
CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "生产设施运行管理信息": "production",
        "生产设施非正常工况信息": "production_abnormal",
        "污染防治设施运行管理信息": "treatment",
        "污染防治设施非正常工况信息": "treatment_abnormal",
        "药剂及原辅料使用信息": "reagent",
        "监测记录信息": "monitoring",
        "其他": "other",
    }
)

CATEGORY, SUBJECT, OCCURRED_ON, CONTENT, ABNORMAL = "类别", "设施或排放口", "日期", "记录内容", "是否异常"


def _category(cell: Any) -> str:
    return read_choice(cell, CATEGORIES)


FIELDS = (
    Field(
        CATEGORY,
        "category",
        _category,
        required=True,
        help="从下拉列表中选择（HJ 944-2018 管理台账记录内容）；两类“非正常工况”即异常情况，会立即报告生态环境局",
        example="生产设施运行管理信息",
        choices=tuple(CATEGORIES),
    ),
    Field(
        SUBJECT,
        "subject",
        lambda c: read_text(c, 100),
        required=True,
        help="记录所涉及的生产设施、污染防治设施或排放口，不超过100个字符",
        example="1号锅炉",
    ),
    Field(
        OCCURRED_ON,
        "occurred_on",
        read_date,
        required=True,
        help="记录的日期，如2025-06-30；不能晚于上传当日",
        example="2025-06-30",
        number_format=DATE_FORMAT,
    ),
    Field(
        CONTENT,
        "content",
        lambda c: read_text(c, MAX_CONTENT),
        required=True,
        help=f"记录内容，如运行时间、参数、药剂用量，异常的起止时间、原因和措施；不超过{MAX_CONTENT}个字符",
        example="全天正常运行，蒸发量35 t/h",
    ),
    Field(
        ABNORMAL,
        "abnormal",
        read_bool,
        help=f"填写“{TRUE_WORD}”或“{FALSE_WORD}”，不填视为“{FALSE_WORD}”；异常情况会立即报告生态环境局",
        example=FALSE_WORD,
        choices=(TRUE_WORD, FALSE_WORD),
    ),
)

RULES = (
    f"在“{SHEET}”工作表中从第2行起每行填写一条台账记录；第1行是列名，请勿修改、删除工作表和列名。",
    "列名为橙色底的是必填列，绿色底的是选填列；把鼠标停在列名上可看到填写说明。",
    "“类别”请从下拉列表中选择；选择“非正常工况”类别或“是否异常”填“是”的记录，导入后立即报告生态环境局（条例第二十一条）。",
    "台账只增不改：导入的记录不能修改或删除，更正请在页面上录入一条更正记录。",
    "文件有任何错误时一条也不会保存；错误报告会指出工作表、行号、列和原因，改正后重新上传即可。",
    f"文件大小不超过{MAX_BYTES // (1024 * 1024)} MB，不超过{MAX_ROWS}行。",
)

SPEC = TableSpec(
    title="环境管理台账记录导入模板",
    sheet=SHEET,
    help="每行一条台账记录。",
    fields=FIELDS,
    rules=RULES,
)


def build_template() -> bytes:
    return build_table_template(SPEC)


def read_ledger(content: bytes) -> tuple[list[TableRow], list[ImportIssue]]:
    """The rows read whole (``values``: category as stored, subject, occurred_on, content, abnormal when given) and
    every problem of the file, each naming sheet, row and column."""
    return read_table(SPEC, content)
