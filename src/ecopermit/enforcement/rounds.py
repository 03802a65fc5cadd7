"""Writes of the continuous daily penalty (按日连续处罚, 环境保护部令第28号; 条例 Art. 38), and the daily watch of
re-inspection deadlines. The arithmetic and the eligibility are ``rules.daily`` (pure); this module keeps the rounds.

Only an unlawful discharge (条例 Arts. 33–35) may be followed by a daily penalty (条例 Art. 38; Order 28 Art. 5):
``round_serve`` refuses any other article with the lawful follow-up (``rules.daily.eligibility``).

A round = one order to correct (责令改正) served, its unannounced re-inspection due within 30 days (Art. 10), and
what the re-inspection found: continuing or obstructed (Art. 13: 拒不改正) → days counted (Art. 17, accumulating over
the rounds without a gap: round 1 from the day after service, round k from the day after round k−1's
re-inspection, to the re-inspection day), amount = original fine × days (Art. 19); corrected or stopped (Arts. 12,
20) ends the series. A round's penalty is an administrative penalty like any other (Order 28 Art. 15; 行政处罚法
Arts. 44, 45, 62–64): 告知 with the period to state a defence, a hearing when the amount carries the right, then
the bureau leader's numbered decision. ``round_transition`` is the one function that changes a round's status,
along ``states.ROUND_TRANSITIONS``.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor
from ecopermit.enforcement.models import (
    DailyPenaltyRound,
    Outcome,
    PenaltyCase,
    PenaltyDecisionRecord,
    RoundResult,
)
from ecopermit.enforcement.rules import daily, procedure
from ecopermit.enforcement.services import (
    _event,
    _lock,
    _next_number,
    _notify_enterprise,
    _who_of_user,
    decision_blockers,
    hearing_request_check,
)
from ecopermit.enforcement.states import ROUND_WORKFLOW, RoundStatus, Status, Who

ENDING = (RoundResult.CORRECTED, RoundResult.STOPPED)
REFUSING = (RoundResult.CONTINUING, RoundResult.OBSTRUCTED)
REMIND_DAYS_BEFORE = 7


@transaction.atomic
def round_serve(
    *, actor: Actor, case: PenaltyCase, served_on: dt.date, order_number: str = ""
) -> DailyPenaltyRound:
    """Serves an order to correct: the first after the original decision (Art. 7), or the next after a re-inspection
    that found the violation continuing (Art. 14)."""
    case = _lock(case)
    if case.outcome != Outcome.PENALTY or case.status not in (
        Status.DECIDED,
        Status.EXECUTING,
        Status.CLOSED,
    ):
        raise DomainError(_("A continuous daily penalty follows a decided fine (Order 28 Art. 7)."))
    assert case.decided_on is not None and case.decided_amount is not None  # decision_make set them
    try:
        daily.require_eligible(case.article_no, case.item_no)
    except daily.NotEligibleError as exc:
        raise DomainError(exc.eligibility.message_zh, code="not_eligible") from exc
    last = case.daily_rounds.order_by("-seq").first()
    if last is not None:
        if last.result == RoundResult.PENDING:
            raise DomainError(_("Round %(n)d still awaits its re-inspection.") % {"n": last.seq})
        if last.result in ENDING:
            raise DomainError(
                _(
                    "The violation was corrected or stopped in round %(n)d: the daily penalty has ended "
                    "(Order 28 Art. 12)."
                )
                % {"n": last.seq}
            )
        assert last.reinspected_on is not None  # round_reinspect recorded it with the result
        if served_on < last.reinspected_on:
            raise DomainError(
                _("The new order cannot precede the last re-inspection (%(d)s).")
                % {"d": last.reinspected_on.isoformat()},
                field="served_on",
            )
    elif served_on < case.decided_on:
        raise DomainError(
            _("The order cannot precede the decision (%(d)s).") % {"d": case.decided_on.isoformat()},
            field="served_on",
        )
    rnd = DailyPenaltyRound.objects.create(
        case=case,
        seq=(last.seq + 1) if last else 1,
        order_number=order_number,
        served_on=served_on,
        reinspection_due=served_on + dt.timedelta(days=daily.REINSPECTION_DAYS),
        daily_amount=case.decided_amount,
    )
    data = {
        "round": rnd.seq,
        "served_on": served_on.isoformat(),
        "reinspection_due": rnd.reinspection_due.isoformat(),
    }
    _event(case, actor, "daily.order_served", note=order_number, data=data)
    audit_record(actor=actor, action="penalty.daily_order", obj=rnd, after={"case": case.pk, **data})
    return rnd


@transaction.atomic
def round_reinspect(
    *,
    actor: Actor,
    rnd: DailyPenaltyRound,
    reinspected_on: dt.date,
    result: str,
    corrected_on: dt.date | None = None,
) -> DailyPenaltyRound:
    """Records the re-inspection and counts the days (Order 28 Arts. 12, 13, 17, 19)."""
    rnd = DailyPenaltyRound.objects.select_for_update().get(pk=rnd.pk)
    case = _lock(rnd.case)
    if rnd.result != RoundResult.PENDING:
        raise DomainError(_("This round's re-inspection is recorded already."))
    previous = case.daily_rounds.filter(seq__lt=rnd.seq).order_by("-seq").first()
    if result not in RoundResult.values or result == RoundResult.PENDING:
        raise DomainError(_("Choose what the re-inspection found."), field="result")
    if reinspected_on < rnd.served_on:
        raise DomainError(
            _("The re-inspection (%(r)s) cannot precede service of the order to correct (%(s)s).")
            % {"r": reinspected_on.isoformat(), "s": rnd.served_on.isoformat()},
            field="reinspected_on",
        )
    if result in ENDING:
        if corrected_on is None:
            corrected_on = reinspected_on
        if not rnd.served_on <= corrected_on <= reinspected_on:
            raise DomainError(
                _("The correction date must lie between the service of the order and the re-inspection."),
                field="corrected_on",
            )
        rnd.days, rnd.amount, rnd.period_start = 0, 0, None
        rnd.basis = (
            f"责令改正决定书于{rnd.served_on.isoformat()}送达，{reinspected_on.isoformat()}复查时违法行为已"
            f"{'改正' if result == RoundResult.CORRECTED else '停止'}，依据《环境保护主管部门实施按日连续处罚办法》"
            f"第十二条{'、第二十条' if result == RoundResult.STOPPED else ''}，不予实施按日连续处罚。"
        )
    else:
        # Order 28 Art. 17 (累计执行): round k counts on from the day after round k−1's re-inspection.
        computed = daily.daily_penalty(
            rnd.daily_amount,
            rnd.served_on,
            reinspected_on,
            counted_from=previous.reinspected_on if previous else None,
        )
        rnd.days, rnd.amount, rnd.basis = computed.days, computed.total, computed.basis_zh
        rnd.period_start = computed.start
        if result == RoundResult.OBSTRUCTED:
            rnd.basis = "拒绝、阻挠复查，视为拒不改正（第十三条）。" + rnd.basis
    rnd.reinspected_on, rnd.result, rnd.corrected_on = reinspected_on, result, corrected_on
    rnd.save(
        update_fields=["reinspected_on", "result", "corrected_on", "days", "amount", "basis", "period_start"]
    )
    data = {
        "round": rnd.seq,
        "result": result,
        "reinspected_on": reinspected_on.isoformat(),
        "days": rnd.days,
        "amount": str(rnd.amount),
        "in_time": (reinspected_on - rnd.served_on).days <= daily.REINSPECTION_DAYS,
    }
    _event(case, actor, "daily.reinspected", note=rnd.basis, data=data)
    audit_record(actor=actor, action="penalty.daily_reinspect", obj=rnd, after={"case": case.pk, **data})
    ended = result in ENDING or rnd.days == 0
    return daily_round_transition(
        actor=actor, rnd=rnd, target=RoundStatus.ENDED if ended else RoundStatus.FOUND, who=Who.OFFICER
    )


def daily_round_transition(
    *, actor: Actor, rnd: DailyPenaltyRound, target: str, who: Who, data: dict | None = None
) -> DailyPenaltyRound:
    """The one function that changes a round's status: along ``states.ROUND_TRANSITIONS``, by an allowed party.
    The caller holds the round's row lock (every caller is an atomic service that took it)."""
    payload = {"round": rnd.seq, **(data or {})}
    ROUND_WORKFLOW.move(
        rnd,
        target,
        actor=actor,
        who=who,
        data=payload,
        event=partial(_event, rnd.case),
        action="penalty.daily_",
        event_prefix="daily.status.",
        audit_after={"case": rnd.case_id, **payload},
    )
    return rnd


