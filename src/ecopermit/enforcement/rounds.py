"""Writes of the continuous daily penalty (按日连续处罚, 环境保护部令第28号; 条例 Art. 38), and the daily watch of
re-inspection deadlines. The arithmetic is ``rules.daily`` (pure); this module keeps the rounds.

A round = one order to correct (责令改正) served, its unannounced re-inspection due within 30 days (Art. 10), and
what the re-inspection found: continuing or obstructed (Art. 13: 拒不改正) → days counted from the day after service
to the re-inspection day, both included (Art. 17), amount = original fine × days (Art. 19), decided by a bureau
leader; a further order starts the next round (Art. 14); corrected or stopped (Arts. 12, 20) ends the series.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.enforcement.models import (
    DailyPenaltyRound,
    Outcome,
    PenaltyCase,
    PenaltyDecisionRecord,
    RoundResult,
)
from ecopermit.enforcement.rules import daily
from ecopermit.enforcement.services import _event, _lock, _next_number, _who_of_user
from ecopermit.enforcement.states import Status, Who

ENDING = (RoundResult.CORRECTED, RoundResult.STOPPED)
REFUSING = (RoundResult.CONTINUING, RoundResult.OBSTRUCTED)
REMIND_DAYS_BEFORE = 7


@transaction.atomic
def round_serve(
    *, actor: Any, case: PenaltyCase, served_on: dt.date, order_number: str = ""
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
    actor: Any,
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
        rnd.days, rnd.amount = 0, 0
        rnd.basis = (
            f"责令改正决定书于{rnd.served_on.isoformat()}送达，{reinspected_on.isoformat()}复查时违法行为已"
            f"{'改正' if result == RoundResult.CORRECTED else '停止'}，依据《环境保护主管部门实施按日连续处罚办法》"
            f"第十二条{'、第二十条' if result == RoundResult.STOPPED else ''}，不予实施按日连续处罚。"
        )
    else:
        computed = daily.daily_penalty(rnd.daily_amount, rnd.served_on, reinspected_on)
        rnd.days, rnd.amount, rnd.basis = computed.days, computed.total, computed.basis_zh
        if result == RoundResult.OBSTRUCTED:
            rnd.basis = "拒绝、阻挠复查，视为拒不改正（第十三条）。" + rnd.basis
    rnd.reinspected_on, rnd.result, rnd.corrected_on = reinspected_on, result, corrected_on
    rnd.save(update_fields=["reinspected_on", "result", "corrected_on", "days", "amount", "basis"])
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
    return rnd


@transaction.atomic
def round_decide(
    *, actor: Any, rnd: DailyPenaltyRound, decided_on: dt.date | None = None
) -> DailyPenaltyRound:
    """The bureau leader decides the round's daily penalty: numbered like a penalty decision, and an outbox row for
    the credit app."""
    if _who_of_user(actor) != Who.LEADER:
        raise DomainError(_("This step needs a bureau leader's approval (负责人)."), code="forbidden")
    rnd = DailyPenaltyRound.objects.select_for_update().get(pk=rnd.pk)
    case = _lock(rnd.case)
    if rnd.result not in REFUSING or rnd.days == 0:
        raise DomainError(
            _(
                "Only a round whose re-inspection found the violation continuing has a daily penalty "
                "to decide."
            )
        )
    if rnd.decision_number:
        raise DomainError(_("This round is decided already."))
    decided_on = decided_on or clock.today()
    if decided_on < rnd.reinspected_on:
        raise DomainError(_("The decision cannot precede the re-inspection."), field="decided_on")
    rnd.decision_number = _next_number("decision", decided_on.year)
    rnd.decided_on, rnd.decided_by = decided_on, actor
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
    _event(case, actor, "daily.decided", data=data)
    audit_record(actor=actor, action="penalty.daily_decide", obj=rnd, after={"case": case.pk, **data})
    return rnd


def enforcement_tick(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: reminds the case handler of re-inspections due within 7 days or overdue (once per round)."""
    from ecopermit.core.notify import notify

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
