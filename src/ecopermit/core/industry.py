"""GB/T 4754-2017 国民经济行业分类: look-up and normalisation of industry codes.

Pure Python on purpose (no Django import): the spreadsheet importer, the catalog engine and the
command line all need it, and its error messages go straight into import error reports, so they are
plain Chinese strings rather than gettext (the reports are Chinese whatever the UI language is).

The table (``data/gbt4754_2017.csv``, see ``data/SOURCE.md``) has four levels:

========  ======  ==================  ===========================
level     中文    code form           example
========  ======  ==================  ===========================
section   门类    one letter A–T      ``C`` 制造业
division  大类    2 digits            ``37``
group     中类    3 digits            ``373``
class     小类    4 digits            ``3731`` 金属船舶制造
========  ======  ==================  ===========================

People write the same class as ``C3731``, ``c 3731`` or ``3731``; :func:`normalize_industry_code`
turns all of them into the canonical form used everywhere else: the digits alone (a bare section
letter stays a letter, since a section has no digits).

Codes must arrive as text: a spreadsheet that stores ``0111`` as the number 111 has already lost
the leading zero, and ``111`` is itself a valid group code (煤炭开采和洗选专业及辅助性活动), so
such input cannot be repaired here; numbers are refused with a message that says so.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal, cast, get_args

__all__ = [
    "LEVELS",
    "IndustryCode",
    "IndustryCodeError",
    "Level",
    "all_codes",
    "industry",
    "industry_name",
    "industry_path",
    "is_valid",
    "normalize_industry_code",
    "search",
    "section_of",
]

Level = Literal["section", "division", "group", "class"]
LEVELS: tuple[Level, ...] = get_args(Level)

_DATA_PACKAGE = "ecopermit.core.data"
_DATA_FILE = "gbt4754_2017.csv"
_STANDARD = "GB/T 4754-2017"

# Level follows from the shape of the code alone; the loader checks that the file agrees.
_LEVEL_BY_LENGTH: dict[int, Level] = {1: "section", 2: "division", 3: "group", 4: "class"}
_LEVEL_NAMES: dict[str, str] = {"section": "门类", "division": "大类", "group": "中类", "class": "小类"}

# An optional section letter, optional blanks or a hyphen, then 2–4 digits: "C3731", "c 3731", "C-3731".
# Only A–T exist as sections, so any other letter is a format error, not a wrong section.
_CODE_RE = re.compile(r"(?P<letter>[A-T])?[\s\-]*(?P<digits>[0-9]{2,4})")
_SECTION_RE = re.compile(r"[A-T]")


class IndustryCodeError(ValueError):
    """A code that is malformed or not in GB/T 4754-2017; ``str(error)`` is a Chinese message for users."""


@dataclass(frozen=True, slots=True)
class IndustryCode:
    """One row of the classification.

    ``code`` is canonical (digits, or the letter for a section); ``parent`` is the canonical code of
    the level above (``None`` for a section); ``section`` is the section letter for every level.
    """

    code: str
    level: Level
    name: str
    parent: str | None
    section: str

    @property
    def full_code(self) -> str:
        """The code with its section letter, as printed in the standard's tables: ``C3731``, ``C``."""
        return self.code if self.level == "section" else f"{self.section}{self.code}"

    @property
    def level_name(self) -> str:
        """门类 / 大类 / 中类 / 小类."""
        return _LEVEL_NAMES[self.level]

    def __str__(self) -> str:
        return f"{self.full_code} {self.name}"


