"""现场检查笔录 (the on-site record) — and the record of a non-site check — in DOCX and PDF from one context,
through the official-document renderer (ecopermit.core.documents)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ecopermit.core.documents import Format, render_official
from ecopermit.core.selectors import current_district
from ecopermit.inspections.models import Inspection
from ecopermit.inspections.records import checklist_items
from ecopermit.inspections.vocab import Answer, InspectionKind, NonSiteSource

ANSWER_TEXT = {Answer.YES: "符合", Answer.NO: "不符合", Answer.NA: "不适用"}
KIND_TEXT = {
    InspectionKind.DRAWN: "“双随机”抽查",
    InspectionKind.AD_HOC: "专项（日常）检查",
    InspectionKind.NON_SITE: "非现场检查",
}
SOURCE_TEXT: dict[str, str] = {  # by value: the model field holds the str
    NonSiteSource.MONITORING_ALARM: "自动监测报警",
    NonSiteSource.ELECTRICITY: "用电监控",
    NonSiteSource.VIDEO: "视频监控",
    NonSiteSource.DRONE: "无人机巡查",
}


def _when(value: Any) -> str:
    if value is None:
        return "（未记录）"
    t = timezone.localtime(value)
    return f"{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute:02d}分"


def _inspector(i: Any) -> str:
    return f"{i.user.display_name}（执法证号：{i.certificate_number}）"


def record_context(inspection: Inspection) -> dict[str, Any]:
    f = inspection.facility
    district = current_district()
    non_site = inspection.kind == InspectionKind.NON_SITE
    kind = KIND_TEXT[InspectionKind(inspection.kind)]
    if inspection.task is not None:  # no query when there is no task
        kind += f"（抽查计划 {inspection.task.plan.code}）"
    if non_site:
        kind += f"（{SOURCE_TEXT.get(inspection.non_site_source, '')}）"
    place = inspection.place or f.address or "（未记录）"
    if inspection.lat is not None and inspection.lon is not None:
        place += f"（北纬{inspection.lat:.5f}°，东经{inspection.lon:.5f}°）"
    people = "、".join(_inspector(i) for i in (inspection.inspector1, inspection.inspector2) if i)
    body = [
        f"被检查单位：{f.name}（统一社会信用代码：{f.credit_code}）",
        f"单位地址：{f.address or '（未登记）'}；法定代表人：{f.legal_representative or '（未登记）'}",
        f"检查类型：{kind}",
        f"检查时间：{_when(inspection.inspected_at)}",
        f"检查地点：{place}",
        f"检查人员：{people}",
    ]
    if not non_site:
        rep = inspection.representative or "（未记录）"
        if inspection.representative_title:
            rep += f"（{inspection.representative_title}）"
        body.append(f"被检查单位现场负责人：{rep}")
        body.append("检查人员向被检查单位现场负责人出示了执法证件，告知了检查依据和申请回避的权利。")
    answers = {a.item_id: a for a in inspection.answers.all()}
    items = []
    for item in checklist_items(inspection):
        a = answers.get(item.pk)
        result = ANSWER_TEXT[Answer(a.answer)] if a else "未检查"
        note = f"；{a.note}" if a and a.note else ""
        items.append(f"{item.text}——{result}{note}（依据：{item.legal_basis}）")
    findings = list(inspection.findings.all())
    closing = ["检查发现的问题：" if findings else "检查发现的问题：未发现环境违法问题。"]
    closing += [
        f"（{n}）{x.description}" + (f"。整改要求：{x.required_action}" if x.required_action else "")
        for n, x in enumerate(findings, 1)
    ]
    evidence = list(inspection.evidence.all())
    if evidence:
        closing.append(
            "取证材料：" + "；".join(f"{e.original_name}（SHA-256：{e.sha256[:16]}…）" for e in evidence)
        )
    if inspection.summary:
        closing.append(f"检查情况说明：{inspection.summary}")
    if not non_site:
        closing.append("以上笔录已交被检查单位现场负责人核对，确认无误。")
        closing.append("检查人员（签名）：                被检查单位现场负责人（签名）：")
    return {
        "issuer": district.bureau if district else "生态环境分局",
        "doc_number": f"检查记录 {inspection.number}",
        "title": "非现场检查记录" if non_site else "现场检查笔录",
        "body_paragraphs": body,
        "items": items,
        "closing": closing,
        "issue_date": timezone.localdate(inspection.inspected_at)
        if inspection.inspected_at
        else timezone.localdate(),
        "seal_text": "",
    }


def render_record(inspection: Inspection, fmt: Format) -> bytes:
    return render_official(record_context(inspection), fmt)
