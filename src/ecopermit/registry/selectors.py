"""Reads of the inventory, always through the actor's scope (DESIGN: scoping lives in selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from ecopermit.accounts.scope import Scope
from ecopermit.registry.models import Facility


def scope_filter(scope: Scope) -> Q | None:
    """The Q that limits facilities to what ``scope`` may see; None means nothing at all."""
    if not scope.reads_inventory:
        return None
    if scope.district_wide:
        return Q()
    q = Q(pk__in=[])
    if scope.town_ids:
        q |= Q(town_id__in=scope.town_ids)
    if scope.park_ids:
        q |= Q(park_id__in=scope.park_ids)
    if scope.facility_bound:
        q |= Q(accesses__user_id=scope.user_id)
    return q


def facilities_visible(scope: Scope) -> QuerySet[Facility]:
    q = scope_filter(scope)
    if q is None:
        return Facility.objects.none()
    qs = Facility.objects.filter(q)
    if scope.facility_bound and not scope.district_wide:
        qs = qs.distinct()
    return qs


@dataclass(frozen=True)
class FacilityFilter:
    text: str = ""
    town: int | None = None
    park: int | None = None
    industry: str = ""
    management_class: str = ""
    permit_status: str = ""
    status: str = ""
    key_list: bool | None = None


def facility_list(scope: Scope, f: FacilityFilter | None = None) -> QuerySet[Facility]:
    qs = facilities_visible(scope).select_related("town", "park")
    if f is None:
        return qs.order_by("name", "pk")
    if f.text:
        text = f.text.strip()
        if len(text) == 18 and text.isalnum():
            qs = qs.filter(credit_code=text.upper())
        else:
            qs = qs.filter(Q(name__icontains=text) | Q(credit_code__istartswith=text))
    if f.town:
        qs = qs.filter(town_id=f.town)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.industry:
        # A 2-, 3- or 4-digit code matches every facility with an industry under it.
        qs = qs.filter(pk__in=Facility.objects.filter(industries__code__startswith=f.industry).values("pk"))
    if f.management_class:
        qs = qs.filter(management_class=f.management_class)
    if f.permit_status:
        qs = qs.filter(permit_status=f.permit_status)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.key_list is not None:
        qs = qs.filter(on_key_list=f.key_list)
    return qs.order_by("name", "pk")


def facility_get(scope: Scope, pk: int) -> Facility:
    """One facility, or 404 when it does not exist *or* lies outside the scope (no existence leak)."""
    facility = (
        facilities_visible(scope)
        .select_related("town", "park")
        .prefetch_related("industries")
        .filter(pk=pk)
        .first()
    )
    if facility is None:
        raise Http404
    return facility