def _lock_round(rnd: DailyPenaltyRound, *statuses: RoundStatus) -> DailyPenaltyRound:
    rnd = DailyPenaltyRound.objects.select_for_update().select_related("case").get(pk=rnd.pk)
    _lock(rnd.case)
    if statuses and rnd.status not in statuses:
        raise DomainError(
            _("Not possible while the round is “%(s)s”.") % {"s": RoundStatus(rnd.status).label}, code="state"
        )
    return rnd


@transaction.atomic
def round_notice_issue(
    *, actor: Actor, rnd: DailyPenaltyRound, served_on: dt.date | None = None, offer_hearing: bool = False
) -> DailyPenaltyRound:
    """告知 of the round's daily penalty (行政处罚法 Art. 44): the days and the amount, numbered like the case's notice;
    the periods to state a defence and, when the amount carries it (Art. 63), to ask for a hearing (Art. 64(1))
    start the day after service."""
    rnd = _lock_round(rnd, RoundStatus.FOUND)
    served_on = served_on or clock.today()
    assert rnd.reinspected_on is not None  # round_reinspect recorded it with the finding
    if served_on < rnd.reinspected_on:
        raise DomainError(
            _("The notice cannot precede the re-inspection (%(d)s).") % {"d": rnd.reinspected_on.isoformat()},
            field="served_on",
        )
    hearing = offer_hearing or procedure.hearing_right_applies(rnd.amount)
    periods = procedure.notice_periods(served_on, hearing_right=hearing)
    rnd.notice_number = _next_number("notice", served_on.year)
    rnd.notified_on, rnd.hearing_right = served_on, hearing
    rnd.statement_due, rnd.hearing_due = periods.statement_due, periods.hearing_due
    rnd.save(update_fields=["notice_number", "notified_on", "hearing_right", "statement_due", "hearing_due"])
    data = {
        "notice": rnd.notice_number,
        "days": rnd.days,
        "amount": str(rnd.amount),
        "statement_due": periods.statement_due.isoformat(),
        "hearing_right": hearing,
        "hearing_due": periods.hearing_due.isoformat() if periods.hearing_due else None,
        "calendar_estimated": periods.estimated,
    }
    daily_round_transition(actor=actor, rnd=rnd, target=RoundStatus.NOTIFIED, who=Who.OFFICER, data=data)
    _notify_enterprise(
        rnd.case,
        _("Notice of proposed continuous daily penalty %(n)s served.") % {"n": rnd.notice_number},
    )
    return rnd


