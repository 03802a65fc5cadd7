"""What the public portal may read of rectification (issue 14, K2): the notices served with their deadline, the
kinds of the problems (their labels only: the free-text descriptions may name people), the case's status, and
whether the plan and the acceptance report were accepted (never the files, their names or the review comments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from ecopermit.cases.models import CaseDocument, Problem, RectificationCase, RectificationNotice
from ecopermit.cases.states import Status
from ecopermit.cases.vocab import DocumentKind, Kind, ProblemStatus, ReviewStatus


@dataclass(frozen=True)
class PublicProblem:
    kind_label: str
    status_label: str
    fixed_on: dt.date | None


@dataclass(frozen=True)
class PublicRectification:
    case_number: str
    status: str
    status_label: str
    notice_number: str
    notice_issued_on: dt.date | None
    deadline: dt.date | None
    problems: tuple[PublicProblem, ...]
    plan_accepted_on: dt.date | None
    acceptance_accepted_on: dt.date | None


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value))


def facility_rectification(facility_id: int) -> PublicRectification | None:
    """The facility's latest case that has a served notice (a case still being investigated is not public)."""
    notice = (
        RectificationNotice.objects.filter(case__facility_id=facility_id, superseded_by__isnull=True)
        .select_related("case")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if notice is None:
        return None
    case = notice.case
    problems = tuple(
        PublicProblem(_label(Kind.choices, p.kind), _label(ProblemStatus.choices, p.status), p.fixed_on)
        for p in Problem.objects.filter(case=case).exclude(status=ProblemStatus.WITHDRAWN).order_by("pk")
    )
    accepted: dict[str, dt.date] = {}
    for kind, at in CaseDocument.objects.filter(
        case=case,
        review=ReviewStatus.ACCEPTED,
        kind__in=[DocumentKind.RECTIFICATION_PLAN, DocumentKind.ACCEPTANCE_REPORT],
    ).values_list("kind", "reviewed_at"):
        if at is not None:
            accepted[kind] = max(accepted.get(kind, at.date()), at.date())
    return PublicRectification(
        case.number or "",
        case.status,
        _label(Status.choices, case.status),
        notice.number,
        notice.issued_on,
        notice.deadline,
        problems,
        accepted.get(DocumentKind.RECTIFICATION_PLAN),
        accepted.get(DocumentKind.ACCEPTANCE_REPORT),
    )


@dataclass(frozen=True)
class PublicNotice:
    number: str
    facility_id: int
    issued_on: dt.date
    deadline: dt.date
    status_label: str
    problem_kinds: str  # the labels, joined with "、"
    is_demo: bool


def public_notices(*, town_code: str = "", year: int | None = None) -> list[PublicNotice]:
    """Rectification notices in force (not superseded), newest first, of one town and one year when given."""
    qs = RectificationNotice.objects.filter(superseded_by__isnull=True).select_related("case")
    if town_code:
        qs = qs.filter(case__facility__town__code=town_code)
    if year:
        qs = qs.filter(issued_on__year=year)
    notices = list(qs.order_by("-issued_on", "-pk"))
    kinds: dict[int, list[str]] = {}
    for case_id, kind in (
        Problem.objects.filter(Q(case_id__in={n.case_id for n in notices}))
        .exclude(status=ProblemStatus.WITHDRAWN)
        .order_by("pk")
        .values_list("case_id", "kind")
    ):
        label = _label(Kind.choices, kind)
        if label not in kinds.setdefault(case_id, []):
            kinds[case_id].append(label)
    return [
        PublicNotice(
            n.number,
            n.case.facility_id,
            n.issued_on,
            n.deadline,
            _label(Status.choices, n.case.status),
            "、".join(kinds.get(n.case_id, [])),
            n.case.is_demo,
        )
        for n in notices
    ]


def rectifying_count() -> int:
    """Facilities with a served notice whose case is still open (the district's "in rectification" figure)."""
    return (
        RectificationCase.objects.filter(notices__isnull=False)
        .exclude(status__in=[Status.PUBLISHED, Status.ACCEPTED])
        .values("facility_id")
        .distinct()
        .count()
    )
