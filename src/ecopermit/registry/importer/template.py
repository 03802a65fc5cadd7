"""The downloadable survey template, built from ``schema`` (so template and parser always agree).

Sheet order: 说明 (instructions, with each column's rules and an example value), one sheet per kind
of record with only its header row (frozen, styled, with the column's help as a cell comment, choice
columns as drop-downs), and a hidden 选项 sheet holding the drop-down lists. The data sheets hold no
example rows, so uploading an untouched template imports nothing.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ecopermit.core.models import District, Park, Town
from ecopermit.core.sheets import (
    BOOL_FORMULA,
    DATE_FORMAT,
    TEXT_FORMAT,
    DropDownLists,
    HeaderCell,
    InstructionColumn,
    InstructionSection,
    list_validation,
    write_header_row,
    write_instructions,
)
from ecopermit.registry.importer.schema import (
    FALSE_WORD,
    LISTS_SHEET,
    MAX_ROWS_PER_SHEET,
    SHEETS,
    TEXT_FORMAT_KINDS,
    TRUE_WORD,
    Column,
    Kind,
    Sheet,
)

TEMPLATE_FILE_NAME = "固定污染源调查表导入模板.xlsx"


def _rules(district: District | None) -> list[str]:
    mb = settings.IMPORT_MAX_BYTES // (1024 * 1024)
    where = district.name if district else "本区"
    return [
        "每个工作表对应一类数据，第1行是列名，请勿修改工作表名称和列名；从第2行起每行填写一条记录，不用的工作表可以留空或删除。",
        "列名为橙色底的是必填列，绿色底的是选填列；把鼠标停在列名上可看到填写说明。",
        "排污单位以统一社会信用代码识别：系统中已有该代码的单位会被更新，没有的会新建。其他工作表用统一社会信用代码关联到单位，"
        "该单位须在“排污单位”工作表中，或已在系统中。排放限值还要用排放口编号关联到排放口。",
        "导入只新增和更新，不删除：文件中没有列出的记录（锅炉、排放口、许可证等）保持不变。"
        "例外：“排污单位”工作表的“行业代码”一栏是该单位的全部行业，导入后以此为准（第一个为主行业）。",
        "空白的选填单元格不会清空系统中已有的数据；需要清空时请在系统中修改。",
        "上传后系统先预览（不写入），列出将新建、更新、不变的记录数和全部错误；确认后才写入。",
        "文件有任何错误时整个文件都不导入；错误报告会指出工作表、行号、列和原因，改正后重新上传即可。",
        "同一文件重复导入不会产生任何变化；每一处变化都记入该单位的历史记录（谁、何时、哪个文件）。",
        f"日期填写如2024-05-01；“是/否”列填写“{TRUE_WORD}”或“{FALSE_WORD}”；统一社会信用代码、行业代码等代码列请保持文本格式（模板已设置），"
        "以免Excel把代码变成数字、丢掉开头的0。",
        f"坐标为十进制度数，须在{where}范围内。",
        f"文件大小不超过{mb} MB，每个工作表不超过{MAX_ROWS_PER_SHEET}行；数据更多时请拆分成几个文件。",
    ]


def _instructions(ws: Any, district: District | None) -> None:
    title = "固定污染源调查表导入模板"
    if district is not None:
        title = f"{district.name}{title}（{district.bureau}）"
    write_instructions(
        ws,
        title=title,
        rules=_rules(district),
        sections=(
            InstructionSection(
                sheet.name,
                sheet.help,
                tuple(
                    InstructionColumn(c.header, c.required, c.describe(), c.example) for c in sheet.columns
                ),
            )
            for sheet in SHEETS
        ),
    )


def _validation(
    column: Column, lists: DropDownLists, towns: list[str], parks: list[str]
) -> DataValidation | None:
    if column.kind == Kind.BOOL:
        formula = BOOL_FORMULA
        strict = True
    elif column.kind == Kind.CHOICE and column.choices:
        formula = lists.formula(column.header, list(column.choices))
        strict = True
    elif column.kind == Kind.TOWN and towns:
        formula = lists.formula(column.header, towns)
        strict = False  # aliases and codes are accepted too, so only warn
    elif column.kind == Kind.PARK and parks:
        formula = lists.formula(column.header, parks)
        strict = False
    else:
        return None
    return list_validation(column.header, formula, strict=strict)


def _number_format(column: Column) -> str | None:
    if column.kind in TEXT_FORMAT_KINDS:
        return TEXT_FORMAT
    if column.kind == Kind.DATE:
        return DATE_FORMAT
    return None


def _data_sheet(ws: Any, sheet: Sheet, lists: DropDownLists, towns: list[str], parks: list[str]) -> None:
    cells = [
        HeaderCell(
            column.header,
            column.required,
            column.describe(),
            _number_format(column),
            _validation(column, lists, towns, parks),
        )
        for column in sheet.columns
    ]
    write_header_row(ws, sheet.name, cells, MAX_ROWS_PER_SHEET + 1)


def build_template() -> bytes:
    """The template workbook as XLSX bytes (drop-downs list the towns and parks in the database)."""
    district = District.objects.order_by("code").first()
    towns = list(Town.objects.order_by("code").values_list("name", flat=True))
    parks = list(Park.objects.order_by("code").values_list("name", flat=True))
    wb = Workbook()
    _instructions(wb.active, district)
    data_sheets = [(wb.create_sheet(), sheet) for sheet in SHEETS]
    lists = DropDownLists(wb.create_sheet(LISTS_SHEET), LISTS_SHEET)
    for ws, sheet in data_sheets:
        _data_sheet(ws, sheet, lists, towns, parks)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