@transaction.atomic
def round_statement_record(
    *,
    actor: Actor,
    rnd: DailyPenaltyRound,
    received_on: dt.date | None = None,
    text: str = "",
    adopted: bool = False,
    waived: bool = False,
) -> DailyPenaltyRound:
    """陈述、申辩 on the round's notice (Art. 45), or its explicit waiver (Art. 62)."""
    rnd = _lock_round(rnd, RoundStatus.NOTIFIED, RoundStatus.HEARING)
    if not waived and not text.strip():
        raise DomainError(_("Record what the party stated, or that it waived the right."), field="text")
    received_on = received_on or clock.today()
    assert rnd.notified_on is not None and rnd.statement_due is not None  # round_notice_issue set them
    if received_on < rnd.notified_on:
        raise DomainError(
            _("The statement cannot precede the notice (%(d)s).") % {"d": rnd.notified_on.isoformat()},
            field="received_on",
        )
    rnd.statement_on, rnd.statement, rnd.statement_waived = received_on, text, waived
    rnd.statement_adopted = adopted and not waived
    rnd.save(update_fields=["statement_on", "statement", "statement_waived", "statement_adopted"])
    data = {
        "round": rnd.seq,
        "received_on": received_on.isoformat(),
        "waived": waived,
        "adopted": rnd.statement_adopted,
        "late": received_on > rnd.statement_due,
    }
    _event(rnd.case, actor, "daily.statement", note=text, data=data)
    audit_record(actor=actor, action="penalty.daily_statement", obj=rnd, after={"case": rnd.case_id, **data})
    return rnd


