"""The case's documents as official documents (GB/T 9704 layout) in DOCX and PDF from one context:
行政处罚立案审批表, 行政处罚事先（听证）告知书, 行政处罚决定书. Each names the facility, the violation, the article and
the amount (the 立案审批表: the article's range, and the proposed amount once notified)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecopermit.core.documents import Format, render_official
from ecopermit.core.documents.layout import chinese_date
from ecopermit.core.errors import DomainError
from ecopermit.core.selectors import current_district
from ecopermit.enforcement.models import DailyPenaltyRound, PenaltyCase
from ecopermit.enforcement.rules import fines, procedure
from ecopermit.enforcement.selectors import article_label, range_text, violation_text

KINDS = ("filing", "notice", "decision")
TITLES = {
    "filing": "行政处罚立案审批表",
    "notice": "行政处罚事先（听证）告知书",
    "decision": "行政处罚决定书",
}


def _yuan(amount: Any) -> str:
    return f"{fines.format_yuan(amount)}（人民币{amount:,.2f}元）"


def available(case: PenaltyCase) -> list[str]:
    """The documents the case has reached."""
    out = ["filing"]
    if case.notice_number:
        out.append("notice")
    if case.decision_number:
        out.append("decision")
    return out


def _issuer() -> str:
    district = current_district()
    return district.bureau if district else "生态环境主管部门"


def _facts(case: PenaltyCase) -> str:
    text = case.facts.strip()
    return f"{text.rstrip('。.；;')}。" if text else ""


def _party(case: PenaltyCase) -> str:
    f = case.facility
    return f"当事人：{f.name}，统一社会信用代码：{f.credit_code}，地址：{f.address or '—'}。"


def filing_context(case: PenaltyCase) -> dict[str, Any]:
    f = case.facility
    art = article_label(case) or "待调查确定"
    items = [
        f"案件编号：{case.number}",
        f"当事人：{f.name}（统一社会信用代码：{f.credit_code}；所在镇街：{f.town.name}）",
        f"案件来源：{case.get_source_display()}{('，关联整改案件#' + str(case.rectification_case_id)) if case.rectification_case_id else ''}",
        f"涉嫌违法行为：{violation_text(case) or '待调查确定'}",
        f"违法事实摘要：{case.facts or '待调查'}",
        f"拟适用条款：{art}",
        f"罚款幅度：{range_text(case) or '待确定违法条款后确定'}",
        f"拟罚款金额：{_yuan(case.proposed_amount) if case.proposed_amount is not None else '待调查终结后依裁量情节确定'}",
        f"承办人：{case.officer.display_name if case.officer else '—'}；立案日期：{chinese_date(case.filed_on)}",
    ]
    return {
        "issuer": _issuer(),
        "doc_number": case.number,
        "title": TITLES["filing"],
        "body_paragraphs": [
            "经初步审查，下列涉嫌环境违法行为符合立案条件，依据《中华人民共和国行政处罚法》第五十四条，"
            "拟予立案调查，请审批。"
        ],
        "items": items,
        "closing": ["承办机构意见：同意立案，指定承办人员及时调查取证。", "负责人审批意见："],
        "issue_date": case.filed_on,
        "seal_text": "",
    }


def notice_context(case: PenaltyCase) -> dict[str, Any]:
    if not case.notice_number:
        raise DomainError("本案尚未告知")
    assert case.statement_due is not None  # notice_issue set it with the number
    rights = [
        f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你单位有权进行陈述和申辩。请于{chinese_date(case.statement_due)}前"
        "（收到本告知书之日起"
        + str(procedure.STATEMENT_WORKING_DAYS)
        + "个工作日内）向我局提出陈述、申辩意见；逾期未提出的，视为放弃上述权利。"
    ]
    if case.hearing_right:
        assert case.hearing_due is not None  # notice_issue sets it with the right
        rights.append(
            f"根据《中华人民共和国行政处罚法》第六十三条、第六十四条，你单位有权要求举行听证。如要求听证，请于{chinese_date(case.hearing_due)}前"
            "（告知后五个工作日内，第八十五条）向我局书面提出；逾期未提出的，视为放弃听证权利。"
        )
    factors = procedure.factors_zh(case.factors)
    basis = (
        f"上述行为违反了《排污许可管理条例》的规定，依据{article_label(case)}（罚款幅度：{range_text(case)}）"
    )
    if factors:
        basis += "，综合考虑以下裁量情节：" + "；".join(factors)
    basis += f"，我局拟对你单位作出如下行政处罚：罚款{_yuan(case.proposed_amount)}。"
    return {
        "issuer": _issuer(),
        "doc_number": case.notice_number,
        "title": TITLES["notice"],
        "addressee": case.facility.name,
        "body_paragraphs": [
            _party(case),
            f"经调查，你单位存在以下违法行为：{violation_text(case)}。{_facts(case)}",
            basis,
        ],
        "items": rights,
        "closing": [
            f"联系人：{case.officer.display_name if case.officer else ''}。案件编号：{case.number}。"
        ],
        "issue_date": case.notified_on,
    }


def decision_context(case: PenaltyCase) -> dict[str, Any]:
    if not case.decision_number:
        raise DomainError("本案尚未作出处罚决定")
    # A decision follows the notice (notice_issue set its date); decision_make set the payment's due date.
    assert case.notified_on is not None and case.payment_due is not None
    heard = []
    if case.statement_on:
        heard.append(
            "你单位在规定期限内提出了陈述、申辩意见"
            + ("，我局经复核予以采纳" if case.statement_adopted else "，我局经复核不予采纳")
            if not case.statement_waived
            else "你单位明确放弃陈述、申辩权利"
        )
    if case.hearing_held_on:
        heard.append(f"我局于{chinese_date(case.hearing_held_on)}依法举行了听证")
    notified = (
        f"我局于{chinese_date(case.notified_on)}以《行政处罚事先（听证）告知书》（{case.notice_number}）告知你单位拟作出行政处罚的"
        "事实、理由、依据及依法享有的权利"
        + ("，" + "；".join(heard) if heard else "，你单位在规定期限内未提出陈述、申辩意见")
        + "。"
    )
    return {
        "issuer": _issuer(),
        "doc_number": case.decision_number,
        "title": TITLES["decision"],
        "body_paragraphs": [
            _party(case),
            f"经查，你单位存在以下违法行为：{violation_text(case)}。{_facts(case)}",
            notified,
            f"以上行为违反了《排污许可管理条例》的规定。依据{article_label(case)}（罚款幅度：{range_text(case)}）"
            + ("，综合考虑" + "；".join(procedure.factors_zh(case.factors)) if case.factors else "")
            + "，我局决定对你单位作出如下行政处罚：",
        ],
        "items": [f"罚款{_yuan(case.decided_amount)}。"],
        "closing": [
            f"根据《中华人民共和国行政处罚法》第六十七条，你单位应自收到本决定书之日起十五日内（即{chinese_date(case.payment_due)}前）"
            "到指定银行或者通过电子支付系统缴纳罚款。逾期不缴纳的，我局将依据该法第七十二条每日按罚款数额的百分之三加处罚款，并申请人民法院强制执行。",
            "如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。申请行政复议或者提起行政诉讼的，"
            "行政处罚不停止执行。",
        ],
        "issue_date": case.decided_on,
    }


CONTEXTS = {"filing": filing_context, "notice": notice_context, "decision": decision_context}


def render(case: PenaltyCase, kind: str, fmt: Format) -> bytes:
    if kind not in CONTEXTS:
        raise DomainError(f"未知的文书种类：{kind}（filing、notice 或 decision）")
    return render_official(CONTEXTS[kind](case), fmt)


def file_name(case: PenaltyCase, kind: str, fmt: str) -> str:
    number = {"filing": case.number, "notice": case.notice_number, "decision": case.decision_number}[kind]
    return f"{TITLES[kind]}_{number}.{fmt}"


def _daily_facts(rnd: DailyPenaltyRound) -> list[str]:
    """The paragraphs a round's notice and decision share: the original decision, the order and the re-inspection,
    the counted period (Order 28 Art. 16(2)(3))."""
    case = rnd.case
    # A round follows the case's decision; its notice and decision follow its re-inspection.
    assert case.decided_on is not None and rnd.reinspected_on is not None
    found = "拒绝、阻挠复查" if rnd.result == "obstructed" else "仍在继续实施上述违法行为"
    start = rnd.period_start or rnd.served_on + dt.timedelta(days=1)
    since = (
        f"自责令改正违法行为决定书送达之日的次日（{chinese_date(start)}）起"
        if rnd.seq == 1
        else f"再次复查仍拒不改正，计罚日数累计执行，自上次复查发现违法行为之日的次日（{chinese_date(start)}）起"
    )
    return [
        _party(case),
        f"我局于{chinese_date(case.decided_on)}以《行政处罚决定书》（{case.decision_number}）对你单位{violation_text(case)}的"
        f"违法行为作出罚款{_yuan(case.decided_amount)}的行政处罚，依据{article_label(case)}。",
        f"我局于{chinese_date(rnd.served_on)}向你单位送达责令改正违法行为决定书{('（' + rnd.order_number + '）') if rnd.order_number else ''}，"
        f"并于{chinese_date(rnd.reinspected_on)}进行复查，发现你单位{found}，属于拒不改正。",
        "依据《排污许可管理条例》第三十八条、《中华人民共和国环境保护法》第五十九条和《环境保护主管部门实施按日连续处罚办法》"
        f"第十七条、第十九条，{since}，至复查发现违法行为之日（{chinese_date(rnd.reinspected_on)}）止，计{rnd.days}日，"
        f"按原处罚数额{_yuan(rnd.daily_amount)}按日连续处罚",
    ]


def daily_notice_context(rnd: DailyPenaltyRound) -> dict[str, Any]:
    """按日连续处罚事先（听证）告知书 of one round (行政处罚法 Arts. 44, 45, 63, 64; Order 28 Art. 15)."""
    if not rnd.notice_number:
        raise DomainError("本轮尚未告知拟作出的按日连续处罚")
    assert rnd.statement_due is not None  # round_notice_issue set it with the number
    paragraphs = _daily_facts(rnd)
    paragraphs[-1] += (
        f"，我局拟对你单位作出如下行政处罚：罚款{_yuan(rnd.amount)}（{fines.format_yuan(rnd.daily_amount)}×{rnd.days}日）。"
    )
    rights = [
        f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你单位有权进行陈述和申辩。请于{chinese_date(rnd.statement_due)}前"
        f"（收到本告知书之日起{procedure.STATEMENT_WORKING_DAYS}个工作日内）向我局提出陈述、申辩意见；逾期未提出的，视为放弃上述权利。"
    ]
    if rnd.hearing_right:
        assert rnd.hearing_due is not None  # round_notice_issue sets it with the right
        rights.append(
            f"根据《中华人民共和国行政处罚法》第六十三条、第六十四条，你单位有权要求举行听证。如要求听证，请于{chinese_date(rnd.hearing_due)}前"
            "（告知后五个工作日内，第八十五条）向我局书面提出；逾期未提出的，视为放弃听证权利。"
        )
    return {
        "issuer": _issuer(),
        "doc_number": rnd.notice_number,
        "title": "按日连续处罚事先（听证）告知书",
        "addressee": rnd.case.facility.name,
        "body_paragraphs": paragraphs,
        "items": rights,
        "closing": [f"案件编号：{rnd.case.number}（第{rnd.seq}轮）。"],
        "issue_date": rnd.notified_on,
    }


def daily_decision_context(rnd: DailyPenaltyRound) -> dict[str, Any]:
    """按日连续处罚决定书 of one decided round (Order 28 arts. 16, 17, 19; 条例 art. 38)."""
    if not rnd.decision_number:
        raise DomainError("本轮尚未作出按日连续处罚决定")
    paragraphs = _daily_facts(rnd)
    if rnd.notice_number:
        assert rnd.notified_on is not None  # round_notice_issue set it with the number
        heard = []
        if rnd.statement_on:
            heard.append(
                "你单位明确放弃陈述、申辩权利"
                if rnd.statement_waived
                else "你单位提出了陈述、申辩意见"
                + ("，我局经复核予以采纳" if rnd.statement_adopted else "，我局经复核不予采纳")
            )
        if rnd.hearing_held_on:
            heard.append(f"我局于{chinese_date(rnd.hearing_held_on)}依法举行了听证")
        paragraphs.insert(
            -1,
            f"我局于{chinese_date(rnd.notified_on)}以《按日连续处罚事先（听证）告知书》（{rnd.notice_number}）告知你单位拟作出"
            "按日连续处罚的事实、理由、依据及依法享有的权利"
            + ("，" + "；".join(heard) if heard else "，你单位在规定期限内未提出陈述、申辩意见")
            + "。",
        )
    paragraphs[-1] += "，我局决定对你单位作出如下行政处罚："
    return {
        "issuer": _issuer(),
        "doc_number": rnd.decision_number,
        "title": "按日连续处罚决定书",
        "body_paragraphs": paragraphs,
        "items": [f"罚款{_yuan(rnd.amount)}（{fines.format_yuan(rnd.daily_amount)}×{rnd.days}日）。"],
        "closing": [
            "你单位应自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳罚款，并立即改正违法行为。逾期不缴纳的，"
            "我局将依据《中华人民共和国行政处罚法》第七十二条每日按罚款数额的百分之三加处罚款，并申请人民法院强制执行。",
            "如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
        ],
        "issue_date": rnd.decided_on,
    }


DAILY_CONTEXTS = {"notice": daily_notice_context, "decision": daily_decision_context}
DAILY_TITLES = {"notice": "按日连续处罚事先（听证）告知书", "decision": "按日连续处罚决定书"}


def render_daily(rnd: DailyPenaltyRound, fmt: Format, kind: str = "decision") -> bytes:
    return render_official(DAILY_CONTEXTS[kind](rnd), fmt)
