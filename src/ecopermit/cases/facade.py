"""What other apps may ask of the rectification workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ecopermit.cases.forms import ProblemForm
from ecopermit.cases.models import CaseEvent, Problem, RectificationCase, RectificationNotice
from ecopermit.cases.states import STEP_OF, Status, Step
from ecopermit.cases.vocab import Kind, ProblemStatus
from ecopermit.core.types import Actor


@dataclass(frozen=True)
class CaseSummary:
    case_id: int
    number: str
    status: str
    status_label: str
    deadline: Any
    open_problems: int


def facility_case_summary(facility_id: int) -> CaseSummary | None:
    case = RectificationCase.objects.filter(facility_id=facility_id).exclude(status=Status.PUBLISHED).first()
    if case is None:
        return None
    return CaseSummary(
        case.pk,
        case.number or "",
        case.status,
        str(Status(case.status).label),
        case.deadline,
        Problem.objects.filter(case=case, status=ProblemStatus.OPEN).count(),
    )


def rectification_running(facility_id: int) -> CaseSummary | None:
    """The facility's open case when its rectification period runs (notice served: supervision or penalty
    step), the same test ``problem_raise`` uses for ``during_rectification`` (P7); None otherwise."""
    summary = facility_case_summary(facility_id)
    if summary is None or STEP_OF[Status(summary.status)] not in (Step.SUPERVISE, Step.PENALISE):
        return None
    return summary


def problem_raise(**kwargs: Any) -> int:
    """For other apps (inspections, monitoring, filings, complaints): records a problem, returns its id."""
    from ecopermit.cases.services import problem_raise as raise_

    return raise_(**kwargs).pk


def case_problem_kinds(case_id: int) -> tuple[list[str], list[str]]:
    """The kinds and descriptions of a case's open problems (for enforcement to suggest the violated article)."""
    rows = Problem.objects.filter(case_id=case_id, status=ProblemStatus.OPEN).order_by("pk")
    pairs = list(rows.values_list("kind", "description"))
    return [k for k, _d in pairs], [d for _k, d in pairs]


# ---- Derived problems and the closure path (issue 10, §6: 一查 from the data) ------------------------------


@dataclass(frozen=True)
class DerivedProblemRef:
    id: int
    key: str
    kind: str
    status: str
    proposed_fixed: bool


def derived_problems(facility_id: int, source: str = "inventory") -> list[DerivedProblemRef]:
    """The problems raised from the inventory (by stable key) of one facility, whatever their status."""
    rows = (
        Problem.objects.filter(facility_id=facility_id, source=source).exclude(source_ref="").order_by("pk")
    )
    return [
        DerivedProblemRef(p.pk, p.source_ref, p.kind, p.status, p.fix_proposal.get("state") == "proposed")
        for p in rows
    ]


def derived_problem_raise(**kwargs: Any) -> tuple[int, bool]:
    """Raises a problem derived from the inventory once per key; returns (id, created)."""
    from ecopermit.cases.derived import problem_derived_raise

    problem, created = problem_derived_raise(**kwargs)
    return problem.pk, created


def derived_problem_propose_fixed(
    *, actor: Actor, problem_id: int, reason: str, facts: dict[str, Any]
) -> bool:
    from ecopermit.cases.derived import problem_fix_propose

    return problem_fix_propose(
        actor=actor, problem=Problem.objects.get(pk=problem_id), reason=reason, facts=facts
    )


@dataclass(frozen=True)
class ClosureRef:
    id: int
    facility_id: int
    ground: str
    status: str
    grounds_lapsed: bool


def _closure_ref(c: Any) -> ClosureRef:
    return ClosureRef(c.pk, c.facility_id, c.ground, c.status, c.grounds_lapsed_at is not None)


def facility_open_closure(facility_id: int) -> ClosureRef | None:
    from ecopermit.cases.closure import open_closure

    c = open_closure(facility_id)
    return _closure_ref(c) if c else None


