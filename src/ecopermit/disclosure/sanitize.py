"""Officers write notices in HTML; what is stored and shown is cleaned by an allow-list (nh3, the Rust ammonia
library): only the tags and attributes of a plain article, links only to http(s)/mailto, never a script, a style,
an event handler or a ``javascript:`` URL."""

from __future__ import annotations

import html
import re

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote",
    "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "span", "sub", "sup",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(raw: str) -> str:
    """The HTML with everything outside the allow-list removed (a script's content too)."""
    return nh3.clean(
        raw or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer nofollow",
    )


_SPACE = re.compile(r"\s+")


def plain_text(cleaned: str, limit: int | None = None) -> str:
    """The text of (cleaned) HTML, spaces collapsed, cut at ``limit`` characters with an ellipsis."""
    text = _SPACE.sub(" ", html.unescape(nh3.clean(cleaned or "", tags=set()))).strip()
    if limit is not None and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text
