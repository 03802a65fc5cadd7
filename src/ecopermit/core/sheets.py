"""Reading and writing XLSX workbooks that people fill in: the parts every import shares.

The survey import (``registry.importer``) and the execution-report tables (``filings.report_sheets``) both
declare their sheets and columns as data and read them with what is here:

* :func:`open_workbook` opens an upload safely (size limit, old .xls and encrypted files, zip members checked,
  read-only with cached values, never formulas) or raises :class:`FileRejected` with the Chinese reason;
* :func:`map_headers` matches a sheet's header row against its declared columns (unknown, duplicated and
  missing required headers each become an :class:`ImportIssue`);
* the cell readers (``read_text``, ``read_code``, ``read_number``, ``read_decimal``, ``read_date``,
  ``read_bool``, ``read_choice``, …) turn one non-blank cell into a typed value or raise :class:`CellError`
  with the Chinese reason;
* :class:`ImportIssue` is one problem, naming the sheet, row, column letter, header and value;
* the template helpers write the instructions sheet, the styled header row and the drop-down lists.

The Chinese texts are data, not gettext strings: they are the file format and the report handed between the
bureau and the enterprises (see ``registry.importer``'s package docstring). No Django here, and no database.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

INSTRUCTIONS_SHEET = "说明"
TRUE_WORD, FALSE_WORD = "是", "否"
MAX_VALUE_SHOWN = 100  # characters of a cell value repeated in a report
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
EARLIEST_DATE = dt.date(1949, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
EARLIEST_YEAR = 1949


# ---------------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class ImportIssue:
    """One problem. ``row`` is the spreadsheet row (1 = header) or None for the whole file or sheet."""

    sheet: str
    row: int | None
    column: str
    header: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportIssue:
        return cls(
            sheet=data.get("sheet") or "",
            row=data.get("row") or None,
            column=data.get("column") or "",
            header=data.get("header") or "",
            value=data.get("value") or "",
            message=data.get("message") or "",
        )

    def where(self) -> str:
        """“工作表“排污单位”第7行C列（统一社会信用代码）” — the place, in the report's words."""
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        text = "".join(parts)
        if self.header:
            text += f"（{self.header}）"
        return text or "文件"

    def __str__(self) -> str:
        shown = f"，值“{self.value}”" if self.value else ""
        return f"{self.where()}{shown}：{self.message}"


class CellError(ValueError):
    """A cell that cannot be read; ``str(error)`` is the Chinese reason."""


class FileRejected(ValueError):
    """The upload as a whole cannot be read; ``str(error)`` is the Chinese reason."""


def column_number(letter: str) -> int:
    """A column letter as a number (A = 1, AA = 27); 0 for no column, so that whole-row issues sort first."""
    return sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letter))) if letter else 0


def column_letter(index: int) -> str:
    """The letter of a 0-based column index, as ``iter_rows`` counts (0 → A)."""
    return str(get_column_letter(index + 1))


# ---------------------------------------------------------------------------------------------------
# Cells


def fold(text: str) -> str:
    """For matching names typed in several ways: full-width folded, blanks removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell value as a report repeats it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= MAX_VALUE_SHOWN else text[: MAX_VALUE_SHOWN - 1] + "…"


def read_text(value: Any, max_length: int | None = None) -> str:
    if isinstance(value, bool):
        raise CellError("应填写文本")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime | dt.date):
        text = shown(value)
    else:
        text = str(value).strip()
    if max_length and len(text) > max_length:
        raise CellError(f"长度为{len(text)}个字符，超过上限{max_length}个字符")
    return text


def read_code(value: Any, max_length: int | None = None) -> str:
    """A short identifier (DA001, a permit number): full-width folded, upper-cased, no blanks."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", read_text(value, max_length))).upper()
    if max_length and len(text) > max_length:
        raise CellError(f"长度为{len(text)}个字符，超过上限{max_length}个字符")
    return text


