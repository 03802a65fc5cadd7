"""Template filters of the penalty screens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    """300,000 or 12,345.50: thousands separated, cents only when there are any."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
