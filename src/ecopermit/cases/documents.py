"""The 排污许可限期整改通知书 as an official document (GB/T 9704), in DOCX and PDF from one context."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecopermit.cases.models import RectificationNotice
from ecopermit.core.errors import DomainError


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.1 prescribes: 2026年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def notice_context(notice: RectificationNotice) -> dict[str, Any]:
    c = notice.content
    deadline = dt.date.fromisoformat(c["deadline"])
    items = [
        f"{p['kind']}（{p['category']}）：{p['description']}。整改要求：{p['action'] or '按相关规定完成整改'}。"
        for p in c["problems"]
    ]
    facility = c["facility"]
    body = [
        f"经调查摸底，你单位（统一社会信用代码：{facility['credit_code']}）存在以下排污许可管理问题：",
    ]
    closing = [
        f"请你单位于{chinese_date(deadline)}前完成上述问题整改，整改期间污染物排放仍须达到国家和地方排放标准。"
        "整改完成后，请向我局提交整改报告并申请验收，依法申请排污许可证或办理排污登记。",
        "逾期未完成整改或拒不整改的，我局将依据《排污许可管理条例》等法律法规依法处理；整改无望的，将提请人民政府依法关闭。",
        "如对本通知有异议，可在收到本通知之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
    ]
    return {
        "issuer": c.get("issuer", ""),
        "doc_number": notice.number,
        "title": "排污许可限期整改通知书",
        "addressee": facility["name"],
        "body_paragraphs": body,
        "items": items,
        "closing": closing,
        "issue_date": notice.issued_on,
        "cc": [c["town"]] if c.get("town") else [],
    }


def render_notice(notice: RectificationNotice, fmt: str) -> bytes:
    from ecopermit.core.documents import render_official

    return render_official(notice_context(notice), fmt)


def render_current_notice(case_id: int, fmt: str) -> bytes:
    notice = (
        RectificationNotice.objects.filter(case_id=case_id, superseded_by__isnull=True).order_by("-pk").first()
    )
    if notice is None:
        raise DomainError(f"case {case_id} has no rectification notice")
    return render_notice(notice, fmt)
