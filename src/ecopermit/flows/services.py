"""The intake flow: after the inventory changes (survey import, an officer's edit) and every day, derive each
facility's problems from its facts and put them through the cases facade (MISSION P1, C2; DESIGN: flows).

For each facility: the rules of ``flows.rules`` give findings; a finding whose key has no problem yet raises one
(source ``inventory``); an open problem whose key no rule yields any more is *proposed* as fixed (an officer
confirms); problems the survey's 问题 sheet reported are raised once each (source ``survey``); a facility the gate
excludes opens the closure path instead, and a closure whose gate reason is gone is flagged to the officer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ecopermit.cases import facade as cases
from ecopermit.cases.vocab import Source
from ecopermit.catalog import facade as catalog
from ecopermit.core import clock
from ecopermit.core.types import Actor
from ecopermit.flows.rules import Classification, Snapshot, derive
from ecopermit.registry import facade as registry
from ecopermit.registry.vocab import ManagementClass


def snapshot_of(facility_id: int, today: dt.date | None = None) -> Snapshot:
    facts = registry.facility_facts(facility_id)
    c = catalog.classification_facts(facility_id)
    classification = (
        Classification(c.management_class, c.edition, c.deciding, c.gate) if c is not None else None
    )
    return Snapshot(facts, classification, today or clock.today())


@dataclass
class DeriveResult:
    raised: list[str] = field(default_factory=list)
    proposed_fixed: list[str] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)
    closure_opened: bool = False

    def merge(self, other: DeriveResult) -> None:
        self.raised += other.raised
        self.proposed_fixed += other.proposed_fixed
        self.reported += other.reported
        self.closure_opened |= other.closure_opened


def _resolution_facts(s: Snapshot) -> dict[str, Any]:
    """What the data say now, kept with a fix proposal (and used to propose once per state of the facts)."""
    f = s.facts
    return {
        "date": s.today.isoformat(),
        "class": s.management_class,
        "status": f.status,
        "permits": [[p.number, p.valid_until.isoformat()] for p in f.permits],
        "registrations": [r.number for r in f.registrations],
        "eia": [[e.number, e.approved_on.isoformat()] for e in f.eia_approvals],
        "outlets": [
            [
                o.code,
                o.auto_monitoring_installed,
                o.auto_monitoring_networked,
                o.standardized,
                o.in_eia_approval,
            ]
            for o in f.outlets
        ],
    }


@transaction.atomic
def problems_derive(*, actor: Actor, facility_id: int, today: dt.date | None = None) -> DeriveResult:
    """Derives one facility's problems (idempotent: running it twice changes nothing the second time)."""
    s = snapshot_of(facility_id, today)
    result = DeriveResult()
    if s.management_class == ManagementClass.EXCLUDED and s.classification is not None:
        _, created = cases.closure_open_for_gate(
            actor=actor, facility_id=facility_id, gate=[dict(g) for g in s.classification.gate]
        )
        result.closure_opened = created
        return result
    closure = cases.facility_open_closure(facility_id)
    if (
        closure is not None
        and closure.ground in ("water_source_zone", "eliminated")
        and not closure.grounds_lapsed
    ):
        gate = [dict(g) for g in s.classification.gate] if s.classification else []
        cases.closure_gate_lapsed(actor=actor, closure_id=closure.id, gate=gate)

    findings = derive(s)
    for finding in findings:
        _id, created = cases.derived_problem_raise(
            actor=actor,
            facility_id=facility_id,
            key=finding.key,
            kind=finding.kind,
            description=finding.description,
            required_action=finding.required_action,
            evidence=finding.evidence(),
            town_id=s.facts.town_id,
        )
        if created:
            result.raised.append(finding.key)
    keys = {f.key for f in findings}
    facts = _resolution_facts(s)
    for p in cases.derived_problems(facility_id):
        if p.status != "open" or p.key in keys:
            continue
        reason = "依据清单现有数据，该问题已不再成立，请核实后确认整改完成"
        if cases.derived_problem_propose_fixed(actor=actor, problem_id=p.id, reason=reason, facts=facts):
            result.proposed_fixed.append(p.key)

    for reported in s.facts.survey_problems:
        _id, created = cases.derived_problem_raise(
            actor=actor,
            facility_id=facility_id,
            key=f"survey:{reported.number}",
            kind=reported.kind,
            description=reported.description,
            required_action=reported.required_action,
            source=Source.SURVEY,
            found_on=reported.found_on,
            town_id=s.facts.town_id,
            evidence={
                "rule": "survey_report",
                "facts": {
                    "number": reported.number,
                    "reported_by": reported.reported_by,
                    "outlet": reported.outlet_code,
                    "found_on": reported.found_on.isoformat(),
                },
            },
        )
        if created:
            result.reported.append(reported.number)
    return result


def problems_derive_many(
    *, actor: Actor, facility_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> DeriveResult:
    """Derives the problems of many facilities (all when None), one transaction each."""
    ids = list(facility_ids) if facility_ids is not None else registry.facility_ids()
    total = DeriveResult()
    for facility_id in ids:
        total.merge(problems_derive(actor=actor, facility_id=facility_id, today=today))
    return total


def inventory_changed(*, actor: Actor, facility_ids: Iterable[int]) -> DeriveResult:
    """Called inside the transaction of a survey import or an officer's edit (the ``inventory_changed`` hook; the
    registry does not import this layer): the catalog classifies the facilities again (C1), then their problems
    are derived from the new facts (P1)."""
    ids = list(facility_ids)
    catalog.reclassify(actor=actor, facility_ids=ids)
    return problems_derive_many(actor=actor, facility_ids=ids)


def classification_changed(*, actor: Actor, facility_ids: Iterable[int]) -> DeriveResult:
    """The catalog classified facilities again on facts of its own (protection zones): derive their problems."""
    return problems_derive_many(actor=actor, facility_ids=facility_ids)
