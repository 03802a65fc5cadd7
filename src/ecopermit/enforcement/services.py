"""Writes of a penalty case (MISSION E3). Each is atomic, appends to the case timeline and to the audit log.

The rules come from ``rules/`` (fine ranges, procedure periods, daily penalties); this module applies them to
the database. ``penalty_transition`` is the one function that changes a case's status.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from functools import partial
from importlib import resources
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ecopermit.accounts.facade import user_of
from ecopermit.accounts.scope import Scope, scope_of
from ecopermit.core import clock, evidence, numbering
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.notify import notify
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.enforcement.models import (
    Evidence,
    Execution,
    ExecutionKind,
    Outcome,
    PenaltyCase,
    PenaltyDecisionRecord,
    PenaltyEvent,
    Source,
    Transfer,
    TransferKind,
)
from ecopermit.enforcement.rules import fines, procedure
from ecopermit.enforcement.states import BEFORE_DECISION, WORKFLOW, Status, Who
from ecopermit.registry.facade import facility_ref, facility_users

#: The case timeline's event row (core.models.WorkflowEvent).
_event = PenaltyEvent.record


def _lock(case: PenaltyCase) -> PenaltyCase:
    return PenaltyCase.objects.select_for_update(of=("self",)).select_related("facility").get(pk=case.pk)


def _require(case: PenaltyCase, *statuses: Status) -> None:
    if case.status not in statuses:
        raise DomainError(
            _("Not possible while the case is “%(s)s”.") % {"s": Status(case.status).label}, code="state"
        )


def who_of(scope: Scope) -> Who | None:
    """The party a user acts as: a bureau leader decides (负责人); a bureau officer handles the case."""
    if scope.has("bureau_leader"):
        return Who.LEADER
    if scope.has("bureau_officer"):
        return Who.OFFICER
    return None


def _who_of_user(actor: Actor) -> Who | None:
    return who_of(scope_of(actor)) if actor is not None else None


# ---------------------------------------------------------------------------------------------- numbering


def _bundled_prefixes(code: str) -> dict[str, str]:
    """The ``penalty_prefixes`` of the bundled district file with this division code, if any."""
    for entry in resources.files("ecopermit.core.districts").iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        if data.get("code") == code:
            return dict(data.get("penalty_prefixes") or {})
    return {}


def prefixes() -> dict[str, str]:
    district = current_district()
    defaults = procedure.default_prefixes(district.notice_prefix if district else "")
    if district is None:
        return defaults
    return {**defaults, **{k: v for k, v in _bundled_prefixes(district.code).items() if v}}


def _next_number(kind: str, year: int) -> str:
    prefix = prefixes()[kind]
    return numbering.next_document_number("enforcement.document", prefix, year)


# ---------------------------------------------------------------------------------------------- transitions


@transaction.atomic
def penalty_transition(
    *, actor: Actor, case: PenaltyCase, target: str, who: Who, note: str = "", data: dict | None = None
) -> PenaltyCase:
    """The one function that changes a case's status: along the transition table, by an allowed party
    (core/workflow.py)."""
    case = _lock(case)
    WORKFLOW.move(
        case,
        target,
        actor=actor,
        who=who,
        note=note,
        data=data,
        event=partial(_event, case),
        action="penalty.",
        on_enter=partial(_on_enter, note=note),
    )
    return case


def _on_enter(case: PenaltyCase, target: str, *, note: str) -> list[str]:
    if target in (Status.CLOSED, Status.WITHDRAWN):
        case.closed_on = clock.today()
        case.close_reason = note
        return ["closed_on", "close_reason"]
    return []


# ---------------------------------------------------------------------------------------------- filing


def _check_violation(article_no: int, item_no: int | None, occurrences: int, serious: bool) -> fines.Article:
    try:
        art = fines.article(article_no)
    except KeyError as exc:
        raise DomainError(str(exc.args[0]), field="article_no") from exc
    label = f"《排污许可管理条例》{art.label_zh}"
    if not art.has_fine_range:
        raise DomainError(
            _(
                "%(a)s sets no fine range: art. 38 is the continuous daily penalty of a decided case, art. 44 a "
                "transfer to the public security organs."
            )
            % {"a": label},
            field="article_no",
        )
    if item_no is not None and item_no not in {i.no for i in art.items}:
        raise DomainError(_("%(a)s has no item %(n)s.") % {"a": label, "n": item_no}, field="item_no")
    if occurrences < 1:
        raise DomainError(_("The number of occurrences must be 1 or more."), field="occurrences")
    if occurrences > 1 and art.fine.kind != "per_occurrence":
        raise DomainError(
            _("%(a)s is not fined per occurrence; the number of occurrences must be 1.") % {"a": label},
            field="occurrences",
        )
    if serious and art.serious_fine is None:
        raise DomainError(
            _("%(a)s sets no separate range for serious circumstances.") % {"a": label}, field="serious"
        )
    return art


@transaction.atomic
def penalty_case_file(
    *,
    actor: Actor,
    facility_id: int,
    source: str = Source.MANUAL,
    source_ref: str = "",
    rectification_case_id: int | None = None,
    article_no: int | None = None,
    item_no: int | None = None,
    facts: str = "",
    occurrences: int = 1,
    serious: bool = False,
    filed_on: dt.date | None = None,
    officer: Any = None,
) -> PenaltyCase:
    """立案: numbers the case (立案编号) and opens its timeline. The violation may be left for the investigation."""
    if article_no is not None:
        _check_violation(article_no, item_no, occurrences, serious)
    filed_on = filed_on or clock.today()
    ref = facility_ref(facility_id)
    case = PenaltyCase.objects.create(
        number=_next_number("filing", filed_on.year),
        facility_id=facility_id,
        rectification_case_id=rectification_case_id,
        source=source,
        source_ref=source_ref,
        filed_on=filed_on,
        filed_by=user_of(actor),
        officer=officer or (user_of(actor)),
        article_no=article_no,
        item_no=item_no,
        facts=facts,
        occurrences=occurrences,
        serious=serious,
        is_demo=ref.is_demo,
    )
    data = {
        "number": case.number,
        "facility": facility_id,
        "article": article_no,
        "item": item_no,
        "source": source,
        "rectification_case": rectification_case_id,
    }
    _event(case, actor, "case.filed", note=facts, data=data, to_status=Status.FILED)
    audit_record(actor=actor, action="penalty.file", obj=case, after=data)
    return case


@transaction.atomic
def violation_record(
    *,
    actor: Actor,
    case: PenaltyCase,
    article_no: int,
    item_no: int | None,
    facts: str,
    occurrences: int = 1,
    serious: bool = False,
    measures: list[str] | None = None,
) -> PenaltyCase:
    """Sets or corrects the violation (article, item, facts) before the notice."""
    case = _lock(case)
    _require(case, Status.FILED, Status.INVESTIGATING)
    _check_violation(article_no, item_no, occurrences, serious)
    before = {"article": case.article_no, "item": case.item_no, "occurrences": case.occurrences}
    case.article_no, case.item_no, case.facts = article_no, item_no, facts
    case.occurrences, case.serious, case.measures = occurrences, serious, list(measures or [])
    case.save(update_fields=["article_no", "item_no", "facts", "occurrences", "serious", "measures"])
    after = {"article": article_no, "item": item_no, "occurrences": occurrences, "serious": serious}
    _event(case, actor, "violation.recorded", note=facts, data=after)
    audit_record(actor=actor, action="penalty.violation", obj=case, before=before, after=after)
    return case


@transaction.atomic
def evidence_add(
    *,
    actor: Actor,
    case: PenaltyCase,
    kind: str,
    description: str,
    collected_on: dt.date,
    reference: str = "",
    file_name: str = "",
    content: bytes | None = None,
) -> Evidence:
    case = _lock(case)
    _require(case, Status.FILED, Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING)
    if not description.strip():
        raise DomainError(_("Describe the evidence."), field="description")
    if case.status == Status.FILED:
        penalty_transition(actor=actor, case=case, target=Status.INVESTIGATING, who=Who.OFFICER)
    ev = Evidence(
        case=case,
        kind=kind,
        description=description,
        collected_on=collected_on,
        reference=reference,
        recorded_by=user_of(actor),
        recorded_at=clock.now(),
    )
    if content is not None:
        ev.original_name = file_name[:255]
        ev.sha256 = evidence.store(ev.file, content, suffix=evidence.suffix_for(content, file_name))
    ev.save()
    data = {"evidence": ev.pk, "kind": kind, "sha256": ev.sha256}
    _event(case, actor, "evidence.added", note=description, data=data)
    audit_record(actor=actor, action="penalty.evidence", obj=ev, after={"case": case.pk, **data})
    return ev


# ---------------------------------------------------------------------------------------------- notice


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(_("The amount must be a number of yuan."), field=field) from exc
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("The amount must be a number of yuan."), field=field)
    return amount


def check_amount(case: PenaltyCase, amount: Any, field: str = "amount") -> Decimal:
    """The fine must lie in the article's range (per occurrence for art. 37); the error names article and range."""
    if case.article_no is None:
        raise DomainError(_("Choose the violated article first."), field="article_no")
    value = _amount(amount, field)
    check = fines.check_fine(case.article_no, value, case.occurrences, serious=case.serious)
    if not check.ok:
        raise DomainError(check.message_zh, field=field)
    return value


