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
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ecopermit.core.models import District, Park, Town
from ecopermit.registry.importer.schema import (
    FALSE_WORD,
    INSTRUCTIONS_SHEET,
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
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL_FILL = PatternFill("solid", fgColor="E2EFDA")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_RED_BOLD = Font(bold=True, color="C00000")
_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _width(text: str) -> float:
    """Rough display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


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
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 34
    title = "固定污染源调查表导入模板"
    if district is not None:
        title = f"{district.name}{title}（{district.bureau}）"
    ws.append([title])
    ws["A1"].font = _TITLE_FONT
    ws.append([])
    ws.append(["填写规则"])
    ws.cell(ws.max_row, 1).font = _BOLD
    for number, rule in enumerate(_rules(district), start=1):
        ws.append([f"{number}.", None, rule])
        ws.cell(ws.max_row, 3).alignment = _WRAP
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=2)
    for sheet in SHEETS:
        ws.append([])
        ws.append([f"工作表：{sheet.name}"])
        ws.cell(ws.max_row, 1).font = _BOLD
        ws.append([sheet.help])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        ws.append(["列名", "必填", "填写说明", "示例"])
        for cell in ws[ws.max_row]:
            cell.font = _BOLD
            cell.border = _BOX
        for column in sheet.columns:
            ws.append([column.header, "是" if column.required else "", column.describe(), column.example])
            for cell in ws[ws.max_row]:
                cell.border = _BOX
                cell.alignment = _WRAP
            if column.required:
                ws.cell(ws.max_row, 2).font = _RED_BOLD
            # Examples are text, so that a code like 0111 is shown as written.
            ws.cell(ws.max_row, 4).number_format = "@"


class _Lists:
    """The hidden sheet of drop-down values: one column per list, reused by every sheet that needs it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ranges: dict[tuple[str, ...], str] = {}
        ws.sheet_state = "hidden"

    def formula(self, title: str, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.ranges:
            col = len(self.ranges) + 1
            letter = get_column_letter(col)
            self.ws.cell(1, col, title)
            for row, value in enumerate(values, start=2):
                self.ws.cell(row, col, value)
            self.ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[key]


def _validation(column: Column, lists: _Lists, towns: list[str], parks: list[str]) -> DataValidation | None:
    if column.kind == Kind.BOOL:
        formula = f'"{TRUE_WORD},{FALSE_WORD}"'
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
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=column.header,
        error="请从下拉列表中选择",
    )
    return dv


def _data_sheet(ws: Any, sheet: Sheet, lists: _Lists, towns: list[str], parks: list[str]) -> None:
    ws.title = sheet.name
    ws.append([c.header for c in sheet.columns])
    last_row = MAX_ROWS_PER_SHEET + 1
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.border = _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        note = ("【必填】" if column.required else "【选填】") + column.describe()
        cell.comment = Comment(note, "EcoPermit", width=320, height=140)
        dimension = ws.column_dimensions[letter]
        dimension.width = max(12, min(40, _width(column.header) + 4))
        if column.kind in TEXT_FORMAT_KINDS:
            dimension.number_format = "@"
        elif column.kind == Kind.DATE:
            dimension.number_format = "yyyy-mm-dd"
        dv = _validation(column, lists, towns, parks)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def build_template() -> bytes:
    """The template workbook as XLSX bytes (drop-downs list the towns and parks in the database)."""
    district = District.objects.order_by("code").first()
    towns = list(Town.objects.order_by("code").values_list("name", flat=True))
    parks = list(Park.objects.order_by("code").values_list("name", flat=True))
    wb = Workbook()
    _instructions(wb.active, district)
    data_sheets = [(wb.create_sheet(), sheet) for sheet in SHEETS]
    lists = _Lists(wb.create_sheet(LISTS_SHEET))
    for ws, sheet in data_sheets:
        _data_sheet(ws, sheet, lists, towns, parks)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
