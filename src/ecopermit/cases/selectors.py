"""Reads of the rectification workflow, scoped like the inventory."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.scope import Scope
from ecopermit.cases.models import Problem, RectificationCase, ServiceDemand
from ecopermit.registry import facade as registry


def enterprise_users_of(facility_id: int) -> QuerySet[Any]:
    return registry.facility_users(facility_id)


def town_officers_of(town_id: int) -> QuerySet[Any]:
    return accounts.town_officers(town_id)


def cases_visible(scope: Scope) -> QuerySet[RectificationCase]:
    """Cases of the facilities the actor may see; a department officer sees cases where a problem is theirs."""
    qs = RectificationCase.objects.all()
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(problems__responsible_department_id__in=scope.department_ids).distinct()
    return qs.filter(facility_id__in=registry.visible_facility_ids(scope))


def case_get(scope: Scope, pk: int) -> RectificationCase:
    case = cases_visible(scope).select_related("facility", "facility__town", "officer").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def problems_visible(scope: Scope) -> QuerySet[Problem]:
    qs = Problem.objects.select_related(
        "facility", "facility__town", "case", "responsible_department", "responsible_town"
    )
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(responsible_department_id__in=scope.department_ids)
    return qs.filter(facility_id__in=registry.visible_facility_ids(scope))


def service_demands_visible(scope: Scope) -> QuerySet[ServiceDemand]:
    qs = ServiceDemand.objects.select_related("case__facility", "case__facility__town", "provider")
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(Q(provider_id__in=scope.department_ids))
    return qs.filter(case__facility_id__in=registry.visible_facility_ids(scope))


def case_list(
    scope: Scope,
    *,
    town: int | None = None,
    category: str = "",
    step: str = "",
    overdue: bool = False,
    q: str = "",
    today: Any = None,
) -> QuerySet[RectificationCase]:
    """The cases the scope may see, filtered; ``q`` finds a facility by name or credit code."""
    from django.db.models import Q

    from ecopermit.cases.states import STEP_OF, Status

    qs = cases_visible(scope).select_related("facility", "facility__town", "officer")
    if q:
        qs = qs.filter(
            Q(facility__name__icontains=q) | Q(facility__credit_code__icontains=q) | Q(number__icontains=q)
        )
    if town:
        qs = qs.filter(facility__town_id=town)
    if category:
        qs = qs.filter(problems__category=category).distinct()
    if step:
        qs = qs.filter(status__in=[s for s, st in STEP_OF.items() if st == step])
    if overdue:
        qs = qs.filter(status=Status.OVERDUE)
    return qs.order_by("deadline", "-opened_at", "pk")


def case_counts(scope: Scope) -> dict[str, Any]:
    """Counts by step, by problem category and by town, for the case list's head."""
    from django.db.models import Count

    from ecopermit.cases.states import STEP_OF, Step

    cases = cases_visible(scope)
    by_status = dict(cases.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_step = dict.fromkeys(Step, 0)
    for status, n in by_status.items():
        by_step[STEP_OF[status]] += n
    problems = problems_visible(scope).filter(case__in=cases)
    by_category = dict(problems.values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    by_town = list(
        cases.values("facility__town__name").annotate(n=Count("pk")).order_by("-n", "facility__town__name")
    )
    return {
        "by_step": by_step,
        "by_category": by_category,
        "by_town": by_town,
        "total": sum(by_status.values()),
    }


def case_timeline(case: RectificationCase) -> list[dict[str, Any]]:
    """The case's events in words: what happened, by whom, when."""
    from django.utils.translation import gettext as _

    from ecopermit.cases.states import Status

    labels = {
        "case.opened": _("Case opened"),
        "problem.raised": _("Problem recorded"),
        "problem.fixed": _("Problem fixed"),
        "service.recorded": _("Service need recorded"),
        "notice.served": _("Rectification notice served"),
        "notice.corrected": _("Corrected notice served"),
        "notice.acknowledged": _("Notice acknowledged by the enterprise"),
        "document.uploaded": _("Document uploaded"),
        "document.reviewed": _("Document reviewed"),
        "deadline.reminder": _("Deadline reminder sent"),
        "penalty.opened": _("Penalty case filed"),
        "problem.fix_proposed": _("Problem proposed as fixed (the inventory no longer shows it)"),
        "problem.fix_proposal_withdrawn": _("Proposal withdrawn: the inventory shows the problem again"),
        "problem.fix_rejected": _("Proposal rejected by the officer"),
        "closure.opened": _("Closure path opened"),
    }
    rows = []
    for e in case.events.select_related("actor").order_by("at", "pk"):
        if e.kind.startswith("status."):
            label = _("Status: %(s)s") % {"s": Status(e.to_status).label}
        else:
            label = labels.get(e.kind, e.kind)
        detail = e.note
        if e.kind == "notice.served":
            detail = _("%(n)s, deadline %(d)s") % {"n": e.data.get("notice"), "d": e.data.get("deadline")}
        elif e.kind == "deadline.reminder":
            detail = _("%(n)s days before the deadline") % {"n": e.data.get("days_before")}
        rows.append({"at": e.at, "actor": e.actor, "label": label, "detail": detail})
    return rows


def acceptance_missing(case: RectificationCase) -> list[str]:
    """In words: what the case still needs before it can be accepted (P3)."""
    from django.utils.translation import gettext as _

    from ecopermit.cases import rules
    from ecopermit.cases.vocab import DocumentKind, ProblemStatus, ReviewStatus

    if not case.exit_path:
        return []
    accepted = set(case.documents.filter(review=ReviewStatus.ACCEPTED).values_list("kind", flat=True))
    open_problems = case.problems.filter(status=ProblemStatus.OPEN).count()
    return [
        str(DocumentKind(m).label) if m != "open_problems" else _("problems still open")
        for m in rules.missing_for_acceptance(case.exit_path, accepted, open_problems)
    ]