def closure_open_for_gate(
    *, actor: Actor, facility_id: int, gate: list[dict[str, Any]]
) -> tuple[ClosureRef, bool]:
    """Opens the closure path of a facility the gate excludes (idempotent: one open closure case per facility)."""
    from ecopermit.cases.closure import closure_open
    from ecopermit.cases.vocab import ClosureGround

    kinds = {g.get("kind") for g in gate}
    ground = ClosureGround.WATER_SOURCE_ZONE if "water_source_zone" in kinds else ClosureGround.ELIMINATED
    closure, created = closure_open(actor=actor, facility_id=facility_id, ground=ground, reasons=list(gate))
    return _closure_ref(closure), created


def closure_gate_lapsed(*, actor: Actor, closure_id: int, gate: list[dict[str, Any]]) -> bool:
    from ecopermit.cases.closure import closure_grounds_lapsed
    from ecopermit.cases.models import ClosureCase

    return closure_grounds_lapsed(actor=actor, closure=ClosureCase.objects.get(pk=closure_id), reasons=gate)


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    """The ``facility_page`` hook (core/hooks.py): the facility's case and closure path, and for the bureau the
    form to record a problem."""
    context: dict[str, Any] = {
        "case": facility_case_summary(facility.pk),
        "closure": facility_open_closure(facility.pk),
    }
    if request.scope.is_bureau:
        context["problem_form"] = ProblemForm()
    return context


def problem_case_number(problem_id: int) -> str:
    """The number of the rectification case a problem is on ("" when there is none)."""
    return Problem.objects.filter(pk=problem_id).values_list("case__number", flat=True).first() or ""


# ---- Compliance history (issue 13, ECHO-style quarters) --------------------------------------------------------


@dataclass(frozen=True)
class ComplianceEventRef:
    """What made a facility non-compliant on a day: a problem found then (``kind`` its problem kind), or its
    rectification deadline passing (``kind`` "rectification_overdue", ``problem_id`` None)."""

    on: dt.date
    kind: str
    kind_label: str
    category: str
    source: str
    description: str
    problem_id: int | None
    case_id: int | None
    case_number: str


OVERDUE_RECTIFICATION = "rectification_overdue"


def compliance_events(
    facility_ids: Any, first: dt.date, last: dt.date
) -> dict[int, list[ComplianceEventRef]]:
    """By facility: the problems found from ``first`` to ``last`` (both included; withdrawn ones are not: they were
    raised in error) and the days their rectification went overdue, oldest first. Two queries."""
    found: dict[int, list[ComplianceEventRef]] = {int(f): [] for f in facility_ids}
    problems = (
        Problem.objects.filter(facility_id__in=list(found), found_on__gte=first, found_on__lte=last)
        .exclude(status=ProblemStatus.WITHDRAWN)
        .select_related("case")
        .order_by("found_on", "pk")
    )
    labels = dict(Kind.choices)
    for p in problems:
        found[p.facility_id].append(
            ComplianceEventRef(
                p.found_on,
                p.kind,
                str(labels.get(p.kind, p.kind)),
                p.category,
                p.source,
                p.description,
                p.pk,
                p.case_id,
                (p.case.number or "") if p.case else "",
            )
        )
    overdue = (
        CaseEvent.objects.filter(case__facility_id__in=list(found), to_status=Status.OVERDUE)
        .select_related("case")
        .order_by("at", "pk")
    )
    for e in overdue:
        day = timezone.localdate(e.at)
        if first <= day <= last:
            found[e.case.facility_id].append(
                ComplianceEventRef(
                    day,
                    OVERDUE_RECTIFICATION,
                    str(Status.OVERDUE.label),
                    "",
                    "",
                    e.note,
                    None,
                    e.case_id,
                    e.case.number or "",
                )
            )
    for events in found.values():
        events.sort(key=lambda r: r.on)
    return found


