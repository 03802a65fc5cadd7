"""The GB/T 9704-2012 official-document layout shared by the PDF and DOCX renderings.

Both renderings are filled from the one normalised context `official_context()` returns, so a
notice's DOCX and PDF carry the same words; only the typesetting differs. Sizes follow the
standard: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, body in 3号 (16 pt) on a grid of 22 lines
of 28 characters, title in 2号 (22 pt), 版记 and page numbers in 4号 (14 pt).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

# Page geometry in millimetres (GB/T 9704-2012 §5).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头
MARGIN_INSIDE_MM = 28  # 订口: left on odd pages, right on even pages
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_OUTSIDE_MM = PAGE_WIDTH_MM - MARGIN_INSIDE_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
NOTE_PT = 14  # 4号: 版记, page numbers
LINE_PT = 28.9  # 22 lines in the 225 mm text block (637.8 pt / 22 = 28.99 pt, a hair less so 22 fit)
TEXT_WIDTH_EM = TEXT_WIDTH_MM / (BODY_PT * 25.4 / 72)  # 27.6 body characters

# 发文机关标志 (§7.2.4): red, large, shrunk to fit the text width on one line.
ISSUER_MARK_MAX_PT = 42
ISSUER_MARK_MIN_PT = 22
RED = "#e60012"

SEAL_PLACEHOLDER = "（印章）"

KEYS = (
    "issuer",
    "doc_number",
    "title",
    "addressee",
    "body_paragraphs",
    "items",
    "closing",
    "issue_date",
    "seal_text",
    "cc",
)


def chinese_date(value: dt.date | str) -> str:
    """2026年3月5日: full year, no leading zeros, as GB/T 9704 §7.3.5 writes 成文日期."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def text_width_em(text: str) -> float:
    """Width in body ems: wide (CJK, full-width) characters one em, the rest half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _lines(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [s.strip() for s in value if s and s.strip()]


def _cc_line(cc: str | Iterable[str] | None) -> str:
    names = _lines(cc)
    if not names:
        return ""
    joined = "，".join(n.rstrip("，,。.") for n in names)
    return f"{joined}。"


def issuer_mark_pt(issuer: str) -> float:
    """Largest size (capped) at which the issuer's name fits the text width on one line."""
    width = text_width_em(issuer) or 1
    fit = TEXT_WIDTH_MM / width * 72 / 25.4 * 0.98
    return round(max(ISSUER_MARK_MIN_PT, min(ISSUER_MARK_MAX_PT, fit)), 1)


def official_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise a caller's context to the strings and lists both templates print.

    Keys: issuer, doc_number, title, addressee, body_paragraphs, items, closing, issue_date
    (date or text), seal_text (default "（印章）"; "" for none), cc (抄送, text or list). Unknown keys
    pass through for templates that extend the base.
    """
    missing = [k for k in ("issuer", "title", "issue_date") if not context.get(k)]
    if missing:
        raise ValueError(f"official document context lacks {', '.join(missing)}")
    issuer = str(context["issuer"]).strip()
    issue_date = chinese_date(context["issue_date"])
    seal_text = context.get("seal_text")
    out = dict(context)
    out.update(
        issuer=issuer,
        doc_number=str(context.get("doc_number") or "").strip(),
        title=str(context["title"]).strip(),
        addressee=str(context.get("addressee") or "").strip().rstrip("：:"),
        body_paragraphs=_lines(context.get("body_paragraphs")),
        items=_lines(context.get("items")),
        closing=_lines(context.get("closing")),
        issue_date=issue_date,
        seal_text=SEAL_PLACEHOLDER if seal_text is None else str(seal_text).strip(),
        cc=_cc_line(context.get("cc")),
    )
    # The issuer's name is centred over the date, and the date ends four characters from the
    # right edge (§7.3.5.1); the block is as wide as the wider of the two.
    date_em = text_width_em(issue_date)
    sig_em = max(date_em, text_width_em(issuer))
    # Lengths go to the templates as text, so no locale's decimal comma reaches the stylesheet.
    out["layout"] = {
        "issuer_mark_pt": f"{issuer_mark_pt(issuer):g}",
        "signature_width_em": f"{sig_em:g}",
        "signature_right_em": f"{max(0.0, 4 - (sig_em - date_em) / 2):g}",
    }
    return out
