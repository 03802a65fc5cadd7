from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ecopermit.credit.models import LEVELS
from ecopermit.credit.vocab import COLOURS, EventKind

register = template.Library()


@register.simple_tag
def level_badge(code: str, label: str = "") -> SafeString:
    """A level as a coloured badge (green/blue/yellow/red, the national colours)."""
    if not code:
        return format_html("")
    text = label or dict(LEVELS).get(code, code)
    return format_html(
        '<span class="badge credit-badge" style="background:{};color:#fff">{}</span>',
        COLOURS.get(code, COLOURS["unrated"]),
        text,
    )


@register.filter
def points(value: str) -> str:
    """ "-5" → "−5", "0" → "0", "1" → "+1" (an explanation line's points)."""
    s = str(value)
    if s.startswith("-"):
        return "−" + s[1:]
    return s if s in ("0", "0.00") else "+" + s


@register.filter
def kind_label(kind: str) -> str:
    """An event kind (a scheme rule's ``kind``) in words."""
    labels = dict(EventKind.choices)
    return str(labels.get(kind, kind))
