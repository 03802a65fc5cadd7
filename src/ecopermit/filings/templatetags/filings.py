from __future__ import annotations

from django import template

from ecopermit.monitoring import facade as monitoring

register = template.Library()


@register.filter
def pollutant(code: str) -> str:
    """A pollutant code as people read it: “氮氧化物 a21002”."""
    return monitoring.pollutant_label(code)
