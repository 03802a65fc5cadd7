"""Writing the demo district to the database (`ecopermit load_demo`).

Safe to run again: facilities are matched by credit code and users by username; what exists is left as it
is (a demo audience may have edited it), what is missing is created. A second run creates nothing and
writes no history. Missing facilities are written with ``bulk_create`` in chunks, history rows included,
so 50,000 facilities load in well under two minutes on SQLite.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from ecopermit.accounts.models import User
from ecopermit.accounts.services import role_grant, user_create
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.models import Department, District, Park, Town
from ecopermit.core.services import district_file, district_load
from ecopermit.demo.dataset import DEFAULT_FACILITIES, DEFAULT_SEED, FacilitySpec, UserSpec, generate, permit_status
from ecopermit.registry.models import (
    Acceptance,
    Boiler,
    EiaApproval,
    Facility,
    FacilityAccess,
    FacilityIndustry,
    FacilityProcess,
    FacilityQuantity,
    Furnace,
    Outlet,
    OutletLimit,
    Permit,
    Registration,
    WaterTreatment,
)

DISTRICT = "dinghai"
CHUNK = 2000  # facilities per bulk round: bounds memory at 50,000 facilities
CHANGE_REASON = "演示数据"
# Up to this many new facilities, the registry's own permit-status rule is applied one by one (if present).
PER_FACILITY_REFRESH_LIMIT = 1000


@dataclass(frozen=True)
class DemoLoadResult:
    district: str
    facilities_requested: int
    facilities_created: int
    rows_created: dict[str, int]
    users_created: tuple[str, ...]

    @property
    def created_anything(self) -> bool:
        return bool(self.facilities_created or self.users_created)


def demo_load(*, actor: Any = None, facilities: int = DEFAULT_FACILITIES, seed: int = DEFAULT_SEED) -> DemoLoadResult:
    """Loads the Dinghai district (marked demo) and the synthetic facilities and users into the database."""
    data = district_file(DISTRICT)
    dataset = generate(seed=seed, facilities=facilities, district=data)
    with transaction.atomic():
        district = district_load(actor=actor, data=data, demo=True)
        existing = set(Facility.objects.values_list("credit_code", flat=True))
        missing = [spec for spec in dataset.facilities if spec.credit_code not in existing]
        rows: Counter[str] = Counter()
        created: list[Facility] = []
        if missing:
            towns = dict(Town.objects.filter(district=district).values_list("code", "pk"))
            parks = dict(Park.objects.filter(district=district).values_list("code", "pk"))
            for start in range(0, len(missing), CHUNK):
                created += _create_facilities(missing[start : start + CHUNK], towns, parks, rows)
            _refresh_permit_status(created)
        users = _create_users(actor, dataset.users, district)
        result = DemoLoadResult(
            district=district.name,
            facilities_requested=facilities,
            facilities_created=len(created),
            rows_created=dict(rows),
            users_created=tuple(users),
        )
        if result.created_anything:
            audit_record(
                actor=actor,
                action="demo.load",
                obj=district,
                after={"seed": seed, "facilities_created": len(created), "users_created": list(users), **rows},
            )
    return result


# ------------------------------------------------------------------------------------------ facilities


def _bulk(model: type[models.Model], objs: Sequence[models.Model], rows: Counter[str], now: Any) -> None:
    if objs:
        bulk_create_with_history(objs, model, default_change_reason=CHANGE_REASON, default_date=now)
        rows[model._meta.model_name or model.__name__] += len(objs)


def _create_facilities(
    specs: Sequence[FacilitySpec], towns: dict[str, int], parks: dict[str, int], rows: Counter[str]
) -> list[Facility]:
    now, today = clock.now(), clock.today()
    facilities = [
        Facility(
            name=s.name,
            credit_code=s.credit_code,
            legal_representative=s.legal_representative,
            address=s.address,
            town_id=towns[s.town_code],
            park_id=parks.get(s.park_code) if s.park_code else None,
            lat=s.lat,
            lon=s.lon,
            primary_industry=s.primary_industry,
            status=s.status,
            land_area_mu=s.land_area_mu,
            output_value_10k=s.output_value_10k,
            contact_name=s.contact_name,
            contact_phone=s.contact_phone,
            on_key_list=s.on_key_list,
            in_industrial_building=s.in_industrial_building,
            permit_status=permit_status(s, today),
            is_demo=True,
        )
        for s in specs
    ]
    _bulk(Facility, facilities, rows, now)

    children: dict[type[models.Model], list[models.Model]] = {m: [] for m in _CHILD_MODELS}
    outlet_specs = []
    for spec, facility in zip(specs, facilities, strict=True):
        for model, build in _CHILD_BUILDERS:
            children[model] += build(spec, facility.pk)
        outlet_specs += spec.outlets
    for model in _CHILD_MODELS:
        _bulk(model, children[model], rows, now)
    limits = [
        OutletLimit(outlet_id=outlet.pk, **vars(limit))
        for outlet, spec in zip(children[Outlet], outlet_specs, strict=True)
        for limit in spec.limits
    ]
    _bulk(OutletLimit, limits, rows, now)
    return facilities


_Builder = Callable[[FacilitySpec, int], Iterable[models.Model]]
_CHILD_BUILDERS: tuple[tuple[type[models.Model], _Builder], ...] = (
    (FacilityIndustry, lambda s, pk: (
        FacilityIndustry(facility_id=pk, code=c, is_primary=c == s.primary_industry) for c in s.industry_codes)),
    (Boiler, lambda s, pk: (Boiler(facility_id=pk, **vars(b)) for b in s.boilers)),
    (Furnace, lambda s, pk: (Furnace(facility_id=pk, **vars(f)) for f in s.furnaces)),
    (FacilityProcess, lambda s, pk: (FacilityProcess(facility_id=pk, process=p) for p in s.processes)),
    (FacilityQuantity, lambda s, pk: (FacilityQuantity(facility_id=pk, **vars(q)) for q in s.quantities)),
    (WaterTreatment, lambda s, pk: (WaterTreatment(facility_id=pk, **vars(w)) for w in s.water_treatments)),
    (Outlet, lambda s, pk: (
        Outlet(facility_id=pk, **{k: v for k, v in vars(o).items() if k != "limits"}) for o in s.outlets)),
    (EiaApproval, lambda s, pk: (EiaApproval(facility_id=pk, **vars(e)) for e in s.eias)),
    (Acceptance, lambda s, pk: (Acceptance(facility_id=pk, **vars(a)) for a in s.acceptances)),
    (Permit, lambda s, pk: (Permit(facility_id=pk, **vars(p)) for p in s.permits)),
    (Registration, lambda s, pk: (Registration(facility_id=pk, **vars(r)) for r in s.registrations)),
)
_CHILD_MODELS = tuple(model for model, _ in _CHILD_BUILDERS)


def _refresh_permit_status(facilities: Sequence[Facility]) -> None:
    """Lets the registry's rule decide the permit status when it has one and the batch is small.

    The loader already set the status with the same rule (``dataset.permit_status``); for a large batch one
    call per facility would dominate the load time, so the loader's value stands.
    """
    if not facilities or len(facilities) > PER_FACILITY_REFRESH_LIMIT:
        return
    try:
        from ecopermit.registry import services as registry_services
    except ImportError:
        return
    refresh = getattr(registry_services, "facility_refresh_permit_status", None)
    if refresh is None:
        return
    for facility in facilities:
        refresh(facility)


# ----------------------------------------------------------------------------------------------- users


def _create_users(actor: Any, specs: Sequence[UserSpec], district: District) -> list[str]:
    """Creates the demo users that do not exist yet; an existing username is left untouched."""
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    created = []
    for spec in specs:
        if spec.username.lower() in taken:
            continue
        facilities = list(Facility.objects.filter(credit_code__in=spec.facility_codes).order_by("pk"))
        if len(facilities) != len(spec.facility_codes):
            continue  # its facility is not loaded (an existing database with other codes): skip the account
        user = user_create(
            actor=actor,
            username=spec.username,
            display_name=spec.display_name,
            password=spec.password,
            organisation=spec.organisation,
            must_change_password=False,
            is_demo=True,
        )
        role_grant(
            actor=actor,
            user=user,
            role=spec.role,
            town=Town.objects.get(code=spec.town_code) if spec.town_code else None,
            park=Park.objects.get(code=spec.park_code) if spec.park_code else None,
            department=Department.objects.get(code=spec.department_code) if spec.department_code else None,
        )
        FacilityAccess.objects.bulk_create([FacilityAccess(user=user, facility=f) for f in facilities])
        created.append(spec.username)
    return created
