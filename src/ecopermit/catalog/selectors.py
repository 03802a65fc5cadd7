"""Coverage (应发尽发, MISSION C5): who needs a permit or a registration, and who holds one."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from ecopermit.accounts.scope import Scope
from ecopermit.catalog.models import FacilityClassification
from ecopermit.core.industry import industry_name, is_valid
from ecopermit.registry import facade as registry
from ecopermit.registry.vocab import ManagementClass, OperatingStatus, PermitStatus

PERMIT_CLASSES = (ManagementClass.KEY, ManagementClass.SIMPLIFIED)

# What "covered" means for each class: a valid permit for 重点/简化, a registration (or a permit) for 登记.
COVERED = Q(management_class__in=PERMIT_CLASSES, permit_status=PermitStatus.PERMIT_VALID) | Q(
    management_class=ManagementClass.REGISTRATION,
    permit_status__in=[PermitStatus.REGISTERED, PermitStatus.PERMIT_VALID],
)
REQUIRED = Q(management_class__in=[*PERMIT_CLASSES, ManagementClass.REGISTRATION])


def coverage_base(scope: Scope) -> QuerySet[Any]:
    """Facilities in scope that still operate (a closed facility needs no permit)."""
    return (
        registry.facilities_all()
        .filter(pk__in=registry.visible_facility_ids(scope))
        .exclude(status=OperatingStatus.CLOSED)
    )


def _rows(qs: QuerySet[Any], key: str) -> list[dict[str, Any]]:
    rows = list(
        qs.values(key)
        .annotate(
            total=Count("pk"),
            required=Count("pk", filter=REQUIRED),
            covered=Count("pk", filter=COVERED),
            unclassified=Count("pk", filter=Q(management_class=ManagementClass.UNKNOWN)),
            excluded=Count("pk", filter=Q(management_class=ManagementClass.EXCLUDED)),
        )
        .order_by(key)
    )
    for r in rows:
        r["missing"] = r["required"] - r["covered"]
        r["percent"] = round(100 * r["covered"] / r["required"], 1) if r["required"] else None
    return rows


def coverage_by_class(scope: Scope) -> list[dict[str, Any]]:
    qs = coverage_base(scope)
    rows = {r["management_class"]: r for r in _rows(qs, "management_class")}
    order = [c for c in ManagementClass.values if c in rows]
    return [{**rows[c], "label": str(ManagementClass(c).label)} for c in order]


def coverage_by_town(scope: Scope) -> list[dict[str, Any]]:
    return [{**r, "label": r["town__name"]} for r in _rows(coverage_base(scope), "town__name")]


def coverage_by_industry(scope: Scope) -> list[dict[str, Any]]:
    qs = coverage_base(scope).annotate(division=Substr("primary_industry", 1, 2, output_field=CharField()))
    out = []
    for r in _rows(qs, "division"):
        code = r["division"]
        out.append({**r, "label": f"{code} {industry_name(code) if is_valid(code) else ''}".strip()})
    return out


def coverage_totals(scope: Scope) -> dict[str, int]:
    return coverage_base(scope).aggregate(
        total=Count("pk"),
        required=Count("pk", filter=REQUIRED),
        covered=Count("pk", filter=COVERED),
        unclassified=Count("pk", filter=Q(management_class=ManagementClass.UNKNOWN)),
        excluded=Count("pk", filter=Q(management_class=ManagementClass.EXCLUDED)),
    )


def coverage_missing(scope: Scope) -> QuerySet[Any]:
    """Facilities that need a permit or registration and do not hold one, with what they need."""
    return (
        coverage_base(scope)
        .filter(REQUIRED)
        .exclude(COVERED)
        .select_related("town", "park")
        .annotate(
            needs=Case(
                When(management_class__in=PERMIT_CLASSES, then=Value("permit")),
                default=Value("registration"),
                output_field=CharField(),
            )
        )
        .order_by("town__code", "name", "pk")
    )


def classification_current(facility_id: int) -> FacilityClassification | None:
    return FacilityClassification.objects.filter(facility_id=facility_id, is_current=True).first()


def classification_history(facility_id: int) -> QuerySet[FacilityClassification]:
    return FacilityClassification.objects.filter(facility_id=facility_id).select_related("classified_by")


HOLDING = Q(permit_status__in=[PermitStatus.PERMIT_VALID, PermitStatus.REGISTERED])


def coverage_reconciliation(scope: Scope) -> dict[str, int]:
    """How the list page's 持证有效 + 已登记 become this page's "hold one" (issue 11 item 7), in one query.

    ``permit_valid + registered − closed − not_required − registration_only == covered``: the list counts every
    facility in scope by what it holds; coverage counts only operating facilities that need a permit or a
    registration, and a registration does not cover a facility of the key or simplified class.
    """
    in_scope = registry.facilities_all().filter(pk__in=registry.visible_facility_ids(scope)).order_by()
    operating = ~Q(status=OperatingStatus.CLOSED)
    row = in_scope.aggregate(
        permit_valid=Count("pk", filter=Q(permit_status=PermitStatus.PERMIT_VALID)),
        registered=Count("pk", filter=Q(permit_status=PermitStatus.REGISTERED)),
        closed=Count("pk", filter=HOLDING & Q(status=OperatingStatus.CLOSED)),
        not_required=Count("pk", filter=HOLDING & operating & ~REQUIRED),
        registration_only=Count(
            "pk",
            filter=operating & Q(permit_status=PermitStatus.REGISTERED, management_class__in=PERMIT_CLASSES),
        ),
        covered=Count("pk", filter=operating & COVERED),
    )
    return row
