"""Demo penalty cases (E3) in different states, on fixed 2026 dates so that every load gives the same cases and
numbers: one through a hearing to execution with continuous daily-penalty rounds, one awaiting the decision, one
paid and closed, one transferred to the public security organs, one with no penalty, one just filed. (The demo
rectification case referred to enforcement has filed its own penalty case through the facade already.)

Daily penalties only where the law allows them (条例 Art. 38; Order 28 Art. 5: unlawful discharge, 条例 Arts. 33–35):
the rounds are on case 1 (art. 33(1), 无证排污); case 3 (art. 36(4), monitoring not networked) has none and the
platform refuses one. Each round goes through its own 告知 (and hearing) before the decision (issue 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.enforcement import rounds, services
from ecopermit.enforcement.models import PenaltyCase
from ecopermit.registry.models import Facility, FacilityAccess

D = dt.date
PDF = b"%PDF-1.4\n% demo document (synthetic)\n%%EOF\n"


def _at(day: dt.date, hour: int = 10) -> Any:
    return clock.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


def _file(
    officer: User,
    facility: Facility,
    n: int,
    article: int,
    item: int,
    facts: str,
    filed: dt.date,
    occurrences: int = 1,
) -> PenaltyCase:
    with _at(filed):
        case = services.penalty_case_file(
            actor=officer,
            facility_id=facility.pk,
            source="inspection",
            source_ref=f"demo:{n}",
            article_no=article,
            item_no=item,
            facts=f"{facts}（演示）",
            occurrences=occurrences,
            filed_on=filed,
        )
        services.evidence_add(
            actor=officer,
            case=case,
            kind="record",
            description="现场检查笔录及照片（演示）",
            collected_on=filed,
            file_name="现场检查笔录（演示）.pdf",
            content=PDF + str(n).encode(),
        )
    return case


def _notify(
    officer: User, case: PenaltyCase, amount: int, served: dt.date, factors: list[str]
) -> PenaltyCase:
    with _at(served):
        return services.notice_issue(
            actor=officer,
            case=case,
            amount=amount,
            factors=factors,
            served_on=served,
            discretion_note="综合违法情节、整改态度确定（演示）",
        )


def _decide(leader: User, case: PenaltyCase, amount: int, day: dt.date) -> PenaltyCase:
    with _at(day, 15):
        return services.decision_make(
            actor=leader,
            case=case,
            amount=amount,
            decided_on=day,
            served_on=day,
            reason="经分局负责人审批（演示）",
        )


def demo_enforcement_load() -> int:
    """Creates the demo penalty cases once; returns how many were created (0 when they exist already)."""
    if PenaltyCase.objects.filter(source_ref="demo:1").exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    leader = User.objects.filter(username="leader").first()
    if officer is None or leader is None:
        return 0
    linked = list(
        FacilityAccess.objects.filter(user__username__in=["enterprise1", "enterprise2"])
        .order_by("user__username")
        .values_list("facility_id", flat=True)
    )
    taken = set(PenaltyCase.objects.values_list("facility_id", flat=True))
    others = [
        f
        for f in Facility.objects.filter(is_demo=True).order_by("pk")
        if f.pk not in taken and f.pk not in linked
    ]
    facilities = [*Facility.objects.filter(pk__in=linked).order_by("pk"), *others]
    if len(facilities) < 6:
        return 0
    f = iter(facilities)

    # 1. 无证排污 (art. 33(1), an unlawful discharge): hearing, decision, part paid, two daily-penalty rounds — round 1
    # (6 Jul – 4 Aug: 29 days) noticed, both rights waived, decided; round 2 (order served on the spot at the first
    # re-inspection, Order 28 Arts. 8, 14; 5 Aug – 2 Sep: 29 days) noticed, statement made, hearing requested.
    c1 = _file(officer, next(f), 1, 33, 1, "喷涂工序未取得排污许可证排放废气", D(2026, 6, 1))
    _notify(officer, c1, 300_000, D(2026, 6, 8), ["refused_rectification"])
    with _at(D(2026, 6, 12)):
        services.hearing_request(actor=officer, case=c1, requested_on=D(2026, 6, 12))
    with _at(D(2026, 6, 26)):
        services.hearing_record(
            actor=officer,
            case=c1,
            held_on=D(2026, 6, 26),
            record="当事人对违法事实无异议，请求从轻处罚（演示）",
        )
    _decide(leader, c1, 280_000, D(2026, 7, 3))
    with _at(D(2026, 7, 6)):
        r1 = rounds.round_serve(
            actor=officer, case=c1, served_on=D(2026, 7, 6), order_number="舟定环责改〔2026〕第7号"
        )
    with _at(D(2026, 7, 15)):
        services.execution_record(
            actor=officer,
            case=c1,
            kind="payment",
            on=D(2026, 7, 15),
            amount=100_000,
            reference="非税收入缴款书 DH2026-0715（演示）",
        )
    with _at(D(2026, 8, 4)):
        r1 = rounds.round_reinspect(actor=officer, rnd=r1, reinspected_on=D(2026, 8, 4), result="continuing")
        r2 = rounds.round_serve(
            actor=officer, case=c1, served_on=D(2026, 8, 4), order_number="舟定环责改〔2026〕第8号"
        )
    with _at(D(2026, 8, 5)):
        r1 = rounds.round_notice_issue(actor=officer, rnd=r1, served_on=D(2026, 8, 5))
    with _at(D(2026, 8, 6)):
        rounds.round_statement_record(actor=officer, rnd=r1, received_on=D(2026, 8, 6), waived=True)
        rounds.round_hearing_waive(actor=officer, rnd=r1)
    with _at(D(2026, 8, 7)):
        rounds.round_decide(actor=leader, rnd=r1, decided_on=D(2026, 8, 7))
    with _at(D(2026, 9, 2)):
        r2 = rounds.round_reinspect(actor=officer, rnd=r2, reinspected_on=D(2026, 9, 2), result="continuing")
    with _at(D(2026, 9, 3)):
        r2 = rounds.round_notice_issue(actor=officer, rnd=r2, served_on=D(2026, 9, 3))
    with _at(D(2026, 9, 7)):
        rounds.round_statement_record(
            actor=officer,
            rnd=r2,
            received_on=D(2026, 9, 7),
            text="排污许可证申请材料已提交，请求暂缓按日连续处罚（演示）",
        )
        rounds.round_hearing_request(actor=officer, rnd=r2, requested_on=D(2026, 9, 7))
    with _at(D(2026, 10, 9)):
        services.execution_record(
            actor=officer,
            case=c1,
            kind="court_application",
            on=D(2026, 10, 9),
            reference="定海区人民法院（2026）浙0902行审XX号（演示）",
        )

    # 2. 执行报告未提交 (art. 37, three reports): notified, the party's statement recorded, awaiting the decision.
    c2 = _file(
        officer,
        next(f),
        2,
        37,
        3,
        "2025年度及2026年第一、二季度执行报告未按排污许可证规定提交",
        D(2026, 10, 12),
        occurrences=3,
    )
    _notify(officer, c2, 30_000, D(2026, 10, 19), ["corrected"])
    with _at(D(2026, 10, 21)):
        services.statement_record(
            actor=officer,
            case=c2,
            received_on=D(2026, 10, 21),
            text="已补报全部执行报告，请求从轻处罚（演示）",
            adopted=True,
        )

    # 3. 自动监测未联网 (art. 36(4)): decided, paid in full, closed.
    c3 = _file(officer, next(f), 3, 36, 4, "废气排放口自动监测设备未与生态环境部门联网", D(2026, 4, 7))
    _notify(officer, c3, 50_000, D(2026, 4, 14), [])
    with _at(D(2026, 4, 16)):
        services.statement_record(actor=officer, case=c3, received_on=D(2026, 4, 16), waived=True)
    _decide(leader, c3, 50_000, D(2026, 4, 24))
    with _at(D(2026, 5, 6)):
        services.execution_record(
            actor=officer,
            case=c3,
            kind="payment",
            on=D(2026, 5, 6),
            amount=50_000,
            reference="非税收入缴款书 DH2026-0506（演示）",
        )
        services.case_close(actor=officer, case=c3)

    # 4. 暗管排放 (art. 34(2)): transferred to the public security organs as a suspected crime; the case stays open.
    c4 = _file(officer, next(f), 4, 34, 2, "通过暗管将未经处理的废水排入周边水体", D(2026, 9, 2))
    with _at(D(2026, 9, 10)):
        services.transfer_record(
            actor=officer,
            case=c4,
            kind="crime",
            transferred_on=D(2026, 9, 10),
            organ="舟山市公安局定海分局",
            reference="舟定环移〔2026〕第2号（演示）",
            note="涉嫌污染环境罪，移送公安机关立案侦查（演示）",
            files=[
                ("涉嫌犯罪案件移送书（演示）.pdf", PDF + b"transfer"),
                ("检测报告（演示）.pdf", PDF + b"report"),
            ],
        )

    # 5. 未填报排污登记 (art. 43): no penalty after prompt correction.
    c5 = _file(officer, next(f), 5, 43, 1, "未依法填报排污登记表", D(2026, 5, 11))
    with _at(D(2026, 5, 20)):
        services.no_penalty_decide(
            actor=leader,
            case=c5,
            reason="初次违法且危害后果轻微并及时改正，依据《行政处罚法》第三十三条不予处罚（演示）",
        )

    # 6. 拒绝检查 (art. 39): just filed.
    with _at(D(2026, 11, 24)):
        services.penalty_case_file(
            actor=officer,
            facility_id=next(f).pk,
            source="inspection",
            source_ref="demo:6",
            article_no=39,
            item_no=1,
            facts="拒不配合现场监督检查（演示）",
            filed_on=D(2026, 11, 24),
        )
    return 6
