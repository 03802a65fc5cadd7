"""What other apps may ask of the rectification workflow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecopermit.cases.models import Problem, RectificationCase
from ecopermit.cases.states import STEP_OF, Status, Step
from ecopermit.cases.vocab import ProblemStatus


@dataclass(frozen=True)
class CaseSummary:
    case_id: int
    status: str
    status_label: str
    deadline: Any
    open_problems: int


def facility_case_summary(facility_id: int) -> CaseSummary | None:
    case = RectificationCase.objects.filter(facility_id=facility_id).exclude(status=Status.PUBLISHED).first()
    if case is None:
        return None
    return CaseSummary(case.pk, case.status, str(Status(case.status).label), case.deadline,
                       Problem.objects.filter(case=case, status=ProblemStatus.OPEN).count())


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
