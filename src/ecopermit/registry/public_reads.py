"""What the public portal may read of the inventory (issue 14, K2): facilities in operation, their paperwork and
outlets, with the fields a member of the public may see and no others (no legal representative, no contact person
or phone, no survey notes). The portal decides what it shows from these (portal/public_fields.py); nothing
personal ever leaves here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from ecopermit.core.models import Town
from ecopermit.registry.models import Facility, Outlet, OutletLimit, Permit, Registration, WaterTreatment
from ecopermit.registry.vocab import OperatingStatus, PermitStatus

#: The facility columns the public may read, as ``values()`` keys (the portal's row dicts).
PUBLIC_FACILITY_VALUES = (
    "id",
    "name",
    "credit_code",
    "address",
    "town__code",
    "town__name",
    "park__name",
    "primary_industry",
    "management_class",
    "permit_status",
    "credit_level",
    "status",
    "lat",
    "lon",
    "is_demo",
)


def _public() -> QuerySet[Facility]:
    """Facilities the portal lists: every one not closed (a closed site has no permit to publish)."""
    return Facility.objects.exclude(status=OperatingStatus.CLOSED)


def public_facilities(
    *,
    q: str = "",
    town_code: str = "",
    industry: str = "",
    management_class: str = "",
    credit_level: str = "",
    facility_ids: Any = None,
) -> QuerySet[Any]:
    """The public facilities as row dicts (``PUBLIC_FACILITY_VALUES``), filtered, in name order. ``q`` matches the
    name (contains) or the credit code (prefix); ``industry`` a GB/T 4754 code prefix of the main industry."""
    qs = _public()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__startswith=q.upper()))
    if town_code:
        qs = qs.filter(town__code=town_code)
    if industry:
        qs = qs.filter(primary_industry__startswith=industry)
    if management_class:
        qs = qs.filter(management_class=management_class)
    if credit_level:
        qs = qs.filter(credit_level=credit_level)
    if facility_ids is not None:
        qs = qs.filter(pk__in=list(facility_ids))
    return qs.order_by("name", "pk").values(*PUBLIC_FACILITY_VALUES)


def public_facility(facility_id: int) -> dict[str, Any] | None:
    """One public facility's row dict, or None (closed or unknown: the portal answers 404)."""
    return public_facilities(facility_ids=[facility_id]).first()


def public_counts() -> dict[str, int]:
    """The district's headline figures for the public, in one query."""
    return _public().aggregate(
        total=Count("pk"),
        permit_valid=Count("pk", filter=Q(permit_status=PermitStatus.PERMIT_VALID)),
        registered=Count("pk", filter=Q(permit_status=PermitStatus.REGISTERED)),
    )


def public_map_points() -> list[tuple[int, str, float, float, str, str]]:
    """(id, name, lat, lon, permit status, town name) of every public facility with a position."""
    rows = (
        _public()
        .filter(lat__isnull=False, lon__isnull=False)
        .order_by("pk")
        .values_list("pk", "name", "lat", "lon", "permit_status", "town__name")
    )
    return [
        (pk, name, round(lat, 5), round(lon, 5), st, town)
        for pk, name, lat, lon, st, town in rows
        if lat is not None and lon is not None  # always: the query asks for both
    ]


def public_towns() -> list[tuple[str, str]]:
    """(code, name) of the district's towns and streets, in code order."""
    return list(Town.objects.order_by("code").values_list("code", "name"))


@dataclass(frozen=True)
class PaperworkRef:
    kind: str  # "permit" | "registration"
    number: str
    management_class: str
    issued_on: dt.date
    valid_until: dt.date | None


def facility_paperwork(facility_id: int) -> list[PaperworkRef]:
    """The facility's permits and registrations, newest first."""
    found = [
        PaperworkRef("permit", p.number, p.management_class, p.issued_on, p.valid_until)
        for p in Permit.objects.filter(facility_id=facility_id)
    ] + [
        PaperworkRef("registration", r.number, "registration", r.registered_on, r.valid_until)
        for r in Registration.objects.filter(facility_id=facility_id)
    ]
    return sorted(found, key=lambda p: p.issued_on, reverse=True)


@dataclass(frozen=True)
class PublicLimit:
    pollutant_code: str
    pollutant_name: str
    statistic: str
    value: Decimal
    unit: str
    source: str  # the standard or permit clause
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class PublicOutlet:
    id: int
    code: str
    name: str
    medium: str
    kind: str
    standard: str
    auto_monitoring: bool
    limits: tuple[PublicLimit, ...]


def facility_public_outlets(facility_id: int) -> list[PublicOutlet]:
    """The facility's outlets with the standards and limits that apply, in code order (two queries)."""
    outlets = list(Outlet.objects.filter(facility_id=facility_id).order_by("code"))
    limits: dict[int, list[PublicLimit]] = {o.pk: [] for o in outlets}
    for lim in OutletLimit.objects.filter(outlet_id__in=list(limits)).order_by(
        "outlet_id", "pollutant_code", "statistic", "valid_from"
    ):
        limits[lim.outlet_id].append(
            PublicLimit(
                lim.pollutant_code,
                lim.pollutant_name,
                lim.statistic,
                lim.value,
                lim.unit,
                lim.source,
                lim.valid_from,
                lim.valid_to,
            )
        )
    return [
        PublicOutlet(
            o.pk,
            o.code,
            o.name,
            o.medium,
            o.kind,
            o.standard,
            o.auto_monitoring_networked,
            tuple(limits[o.pk]),
        )
        for o in outlets
    ]


@dataclass(frozen=True)
class PublicTreatment:
    name: str
    kind: str  # WaterTreatmentKind
    capacity_t_per_day: Decimal


def facility_treatments(facility_id: int) -> list[PublicTreatment]:
    """The facility's wastewater treatment works as the inventory records them (pollution-control facilities)."""
    return [
        PublicTreatment(w.name, w.kind, w.capacity_t_per_day)
        for w in WaterTreatment.objects.filter(facility_id=facility_id).order_by("name")
    ]