@dataclass(frozen=True)
class ProblemRef:
    id: int
    facility_id: int
    kind: str
    status: str
    status_label: str
    case_id: int | None
    case_number: str


def problem_refs(problem_ids: Any) -> dict[int, ProblemRef]:
    """The problems by id, with their case (one query)."""
    return {
        p.pk: ProblemRef(
            p.pk,
            p.facility_id,
            p.kind,
            p.status,
            str(ProblemStatus(p.status).label),
            p.case_id,
            (p.case.number or "") if p.case else "",
        )
        for p in Problem.objects.filter(pk__in=[i for i in problem_ids if i]).select_related("case")
    }


@dataclass(frozen=True)
class PendingNoticeRef:
    """A served rectification notice the enterprise has not acknowledged yet (for the guide's reminders, S2)."""

    id: int
    facility_id: int
    case_id: int
    number: str
    served_on: dt.date | None
    deadline: dt.date


def notices_unacknowledged(facility_ids: Any) -> list[PendingNoticeRef]:
    """The current (not superseded) notices of the facilities that are served or issued but not acknowledged."""
    rows = RectificationNotice.objects.filter(
        case__facility_id__in=list(facility_ids), acknowledged_at__isnull=True, superseded_by__isnull=True
    ).select_related("case")
    return [
        PendingNoticeRef(n.pk, n.case.facility_id, n.case_id, n.number, n.served_on, n.deadline)
        for n in rows.order_by("deadline", "pk")
    ]


# ---- Credit (issue 14): what the credit evaluation reads ---------------------------------------------------------


@dataclass(frozen=True)
class ProblemFound:
    id: int
    facility_id: int
    kind: str
    kind_label: str
    source: str
    source_ref: str
    found_on: dt.date
    case_id: int | None
    case_number: str
    is_demo: bool


def problems_found(since: dt.date) -> list[ProblemFound]:
    """Problems found on or after ``since`` (withdrawn ones are not: they were raised in error), oldest first."""
    qs = (
        Problem.objects.filter(found_on__gte=since)
        .exclude(status=ProblemStatus.WITHDRAWN)
        .select_related("case", "facility")
        .order_by("found_on", "pk")
    )
    labels = dict(Kind.choices)
    return [
        ProblemFound(
            p.pk,
            p.facility_id,
            p.kind,
            str(labels.get(p.kind, p.kind)),
            p.source,
            p.source_ref,
            p.found_on,
            p.case_id,
            (p.case.number or "") if p.case else "",
            p.facility.is_demo,
        )
        for p in qs
    ]


@dataclass(frozen=True)
class CaseMilestone:
    """A rectification case going overdue, or accepted (``on_time``: on or before its deadline)."""

    event_id: int
    facility_id: int
    case_id: int
    case_number: str
    status: str  # overdue | accepted
    on: dt.date
    deadline: dt.date | None
    on_time: bool
    is_demo: bool


def case_milestones(*, after_id: int | None = None) -> list[CaseMilestone]:
    """Cases moved to overdue or accepted, oldest first; ``after_id``: timeline rows after that id (a cursor)."""
    qs = (
        CaseEvent.objects.filter(to_status__in=[Status.OVERDUE, Status.ACCEPTED])
        .select_related("case")
        .order_by("pk")
    )
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    out = []
    for e in qs:
        day = timezone.localdate(e.at)
        deadline = e.case.deadline
        out.append(
            CaseMilestone(
                e.pk,
                e.case.facility_id,
                e.case_id,
                e.case.number or "",
                e.to_status,
                day,
                deadline,
                e.to_status == Status.ACCEPTED and (deadline is None or day <= deadline),
                e.case.is_demo,
            )
        )
    return out


# ---- The public portal (issue 14, K2): what a member of the public may read -------------------------------------

from ecopermit.cases.public_reads import (  # noqa: E402, F401
    PublicNotice,
    PublicProblem,
    PublicRectification,
    facility_rectification,
    public_notices,
    rectifying_count,
)
