"""What other apps may ask of the inventory. Returns plain data, never model instances."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ecopermit.accounts import facade as accounts
from ecopermit.accounts.roles import Role
from ecopermit.accounts.scope import Scope
from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor
from ecopermit.registry import credit_services, paperwork_reads, selectors
from ecopermit.registry.access_forms import FacilityAccessForm
from ecopermit.registry.models import Facility, Outlet, OutletLimit, Permit
from ecopermit.registry.paperwork_reads import ExpiredPaperwork
from ecopermit.registry.public_reads import (  # noqa: F401  (the portal's reads, issue 14)
    PUBLIC_FACILITY_VALUES,
    PaperworkRef,
    PublicLimit,
    PublicOutlet,
    PublicTreatment,
    facility_paperwork,
    facility_public_outlets,
    facility_treatments,
    public_counts,
    public_facilities,
    public_facility,
    public_map_points,
    public_towns,
)
from ecopermit.registry.vocab import CapacityUnit, Fuel

# Row 109 of the 2019 catalog states its threshold as "20吨/小时（14兆瓦）": 1 t/h of steam ≙ 0.7 MW.
MW_PER_T_PER_H = 0.7


@dataclass(frozen=True)
class FacilityRef:
    id: int
    name: str
    credit_code: str
    town: str
    park: str | None
    management_class: str
    permit_status: str
    is_demo: bool


def _ref(f: Facility) -> FacilityRef:
    return FacilityRef(
        f.pk,
        f.name,
        f.credit_code,
        f.town.name,
        f.park.name if f.park else None,
        f.management_class,
        f.permit_status,
        f.is_demo,
    )


def facility_ref(facility_id: int) -> FacilityRef:
    return _ref(Facility.objects.select_related("town", "park").get(pk=facility_id))


def facility_refs(facility_ids: Any) -> dict[int, FacilityRef]:
    """The refs of those facilities by id, in one query (a list's rows: no query per row)."""
    return {
        f.pk: _ref(f)
        for f in Facility.objects.select_related("town", "park").filter(pk__in=set(facility_ids))
    }


def facility_profile(facility_id: int) -> dict[str, Any]:
    """The facility as the catalog engine reads it (the profile format of issue 3 / profile.schema.json).

    Yearly quantities are given newest year first, at most the last three years on record; the engine
    applies the catalog's footnote (the highest annual figure of the last three years) itself.
    """
    f = Facility.objects.prefetch_related(
        "industries", "processes", "boilers", "furnaces", "water_treatments", "quantities"
    ).get(pk=facility_id)
    per_kind: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
    for q in f.quantities.all():
        per_kind[q.kind].append((q.year, float(q.value), q.from_eia))
    quantities: dict[str, list[float]] = {}
    from_eia: list[str] = []
    for kind, rows in per_kind.items():
        rows.sort(reverse=True)
        quantities[kind] = [value for _year, value, _eia in rows[:3]]
        if any(eia for _y, _v, eia in rows[:3]):
            from_eia.append(kind)
    codes = [i.code for i in sorted(f.industries.all(), key=lambda i: (not i.is_primary, i.code))]
    return {
        "industry_codes": codes,
        "features": _features(codes, [w.kind for w in f.water_treatments.all()]),
        "on_key_discharger_list": f.on_key_list,
        "in_industrial_building": f.in_industrial_building,
        "processes": sorted(p.process for p in f.processes.all()),
        "boilers": [
            {
                "capacity_t_per_h": float(b.capacity) / MW_PER_T_PER_H
                if b.capacity_unit == CapacityUnit.MW
                else float(b.capacity),
                "fuel": b.fuel if b.fuel in Fuel.values else Fuel.OTHER,
            }
            for b in f.boilers.all()
        ],
        "furnaces": [{"kind": x.kind, "energy": x.energy} for x in f.furnaces.all()],
        "water_treatment_t_per_day": float(sum(w.capacity_t_per_day for w in f.water_treatments.all())),
        "quantities": quantities,
        "quantities_from_eia": sorted(from_eia),
        "location": {"lon": f.lon, "lat": f.lat} if f.lat is not None and f.lon is not None else None,
        "eliminated": False,
    }


def _features(codes: list[str], water_kinds: list[str]) -> list[str]:
    """Facts the catalog reads that the inventory holds only indirectly. A sewage works (GB/T 4754 462x) that
    treats domestic or mixed sewage is a 城乡污水集中处理场所, one that treats industrial wastewater an
    工业废水集中处理场所 (catalog row 99)."""
    features = set()
    if any(c.startswith("462") for c in codes):
        if any(k in ("domestic", "mixed") for k in water_kinds):
            features.add("urban_sewage_centre")
        if "industrial" in water_kinds:
            features.add("industrial_wastewater_centre")
    return sorted(features)


def facility_ids(*, demo: bool | None = None) -> list[int]:
    qs = Facility.objects.order_by("pk")
    if demo is not None:
        qs = qs.filter(is_demo=demo)
    return list(qs.values_list("pk", flat=True))


def facility_set_management_class(*, facility_id: int, management_class: str) -> bool:
    """Stores the class the catalog decided (a derived field: no history row; the catalog keeps its own)."""
    return bool(
        Facility.objects.filter(pk=facility_id)
        .exclude(management_class=management_class)
        .update(management_class=management_class)
    )


def visible_facility_ids(scope: Scope) -> Any:
    """A subquery of the ids of the facilities ``scope`` may see (for other apps' scoped reads)."""
    return selectors.facilities_visible(scope).values("pk")


# Scoped querysets for other apps' screens: their forms offer facilities and towns as choices, their lists filter by
# them. (A queryset, not a list of dataclasses, because a choice field and a subquery need one.)


def facilities_visible(scope: Scope) -> QuerySet[Facility]:
    """The facilities ``scope`` may see."""
    return selectors.facilities_visible(scope)


def facility_status_counts(scope: Scope) -> dict[str, int]:
    """The facility list's headline figures (持证有效, 已登记, …) for everything in scope, unfiltered."""
    return selectors.facility_counts(facilities_visible(scope))


def facility_get(scope: Scope, pk: int) -> Facility:
    """One facility ``scope`` may see, else 404 (no existence leak)."""
    return selectors.facility_get(scope, pk)


def facility_towns(scope: Scope) -> QuerySet[Any]:
    """The towns offered in filters to ``scope``."""
    return selectors.facility_towns(scope)


def facilities_all() -> QuerySet[Facility]:
    """Every facility, for the district-wide jobs of other apps (coverage, the inspection pool, the draw)."""
    return Facility.objects.all()


@dataclass(frozen=True)
class FacilityPlaceRef:
    """Where a facility is (for complaints: routing a place to its town, suggesting the facilities near it)."""

    id: int
    name: str
    lat: float
    lon: float
    town_id: int
    park_id: int | None
    industry: str


def facility_places(
    *, lat: float | None = None, lon: float | None = None, box_deg: float = 0.03
) -> list[FacilityPlaceRef]:
    """The facilities that are not closed and have coordinates; with a point, only those in the box of
    ``box_deg`` degrees around it (about 3 km at this latitude), for a distance check by the caller."""
    qs = Facility.objects.exclude(status="closed").exclude(lat__isnull=True).exclude(lon__isnull=True)
    if lat is not None and lon is not None:
        qs = qs.filter(
            lat__gte=lat - box_deg, lat__lte=lat + box_deg, lon__gte=lon - box_deg, lon__lte=lon + box_deg
        )
    rows = qs.order_by("pk").values_list("pk", "name", "lat", "lon", "town_id", "park_id", "primary_industry")
    return [
        FacilityPlaceRef(pk, name, float(lat), float(lon), town_id, park_id, industry)
        for pk, name, lat, lon, town_id, park_id, industry in rows
        if lat is not None and lon is not None
    ]


def facility_by_credit_code(credit_code: str) -> Facility | None:
    return Facility.objects.filter(credit_code=credit_code.strip().upper()).first()


def outlets_of(facilities: QuerySet[Facility]) -> QuerySet[Any]:
    """The outlets of these facilities, with their facility, in order."""
    return (
        Outlet.objects.filter(facility__in=facilities).select_related("facility").order_by("facility", "code")
    )


def facility_users(facility_id: int, *, roles: tuple[str, ...] = ("enterprise",)) -> Any:
    """Active users linked to the facility (its enterprise users by default)."""
    return accounts.users_bound_to(facility_id, roles=roles)


@dataclass(frozen=True)
class OutletLimitRef:
    outlet_id: int
    pollutant_code: str
    pollutant_name: str
    statistic: str
    value: Any  # Decimal
    unit: str
    valid_from: Any  # date
    valid_to: Any  # date | None
    converted: bool = False  # on the concentration converted to the reference O2 (折算)
    reference_o2: Any = None  # Decimal (%) when converted


def outlet_limits(
    outlet_ids: Any = None, *, statistics: tuple[str, ...] = ("hourly", "daily")
) -> list[OutletLimitRef]:
    """The limits of the given outlets (all outlets when None) for these statistics (monitoring's judgement)."""
    from ecopermit.registry.models import OutletLimit

    qs = OutletLimit.objects.filter(statistic__in=statistics)
    if outlet_ids is not None:
        qs = qs.filter(outlet_id__in=list(outlet_ids))
    return [
        OutletLimitRef(
            r.outlet_id,
            r.pollutant_code,
            r.pollutant_name,
            r.statistic,
            r.value,
            r.unit,
            r.valid_from,
            r.valid_to,
            r.converted,
            r.reference_o2,
        )
        for r in qs.order_by("outlet_id", "pollutant_code", "statistic", "valid_from")
    ]


@dataclass(frozen=True)
class OutletRef:
    id: int
    facility_id: int
    code: str
    name: str
    medium: str


def outlet_refs(outlet_ids: Any) -> dict[int, OutletRef]:
    from ecopermit.registry.models import Outlet

    return {
        o.pk: OutletRef(o.pk, o.facility_id, o.code, o.name, o.medium)
        for o in Outlet.objects.filter(pk__in=list(outlet_ids))
    }


def facility_outlets(facility_ids: Any) -> dict[int, list[OutletRef]]:
    """The outlets of those facilities, by facility id, in code order (one query)."""
    found: dict[int, list[OutletRef]] = {int(f): [] for f in facility_ids}
    for o in Outlet.objects.filter(facility_id__in=list(found)).order_by("facility_id", "code"):
        found[o.facility_id].append(OutletRef(o.pk, o.facility_id, o.code, o.name, o.medium))
    return found


@dataclass(frozen=True)
class OutletMonitoringRef:
    """An outlet as the self-monitoring plan reads it (filings, issue 13)."""

    id: int
    facility_id: int
    code: str
    name: str
    medium: str
    kind: str  # main | general
    auto_installed: bool
    auto_networked: bool


def outlets_for_monitoring(facility_id: int) -> list[OutletMonitoringRef]:
    """The facility's outlets with their kind and automatic-monitoring state, in code order."""
    return [
        OutletMonitoringRef(
            o.pk,
            o.facility_id,
            o.code,
            o.name,
            o.medium,
            o.kind,
            o.auto_monitoring_installed,
            o.auto_monitoring_networked,
        )
        for o in Outlet.objects.filter(facility_id=facility_id).order_by("code")
    ]


@dataclass(frozen=True)
class PermitRef:
    id: int
    facility_id: int
    number: str
    management_class: str
    issued_on: Any  # date
    valid_until: Any  # date


def permits_held_in(year: int, *, facility_ids: Any = None) -> list[PermitRef]:
    """The permits in force on some day of ``year`` (of the given facilities), oldest first: the execution reports
    of that year are owed under them (filings)."""
    qs = Permit.objects.filter(issued_on__lte=dt.date(year, 12, 31), valid_until__gte=dt.date(year, 1, 1))
    if facility_ids is not None:
        qs = qs.filter(facility_id__in=list(facility_ids))
    return [
        PermitRef(p.pk, p.facility_id, p.number, p.management_class, p.issued_on, p.valid_until)
        for p in qs.order_by("facility_id", "issued_on", "pk")
    ]


def permit_by_number(number: str) -> PermitRef | None:
    """The permit with this number (as printed on it), or None."""
    p = Permit.objects.filter(number=number.strip().upper()).first()
    return (
        PermitRef(p.pk, p.facility_id, p.number, p.management_class, p.issued_on, p.valid_until)
        if p
        else None
    )


def permits_expiring(facility_ids: Any, *, today: dt.date, within_days: int = 180) -> list[PermitRef]:
    """The facilities' latest permits that expire within ``within_days`` of ``today`` (or have expired), for the
    guide's reminders (S2): a permit holder applies to renew 60 days before expiry (条例 Art. 14)."""
    latest: dict[int, Permit] = {}
    for p in Permit.objects.filter(facility_id__in=list(facility_ids)).order_by(
        "facility_id", "valid_until", "pk"
    ):
        latest[p.facility_id] = p
    horizon = today + dt.timedelta(days=within_days)
    return [
        PermitRef(p.pk, p.facility_id, p.number, p.management_class, p.issued_on, p.valid_until)
        for p in sorted(latest.values(), key=lambda p: (p.valid_until, p.pk))
        if p.valid_until <= horizon
    ]


def outlet_pollutants(facility_id: int) -> dict[str, set[str]]:
    """The facility's outlet codes → the pollutant codes it has limits for (what its reports may name)."""
    found: dict[str, set[str]] = {o.code: set() for o in Outlet.objects.filter(facility_id=facility_id)}
    for code, pollutant in OutletLimit.objects.filter(outlet__facility_id=facility_id).values_list(
        "outlet__code", "pollutant_code"
    ):
        found.setdefault(code, set()).add(pollutant)
    return found


@dataclass(frozen=True)
class AccessRef:
    access_id: int
    facility_id: int
    facility_name: str
    credit_code: str
    granted_at: Any


def facility_access_list(user_id: int) -> list[AccessRef]:
    """The facilities an enterprise or agency account may see (for the accounts screens)."""
    from ecopermit.registry.models import FacilityAccess

    rows = (
        FacilityAccess.objects.filter(user_id=user_id).select_related("facility").order_by("facility__name")
    )
    return [
        AccessRef(a.pk, a.facility_id, a.facility.name, a.facility.credit_code, a.granted_at) for a in rows
    ]


def facility_access_grant(*, actor: Actor, user: Any, credit_code: str) -> int:
    from ecopermit.registry.services import facility_access_grant as grant

    return grant(actor=actor, user=user, credit_code=credit_code).pk


def facility_access_revoke(*, actor: Actor, access_id: int, user_id: int) -> bool:
    """Revokes one access of ``user_id``; False when there is no such access."""
    from ecopermit.registry.models import FacilityAccess
    from ecopermit.registry.services import facility_access_revoke as revoke

    access = FacilityAccess.objects.filter(pk=access_id, user_id=user_id).select_related("user").first()
    if access is None:
        return False
    revoke(actor=actor, access=access)
    return True


def facility_id_by_credit_code(credit_code: str) -> int:
    """The facility with this unified social credit code (case and spaces ignored); ``DomainError`` naming the
    code when there is none."""
    from django.utils.translation import gettext as _

    from ecopermit.registry.models import Facility

    code = credit_code.strip().upper()
    found = Facility.objects.filter(credit_code=code).values_list("pk", flat=True).first()
    if found is None:
        raise DomainError(
            _("No facility has the unified social credit code %(code)s.") % {"code": code or "—"},
            field="credit_code",
        )
    return found


def expired_while_operating(*, today: Any = None) -> list[ExpiredPaperwork]:
    """Facilities not closed whose permit (or registration) has expired without a valid successor, each with the
    paperwork number, its last valid day and the first day without it: the facts of a 无证排污 problem under
    条例 Art. 33(2). Judged on the dates, whether or not the nightly watch has run."""
    return paperwork_reads.expired_while_operating(today=today)


def facility_facts(facility_id: int) -> Any:
    """Everything the problem rules read about one facility (``registry.facts.FacilityFacts``)."""
    from ecopermit.registry.facts import facility_facts as facts

    return facts(facility_id)


def facility_close(*, actor: Actor, facility_id: int, reason: str) -> bool:
    """Records that a facility has closed (the closure path verified it); False when it was closed already."""
    from ecopermit.registry.services import facility_update
    from ecopermit.registry.vocab import OperatingStatus

    facility = Facility.objects.get(pk=facility_id)
    return bool(
        facility_update(
            actor=actor,
            facility=facility,
            changes={"status": OperatingStatus.CLOSED},
            industry_codes=[],
            reason=reason,
        )
    )


def account_page(*, request: Any, account: Any) -> dict[str, Any]:
    """The ``account_page`` hook (core/hooks.py): the facilities an enterprise or agency account is bound to, and
    for the security administrator the form to bind another."""
    bound = accounts.is_facility_bound(account)
    return {
        "accesses": facility_access_list(account.pk) if bound else [],
        "access_form": FacilityAccessForm() if bound and request.scope.has(Role.SECURITY_ADMIN) else None,
    }


def facility_credit_level_set(*, actor: Actor, facility_id: int, level: str, source: str) -> bool:
    """The credit app publishes a facility's level here (issue 14): the random draw reads ``Facility.credit_level``.
    ``source`` names the publication (e.g. "credit:level:12"). True when the level changed."""
    return credit_services.facility_credit_level_set(
        actor=actor, facility_id=facility_id, level=level, source=source
    )
