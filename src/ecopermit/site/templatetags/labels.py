"""Codes shown to people in their words (issue 11 item 5)."""

from __future__ import annotations

from django import template

from ecopermit.accounts.roles import Role
from ecopermit.core.audit import actions

register = template.Library()


@register.filter
def role_labels(codes: str) -> str:
    """``bureau_leader,bureau_officer`` → 分局领导、分局业务人员 (an unknown code stays as it is)."""
    labels = dict(Role.choices)
    return "、".join(str(labels.get(c, c)) for c in (codes or "").split(",") if c)


@register.filter
def action_label(code: str) -> str:
    """``login.failure`` → 登录失败 (core/audit/actions.py)."""
    return actions.action_label(code)


@register.filter
def object_label(object_type: str) -> str:
    """``cases.rectificationnotice`` → 限期整改通知书."""
    return actions.object_label(object_type)