@transaction.atomic
def notice_issue(
    *,
    actor: Actor,
    case: PenaltyCase,
    amount: Any,
    factors: list[str] | tuple[str, ...] = (),
    discretion_note: str = "",
    served_on: dt.date | None = None,
    offer_hearing: bool = False,
) -> PenaltyCase:
    """告知 (行政处罚法 Art. 44): the proposed fine with its discretion factors, numbered, served; the periods to
    state a defence and to ask for a hearing start the day after service."""
    case = _lock(case)
    _require(case, Status.INVESTIGATING)
    value = check_amount(case, amount)
    try:
        procedure.factors_zh(list(factors))
    except KeyError as exc:
        raise DomainError(str(exc.args[0]), field="factors") from exc
    served_on = served_on or clock.today()
    if served_on < case.filed_on:
        raise DomainError(
            _("The notice cannot be served before the case was filed (%(d)s).")
            % {"d": case.filed_on.isoformat()},
            field="served_on",
        )
    hearing = offer_hearing or procedure.hearing_right_applies(value, case.measures)
    periods = procedure.notice_periods(served_on, hearing_right=hearing)
    case.proposed_amount, case.factors, case.discretion_note = value, list(factors), discretion_note
    case.notice_number = _next_number("notice", served_on.year)
    case.notified_on, case.hearing_right = served_on, hearing
    case.statement_due, case.hearing_due = periods.statement_due, periods.hearing_due
    case.save(
        update_fields=[
            "proposed_amount",
            "factors",
            "discretion_note",
            "notice_number",
            "notified_on",
            "hearing_right",
            "statement_due",
            "hearing_due",
        ]
    )
    data = {
        "notice": case.notice_number,
        "amount": str(value),
        "factors": list(factors),
        "statement_due": periods.statement_due.isoformat(),
        "hearing_right": hearing,
        "hearing_due": periods.hearing_due.isoformat() if periods.hearing_due else None,
        "calendar_estimated": periods.estimated,
    }
    penalty_transition(actor=actor, case=case, target=Status.NOTIFIED, who=Who.OFFICER, data=data)
    _notify_enterprise(case, _("Notice of proposed penalty %(n)s served.") % {"n": case.notice_number})
    return case


