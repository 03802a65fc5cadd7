"""What other apps may ask of enforcement. Returns ids and frozen dataclasses, never model instances.

- ``penalty_case_open``: the rectification workflow (四罚) and, later, inspections and complaints open a case.
- ``penalty_decisions``: the credit app reads each penalty decided (original fines and continuous daily penalties)
  as a credit event. They come from an outbox (``PenaltyDecisionRecord``) written in the deciding transaction, so
  a decision is never lost and never counted twice: poll with ``after_id`` (the last ``record_id`` consumed).
- ``published_results``: the public portal's list of penalty decisions (行政处罚法 Art. 48).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from ecopermit.accounts.scope import Scope
from ecopermit.cases import facade as cases
from ecopermit.core.types import Actor
from ecopermit.enforcement.models import PenaltyCase, PenaltyDecisionRecord, Source, Transfer
from ecopermit.enforcement.states import FINAL, Status
from ecopermit.registry import facade as registry


@dataclass(frozen=True)
class PenaltyDecision:
    record_id: int
    kind: str  # "penalty" | "daily"
    facility_id: int
    case_id: int
    case_number: str
    decision_number: str
    article: int
    item: int | None
    amount: Decimal
    decided_on: dt.date
    recorded_at: dt.datetime
    is_demo: bool


@dataclass(frozen=True)
class PenaltyCaseRef:
    id: int
    number: str
    status: str
    status_label: str
    notified: bool
    transferred: bool


@dataclass(frozen=True)
class PublishedPenalty:
    decision_number: str
    facility_name: str
    credit_code: str
    violation: str
    article: str
    amount: Decimal
    decided_on: dt.date
    executed: bool
    is_demo: bool
    facility_id: int = 0
    town_code: str = ""
    town: str = ""


@transaction.atomic
def penalty_case_open(
    *,
    actor: Actor,
    facility_id: int,
    rectification_case_id: int | None = None,
    source: str = "",
    source_ref: str = "",
    article_no: int | None = None,
    item_no: int | None = None,
    facts: str = "",
) -> int:
    """Files a penalty case (立案) and returns its id. A rectification case referred twice opens one penalty case:
    the open one is returned. Without an article, the one suggested by the referred problems is used."""
    from ecopermit.enforcement import services
    from ecopermit.enforcement.rules import procedure

    if rectification_case_id is not None:
        existing = (
            PenaltyCase.objects.filter(rectification_case_id=rectification_case_id)
            .exclude(status__in=FINAL)
            .first()
        )
        if existing is not None:
            return existing.pk
        if article_no is None:
            kinds, descriptions = cases.case_problem_kinds(rectification_case_id)
            hit = procedure.suggested_violation(kinds, registry.facility_ref(facility_id).management_class)
            if hit:
                article_no, item_no = hit
            facts = facts or "；".join(descriptions)
    case = services.penalty_case_file(
        actor=actor,
        facility_id=facility_id,
        source=source or (Source.REFERRAL if rectification_case_id else Source.MANUAL),
        source_ref=source_ref,
        rectification_case_id=rectification_case_id,
        article_no=article_no,
        item_no=item_no,
        facts=facts,
    )
    return case.pk


def penalty_cases_for_rectification(rectification_case_id: int, scope: Scope) -> list[PenaltyCaseRef]:
    """The penalty cases a rectification case was referred to, as far as ``scope`` may see them."""
    from ecopermit.enforcement.selectors import cases_visible

    qs = cases_visible(scope).filter(rectification_case_id=rectification_case_id).order_by("pk")
    return [
        PenaltyCaseRef(
            c.pk,
            c.number,
            c.status,
            str(Status(c.status).label),
            c.notified_on is not None,
            c.transfers.exists(),
        )
        for c in qs
    ]


def _decision(r: PenaltyDecisionRecord) -> PenaltyDecision:
    return PenaltyDecision(
        r.pk,
        r.kind,
        r.facility_id_value,
        r.case_id,
        r.case_number,
        r.decision_number,
        r.article_no,
        r.item_no,
        r.amount,
        r.decided_on,
        r.recorded_at,
        r.is_demo,
    )


def penalty_decisions(
    since: dt.datetime | dt.date | None = None, *, after_id: int | None = None
) -> list[PenaltyDecision]:
    """Penalties decided, oldest first. ``since`` a datetime: recorded after it; a date: decided on or after it;
    ``after_id``: outbox rows after that id (the cursor a consumer keeps)."""
    qs = PenaltyDecisionRecord.objects.order_by("pk")
    if isinstance(since, dt.datetime):
        qs = qs.filter(recorded_at__gt=since)
    elif isinstance(since, dt.date):
        qs = qs.filter(decided_on__gte=since)
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    return [_decision(r) for r in qs]


def published_results(
    *,
    include_demo: bool = True,
    town_code: str = "",
    year: int | None = None,
    facility_id: int | None = None,
    limit: int | None = None,
) -> list[PublishedPenalty]:
    """Every original penalty decision, newest first, with what the portal shows (行政处罚法 Art. 48); of one town,
    one year (of the decision) or one facility when given."""
    from ecopermit.enforcement.selectors import article_label, violation_text

    qs = (
        PenaltyCase.objects.filter(outcome="penalty", decision_number__gt="")
        .select_related("facility", "facility__town")
        .order_by("-decided_on", "-pk")
    )
    if not include_demo:
        qs = qs.filter(is_demo=False)
    if town_code:
        qs = qs.filter(facility__town__code=town_code)
    if year:
        qs = qs.filter(decided_on__year=year)
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    if limit is not None:
        qs = qs[:limit]
    out = []
    for c in qs:
        # decide() sets the amount and the date with the outcome and the decision number.
        assert c.decided_amount is not None and c.decided_on is not None
        out.append(
            PublishedPenalty(
                c.decision_number,
                c.facility.name,
                c.facility.credit_code,
                violation_text(c),
                article_label(c),
                c.decided_amount,
                c.decided_on,
                c.status == Status.CLOSED,
                c.is_demo,
                c.facility_id,
                c.facility.town.code,
                c.facility.town.name,
            )
        )
    return out


def case_referred(*, actor: Actor, case_id: int, facility_id: int) -> int:
    """The ``case_referred`` hook (core/hooks.py): a rectification case referred for penalty (四罚) files a penalty
    case in the same transaction, linked back to it; its id."""
    return penalty_case_open(actor=actor, facility_id=facility_id, rectification_case_id=case_id)


def case_page(*, request: Any, case: Any) -> dict[str, Any]:
    """The ``case_page`` hook: the penalty cases the rectification case was referred to, as far as the viewer may
    see them."""
    return {"penalties": penalty_cases_for_rectification(case.pk, request.scope)}


@dataclass(frozen=True)
class PoliceTransfer:
    """行刑衔接: a penalty case handed to the public security organs (read by credit: a serious event)."""

    id: int
    facility_id: int
    case_id: int
    case_number: str
    kind: str  # crime | detention
    kind_label: str
    transferred_on: dt.date
    is_demo: bool


def police_transfers(*, after_id: int | None = None) -> list[PoliceTransfer]:
    """Transfers to the police, oldest first; ``after_id``: rows after that id (the cursor a consumer keeps)."""
    qs = Transfer.objects.select_related("case").order_by("pk")
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    return [
        PoliceTransfer(
            t.pk,
            t.case.facility_id,
            t.case_id,
            t.case.number or "",
            t.kind,
            str(t.get_kind_display()),
            t.transferred_on,
            t.case.is_demo,
        )
        for t in qs
    ]