def read_number(value: Any) -> Decimal:
    """Any finite number, negative ones included; text with a unit or other words is refused."""
    if isinstance(value, bool):
        raise CellError("应为数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("应为数字")
        return Decimal(repr(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError("应为数字，不能带单位或其他文字") from None
        if not number.is_finite():
            raise CellError("应为数字")
        return number
    raise CellError("应为数字")


def read_decimal(value: Any, *, max_digits: int = 14, decimal_places: int = 2) -> Decimal:
    """A number not below 0, rounded half up to ``decimal_places``, at most ``max_digits`` digits in all."""
    number = read_number(value)
    if number < 0:
        raise CellError("不能为负数")
    quantum = Decimal(1).scaleb(-decimal_places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    integer_digits = len(str(int(number))) if number >= 1 else 0
    if integer_digits > max_digits - decimal_places:
        raise CellError(f"数值过大：整数部分最多{max_digits - decimal_places}位")
    return number


def read_in_range(value: Any, low: float, high: float, what: str) -> float:
    """A number between ``low`` and ``high`` (coordinates: ``what`` is 纬度 or 经度)."""
    number = float(read_number(value))
    if not low <= number <= high:
        raise CellError(f"{what}应为{low:g}至{high:g}之间的十进制度数")
    return number


def read_year(value: Any, latest: int) -> int:
    number = read_number(value)
    if number != number.to_integral_value() or not EARLIEST_YEAR <= number <= latest:
        raise CellError(f"应为{EARLIEST_YEAR}至{latest}之间的四位年份")
    return int(number)


def read_date(value: Any) -> dt.date:
    """A date cell, a date typed as text (2024-05-01, 2024/5/1, 2024.05.01, 2024年5月1日, 20240501) or the
    number 20240501."""
    parsed: dt.date | None = None
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = str(int(value))
        parsed = _date_from_text(text) if len(text) == 8 else None
    elif isinstance(value, str):
        parsed = _date_from_text(unicodedata.normalize("NFKC", value).strip())
    if parsed is None:
        raise CellError("应为日期，如2024-05-01")
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise CellError("日期超出合理范围（1949年至2100年）")
    return parsed


def _date_from_text(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    if text == TRUE_WORD:
        return True
    if text == FALSE_WORD:
        return False
    raise CellError(f"应填写“{TRUE_WORD}”或“{FALSE_WORD}”")


def read_choice(value: Any, choices: Mapping[str, str]) -> str:
    """The stored value of a label (or of the stored value itself, in any case)."""
    text = fold(str(value))
    for label, stored in choices.items():
        if text == fold(label) or text.lower() == str(stored).lower():
            return str(stored)
    raise CellError("不是可选值；可选：" + "、".join(choices))


# ---------------------------------------------------------------------------------------------------
# The workbook


def open_workbook(content: bytes, max_bytes: int) -> Any:
    """The workbook (read-only, cached values instead of formulas), or :class:`FileRejected`."""
    if not content:
        raise FileRejected("文件为空")
    if len(content) > max_bytes:
        raise FileRejected(
            f"文件大小为{len(content) / 1048576:.1f} MB，超过上限{max_bytes / 1048576:.0f} MB；请拆分成几个文件分别导入"
        )
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejected(
            "这是旧版Excel（.xls）文件或加密的工作簿；请用Excel“另存为”.xlsx格式（不加密码）后再上传"
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise FileRejected("文件不是Excel工作簿（.xlsx）；请下载导入模板，填写后以.xlsx格式上传")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise FileRejected("文件不是Excel工作簿（.xlsx），可能是其他压缩文件或WPS/Word文档")
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except FileRejected:
        raise
    # openpyxl raises many kinds of exception for a damaged file; none of them means anything to a user.
    except Exception as exc:
        raise FileRejected(
            "无法读取该Excel文件，文件可能已损坏；请用Excel打开后重新保存为.xlsx再上传"
        ) from exc


class HeaderColumn(Protocol):
    """What :func:`map_headers` needs of a declared column."""

    @property
    def header(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def required(self) -> bool: ...


def map_headers[C: HeaderColumn](
    sheet_name: str, columns: Sequence[C], header_row: Iterable[Any], issues: list[ImportIssue]
) -> dict[int, C] | None:
    """Column index → declared column; None (and issues on row 1) when the header row is unusable: a header
    that is not one of the sheet's, a column twice, a required column missing. A leading or trailing ``*``
    (how some templates mark required columns) is ignored."""
    wanted = {fold(c.header): c for c in columns}
    found: dict[int, C] = {}
    seen: dict[str, str] = {}
    ok = True
    for index, cell in enumerate(header_row):
        if is_blank(cell):
            continue
        letter = column_letter(index)
        text = str(cell).strip()
        column = wanted.get(fold(text).lstrip("*＊").rstrip("*＊"))
        if column is None:
            issues.append(
                ImportIssue(
                    sheet_name,
                    1,
                    letter,
                    text,
                    text,
                    f"列名“{text}”不是本工作表的列；请使用模板中的列名，不要增加或改名",
                )
            )
            ok = False
        elif column.field in seen:
            issues.append(
                ImportIssue(
                    sheet_name,
                    1,
                    letter,
                    column.header,
                    text,
                    f"列“{column.header}”重复（已在{seen[column.field]}列）",
                )
            )
            ok = False
        else:
            seen[column.field] = letter
            found[index] = column
    for column in columns:
        if column.required and column.field not in seen:
            issues.append(
                ImportIssue(
                    sheet_name, 1, "", column.header, "", f"缺少必填列“{column.header}”；请使用导入模板"
                )
            )
            ok = False
    return found if ok else None


# ---------------------------------------------------------------------------------------------------
# Templates

REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
OPTIONAL_FILL = PatternFill("solid", fgColor="E2EFDA")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
RED_BOLD = Font(bold=True, color="C00000")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


def display_width(text: str) -> float:
    """Rough display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@dataclass(frozen=True)
class InstructionColumn:
    """One line of a sheet's column table on the instructions sheet."""

    header: str
    required: bool
    description: str
    example: str = ""


@dataclass(frozen=True)
class InstructionSection:
    """A data sheet as the instructions sheet describes it."""

    name: str
    help: str
    columns: tuple[InstructionColumn, ...]


def write_instructions(
    ws: Any, *, title: str, rules: Sequence[str], sections: Iterable[InstructionSection]
) -> None:
    """The instructions sheet: a title, the numbered rules, then for each sheet its help and a table of its
    columns (header, required, how to fill it in, an example written as text)."""
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 34
    ws.append([title])
    ws["A1"].font = TITLE_FONT
    ws.append([])
    ws.append(["填写规则"])
    ws.cell(ws.max_row, 1).font = BOLD
    for number, rule in enumerate(rules, start=1):
        ws.append([f"{number}.", None, rule])
        ws.cell(ws.max_row, 3).alignment = WRAP
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=2)
    for section in sections:
        ws.append([])
        ws.append([f"工作表：{section.name}"])
        ws.cell(ws.max_row, 1).font = BOLD
        ws.append([section.help])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        ws.append(["列名", "必填", "填写说明", "示例"])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.border = BOX
        for column in section.columns:
            ws.append([column.header, "是" if column.required else "", column.description, column.example])
            for cell in ws[ws.max_row]:
                cell.border = BOX
                cell.alignment = WRAP
            if column.required:
                ws.cell(ws.max_row, 2).font = RED_BOLD
            # Examples are text, so that a code like 0111 is shown as written.
            ws.cell(ws.max_row, 4).number_format = TEXT_FORMAT


class DropDownLists:
    """A hidden sheet of drop-down values: one column per list, reused by every sheet that needs it."""

    def __init__(self, ws: Any, sheet_name: str) -> None:
        self.ws = ws
        self.sheet_name = sheet_name
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
            self.ranges[key] = f"{quote_sheetname(self.sheet_name)}!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[key]


BOOL_FORMULA = f'"{TRUE_WORD},{FALSE_WORD}"'


def list_validation(header: str, formula: str, *, strict: bool) -> DataValidation:
    """A drop-down; ``strict`` stops other values, otherwise Excel only warns."""
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=header,
        error="请从下拉列表中选择",
    )


@dataclass(frozen=True)
class HeaderCell:
    """One column of a data sheet's header row as the template writes it."""

    header: str
    required: bool
    description: str  # the cell comment, after 【必填】 or 【选填】
    number_format: str | None = (
        None  # the whole column's format: TEXT_FORMAT for codes, DATE_FORMAT for dates
    )
    validation: DataValidation | None = None


def write_header_row(ws: Any, name: str, cells: Sequence[HeaderCell], last_row: int) -> None:
    """A data sheet with only its header row: bold, orange for required and green for optional columns, the
    help as a cell comment, column formats and drop-downs down to ``last_row``, frozen below the header."""
    ws.title = name
    ws.append([c.header for c in cells])
    for index, column in enumerate(cells, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        note = ("【必填】" if column.required else "【选填】") + column.description
        cell.comment = Comment(note, "EcoPermit", width=320, height=140)
        dimension = ws.column_dimensions[letter]
        dimension.width = max(12, min(40, display_width(column.header) + 4))
        if column.number_format:
            dimension.number_format = column.number_format
        if column.validation is not None:
            column.validation.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(column.validation)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
