"""Reads of the rectification workflow, scoped like the inventory."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ecopermit.accounts import facade as accounts
from ecopermit.cases.models import Problem, RectificationCase, ServiceDemand
from ecopermit.registry import facade as registry


def enterprise_users_of(facility_id: int) -> QuerySet[Any]:
    return registry.facility_users(facility_id)


def town_officers_of(town_id: int) -> QuerySet[Any]:
    return accounts.town_officers(town_id)


def cases_visible(scope: Any) -> QuerySet[RectificationCase]:
    """Cases of the facilities the actor may see; a department officer sees cases where a problem is theirs."""
    qs = RectificationCase.objects.all()
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(problems__responsible_department_id__in=scope.department_ids).distinct()
    return qs.filter(facility_id__in=registry.visible_facility_ids(scope))


def case_get(scope: Any, pk: int) -> RectificationCase:
    case = cases_visible(scope).select_related("facility", "facility__town", "officer").filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def problems_visible(scope: Any) -> QuerySet[Problem]:
    qs = Problem.objects.select_related("facility", "facility__town", "case", "responsible_department",
                                        "responsible_town")
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(responsible_department_id__in=scope.department_ids)
    return qs.filter(facility_id__in=registry.visible_facility_ids(scope))


def service_demands_visible(scope: Any) -> QuerySet[ServiceDemand]:
    qs = ServiceDemand.objects.select_related("case__facility", "case__facility__town", "provider")
    if scope.has("department_officer") and not scope.has("bureau_officer", "bureau_leader"):
        return qs.filter(Q(provider_id__in=scope.department_ids))
    return qs.filter(case__facility_id__in=registry.visible_facility_ids(scope))
