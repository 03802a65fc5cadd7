"""Reads of credit, scoped by the reader (an enterprise user sees its own facilities only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from ecopermit.accounts.scope import Scope
from ecopermit.credit.models import CreditEvent, CreditLevel, CreditRepairRequest
from ecopermit.credit.vocab import SEVERITY, LevelStatus, RepairStatus
from ecopermit.registry import facade as registry

CURRENT = (LevelStatus.PROPOSED, LevelStatus.REVIEWED, LevelStatus.PUBLISHED)


def levels_list(
    scope: Scope, *, level: str = "", town: int | None = None, status: str = "", q: str = ""
) -> QuerySet[CreditLevel]:
    """The facilities' evaluations in the works and in force (superseded ones are history), worst level first,
    then lowest score."""
    qs = CreditLevel.objects.filter(
        facility_id__in=registry.visible_facility_ids(scope), status__in=(status and [status]) or CURRENT
    ).select_related("facility", "facility__town")
    if level:
        qs = qs.filter(proposed_level=level)
    if town:
        qs = qs.filter(facility__town_id=town)
    if q:
        qs = qs.filter(facility__name__icontains=q) | qs.filter(facility__credit_code__icontains=q)
    severity = Case(
        *(When(proposed_level=code, then=Value(n)) for code, n in SEVERITY.items()),
        default=Value(9),
        output_field=IntegerField(),
    )
    return qs.annotate(severity=severity).order_by("severity", "score", "facility__name", "-pk")


def level_counts(scope: Scope) -> dict[str, int]:
    """Facilities per level: the proposal in the works where there is one, else the published level."""
    by_facility: dict[int, str] = {}
    for fid, status, lv in CreditLevel.objects.filter(
        facility_id__in=registry.visible_facility_ids(scope), status__in=CURRENT
    ).values_list("facility_id", "status", "proposed_level"):
        if status != LevelStatus.PUBLISHED or fid not in by_facility:
            by_facility[fid] = lv
    counts: dict[str, int] = {}
    for lv in by_facility.values():
        counts[lv] = counts.get(lv, 0) + 1
    return counts


@dataclass(frozen=True)
class LinkedLine:
    line: dict[str, Any]
    events: tuple[CreditEvent, ...]


def explained(row: CreditLevel) -> list[LinkedLine]:
    """The explanation lines with their events (one query)."""
    ids = {i for line in row.explanation for i in line.get("event_ids", [])}
    events = {e.pk: e for e in CreditEvent.objects.filter(pk__in=ids)}
    return [
        LinkedLine(line, tuple(events[i] for i in line.get("event_ids", []) if i in events))
        for line in row.explanation
    ]


def facility_levels(facility_id: int) -> list[CreditLevel]:
    return list(CreditLevel.objects.filter(facility_id=facility_id).order_by("-proposed_at", "-pk"))


def events_of(scope: Scope, *, facility_id: int | None = None, kind: str = "") -> QuerySet[CreditEvent]:
    qs = CreditEvent.objects.filter(facility_id__in=registry.visible_facility_ids(scope)).select_related(
        "facility"
    )
    if facility_id:
        qs = qs.filter(facility_id=facility_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-occurred_on", "-pk")


def published(facility_ids: Any) -> dict[int, CreditLevel]:
    return {
        r.facility_id: r
        for r in CreditLevel.objects.filter(facility_id__in=list(facility_ids), status=LevelStatus.PUBLISHED)
    }


def repair_requests(facility_id: int) -> list[CreditRepairRequest]:
    return list(
        CreditRepairRequest.objects.filter(facility_id=facility_id)
        .select_related("new_level")
        .order_by("-pk")[:10]
    )


def repair_open(facility_id: int) -> bool:
    return CreditRepairRequest.objects.filter(facility_id=facility_id, status=RepairStatus.REQUESTED).exists()


def repair_request_visible(scope: Scope, pk: int) -> CreditRepairRequest | None:
    return CreditRepairRequest.objects.filter(
        pk=pk, facility_id__in=registry.visible_facility_ids(scope)
    ).first()
