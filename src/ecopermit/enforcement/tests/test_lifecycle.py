"""A penalty case from filing to closing: database state, timeline events and audit events at each step (E3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.enforcement import facade, services
from ecopermit.enforcement.models import PenaltyCase, PenaltyDecisionRecord
from ecopermit.enforcement.states import Status
from ecopermit.enforcement.tests.conftest import notified_case

pytestmark = pytest.mark.django_db
D = dt.date


def _kinds(case: PenaltyCase) -> list[str]:
    return list(case.events.order_by("pk").values_list("kind", flat=True))


def _audit(case: PenaltyCase) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="enforcement.penaltycase", object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_full_lifecycle_with_hearing(personas):
    """E3: 立案 → 调查取证 → 告知 → 听证 → 决定 → 执行 → 结案, every step an event and an audit row."""
    officer, leader = personas["officer"], personas["leader"]
    case = notified_case(personas)
    case.refresh_from_db()
    assert case.number == "舟定环立〔2026〕第1号"
    assert case.status == Status.NOTIFIED and case.notice_number == "舟定环罚告〔2026〕第1号"
    # 300,000 yuan > 200,000: 较大数额, so the notice carries the hearing right; periods in working days.
    assert case.hearing_right is True
    assert case.statement_due == D(2026, 3, 5) and case.hearing_due == D(2026, 3, 9)
    services.hearing_request(actor=officer, case=case, requested_on=D(2026, 3, 9))
    case.refresh_from_db()
    assert case.status == Status.HEARING
    with pytest.raises(DomainError, match=r"hearing has not been held|听证"):
        services.decision_make(actor=leader, case=case, amount=300_000, decided_on=D(2026, 3, 20))
    services.hearing_record(
        actor=officer, case=case, held_on=D(2026, 3, 18), record="当事人承认未取得排污许可证。"
    )
    with pytest.raises(DomainError) as exc:
        services.decision_make(actor=officer, case=case, amount=300_000, decided_on=D(2026, 3, 20))
    assert exc.value.code == "forbidden"
    services.decision_make(
        actor=leader,
        case=case,
        amount=Decimal("280000"),
        reason="听证后维持",
        decided_on=D(2026, 3, 20),
        served_on=D(2026, 3, 21),
    )
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.decision_number == "舟定环罚〔2026〕第1号"
    assert case.decided_amount == Decimal("280000") and case.payment_due == D(2026, 4, 5)
    record = PenaltyDecisionRecord.objects.get(case=case)
    assert (record.article_no, record.amount, record.facility_id_value) == (
        33,
        Decimal("280000"),
        case.facility_id,
    )
    services.execution_record(
        actor=officer, case=case, kind="payment", on=D(2026, 3, 30), amount=180_000, reference="缴款书 001"
    )
    case.refresh_from_db()
    assert case.status == Status.EXECUTING
    with pytest.raises(DomainError, match="180000"):
        services.case_close(actor=officer, case=case)
    services.execution_record(actor=officer, case=case, kind="payment", on=D(2026, 4, 2), amount=100_000)
    services.case_close(actor=officer, case=case)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.close_reason
    assert _kinds(case) == [
        "case.filed",
        "violation.recorded",
        "status.investigate",
        "evidence.added",
        "status.notify",
        "status.hearing",
        "hearing.held",
        "status.decide",
        "execution.recorded",
        "status.execute",
        "execution.recorded",
        "status.close",
    ]
    assert _audit(case) == [
        "penalty.file",
        "penalty.violation",
        "penalty.investigate",
        "penalty.notify",
        "penalty.hearing",
        "penalty.hearing",
        "penalty.decide",
        "penalty.execute",
        "penalty.close",
    ]
    decisions = facade.penalty_decisions()
    assert [(d.decision_number, d.amount, d.article) for d in decisions] == [
        ("舟定环罚〔2026〕第1号", Decimal("280000"), 33)
    ]
    assert facade.penalty_decisions(after_id=decisions[0].record_id) == []
    published = facade.published_results()
    assert published[0].facility_name == personas["shipyard"].name and published[0].executed


def test_decision_waits_for_the_periods_unless_waived(personas):
    """行政处罚法 Art. 62: no decision before the party was heard or its periods ran out."""
    leader = personas["leader"]
    case = notified_case(personas)
    with pytest.raises(DomainError, match="2026-03-05") as exc:
        services.decision_make(actor=leader, case=case, amount=300_000, decided_on=D(2026, 3, 4))
    assert "2026-03-09" in exc.value.message
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    services.hearing_waive(actor=personas["officer"], case=case)
    services.decision_make(actor=leader, case=case, amount=300_000, decided_on=D(2026, 3, 4))
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.DECIDED


def test_decision_never_heavier_than_the_notice(personas):
    case = notified_case(personas, amount=250_000)
    with pytest.raises(DomainError, match="250000") as exc:
        services.decision_make(actor=personas["leader"], case=case, amount=260_000, decided_on=D(2026, 3, 20))
    assert exc.value.field == "amount"


def test_no_penalty_and_withdrawal_are_leader_exits(personas):
    officer, leader = personas["officer"], personas["leader"]
    case = services.penalty_case_file(
        actor=officer, facility_id=personas["fish"].pk, article_no=43, item_no=1
    )
    with pytest.raises(DomainError):
        services.case_withdraw(actor=officer, case=case, reason="不属于本机关管辖")
    services.case_withdraw(actor=leader, case=case, reason="不属于本机关管辖")
    assert PenaltyCase.objects.get(pk=case.pk).status == Status.WITHDRAWN
    other = services.penalty_case_file(
        actor=officer, facility_id=personas["fish"].pk, article_no=43, item_no=1
    )
    services.evidence_add(
        actor=officer, case=other, kind="documentary", description="登记表", collected_on=D(2026, 3, 1)
    )
    services.no_penalty_decide(
        actor=leader, case=other, reason="初次违法且危害后果轻微并及时改正（行政处罚法第三十三条）"
    )
    services.case_close(actor=officer, case=other)
    other.refresh_from_db()
    assert other.status == Status.CLOSED and other.outcome == "no_penalty"
    assert not PenaltyDecisionRecord.objects.exists()


def test_transfer_keeps_the_case_linked_and_a_crime_may_close_it(personas):
    officer, leader = personas["officer"], personas["leader"]
    case = notified_case(personas)
    with pytest.raises(DomainError, match=r"transfer|移送"):
        services.case_close(actor=leader, case=case)
    tr = services.transfer_record(
        actor=officer,
        case=case,
        kind="crime",
        transferred_on=D(2026, 3, 6),
        organ="舟山市公安局定海分局",
        reference="移送函",
        files=[("移送书.pdf", b"%PDF-1.4 t")],
    )
    doc = tr.documents.get()
    import hashlib

    assert doc.sha256 == hashlib.sha256(b"%PDF-1.4 t").hexdigest()
    services.case_close(actor=leader, case=case, reason="涉嫌犯罪，已移送")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.transfers.count() == 1
    event = case.events.get(kind="transfer.recorded")
    assert event.data["documents"][0]["sha256"] == doc.sha256
    assert AuditEvent.objects.filter(action="penalty.transfer", object_id=str(tr.pk)).exists()