def _notify_enterprise(case: PenaltyCase, text: str) -> None:
    notify(facility_users(case.facility_id), text, link=f"/enforcement/{case.pk}/")


@transaction.atomic
def statement_record(
    *,
    actor: Actor,
    case: PenaltyCase,
    received_on: dt.date | None = None,
    text: str = "",
    adopted: bool = False,
    waived: bool = False,
) -> PenaltyCase:
    """陈述、申辩 (Art. 45), or its explicit waiver (Art. 62). A statement is heard whenever it arrives before the
    decision; the due date only decides when the bureau may decide without one."""
    case = _lock(case)
    _require(case, Status.NOTIFIED, Status.HEARING)
    if not waived and not text.strip():
        raise DomainError(_("Record what the party stated, or that it waived the right."), field="text")
    received_on = received_on or clock.today()
    assert case.notified_on is not None and case.statement_due is not None  # notice_issue set them
    if received_on < case.notified_on:
        raise DomainError(
            _("The statement cannot precede the notice (%(d)s).") % {"d": case.notified_on.isoformat()},
            field="received_on",
        )
    case.statement_on, case.statement, case.statement_waived = received_on, text, waived
    case.statement_adopted = adopted and not waived
    case.save(update_fields=["statement_on", "statement", "statement_waived", "statement_adopted"])
    data = {
        "received_on": received_on.isoformat(),
        "waived": waived,
        "adopted": case.statement_adopted,
        "late": received_on > case.statement_due,
    }
    _event(case, actor, "statement.recorded", note=text, data=data)
    audit_record(actor=actor, action="penalty.statement", obj=case, after=data)
    return case


