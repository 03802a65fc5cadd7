"""The HJ 212-2017 code tables (Appendix B) with the HJ/T 212-2005 codes mapped onto them.

The table ships as package data (``data/hj212_pollutant_codes.csv``, see ``data/SOURCE.md``) and is read once
through ``importlib.resources``. Codes with ``x`` in them (``e101xx``, ``i3331x``) are patterns whose ``x``
stand for the digits of a device or position number; ``lookup("e10103")`` finds ``e101xx``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A 2017 factor code: class letter and five digits (w01018, a21026, e10101, i12001) [notes §5].
CODE_2017_RE = re.compile(r"[a-z]\d{5}")
# A 2005 code: two or three digits (011, 02) or the flow/flue-gas parameter codes B01, S02 [notes §5].
CODE_2005_RE = re.compile(r"\d{2,3}|[BS]\d{2}")


@dataclass(frozen=True, slots=True)
class PollutantCode:
    code: str  # the 2017 code as printed (a pattern for the process and site-info families)
    code_2005: str | None
    name_zh: str
    unit: str
    category: str  # water, air, noise, water_process, gas_process, site_info


@dataclass(frozen=True, slots=True)
class _Tables:
    rows: tuple[PollutantCode, ...]
    by_2017: dict[str, PollutantCode]
    by_2005: dict[str, PollutantCode]
    patterns: dict[tuple[str, int], PollutantCode]  # (prefix before the x's, total length) → row


@cache
def _tables() -> _Tables:
    text = resources.files(__package__).joinpath("data", "hj212_pollutant_codes.csv").read_text("utf-8")
    rows = tuple(
        PollutantCode(
            code=r["code_2017"].strip(),
            code_2005=r["code_2005"].strip() or None,
            name_zh=r["name_zh"].strip(),
            unit=r["unit"].strip(),
            category=r["category"].strip(),
        )
        for r in csv.DictReader(io.StringIO(text))
    )
    by_2017: dict[str, PollutantCode] = {}
    by_2005: dict[str, PollutantCode] = {}
    patterns: dict[tuple[str, int], PollutantCode] = {}
    for row in rows:
        # setdefault: the standard prints e701xx and g119xx twice; the first row wins (see data/SOURCE.md).
        if "x" in row.code:
            prefix = row.code[: row.code.index("x")]
            patterns.setdefault((prefix, len(row.code)), row)
        else:
            by_2017.setdefault(row.code, row)
        if row.code_2005:
            by_2005.setdefault(row.code_2005, row)
    return _Tables(rows, by_2017, by_2005, patterns)


def all_codes() -> tuple[PollutantCode, ...]:
    """Every row of the table, in the standard's order (duplicates included)."""
    return _tables().rows


def lookup(code: str) -> PollutantCode | None:
    """The row for a code as it appears on the wire: a 2017 code, an instance of a 2017 pattern, or a 2005 code."""
    t = _tables()
    row = t.by_2017.get(code) or t.by_2005.get(code)
    if row is not None:
        return row
    for cut in (4, 5):  # e101xx → prefix "e101"; i3331x → prefix "i3331"
        row = t.patterns.get((code[:cut], len(code)))
        if row is not None and code[cut:].isdigit():
            return row
    # The standard itself prints I33400 with a capital I; devices send either case.
    alt = code[:1].swapcase() + code[1:]
    return t.by_2017.get(alt) if alt != code else None


def to_2017(code: str) -> str | None:
    """The 2017 code for a wire code: itself when it already is one, the mapped code for a 2005 code."""
    t = _tables()
    if code in t.by_2005 and code not in t.by_2017:
        return t.by_2005[code].code
    row = lookup(code)
    if row is None:
        return None
    return code if "x" in row.code else row.code


def looks_2017(code: str) -> bool:
    return CODE_2017_RE.fullmatch(code) is not None


def looks_2005(code: str) -> bool:
    return CODE_2005_RE.fullmatch(code) is not None
