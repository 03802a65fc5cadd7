"""The 提请政府关闭 request (关于提请依法关闭……的请示) to the district government, as an official document
(GB/T 9704: a 请示 goes up to the body that decides), in DOCX and PDF from one frozen context."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecopermit.cases.documents import chinese_date
from ecopermit.cases.models import ClosureCase
from ecopermit.cases.vocab import ClosureGround
from ecopermit.core.documents import Format, render_official

# Why the government, not the bureau, closes, and under which article.
LEGAL_BASIS = {
    ClosureGround.WATER_SOURCE_ZONE: (
        "依据《中华人民共和国水污染防治法》第六十五条、第六十六条，饮用水水源一级保护区内已建成的与供水设施和保护水源无关的建设项目、"
        "二级保护区内已建成的排放污染物的建设项目，由县级以上人民政府责令拆除或者关闭；"
        "依据《固定污染源排污许可分类管理名录（2019年版）》注5，该单位不予核发排污许可证或排污登记"
    ),
    ClosureGround.ELIMINATED: (
        "依据《中华人民共和国环境保护法》第四十六条，国家对严重污染环境的工艺、设备和产品实行淘汰制度；"
        "依据《固定污染源排污许可分类管理名录（2019年版）》注5，生产设施或产品属于产业政策立即淘汰类的，不予核发排污许可证或排污登记"
    ),
    ClosureGround.RECTIFICATION_FAILED: (
        "依据《排污许可管理条例》第三十三条至第三十五条，情节严重的，报经有批准权的人民政府批准，责令停业、关闭；"
        "《中华人民共和国环境保护法》第六十条"
    ),
}


def request_content(closure: ClosureCase, *, issuer: str, government: str) -> dict[str, Any]:
    facility = closure.facility
    reasons = [r.get("reason", "") if isinstance(r, dict) else str(r) for r in closure.reasons]
    return {
        "facility": {
            "name": facility.name,
            "credit_code": facility.credit_code,
            "address": facility.address,
            "town": facility.town.name,
        },
        "issuer": issuer,
        "government": government,
        "ground": closure.ground,
        "reasons": [r for r in reasons if r],
        "basis": LEGAL_BASIS[ClosureGround(closure.ground)],
        "issued_on": closure.document_issued_on.isoformat() if closure.document_issued_on else "",
    }


def request_context(closure: ClosureCase) -> dict[str, Any]:
    c = closure.document_content
    f = c["facility"]
    body = [
        f"经调查核实，{f['name']}（统一社会信用代码：{f['credit_code']}，地址：{f['address'] or f['town']}）存在以下情形：",
    ]
    closing = [
        c["basis"] + "。",
        f"该单位不适用限期整改，特提请{c['government']}依法责令其关闭，并组织{f['town']}等有关部门落实关停取缔工作。"
        "我局将配合做好现场核查，关闭完成后报告结果。",
        "妥否，请批示。",
    ]
    return {
        "issuer": c.get("issuer", ""),
        "doc_number": closure.document_number,
        "title": f"关于提请依法关闭{f['name']}的请示",
        "addressee": c["government"],
        "body_paragraphs": body,
        "items": [f"{r}。" if not r.endswith("。") else r for r in c["reasons"]]
        or ["整改无望或者拒不整改。"],
        "closing": closing,
        "issue_date": dt.date.fromisoformat(c["issued_on"])
        if c.get("issued_on")
        else closure.document_issued_on,
        "cc": [f"{f['town']}"],
    }


def render_request(closure: ClosureCase, fmt: Format) -> bytes:
    return render_official(request_context(closure), fmt)


__all__ = ["chinese_date", "render_request", "request_content", "request_context"]
