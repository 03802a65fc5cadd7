"""Objects for tests/test_every_url.py: a decided penalty case on the first facility the visitor may see, with an
evidence file, a transfer document and a daily-penalty round, so every enforcement URL has something to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date


def _case_on(facility: Any, personas: dict[str, Any]) -> Any:
    from ecopermit.enforcement import rounds, services
    from ecopermit.enforcement.models import PenaltyCase

    case = PenaltyCase.objects.filter(facility=facility, decision_number__gt="").order_by("pk").first()
    if case is not None:
        return case
    officer, leader = personas["officer"], personas["leader"]
    case = services.penalty_case_file(
        actor=officer,
        facility_id=facility.pk,
        article_no=35,
        item_no=1,
        facts="未按排污许可证规定控制大气污染物无组织排放",
        filed_on=D(2026, 2, 20),
    )
    services.evidence_add(
        actor=officer,
        case=case,
        kind="documentary",
        description="执行报告提交记录",
        collected_on=D(2026, 2, 21),
        file_name="记录.pdf",
        content=b"%PDF-1.4 sample",
    )
    services.transfer_record(
        actor=officer,
        case=case,
        kind="detention",
        transferred_on=D(2026, 2, 25),
        organ="舟山市公安局定海分局",
        files=[("移送书.pdf", b"%PDF-1.4 transfer")],
    )
    services.notice_issue(actor=officer, case=case, amount=50_000, served_on=D(2026, 3, 2))
    services.statement_record(actor=officer, case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=leader, case=case, amount=50_000, decided_on=D(2026, 3, 9))
    rnd = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 10))
    rnd = rounds.round_reinspect(actor=officer, rnd=rnd, reinspected_on=D(2026, 3, 20), result="continuing")
    rnd = rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 20))
    rounds.round_statement_record(actor=officer, rnd=rnd, received_on=D(2026, 3, 20), waived=True)
    rounds.round_hearing_waive(actor=officer, rnd=rnd)  # 500,000 yuan carries the hearing right
    rounds.round_decide(actor=leader, rnd=rnd, decided_on=D(2026, 3, 21))
    return case


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.registry.selectors import facilities_visible

    visible = facilities_visible(scope_of(user)).order_by("pk").first() if user else None
    case = _case_on(visible or personas["shipyard"], personas)
    names = [
        "case_detail",
        "document_filing",
        "document_notice",
        "document_decision",
        "violation",
        "evidence",
        "notice",
        "statement",
        "hearing_request",
        "hearing",
        "execution",
        "transfer",
        "order",
        "close",
        "decide",
        "no_penalty",
        "withdraw",
    ]
    out = {f"enforcement:{n}": case.pk for n in names}
    out["enforcement:round_reinspect"] = case.daily_rounds.first().pk
    out["enforcement:round_decide"] = case.daily_rounds.first().pk
    out["enforcement:document_daily"] = case.daily_rounds.first().pk
    out["enforcement:document_daily_notice"] = case.daily_rounds.first().pk
    for action in ("notice", "statement", "hearing_request", "hearing_waive", "hearing"):
        out[f"enforcement:round_{action}"] = case.daily_rounds.first().pk
    out["enforcement:evidence_download"] = case.evidence.exclude(file="").first().pk
    out["enforcement:transfer_document"] = case.transfers.first().documents.first().pk
    return out
