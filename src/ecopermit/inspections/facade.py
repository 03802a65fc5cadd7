"""What other apps may ask of inspections (issue 12: the app had no facade). The next apps read inspections
here: credit (a facility's inspection record), the portal (published results), the dashboard (inspections done
against the plan). Plain values out, never querysets of this app's models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ecopermit.inspections.draw import DEFAULT_CREDIT_FACTORS
from ecopermit.inspections.models import Inspection
from ecopermit.inspections.selectors import public_results
from ecopermit.inspections.vocab import InspectionKind, InspectionStatus, Outcome

__all__ = [
    "InspectionOutcome",
    "InspectionRef",
    "PublishedInspection",
    "credit_factors",
    "inspection_outcomes",
    "inspection_progress",
    "inspections_of_facility",
    "published_count",
    "published_results",
]


@dataclass(frozen=True)
class InspectionRef:
    pk: int
    number: str
    kind: str
    status: str
    outcome: str
    inspected_on: dt.date | None
    published_on: dt.date | None


def inspections_of_facility(facility_id: int, *, published_only: bool = False) -> list[InspectionRef]:
    """The facility's inspections, newest first; ``published_only`` for what the public may read."""
    qs = Inspection.objects.filter(facility_id=facility_id)
    if published_only:
        qs = qs.filter(status=InspectionStatus.PUBLISHED)
    rows = qs.order_by("-inspected_at", "-pk").values_list(
        "pk", "number", "kind", "status", "outcome", "inspected_at", "published_on"
    )
    return [
        InspectionRef(
            pk,
            number or str(pk),
            kind,
            status,
            outcome,
            inspected_at.date() if inspected_at else None,
            published_on,
        )
        for pk, number, kind, status, outcome, inspected_at, published_on in rows
    ]


def inspection_progress(*, since: dt.date, until: dt.date) -> dict[str, int]:
    """Drawn inspections of plans whose period overlaps [since, until]: planned, completed, published, with
    problems; and ad hoc and non-site inspections completed in the period (one query)."""
    drawn = Q(
        kind=InspectionKind.DRAWN, task__plan__period_start__lte=until, task__plan__period_end__gte=since
    )
    done = Q(status__in=[InspectionStatus.COMPLETED, InspectionStatus.PUBLISHED])
    other = ~Q(kind=InspectionKind.DRAWN) & Q(completed_at__date__gte=since, completed_at__date__lte=until)
    return Inspection.objects.aggregate(
        planned=Count("pk", filter=drawn),
        completed=Count("pk", filter=drawn & done),
        published=Count("pk", filter=drawn & Q(status=InspectionStatus.PUBLISHED)),
        with_problems=Count("pk", filter=drawn & Q(outcome=Outcome.PROBLEMS)),
        other_completed=Count("pk", filter=other & done),
    )


@dataclass(frozen=True)
class InspectionOutcome:
    """A completed inspection and its result (credit: a clean inspection is a good-record item)."""

    pk: int
    facility_id: int
    number: str
    outcome: str  # compliant | problems
    completed_on: dt.date


def inspection_outcomes(since: dt.date) -> list[InspectionOutcome]:
    """Inspections completed (or published) on or after ``since`` with a result, oldest first."""
    qs = (
        Inspection.objects.filter(
            status__in=[InspectionStatus.COMPLETED, InspectionStatus.PUBLISHED],
            completed_at__date__gte=since,
        )
        .exclude(outcome="")
        .order_by("completed_at", "pk")
    )
    return [
        InspectionOutcome(i.pk, i.facility_id, i.number or str(i.pk), i.outcome, i.completed_at.date())
        for i in qs
        if i.completed_at is not None
    ]


def credit_factors() -> dict[str, str]:
    """The draw's multiplier on the category ratio per credit level (``draw.DEFAULT_CREDIT_FACTORS``), as text
    ("1/2", "2"): what a published credit level does to a facility's chance of being drawn."""
    return {level: str(f) for level, f in DEFAULT_CREDIT_FACTORS.items()}


@dataclass(frozen=True)
class PublishedInspection:
    """A published result as the public portal shows it (双随机、一公开): facility, kind, date, result and the kinds
    of problem found (their labels only: the free-text descriptions may name people); never the inspectors',
    the representative's names or the evidence."""

    number: str
    facility_id: int
    kind: str
    kind_label: str
    inspected_on: dt.date | None
    outcome: str
    outcome_label: str
    finding_kinds: tuple[str, ...]
    published_on: dt.date | None
    is_demo: bool


def published_results(
    *,
    town_code: str = "",
    year: int | None = None,
    facility_id: int | None = None,
    limit: int | None = None,
) -> list[PublishedInspection]:
    """Published results, newest publication first (one query for the results, one for their findings)."""
    qs = public_results()
    if town_code:
        qs = qs.filter(facility__town__code=town_code)
    if year:
        qs = qs.filter(published_on__year=year)
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    if limit is not None:
        qs = qs[:limit]
    kinds = dict(InspectionKind.choices)
    outcomes = dict(Outcome.choices)
    return [
        PublishedInspection(
            i.number or str(i.pk),
            i.facility_id,
            i.kind,
            str(kinds.get(i.kind, i.kind)),
            timezone.localdate(i.inspected_at) if i.inspected_at else None,
            i.outcome,
            str(outcomes.get(i.outcome, i.outcome)),
            tuple(dict.fromkeys(f.kind_label for f in i.findings.all())),
            i.published_on,
            i.is_demo,
        )
        for i in qs
    ]


def published_count() -> int:
    return Inspection.objects.filter(status=InspectionStatus.PUBLISHED).count()
