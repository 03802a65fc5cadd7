"""Links from other apps' pages to penalty cases (the rectification case page shows the cases it was referred to)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ecopermit.accounts.scope import scope_of

register = template.Library()


@register.simple_tag(takes_context=True)
def penalty_cases_of(context: template.Context, rectification_case_id: int) -> list[Any]:
    from ecopermit.enforcement.facade import penalty_cases_for_rectification

    return penalty_cases_for_rectification(rectification_case_id, scope_of(context["request"].user))


@register.filter
def yuan(value: Any) -> str:
    """300,000 or 12,345.50: thousands separated, cents only when there are any."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
