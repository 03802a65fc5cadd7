"""Penalty cases proposed by online monitoring (P7, issue 10): an exceedance during a rectification period is a
violation of its own, proposed for a penalty case under 《排污许可管理条例》 Art. 34(1) (超过许可排放浓度、
许可排放量排放污染物). Monitoring sits below enforcement and writes the proposals as an outbox; enforcement pulls
them through ``monitoring.facade`` (as credit pulls penalty decisions from enforcement's outbox) and files the
case through its own service. The officer decides: nothing is filed by itself.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor
from ecopermit.enforcement.facade import penalty_case_open
from ecopermit.enforcement.models import Source
from ecopermit.monitoring import facade as monitoring
from ecopermit.registry import facade as registry


def open_proposals() -> list[monitoring.PenaltyProposalRef]:
    return monitoring.penalty_proposals(status="proposed")


def open_proposal_rows() -> list[tuple[monitoring.PenaltyProposalRef, registry.FacilityRef]]:
    """The open proposals with their facilities, for the officer's list: two queries however many rows."""
    found = open_proposals()
    facilities = registry.facility_refs(p.facility_id for p in found)
    return [(p, facilities[p.facility_id]) for p in found]


def _proposal(proposal_id: int) -> monitoring.PenaltyProposalRef:
    for proposal in open_proposals():
        if proposal.id == proposal_id:
            return proposal
    raise DomainError(_("This proposal has already been acted on."))


@transaction.atomic
def proposal_open_case(*, actor: Actor, proposal_id: int) -> int:
    """Files the penalty case of a proposal (立案) under the proposal's article, Art. 34(1), with the alarm's
    facts, and marks the proposal opened; returns the penalty case id. Both or neither."""
    proposal = _proposal(proposal_id)
    case_id = penalty_case_open(
        actor=actor,
        facility_id=proposal.facility_id,
        source=Source.MONITORING,
        source_ref=f"monitoring.proposal:{proposal.id}",
        article_no=proposal.article_no,
        item_no=proposal.item_no,
        facts=proposal.facts,
    )
    monitoring.penalty_proposal_resolve(actor=actor, proposal_id=proposal.id, penalty_case_id=case_id)
    return case_id


@transaction.atomic
def proposal_dismiss(*, actor: Actor, proposal_id: int, reason: str) -> None:
    """The officer decides not to file a case for the proposal, saying why."""
    _proposal(proposal_id)
    monitoring.penalty_proposal_resolve(actor=actor, proposal_id=proposal_id, reason=reason)
