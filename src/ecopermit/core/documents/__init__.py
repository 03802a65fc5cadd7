"""Official documents rendered as PDF (WeasyPrint) and DOCX (docxtpl) from one context.

    from ecopermit.core.documents import render_official
    pdf = render_official(context, "pdf")
    docx = render_official(context, "docx")

`layout.official_context` lists the context keys. Apps with their own document extend
"documents/official.html" (blocks: extra_style, masthead, content, signature) and render it with
`render_html`; their DOCX templates may start from templates/documents/official.docx, which
tools/build_official_docx.py generates.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .docx import render_docx
from .layout import RED, official_context
from .pdf import FONT_STACK, render_pdf

if TYPE_CHECKING:
    from django.template import Engine

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
OFFICIAL_HTML = "documents/official.html"
OFFICIAL_DOCX = TEMPLATE_DIR / "documents" / "official.docx"

__all__ = [
    "OFFICIAL_DOCX",
    "Format",
    "format_of",
    "official_context",
    "render_docx",
    "render_html",
    "render_official",
    "render_pdf",
]

type Format = Literal["pdf", "docx"]


def format_of(name: str) -> Format | None:
    """The document format a URL or a command line names, None for any other name."""
    if name == "pdf":
        return "pdf"
    if name == "docx":
        return "docx"
    return None


@functools.cache
def _engine() -> Engine:
    from django.template import Engine

    # Its own engine: the documents' templates live beside this code, and an app's document
    # template (found through app_dirs) can extend documents/official.html.
    return Engine(dirs=[str(TEMPLATE_DIR)], app_dirs=True, autoescape=True)


def render_html(template_name: str, context: Mapping[str, Any]) -> str:
    from django.template import Context

    values = {"font_stack": FONT_STACK, "red": RED, **context}
    return _engine().get_template(template_name).render(Context(values))


def render_official(
    context: Mapping[str, Any],
    fmt: Format,
    *,
    html_template: str = OFFICIAL_HTML,
    docx_template: str | Path | bytes = OFFICIAL_DOCX,
) -> bytes:
    """One official document as PDF or DOCX bytes, both filled from the same normalised context."""
    values = official_context(context)
    if fmt == "pdf":
        return render_pdf(render_html(html_template, values))
    if fmt == "docx":
        return render_docx(docx_template, _docx_values(values))
    raise ValueError(f"unknown document format {fmt!r}: pdf or docx")


def _docx_values(values: dict[str, Any]) -> dict[str, Any]:
    from docxtpl import RichText

    # The issuer's mark is sized to fit one line (docxtpl sizes are in half-points), in 小标宋 like
    # the title, which is a heavy face already: not bold.
    mark = RichText()
    mark.add(
        values["issuer"],
        size=round(float(values["layout"]["issuer_mark_pt"]) * 2),
        color=RED.lstrip("#"),
        font="eastAsia:方正小标宋简体",
    )
    return {**values, "issuer_mark": mark}