@transaction.atomic
def round_hearing_request(
    *, actor: Actor, rnd: DailyPenaltyRound, requested_on: dt.date
) -> DailyPenaltyRound:
    """The party asks for a hearing on the round's penalty: only when the notice carried the right, within 5
    working days of it (行政处罚法 Arts. 63, 64(1), 85)."""
    rnd = _lock_round(rnd, RoundStatus.NOTIFIED)
    hearing_request_check(rnd, requested_on)
    rnd.hearing_requested_on = requested_on
    rnd.save(update_fields=["hearing_requested_on"])
    return daily_round_transition(
        actor=actor,
        rnd=rnd,
        target=RoundStatus.HEARING,
        who=Who.OFFICER,
        data={"requested_on": requested_on.isoformat()},
    )


@transaction.atomic
def round_hearing_waive(*, actor: Actor, rnd: DailyPenaltyRound) -> DailyPenaltyRound:
    rnd = _lock_round(rnd, RoundStatus.NOTIFIED)
    if not rnd.hearing_right:
        raise DomainError(_("The notice carried no hearing right (行政处罚法 Art. 63)."))
    rnd.hearing_waived = True
    rnd.save(update_fields=["hearing_waived"])
    _event(rnd.case, actor, "daily.hearing_waived", data={"round": rnd.seq})
    audit_record(
        actor=actor,
        action="penalty.daily_hearing_waive",
        obj=rnd,
        after={"case": rnd.case_id, "waived": True},
    )
    return rnd


@transaction.atomic
def round_hearing_record(
    *, actor: Actor, rnd: DailyPenaltyRound, held_on: dt.date, record: str
) -> DailyPenaltyRound:
    rnd = _lock_round(rnd, RoundStatus.HEARING)
    if not record.strip():
        raise DomainError(_("Summarise the hearing record."), field="record")
    assert rnd.hearing_requested_on is not None  # round_hearing_request set it with the status
    if held_on < rnd.hearing_requested_on:
        raise DomainError(
            _("The hearing cannot precede the request (%(d)s).")
            % {"d": rnd.hearing_requested_on.isoformat()},
            field="held_on",
        )
    rnd.hearing_held_on, rnd.hearing_record = held_on, record
    rnd.save(update_fields=["hearing_held_on", "hearing_record"])
    data = {"round": rnd.seq, "held_on": held_on.isoformat()}
    _event(rnd.case, actor, "daily.hearing_held", note=record, data=data)
    audit_record(actor=actor, action="penalty.daily_hearing", obj=rnd, after={"case": rnd.case_id, **data})
    return rnd


