"""Reads of 双随机 and inspection records, scoped: bureau staff see everything; a town officer sees the completed
inspections of their town's facilities; an enterprise user those of their own facilities; an inspector also
their own tasks. Open tasks of a draw stay hidden from enterprises and towns (the visit is unannounced)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.scope import Scope
from ecopermit.core.types import Actor
from ecopermit.inspections import draw
from ecopermit.inspections.models import Inspection, Inspector, PoolEntry, SamplingPlan
from ecopermit.inspections.vocab import InspectionStatus, PoolCategory
from ecopermit.registry import facade as registry
from ecopermit.registry.facade import visible_facility_ids
from ecopermit.registry.vocab import CreditLevel

RESULT_STATUSES = (InspectionStatus.COMPLETED, InspectionStatus.PUBLISHED)


def inspector_of(user: Actor) -> Inspector | None:
    """The inspector an account is; None for an anonymous visitor or the platform (no inspector has no account)."""
    account = accounts.user_of(user)
    if account is None:
        return None
    return Inspector.objects.filter(user_id=account.pk).first()


def inspections_visible(scope: Scope) -> QuerySet[Inspection]:
    qs = Inspection.objects.select_related(
        "facility", "facility__town", "inspector1__user", "inspector2__user", "task__plan"
    )
    if scope.is_bureau:
        return qs
    mine = Q(inspector1__user_id=scope.user_id) | Q(inspector2__user_id=scope.user_id)
    if scope.has("town_officer", "enterprise"):
        return qs.filter(mine | Q(facility_id__in=visible_facility_ids(scope), status__in=RESULT_STATUSES))
    return qs.filter(mine)


def inspection_get(scope: Scope, pk: int) -> Inspection:
    inspection = inspections_visible(scope).filter(pk=pk).first()
    if inspection is None:
        raise Http404
    return inspection


def my_inspections(user: Any) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(Q(inspector1__user=user) | Q(inspector2__user=user))
        .select_related("facility", "facility__town", "inspector1__user", "inspector2__user", "task__plan")
        .order_by("status", "-pk")
    )


def pool_counts() -> dict[str, int]:
    counts = dict(PoolEntry.objects.values_list("category").annotate(n=Count("pk")))
    return {c: counts.get(c, 0) for c in PoolCategory.values}


def pool_counts_by_credit() -> list[tuple[str, str, int]]:
    rows = Counter(PoolEntry.objects.values_list("category", "facility__credit_level"))
    return [(cat, credit, n) for (cat, credit), n in sorted(rows.items())]


def plan_list() -> QuerySet[SamplingPlan]:
    return SamplingPlan.objects.annotate(n_tasks=Count("tasks")).order_by("-period_start", "-pk")


def draw_report(plan: SamplingPlan, result: draw.DrawResult, seed: str) -> dict[str, Any]:
    """The draw as printed by the command and shown on the plan page (no timestamps: same inputs, same text)."""
    inspectors = {i.certificate_number: i for i in Inspector.objects.select_related("user")}
    facilities = {
        f.credit_code: f
        for f in registry.facilities_all()
        .filter(credit_code__in=[a.object_id for a in result.assignments])
        .select_related("town")
    }

    labels = dict(PoolCategory.choices)
    credit_labels = dict(CreditLevel.choices)
    selected = []
    for a in result.assignments:
        f = facilities.get(a.object_id)
        selected.append(
            {
                "credit_code": a.object_id,
                "facility_id": f.pk if f else None,
                "name": f.name if f else "",
                "town": f.town.name if f else "",
                "category": a.category,
                "category_label": str(labels.get(a.category, a.category)),
                "credit": a.credit,
                "inspectors": [
                    {
                        "certificate_number": c,
                        "name": inspectors[c].user.display_name if c in inspectors else "",
                    }
                    for c in a.inspector_ids
                ],
            }
        )
    return {
        "plan": plan.code,
        "seed": seed,
        "algorithm": result.algorithm,
        "seed_digest": result.seed_digest,
        "inputs_digest": result.inputs_digest,
        "strata": [
            {
                **vars(s),
                "category_label": str(labels.get(s.category, s.category)),
                "credit_label": str(credit_labels.get(s.credit, s.credit)),
            }
            for s in result.strata
        ],
        "selected": selected,
    }


def public_results() -> QuerySet[Inspection]:
    """Published results for everyone: facility, town, date, kind, result and the kinds of problem found
    (their labels only: the free-text descriptions may name people); never the inspectors' or
    representatives' names."""
    return (
        Inspection.objects.filter(status=InspectionStatus.PUBLISHED)
        .select_related("facility", "facility__town", "task__plan")
        .prefetch_related("findings")
        .annotate(n_findings=Count("findings"))
        .order_by("-published_on", "-pk")
    )
