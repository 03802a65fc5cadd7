"""Reads of complaints, scoped by the actor: the bureau sees every complaint, a town officer those of their
town/street or park, nobody else any (the public reads one complaint by its receipt number and check code)."""

from __future__ import annotations

import datetime as dt
import hmac
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecopermit.accounts.scope import Scope
from ecopermit.complaints import rules
from ecopermit.complaints.models import Complaint
from ecopermit.complaints.vocab import Finding, Kind, Status
from ecopermit.core import clock
from ecopermit.core.industry import industry_name
from ecopermit.core.models import Town
from ecopermit.registry import facade as registry


def complaints_visible(scope: Scope) -> QuerySet[Complaint]:
    if scope.is_bureau:
        return Complaint.objects.all()
    if scope.is_town_officer and (scope.town_ids or scope.park_ids):
        return Complaint.objects.filter(Q(town_id__in=scope.town_ids) | Q(park_id__in=scope.park_ids))
    return Complaint.objects.none()


def complaint_get(scope: Scope, pk: int) -> Complaint:
    """One complaint the actor may see, else 404 (no existence leak)."""
    return get_object_or_404(
        complaints_visible(scope).select_related("town", "park", "facility", "group_lead"), pk=pk
    )


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""  # a status, "open" (the default: not replied yet), or "all"
    kind: str = ""
    town: int | None = None
    overdue: bool = False
    text: str = ""


def queue(scope: Scope, f: QueueFilter) -> list[Any]:
    """The groups (their first complaints) the actor works, with the group's size and the deadline that runs,
    overdue first, then the nearest deadline."""
    qs = complaints_visible(scope).filter(group_lead__isnull=True).select_related("town", "park", "facility")
    if f.status == "open" or not f.status:
        qs = qs.filter(status__in=(Status.RECEIVED, Status.ACCEPTED, Status.FOUND))
    elif f.status in Status.values:
        qs = qs.filter(status=f.status)
    if f.kind in Kind.values:
        qs = qs.filter(kind=f.kind)
    if f.town:
        qs = qs.filter(town_id=f.town)
    if f.text:
        qs = qs.filter(
            Q(number__icontains=f.text) | Q(place__icontains=f.text) | Q(description__icontains=f.text)
        )
    rows: list[Any] = list(qs.annotate(n_members=Count("members")).order_by("-received_at", "-pk")[:500])
    today = clock.today()
    for c in rows:
        annotate_due(c, today)
        c.group_count = 1 + c.n_members
    if f.overdue:
        rows = [c for c in rows if c.due.overdue]
    rows.sort(key=lambda c: (not c.due.overdue, c.due.due or dt.date.max, -c.pk))
    return rows


def annotate_due(c: Any, today: dt.date | None = None) -> Any:
    c.due = rules.due_state(
        status=c.status,
        received=c.received_on,
        accepted=c.accepted_on,
        extended=c.extended,
        today=today or clock.today(),
    )
    return c


def queue_counts(scope: Scope) -> dict[str, int]:
    leads = complaints_visible(scope).filter(group_lead__isnull=True)
    today = clock.today()
    open_rows = [
        annotate_due(c, today)
        for c in leads.filter(status__in=(Status.RECEIVED, Status.ACCEPTED, Status.FOUND))
    ]
    return {
        "open": len(open_rows),
        "overdue": sum(1 for c in open_rows if c.due.overdue),
        "due_soon": sum(1 for c in open_rows if c.due.due_soon),
        "received": sum(1 for c in open_rows if c.status == Status.RECEIVED),
    }


@dataclass(frozen=True)
class Suggestion:
    facility_id: int
    name: str
    distance_m: int
    industry: str