@transaction.atomic
def round_decide(
    *, actor: Actor, rnd: DailyPenaltyRound, decided_on: dt.date | None = None
) -> DailyPenaltyRound:
    """The bureau leader decides the round's daily penalty: numbered like a penalty decision, and an outbox row for
    the credit app."""
    if _who_of_user(actor) != Who.LEADER:
        raise DomainError(_("This step needs a bureau leader's approval (负责人)."), code="forbidden")
    rnd = _lock_round(rnd)
    case = rnd.case
    if rnd.result not in REFUSING or rnd.days == 0:
        raise DomainError(
            _(
                "Only a round whose re-inspection found the violation continuing has a daily penalty "
                "to decide."
            )
        )
    if rnd.decision_number:
        raise DomainError(_("This round is decided already."))
    if rnd.status == RoundStatus.FOUND:
        raise DomainError(
            _(
                "Serve the notice of the proposed daily penalty first: the party may state a defence and, above "
                "the threshold, ask for a hearing before the decision (行政处罚法 Arts. 44, 45, 62–64)."
            ),
            code="state",
        )
    decided_on = decided_on or clock.today()
    assert rnd.reinspected_on is not None  # round_reinspect recorded it with the result
    if decided_on < rnd.reinspected_on:
        raise DomainError(_("The decision cannot precede the re-inspection."), field="decided_on")
    blockers = decision_blockers(rnd, decided_on)
    if blockers:
        raise DomainError(_("Not yet: %(why)s.") % {"why": "；".join(blockers)})
    rnd.decision_number = _next_number("decision", decided_on.year)
    rnd.decided_on, rnd.decided_by = decided_on, user_of(actor)
    rnd.save(update_fields=["decision_number", "decided_on", "decided_by"])
    record = PenaltyDecisionRecord.objects.create(
        case=case,
        kind=PenaltyDecisionRecord.Kind.DAILY,
        daily_round=rnd,
        facility_id_value=case.facility_id,
        case_number=case.number,
        decision_number=rnd.decision_number,
        article_no=38,
        item_no=1,
        amount=rnd.amount,
        decided_on=decided_on,
        recorded_at=clock.now(),
        is_demo=case.is_demo,
    )
    data = {
        "round": rnd.seq,
        "decision": rnd.decision_number,
        "days": rnd.days,
        "amount": str(rnd.amount),
        "record": record.pk,
    }
    # The transition writes the timeline event (daily.status.decide) and the audit row (penalty.daily_decide).
    return daily_round_transition(actor=actor, rnd=rnd, target=RoundStatus.DECIDED, who=Who.LEADER, data=data)


def enforcement_tick(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: reminds the case handler of re-inspections due within 7 days or overdue (once per round)."""
    today = today or clock.today()
    due = DailyPenaltyRound.objects.filter(
        result=RoundResult.PENDING,
        reminded=False,
        reinspection_due__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("case", "case__officer", "case__facility")
    count = 0
    for rnd in due:
        with transaction.atomic():
            if not DailyPenaltyRound.objects.filter(pk=rnd.pk, reminded=False).update(reminded=True):
                continue
            late = rnd.reinspection_due < today
            text = (
                _("Re-inspection overdue since %(d)s: %(f)s, case %(n)s (Order 28 Art. 10).")
                if late
                else _("Re-inspection due by %(d)s: %(f)s, case %(n)s (unannounced, Order 28 Art. 10).")
            )
            text = text % {
                "d": rnd.reinspection_due.isoformat(),
                "f": rnd.case.facility.name,
                "n": rnd.case.number,
            }
            notify([rnd.case.officer], text, link=f"/enforcement/{rnd.case_id}/")
            data = {"round": rnd.seq, "due": rnd.reinspection_due.isoformat(), "late": late}
            _event(rnd.case, None, "daily.reminder", data=data)
            audit_record(
                actor=None, action="penalty.daily_reminder", obj=rnd, after={"case": rnd.case_id, **data}
            )
            count += 1
    return {"reminders": count}