@cache
def _table() -> MappingProxyType[str, IndustryCode]:
    """Loads the CSV once per process; read-only so no caller can corrupt the shared copy."""
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    raw: dict[str, tuple[Level, str, str | None]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"].strip()
        level = row["level"].strip()
        # Fail loudly at load time: a silently wrong table would misclassify enterprises.
        if level not in LEVELS or _LEVEL_BY_LENGTH.get(len(code)) != level:
            raise RuntimeError(f"{_DATA_FILE}: code {code!r} does not fit level {level!r}")
        if code in raw:
            raise RuntimeError(f"{_DATA_FILE}: duplicate code {code!r}")
        raw[code] = (cast(Level, level), row["name"].strip(), row["parent"].strip() or None)

    def section_letter(code: str) -> str:
        level, _name, parent = raw[code]
        if level == "section":
            return code
        if parent is None or parent not in raw:
            raise RuntimeError(f"{_DATA_FILE}: code {code!r} has unknown parent {parent!r}")
        return section_letter(parent)

    table = {
        code: IndustryCode(code=code, level=level, name=name, parent=parent, section=section_letter(code))
        for code, (level, name, parent) in raw.items()
    }
    return MappingProxyType(table)


def _display(raw: object) -> str:
    return str(raw).strip()


def normalize_industry_code(raw: str | None) -> str:
    """Returns the canonical form of an industry code, or raises :class:`IndustryCodeError`.

    Accepts a class (``3731``), group (``336``) or division (``37``), each with or without its section
    letter in either case and with blanks around or after the letter (``C3731``, ``c 3731``,
    ``" 3360 "``), full-width characters as typed with a Chinese IME (``Ｃ３７３１``), and a bare
    section letter (``C``). The letter, if given, must be the section the code belongs to: ``A3731``
    is refused rather than silently corrected, because a wrong letter usually means the digits are
    wrong too.
    """
    if raw is None:  # an empty spreadsheet cell
        raise IndustryCodeError("行业代码为空")
    if not isinstance(raw, str):
        # Spreadsheets hand over numbers; by then a leading zero ("0111") may already be lost.
        raise IndustryCodeError(f"行业代码“{_display(raw)}”应以文本形式填写（数字格式会丢失开头的0）")
    # NFKC folds full-width letters, digits and spaces into ASCII.
    text = unicodedata.normalize("NFKC", raw).strip().upper()
    shown = raw.strip()
    if not text:
        raise IndustryCodeError("行业代码为空")
    table = _table()

    if _SECTION_RE.fullmatch(text):
        return text

    match = _CODE_RE.fullmatch(text)
    if match is None:
        raise IndustryCodeError(f"行业代码“{shown}”格式不正确：应为2至4位数字，可带门类字母前缀")
    digits = match["digits"]
    entry = table.get(digits)
    if entry is None:
        raise IndustryCodeError(f"行业代码“{shown}”不在{_STANDARD}中")
    letter = match["letter"]
    if letter is not None and letter != entry.section:
        raise IndustryCodeError(
            f"行业代码“{shown}”的门类字母“{letter}”与代码不符：{digits}属于门类“{entry.section}”"
            f"（{table[entry.section].name}）"
        )
    return digits


def industry(code: str) -> IndustryCode:
    """The row for ``code`` (any form :func:`normalize_industry_code` accepts)."""
    return _table()[normalize_industry_code(code)]


def industry_name(code: str) -> str:
    """The Chinese name of ``code``, e.g. ``industry_name("C3731") == "金属船舶制造"``."""
    return industry(code).name


def industry_path(code: str) -> list[IndustryCode]:
    """The chain from the section down to ``code`` itself: ``[C, 37, 373, 3731]`` for a class."""
    table = _table()
    node: IndustryCode | None = industry(code)
    path: list[IndustryCode] = []
    while node is not None:
        path.append(node)
        node = table[node.parent] if node.parent is not None else None
    path.reverse()
    return path


def is_valid(code: str | None) -> bool:
    """Whether ``code`` normalises to a code of the table (never raises)."""
    try:
        normalize_industry_code(code)
    except IndustryCodeError:
        return False
    return True


def all_codes(level: Level | None = None) -> list[IndustryCode]:
    """Every row in the standard's order, or only those of one level (e.g. ``"class"`` for 小类)."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"未知的行业分类层级“{level}”：应为 {'、'.join(LEVELS)} 之一")
    rows = _table().values()
    return [row for row in rows if level is None or row.level == level]


def section_of(code: str) -> str:
    """The section letter of ``code``: ``section_of("3731") == "C"``."""
    return industry(code).section


def search(text: str, limit: int = 20) -> list[IndustryCode]:
    """Rows whose code starts with ``text`` or whose name contains it, for pickers and autocomplete.

    Code-prefix matches come first (``"373"`` → 373, 3731, 3732, …; ``"C37"`` restricts the prefix to
    section C, and a bare ``"C"`` lists the section and its descendants), then name matches, each in
    the standard's order. Blank text finds nothing rather than everything, so an empty autocomplete
    box does not ship the whole table.
    """
    query = unicodedata.normalize("NFKC", text).strip()
    if not query or limit <= 0:
        return []
    rows = _table().values()
    upper = query.upper()
    found: list[IndustryCode] = []
    seen: set[str] = set()

    def add(row: IndustryCode) -> bool:
        if row.code not in seen:
            seen.add(row.code)
            found.append(row)
        return len(found) >= limit

    prefix = re.fullmatch(r"(?P<letter>[A-T])?[\s\-]*(?P<digits>[0-9]{1,4})?", upper)
    if prefix is not None and (prefix["letter"] or prefix["digits"]):
        letter, digits = prefix["letter"], prefix["digits"]
        for row in rows:
            if letter is not None and row.section != letter:
                continue
            # A section's code is its letter, so any digits exclude it: "C" lists it, "C3" does not.
            if digits is not None and not row.code.startswith(digits):
                continue
            if add(row):
                return found
    for row in rows:
        if query in row.name and add(row):
            return found
    return found
