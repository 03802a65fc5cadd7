"""The 排污许可限期整改通知书 as an official document (GB/T 9704), in DOCX and PDF from one context."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecopermit.cases.models import RectificationNotice
from ecopermit.core.documents import Format, render_official
from ecopermit.core.errors import DomainError
from ecopermit.core.text import sentence


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5.1 prescribes: 2026年12月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


# How the bureau came to know of a problem, as the notice's opening says it (经调查摸底 / 经现场检查 / 经在线监测 …).
_HOW_FOUND = {
    "survey": "调查摸底",
    "catalog_gate": "调查摸底",
    "inventory": "调查摸底",
    "inspection": "现场检查",
    "monitoring_alarm": "在线监测",
    "overdue_filing": "核查",
    "complaint": "核查群众举报",
    "manual": "核查",
}


def how_found(sources: list[str]) -> str:
    """The notice's opening from its problems' sources, in the order first seen: 经调查摸底、现场检查."""
    ways: list[str] = []
    for source in sources:
        way = _HOW_FOUND.get(source, "核查")
        if way not in ways:
            ways.append(way)
    return "经" + "、".join(ways or ["调查摸底"])


def _sources(notice: RectificationNotice) -> list[str]:
    rows = notice.content["problems"]
    missing = [p["id"] for p in rows if "source" not in p and p.get("id")]
    known: dict[int, str] = {}
    if missing:  # notices issued before the source was kept in the content
        from ecopermit.cases.models import Problem

        known = dict(Problem.objects.filter(pk__in=missing).values_list("pk", "source"))
    return [p.get("source") or known.get(p.get("id"), "survey") for p in rows]


def notice_item(p: dict[str, Any]) -> str:
    """One problem of the notice: kind (category): description. 整改要求：… — one full stop each."""
    return (
        f"{p['kind']}（{p['category']}）：{sentence(p['description'])}"
        f"整改要求：{sentence(p['action'] or '按相关规定完成整改')}"
    )


def replaced_notice(notice: RectificationNotice) -> dict[str, Any] | None:
    """The notice a correction replaces: its 文号 and the day it was served (None for a first notice)."""
    old = notice.content.get("supersedes")
    if old:
        return {
            "number": old["number"],
            "served_on": dt.date.fromisoformat(old.get("served_on") or old["issued_on"]),
        }
    earlier = RectificationNotice.objects.filter(superseded_by=notice).first()
    if earlier is None:
        return None
    return {"number": earlier.number, "served_on": earlier.served_on or earlier.issued_on}


def correction_paragraph(notice: RectificationNotice) -> str:
    old = replaced_notice(notice)
    if old is None:
        return ""
    return (
        f"本通知书是对我局{chinese_date(old['served_on'])}送达的《排污许可限期整改通知书》（{old['number']}）的更正，"
        "自送达之日起替代原通知书，原通知书同时作废；整改事项和期限以本通知书为准。"
    )


def notice_context(notice: RectificationNotice) -> dict[str, Any]:
    c = notice.content
    deadline = dt.date.fromisoformat(c["deadline"])
    items = [notice_item(p) for p in c["problems"]]
    facility = c["facility"]
    correction = correction_paragraph(notice)
    body = [correction] if correction else []
    body += [
        f"{how_found(_sources(notice))}，你单位（统一社会信用代码：{facility['credit_code']}）存在以下排污许可管理问题：",
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
        "title": "排污许可限期整改通知书（更正）" if correction else "排污许可限期整改通知书",
        "addressee": facility["name"],
        "body_paragraphs": body,
        "items": items,
        "closing": closing,
        "issue_date": notice.issued_on,
        "cc": [c["town"]] if c.get("town") else [],
    }


def render_notice(notice: RectificationNotice, fmt: Format) -> bytes:
    return render_official(notice_context(notice), fmt)


def render_current_notice(case_id: int, fmt: Format) -> bytes:
    notice = (
        RectificationNotice.objects.filter(case_id=case_id, superseded_by__isnull=True)
        .order_by("-pk")
        .first()
    )
    if notice is None:
        raise DomainError(f"case {case_id} has no rectification notice")
    return render_notice(notice, fmt)