def suggestions(complaint: Complaint) -> list[Suggestion]:
    """The facilities near the place, nearest first, for linking."""
    if complaint.lat is None or complaint.lon is None:
        return []
    places = registry.facility_places(lat=complaint.lat, lon=complaint.lon)
    by_id = {p.id: p for p in places}
    found = rules.suggestions(complaint.lat, complaint.lon, (rules.Point(p.id, p.lat, p.lon) for p in places))
    return [
        Suggestion(p.id, by_id[p.id].name, round(d), _industry_label(by_id[p.id].industry)) for p, d in found
    ]


def _industry_label(code: str) -> str:
    try:
        return f"{code} {industry_name(code)}"
    except (KeyError, LookupError, ValueError):
        return code


def public_lookup(number: str, code: str) -> Complaint | None:
    """The complaint whose receipt number and check code both match (the code compared in constant time)."""
    number, code = number.strip().upper(), code.strip().upper()
    if not number or not code:
        return None
    c = Complaint.objects.select_related("group_lead", "town").filter(number=number).first()
    if c is None or not hmac.compare_digest(c.check_code.encode(), code.encode()):
        return None
    return c


# --- Hot spots ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotspotFilter:
    first: dt.date
    last: dt.date
    kind: str = ""
    town: int | None = None


@dataclass
class Hotspot:
    label: str
    count: int
    upheld: int
    lat: float | None = None
    lon: float | None = None
    kinds: str = ""
    facility_id: int | None = None
    town: str = ""


def _kinds(counter: Counter[str]) -> str:
    labels = dict(Kind.choices)
    return "、".join(f"{labels.get(k, k)} {n}" for k, n in counter.most_common())


def hotspots(scope: Scope, f: HotspotFilter) -> dict[str, list[Hotspot]]:
    """The places (a grid of about 300 m), facilities and towns with the most complaints in the period; a group
    counts once (its first complaint)."""
    qs = (
        complaints_visible(scope)
        .filter(group_lead__isnull=True, received_on__gte=f.first, received_on__lte=f.last)
        .exclude(status=Status.DECLINED)
        .select_related("town", "facility")
    )
    if f.kind in Kind.values:
        qs = qs.filter(kind=f.kind)
    if f.town:
        qs = qs.filter(town_id=f.town)
    cells: dict[tuple[float, float], list[Complaint]] = defaultdict(list)
    facilities: dict[int, list[Complaint]] = defaultdict(list)
    towns: dict[str, list[Complaint]] = defaultdict(list)
    for c in qs:
        if c.lat is not None and c.lon is not None:
            cells[rules.cell(c.lat, c.lon)].append(c)
        if c.facility_id:
            facilities[c.facility_id].append(c)
        towns[c.town.name if c.town else "—"].append(c)

    def spot(label: str, rows: list[Complaint], **kw: Any) -> Hotspot:
        return Hotspot(
            label,
            len(rows),
            sum(1 for c in rows if c.finding == Finding.UPHELD),
            kinds=_kinds(Counter(c.kind for c in rows)),
            **kw,
        )

    places = []
    for (lat, lon), rows in cells.items():
        named = next((c.place for c in rows if c.place), "")
        places.append(
            spot(
                named or f"{lat:.4f}, {lon:.4f}",
                rows,
                lat=lat,
                lon=lon,
                town=rows[0].town.name if rows[0].town else "",
            )
        )
    by_facility = [
        spot(
            rows[0].facility.name if rows[0].facility else "",
            rows,
            facility_id=fid,
            town=rows[0].town.name if rows[0].town else "",
        )
        for fid, rows in facilities.items()
    ]
    by_town = [spot(name, rows) for name, rows in towns.items()]
    key = lambda h: (-h.count, -h.upheld, h.label)  # noqa: E731
    return {
        "places": sorted(places, key=key),
        "facilities": sorted(by_facility, key=key),
        "towns": sorted(by_town, key=key),
    }


def town_choices(scope: Scope) -> list[tuple[int, str]]:
    qs = Town.objects.order_by("code")
    if not scope.is_bureau:
        qs = qs.filter(Q(pk__in=scope.town_ids) | Q(parks__in=scope.park_ids)).distinct()
    return list(qs.values_list("pk", "name"))