def hearing_request_check(notified: Any, requested_on: dt.date) -> None:
    """A hearing request on a penalty case or a daily-penalty round (anything with the notice's hearing fields):
    only when the notice carried the right, not waived, within 5 working days of it (行政处罚法 Arts. 63, 64(1), 85)."""
    if not notified.hearing_right:
        raise DomainError(
            _("The notice carried no hearing right (行政处罚法 Art. 63)."), field="requested_on"
        )
    if notified.hearing_waived:
        raise DomainError(_("The party has waived the hearing."), field="requested_on")
    if requested_on < notified.notified_on:
        raise DomainError(
            _("The request cannot precede the notice (%(d)s).") % {"d": notified.notified_on.isoformat()},
            field="requested_on",
        )
    if requested_on > notified.hearing_due:
        raise DomainError(
            _(
                "The hearing was requested on %(r)s, after the deadline %(d)s (5 working days after the notice, "
                "行政处罚法 Art. 64(1)); no hearing is held."
            )
            % {"r": requested_on.isoformat(), "d": notified.hearing_due.isoformat()},
            field="requested_on",
        )


@transaction.atomic
def hearing_request(*, actor: Actor, case: PenaltyCase, requested_on: dt.date) -> PenaltyCase:
    """The party asks for a hearing: only when the notice carried the right, and within 5 working days of it
    (行政处罚法 Art. 64(1), Art. 85)."""
    case = _lock(case)
    _require(case, Status.NOTIFIED)
    hearing_request_check(case, requested_on)
    case.hearing_requested_on = requested_on
    case.save(update_fields=["hearing_requested_on"])
    return penalty_transition(
        actor=actor,
        case=case,
        target=Status.HEARING,
        who=Who.OFFICER,
        data={"requested_on": requested_on.isoformat()},
    )


@transaction.atomic
def hearing_waive(*, actor: Actor, case: PenaltyCase) -> PenaltyCase:
    case = _lock(case)
    _require(case, Status.NOTIFIED)
    case.hearing_waived = True
    case.save(update_fields=["hearing_waived"])
    _event(case, actor, "hearing.waived")
    audit_record(actor=actor, action="penalty.hearing_waive", obj=case, after={"hearing_waived": True})
    return case


