"""What other apps may ask of online monitoring. Returns ids and frozen dataclasses, never model instances.

- ``penalty_proposals`` / ``penalty_proposal_resolve``: enforcement (above monitoring in the layers) reads the
  exceedances during rectification that monitoring proposes for a penalty case under 《排污许可管理条例》
  Art. 34(1) (P7), and marks each opened (with its penalty case) or dismissed. The proposals are an outbox
  written in the alarm's transaction: monitoring never calls enforcement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ecopermit.core.types import Actor
from ecopermit.monitoring.hj212.codes import lookup


@dataclass(frozen=True)
class PenaltyProposalRef:
    id: int
    facility_id: int
    alarm_id: int
    alarm_number: str
    problem_id: int | None
    rectification_case_id: int | None
    article_no: int
    item_no: int | None
    facts: str
    pollutant: str
    period_start: dt.datetime
    value: Decimal | None
    limit: Decimal | None
    basis: str
    status: str
    penalty_case_id: int | None
    created_at: dt.datetime


def penalty_proposals(
    *, status: str | None = "proposed", facility_ids: Any = None
) -> list[PenaltyProposalRef]:
    """The proposals in that status (all when None), oldest first; only those facilities when given."""
    from ecopermit.monitoring.models_alarms import PenaltyProposal

    qs = PenaltyProposal.objects.select_related("alarm").order_by("created_at", "pk")
    if status is not None:
        qs = qs.filter(status=status)
    if facility_ids is not None:
        qs = qs.filter(facility_id__in=list(facility_ids))
    return [
        PenaltyProposalRef(
            p.pk,
            p.facility_id,
            p.alarm_id,
            p.alarm.number or "",
            p.problem_id,
            p.rectification_case_id,
            p.article_no,
            p.item_no,
            p.facts,
            p.alarm.pollutant,
            p.alarm.period_start,
            p.alarm.value,
            p.alarm.limit,
            p.alarm.basis,
            p.status,
            p.penalty_case_id,
            p.created_at,
        )
        for p in qs
    ]


def penalty_proposal_resolve(
    *, actor: Actor, proposal_id: int, penalty_case_id: int | None = None, reason: str = ""
) -> None:
    """Marks a proposal acted on: a penalty case was opened for it, or it is dismissed with a reason."""
    from ecopermit.monitoring.services import penalty_proposal_resolve as resolve

    resolve(actor=actor, proposal_id=proposal_id, penalty_case_id=penalty_case_id, reason=reason)


def pollutant_label(code: str) -> str:
    """“颗粒物 a34013”: the pollutant's Chinese name from the HJ 212-2017 code table with its code (the code alone
    when the table does not know it)."""
    row = lookup(code) if code else None
    return f"{row.name_zh} {code}" if row else code
