"""A round's daily penalty is an administrative penalty like any other (Order 28 Art. 15; 行政处罚法 Arts. 44, 45,
62–64): 告知 with the period to state a defence, a hearing when the amount is above the threshold, and only then the
leader's decision. The round's states follow ``states.ROUND_TRANSITIONS`` (E3, issue 10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.enforcement import rounds, selectors, services
from ecopermit.enforcement.models import PenaltyDecisionRecord
from ecopermit.enforcement.rules import procedure
from ecopermit.enforcement.states import ROUND_TRANSITIONS, RoundStatus, Who
from ecopermit.enforcement.tests.conftest import notified_case

pytestmark = pytest.mark.django_db
D = dt.date


def _found(personas, fine: int = 50_000, days: int = 10, article: int = 35):  # type: ignore[no-untyped-def]
    """A decided fine under art. 35(1), an order served 5 Mar 2026, re-inspected ``days`` later: continuing."""
    officer = personas["officer"]
    case = notified_case(personas, amount=fine, article=article, item=1)
    services.statement_record(actor=officer, case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=fine, decided_on=D(2026, 3, 4))
    rnd = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 5))
    found = D(2026, 3, 5) + dt.timedelta(days=days)
    return rounds.round_reinspect(actor=officer, rnd=rnd, reinspected_on=found, result="continuing")


def test_the_round_state_table():
    assert {(t.source, t.target) for t in ROUND_TRANSITIONS} == {
        (RoundStatus.ORDERED, RoundStatus.FOUND),
        (RoundStatus.ORDERED, RoundStatus.ENDED),
        (RoundStatus.FOUND, RoundStatus.NOTIFIED),
        (RoundStatus.NOTIFIED, RoundStatus.HEARING),
        (RoundStatus.NOTIFIED, RoundStatus.DECIDED),
        (RoundStatus.HEARING, RoundStatus.DECIDED),
    }
    assert all(t.who == {Who.LEADER} for t in ROUND_TRANSITIONS if t.target == RoundStatus.DECIDED)
    assert not any(
        t.target == RoundStatus.DECIDED for t in ROUND_TRANSITIONS if t.source == RoundStatus.FOUND
    )


@pytest.mark.parametrize(("days", "hearing"), [(4, False), (5, True)])
def test_the_hearing_right_follows_the_amount(personas, days, hearing):
    """50,000 × 4 days = 200,000: not above the threshold; × 5 days = 250,000: above (行政处罚法 Art. 63)."""
    rnd = _found(personas, days=days)
    assert rnd.amount == 50_000 * days
    rnd = rounds.round_notice_issue(actor=personas["officer"], rnd=rnd, served_on=rnd.reinspected_on)
    assert rnd.hearing_right is hearing is procedure.hearing_right_applies(rnd.amount)
    assert (rnd.hearing_due is not None) is hearing
    assert rnd.status == RoundStatus.NOTIFIED and rnd.notice_number.startswith("舟定环罚告〔2026〕")
    audit = AuditEvent.objects.get(action="penalty.daily_notify", object_id=str(rnd.pk))
    assert audit.after["hearing_right"] is hearing and audit.after["amount"] == str(rnd.amount)


def test_below_the_threshold_the_party_may_not_ask_for_a_hearing_and_the_leader_decides_after_the_period(
    personas,
):
    rnd = _found(personas, days=4)
    rnd = rounds.round_notice_issue(actor=personas["officer"], rnd=rnd, served_on=D(2026, 3, 9))
    with pytest.raises(DomainError, match="第六十三条"):
        rounds.round_hearing_request(actor=personas["officer"], rnd=rnd, requested_on=D(2026, 3, 10))
    with pytest.raises(DomainError, match=rnd.statement_due.isoformat()):
        rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=rnd.statement_due)
    after = rnd.statement_due + dt.timedelta(days=1)
    rnd = rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=after)  # silence after the period
    assert rnd.status == RoundStatus.DECIDED and rnd.decided_on == after
    record = PenaltyDecisionRecord.objects.get(daily_round=rnd)
    assert (record.article_no, record.amount) == (38, Decimal(200_000))


def test_a_hearing_requested_in_time_must_be_held_before_the_decision(personas):
    rnd = _found(personas, days=10)  # 500,000 yuan
    rnd = rounds.round_notice_issue(actor=personas["officer"], rnd=rnd, served_on=D(2026, 3, 16))
    late = rnd.hearing_due + dt.timedelta(days=1)
    with pytest.raises(DomainError, match=rnd.hearing_due.isoformat()):
        rounds.round_hearing_request(actor=personas["officer"], rnd=rnd, requested_on=late)
    with pytest.raises(DomainError, match=rnd.notified_on.isoformat()):  # before the notice
        rounds.round_hearing_request(actor=personas["officer"], rnd=rnd, requested_on=D(2026, 3, 15))
    rnd = rounds.round_hearing_request(actor=personas["officer"], rnd=rnd, requested_on=rnd.hearing_due)
    assert rnd.status == RoundStatus.HEARING
    with pytest.raises(DomainError, match="尚未举行听证"):
        rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=D(2026, 4, 30))
    with pytest.raises(DomainError, match="听证笔录"):
        rounds.round_hearing_record(actor=personas["officer"], rnd=rnd, held_on=D(2026, 3, 30), record=" ")
    rounds.round_hearing_record(
        actor=personas["officer"], rnd=rnd, held_on=D(2026, 3, 30), record="已听取意见"
    )
    rnd = rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=D(2026, 3, 31))
    assert rnd.status == RoundStatus.DECIDED and rnd.decision_number
    kinds = list(rnd.case.events.filter(kind__startswith="daily.").values_list("kind", flat=True))
    assert kinds == [
        "daily.order_served",
        "daily.reinspected",
        "daily.status.refusal_found",
        "daily.status.notify",
        "daily.status.hearing",
        "daily.hearing_held",
        "daily.status.decide",
    ]


def test_steps_out_of_order_are_refused(personas):
    officer = personas["officer"]
    case = notified_case(personas, amount=50_000, article=35, item=1)
    services.statement_record(actor=officer, case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=50_000, decided_on=D(2026, 3, 4))
    rnd = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 5))
    with pytest.raises(DomainError) as exc:  # not re-inspected yet
        rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 6))
    assert exc.value.code == "state"
    rnd = rounds.round_reinspect(actor=officer, rnd=rnd, reinspected_on=D(2026, 3, 15), result="continuing")
    with pytest.raises(DomainError, match="2026-03-15"):
        rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 14))
    with pytest.raises(DomainError) as exc:
        rounds.round_statement_record(actor=officer, rnd=rnd, received_on=D(2026, 3, 16), waived=True)
    assert exc.value.code == "state"
    rnd = rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 15))
    with pytest.raises(DomainError) as exc:  # twice
        rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 16))
    assert exc.value.code == "state"
    with pytest.raises(DomainError, match="2026-03-15"):
        rounds.round_statement_record(actor=officer, rnd=rnd, received_on=D(2026, 3, 14), text="早于告知")
    with pytest.raises(DomainError):
        rounds.round_statement_record(actor=officer, rnd=rnd, received_on=D(2026, 3, 16), text="  ")
    rnd = rounds.round_statement_record(
        actor=officer, rnd=rnd, received_on=D(2026, 3, 16), text="已整改", adopted=True
    )
    assert (rnd.statement, rnd.statement_adopted) == ("已整改", True)
    assert AuditEvent.objects.filter(action="penalty.daily_statement", object_id=str(rnd.pk)).exists()


def test_a_round_corrected_at_the_reinspection_ends_without_a_notice(personas):
    officer = personas["officer"]
    case = notified_case(personas, amount=50_000, article=35, item=1)
    services.statement_record(actor=officer, case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=50_000, decided_on=D(2026, 3, 4))
    rnd = rounds.round_serve(actor=officer, case=case, served_on=D(2026, 3, 5))
    rnd = rounds.round_reinspect(actor=officer, rnd=rnd, reinspected_on=D(2026, 3, 15), result="corrected")
    assert rnd.status == RoundStatus.ENDED
    with pytest.raises(DomainError):
        rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=D(2026, 3, 15))


def test_the_party_sees_the_notice_of_the_round(personas, login):
    rnd = _found(personas, days=10)
    rounds.round_notice_issue(actor=personas["officer"], rnd=rnd, served_on=D(2026, 3, 16))
    rnd.refresh_from_db()
    rows = [
        e for e in selectors.timeline(rnd.case, party=True) if e["data"].get("notice") == rnd.notice_number
    ]
    assert [str(e["label"]) for e in rows] == [str(selectors_label("daily.status.notify"))]
    page = login(personas["shipyard_manager"]).get(f"/enforcement/{rnd.case_id}/").content.decode()
    assert rnd.notice_number in page and f"/enforcement/rounds/{rnd.pk}/notice-document/pdf/" in page
    assert f"/enforcement/rounds/{rnd.pk}/statement/" not in page  # the party reads; the bureau records


def selectors_label(kind: str) -> str:
    """The timeline's words for an event kind, as the case page shows them."""
    from django.utils.translation import gettext as _

    return {"daily.status.notify": _("Notice of the proposed daily penalty served")}[kind]