@transaction.atomic
def hearing_record(*, actor: Actor, case: PenaltyCase, held_on: dt.date, record: str) -> PenaltyCase:
    case = _lock(case)
    _require(case, Status.HEARING)
    if not record.strip():
        raise DomainError(_("Summarise the hearing record."), field="record")
    assert case.hearing_requested_on is not None  # hearing_request set it with the status
    if held_on < case.hearing_requested_on:
        raise DomainError(
            _("The hearing cannot precede the request (%(d)s).")
            % {"d": case.hearing_requested_on.isoformat()},
            field="held_on",
        )
    case.hearing_held_on, case.hearing_record = held_on, record
    case.save(update_fields=["hearing_held_on", "hearing_record"])
    _event(case, actor, "hearing.held", note=record, data={"held_on": held_on.isoformat()})
    audit_record(actor=actor, action="penalty.hearing", obj=case, after={"held_on": held_on.isoformat()})
    return case


class NoticeProgress(Protocol):
    """What ``decision_blockers`` reads: a penalty case, or a daily-penalty round (rounds.py), which carries
    the same fields of the notice's periods and the same status values."""

    @property
    def status(self) -> str: ...
    @property
    def statement_due(self) -> dt.date | None: ...
    @property
    def statement_on(self) -> dt.date | None: ...
    @property
    def hearing_right(self) -> bool: ...
    @property
    def hearing_waived(self) -> bool: ...
    @property
    def hearing_due(self) -> dt.date | None: ...
    @property
    def hearing_held_on(self) -> dt.date | None: ...


def decision_blockers(case: NoticeProgress, today: dt.date) -> list[str]:
    """Why the bureau may not decide yet (行政处罚法 Arts. 62, 64–65), in words; empty when it may."""
    out = []
    if case.status == Status.NOTIFIED:
        assert case.statement_due is not None  # notice_issue set it
        if not (case.statement_on or today > case.statement_due):
            out.append(
                _("the period to state a defence runs until %(d)s") % {"d": case.statement_due.isoformat()}
            )
        if case.hearing_right and not case.hearing_waived:
            assert case.hearing_due is not None  # notice_issue sets it with the right
            if today <= case.hearing_due:
                out.append(
                    _("the period to ask for a hearing runs until %(d)s")
                    % {"d": case.hearing_due.isoformat()}
                )
    elif case.status == Status.HEARING and case.hearing_held_on is None:
        out.append(_("the hearing has not been held"))
    return out


@transaction.atomic
def decision_make(
    *,
    actor: Actor,
    case: PenaltyCase,
    amount: Any,
    reason: str = "",
    decided_on: dt.date | None = None,
    served_on: dt.date | None = None,
) -> PenaltyCase:
    """决定 by the bureau leader (负责人, Art. 57): the fine within the article's range and never above the notified
    one (Art. 45: no heavier penalty because of the defence; a heavier one needs a new notice). Writes the outbox
    row the credit app consumes."""
    case = _lock(case)
    _require(case, Status.NOTIFIED, Status.HEARING)
    if _who_of_user(actor) != Who.LEADER:
        raise DomainError(_("This step needs a bureau leader's approval (负责人)."), code="forbidden")
    decided_on = decided_on or clock.today()
    blockers = decision_blockers(case, decided_on)
    if blockers:
        raise DomainError(_("Not yet: %(why)s.") % {"why": "；".join(blockers)})
    value = check_amount(case, amount)
    # check_amount refuses a case without an article; notice_issue set the amount notified.
    assert case.article_no is not None and case.proposed_amount is not None
    if value > case.proposed_amount:
        raise DomainError(
            _(
                "The fine decided (%(a)s yuan) may not exceed the fine notified (%(b)s yuan); serve a new notice for a "
                "heavier one (行政处罚法 Art. 45)."
            )
            % {"a": value, "b": case.proposed_amount},
            field="amount",
        )
    served_on = served_on or decided_on
    if served_on < decided_on:
        raise DomainError(_("The decision cannot be served before it is made."), field="served_on")
    case.outcome, case.decided_on, case.decided_by, case.decided_amount = (
        Outcome.PENALTY,
        decided_on,
        user_of(actor),
        value,
    )
    case.decision_reason, case.decision_served_on = reason, served_on
    case.payment_due = procedure.payment_due(served_on)
    case.decision_number = _next_number("decision", decided_on.year)
    case.save(
        update_fields=[
            "outcome",
            "decided_on",
            "decided_by",
            "decided_amount",
            "decision_reason",
            "decision_served_on",
            "payment_due",
            "decision_number",
        ]
    )
    record = PenaltyDecisionRecord.objects.create(
        case=case,
        kind=PenaltyDecisionRecord.Kind.PENALTY,
        facility_id_value=case.facility_id,
        case_number=case.number,
        decision_number=case.decision_number,
        article_no=case.article_no,
        item_no=case.item_no,
        amount=value,
        decided_on=decided_on,
        recorded_at=clock.now(),
        is_demo=case.is_demo,
    )
    data = {
        "decision": case.decision_number,
        "amount": str(value),
        "payment_due": case.payment_due.isoformat(),
        "record": record.pk,
    }
    penalty_transition(actor=actor, case=case, target=Status.DECIDED, who=Who.LEADER, note=reason, data=data)
    _notify_enterprise(
        case,
        _("Penalty decision %(n)s: pay %(a)s yuan by %(d)s.")
        % {"n": case.decision_number, "a": value, "d": case.payment_due.isoformat()},
    )
    return case


