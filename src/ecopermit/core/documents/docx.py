"""DOCX from a docxtpl template (a .docx with Jinja tags) and a context."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any


def render_docx(template: str | Path | bytes, context: dict[str, Any]) -> bytes:
    """Fill a docxtpl template (path or bytes) and return the document's bytes.

    Values are XML-escaped (autoescape), so a facility called "A&B <有限> 公司" stays text.
    A DocxTemplate is consumed by rendering, so each call loads the template afresh (~10 ms).
    """
    from docxtpl import DocxTemplate

    source = io.BytesIO(template) if isinstance(template, bytes) else str(template)
    document = DocxTemplate(source)
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
