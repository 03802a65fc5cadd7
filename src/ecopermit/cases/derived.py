"""Problems the platform derives from the inventory (一查 from the data, MISSION P1): raised once per stable key,
and proposed as fixed — never closed — when the facts later say they are gone. Only an officer closes a problem.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecopermit.cases.models import Problem
from ecopermit.cases.services import _event, problem_fix, problem_raise
from ecopermit.cases.vocab import ProblemStatus, Source
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Town
from ecopermit.core.notify import notify
from ecopermit.core.types import Actor


def fingerprint(facts: Any) -> str:
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def problem_derived_raise(
    *,
    actor: Actor,
    facility_id: int,
    key: str,
    kind: str,
    description: str,
    required_action: str,
    evidence: dict[str, Any],
    town_id: int | None = None,
    source: str = Source.INVENTORY,
    found_on: Any = None,
) -> tuple[Problem, bool]:
    """Raises the problem of ``key`` unless one was raised before (whatever became of it: an officer's fix or
    withdrawal stands). A proposal to close it is withdrawn when the rule finds it again."""
    existing = (
        Problem.objects.select_for_update()
        .filter(facility_id=facility_id, source=source, source_ref=key)
        .first()
    )
    if existing is not None:
        if existing.status == ProblemStatus.OPEN and existing.fix_proposal:
            _proposal_clear(actor, existing, _("The inventory shows the problem again."))
        return existing, False

    problem = problem_raise(
        actor=actor,
        facility_id=facility_id,
        kind=kind,
        description=description,
        source=source,
        source_ref=key,
        evidence=evidence,
        required_action=required_action,
        town=Town.objects.filter(pk=town_id).first() if town_id else None,
        found_on=found_on,
    )
    return problem, True


def _proposal_clear(actor: Actor, problem: Problem, note: str) -> None:
    state = problem.fix_proposal.get("state")
    problem.fix_proposal = {}
    problem.fix_proposed_at = None
    problem.save(update_fields=["fix_proposal", "fix_proposed_at"])
    if problem.case_id and state == "proposed":
        _event(problem.case, actor, "problem.fix_proposal_withdrawn", note=note, data={"problem": problem.pk})
        audit_record(actor=actor, action="problem.fix_proposal_withdraw", obj=problem, extra={"note": note})


@transaction.atomic
def problem_fix_propose(*, actor: Actor, problem: Problem, reason: str, facts: dict[str, Any]) -> bool:
    """Proposes an open problem as fixed, for an officer to confirm. Proposing again with the same facts, or
    after an officer rejected a proposal on these very facts, does nothing (returns False)."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.status != ProblemStatus.OPEN:
        return False
    mark = fingerprint(facts)
    if problem.fix_proposal.get("fingerprint") == mark:
        return False
    problem.fix_proposal = {
        "state": "proposed",
        "reason": reason,
        "facts": facts,
        "fingerprint": mark,
        "at": clock.now().isoformat(),
    }
    problem.fix_proposed_at = clock.now()
    problem.save(update_fields=["fix_proposal", "fix_proposed_at"])
    case = problem.case  # None without a query when the problem has no case
    if case is not None:
        _event(case, actor, "problem.fix_proposed", note=reason, data={"problem": problem.pk})

        if case.officer is not None:
            notify(
                [case.officer],
                _("Proposed as fixed, please confirm: %(p)s") % {"p": problem.description[:60]},
                link=f"/cases/{problem.case_id}/",
            )
    audit_record(actor=actor, action="problem.fix_propose", obj=problem, after={"reason": reason})
    return True


@transaction.atomic
def problem_fix_confirm(*, actor: Actor, problem: Problem) -> Problem:
    """The officer agrees that a problem proposed as fixed is fixed."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.status != ProblemStatus.OPEN or problem.fix_proposal.get("state") != "proposed":
        raise DomainError(_("This problem is not proposed as fixed."))
    reason = problem.fix_proposal.get("reason", "")
    problem.fix_proposed_at = None
    problem.save(update_fields=["fix_proposed_at"])
    problem_fix(actor=actor, problem=problem)
    audit_record(actor=actor, action="problem.fix_confirm", obj=problem, extra={"proposal": reason})
    return problem


@transaction.atomic
def problem_fix_reject(*, actor: Actor, problem: Problem, note: str) -> Problem:
    """The officer finds the problem not fixed after all (the data are wrong, the site says otherwise). The same
    facts are not proposed again; new facts are."""
    if not note.strip():
        raise DomainError(_("Say why the problem is not fixed."), field="note")
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.fix_proposal.get("state") != "proposed":
        raise DomainError(_("This problem is not proposed as fixed."))
    problem.fix_proposal = {**problem.fix_proposal, "state": "rejected", "note": note}
    problem.fix_proposed_at = None
    problem.save(update_fields=["fix_proposal", "fix_proposed_at"])
    if problem.case_id:
        _event(problem.case, actor, "problem.fix_rejected", note=note, data={"problem": problem.pk})
    audit_record(actor=actor, action="problem.fix_reject", obj=problem, extra={"note": note})
    return problem