@transaction.atomic
def no_penalty_decide(*, actor: Actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """不予处罚 (Art. 57(2)(3), Art. 33): minor and corrected, or the facts not established. A leader's decision."""
    if not reason.strip():
        raise DomainError(_("Give the reason (行政处罚法 Art. 33 or Art. 57)."), field="reason")
    case = _lock(case)
    case.outcome, case.decided_on, case.decided_by = Outcome.NO_PENALTY, clock.today(), user_of(actor)
    case.decision_reason = reason
    case.save(update_fields=["outcome", "decided_on", "decided_by", "decision_reason"])
    return penalty_transition(
        actor=actor, case=case, target=Status.NO_PENALTY, who=_who_of_user(actor) or Who.OFFICER, note=reason
    )


@transaction.atomic
def case_withdraw(*, actor: Actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """撤销立案: the filing conditions turned out not to be met (2010 环境行政处罚办法 Art. 23)."""
    if not reason.strip():
        raise DomainError(_("Give the reason for withdrawing the filing."), field="reason")
    return penalty_transition(
        actor=actor, case=case, target=Status.WITHDRAWN, who=_who_of_user(actor) or Who.OFFICER, note=reason
    )


# ---------------------------------------------------------------------------------------------- execution


def paid_total(case: PenaltyCase) -> Decimal:
    return case.executions.filter(kind=ExecutionKind.PAYMENT).aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def execution_record(
    *, actor: Actor, case: PenaltyCase, kind: str, on: dt.date, amount: Any = None, reference: str = ""
) -> Execution:
    """执行: a payment, the application to the court (Art. 72(4)), or the court's enforcement."""
    case = _lock(case)
    _require(case, Status.DECIDED, Status.EXECUTING)
    value = None
    if kind == ExecutionKind.PAYMENT:
        value = _amount(amount, "amount")
        if value <= 0:
            raise DomainError(_("The amount must be a number of yuan."), field="amount")
    elif kind in (ExecutionKind.COURT_APPLICATION, ExecutionKind.COURT_ENFORCED) and not reference.strip():
        raise DomainError(_("Name the court and the docket number."), field="reference")
    assert case.decided_on is not None  # a decided case
    if on < case.decided_on:
        raise DomainError(
            _("The date cannot precede the decision (%(d)s).") % {"d": case.decided_on.isoformat()},
            field="on",
        )
    recorder = user_of(actor)
    assert recorder is not None  # an officer records it (recorded_by is NOT NULL)
    ex = Execution.objects.create(
        case=case,
        kind=kind,
        on=on,
        amount=value,
        reference=reference,
        recorded_by=recorder,
        recorded_at=clock.now(),
    )
    data = {"execution": ex.pk, "kind": kind, "on": on.isoformat(), "amount": str(value) if value else None}
    _event(case, actor, "execution.recorded", note=reference, data=data)
    audit_record(actor=actor, action="penalty.execution", obj=ex, after={"case": case.pk, **data})
    if case.status == Status.DECIDED:
        penalty_transition(actor=actor, case=case, target=Status.EXECUTING, who=Who.OFFICER)
    return ex


@transaction.atomic
def case_close(*, actor: Actor, case: PenaltyCase, reason: str = "") -> PenaltyCase:
    """结案 (2010 办法 Art. 67): paid in full or enforced by the court; no penalty; or transferred as a crime."""
    case = _lock(case)
    who = _who_of_user(actor) or Who.OFFICER
    if case.status == Status.EXECUTING:
        paid = paid_total(case)
        enforced = case.executions.filter(kind=ExecutionKind.COURT_ENFORCED).exists()
        assert case.decided_amount is not None  # only a fine is executed
        if paid < case.decided_amount and not enforced:
            raise DomainError(
                _("Not yet paid in full: %(p)s of %(a)s yuan paid, and no enforcement by the court recorded.")
                % {"p": paid, "a": case.decided_amount}
            )
        reason = reason or (
            _("Paid in full.") if paid >= case.decided_amount else _("Enforced by the court.")
        )
    elif case.status in BEFORE_DECISION:
        if not case.transfers.filter(kind=TransferKind.CRIME).exists():
            raise DomainError(
                _(
                    "Before a decision, a case closes only after its transfer as a suspected crime "
                    "(行政处罚法 Art. 57(4)); record the transfer first."
                )
            )
        reason = reason or _("Transferred to the judicial organs as a suspected crime.")
    else:
        reason = reason or _("No penalty: nothing to execute.")
    return penalty_transition(actor=actor, case=case, target=Status.CLOSED, who=who, note=reason)


# ---------------------------------------------------------------------------------------------- transfer

MAX_FILE_BYTES = 20 * 1024 * 1024


@transaction.atomic
def transfer_record(
    *,
    actor: Actor,
    case: PenaltyCase,
    kind: str,
    transferred_on: dt.date,
    organ: str,
    reference: str = "",
    note: str = "",
    files: list[tuple[str, bytes]] | None = None,
) -> Transfer:
    """行刑衔接: the case handed to the public security organs with its documents (each stored with its SHA-256).
    The penalty case stays open and linked; its status shows the transfer."""
    from ecopermit.enforcement.models import TransferDocument

    case = _lock(case)
    if case.status == Status.WITHDRAWN:
        raise DomainError(_("A withdrawn case cannot be transferred."))
    if not organ.strip():
        raise DomainError(_("Name the receiving organ."), field="organ")
    if transferred_on < case.filed_on:
        raise DomainError(
            _("The transfer cannot precede the filing (%(d)s).") % {"d": case.filed_on.isoformat()},
            field="transferred_on",
        )
    recorder = user_of(actor)
    assert recorder is not None  # an officer records it (recorded_by is NOT NULL)
    tr = Transfer.objects.create(
        case=case,
        kind=kind,
        transferred_on=transferred_on,
        organ=organ,
        reference=reference,
        note=note,
        recorded_by=recorder,
        recorded_at=clock.now(),
    )
    hashes = []
    for name, content in files or []:
        if len(content) > MAX_FILE_BYTES:
            raise DomainError(_("The file is larger than 20 MB."), field="files")
        doc = TransferDocument(
            transfer=tr,
            original_name=name[:255],
            size=len(content),
            content_type=evidence.sniff(content) or "application/octet-stream",
        )
        doc.sha256 = digest = evidence.store(doc.file, content, suffix=evidence.suffix_for(content, name))
        doc.save()
        hashes.append({"name": name, "sha256": digest})
    data = {
        "transfer": tr.pk,
        "kind": kind,
        "organ": organ,
        "on": transferred_on.isoformat(),
        "documents": hashes,
    }
    _event(case, actor, "transfer.recorded", note=note, data=data)
    audit_record(actor=actor, action="penalty.transfer", obj=tr, after={"case": case.pk, **data})
    return tr
