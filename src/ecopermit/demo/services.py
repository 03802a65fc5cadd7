"""Writing the demo district to the database (`ecopermit load_demo`).

Safe to run again: facilities are matched by credit code and users by username; what exists is left as it
is (a demo audience may have edited it), what is missing is created. A second run creates nothing and
writes no history. Missing facilities are written in chunks with multi-row inserts, history rows included
(see ``_Table``), so 50,000 facilities load in well under two minutes on SQLite.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from simple_history.utils import get_history_model_for_model

from ecopermit.accounts.facade import user_of
from ecopermit.accounts.models import User
from ecopermit.accounts.services import role_grant, user_create
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.models import Department, Park, Town
from ecopermit.core.services import district_file, district_load
from ecopermit.core.types import Actor
from ecopermit.demo.dataset import (
    DEFAULT_FACILITIES,
    DEFAULT_SEED,
    USERNAMES,
    Dataset,
    FacilitySpec,
    UserSpec,
    facility_codes,
    generate,
    permit_status,
)
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
from ecopermit.registry.services import facility_refresh_permit_status

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


def demo_load(
    *, actor: Actor = None, facilities: int = DEFAULT_FACILITIES, seed: int = DEFAULT_SEED
) -> DemoLoadResult:
    """Loads the Dinghai district (marked demo) and the synthetic facilities and users into the database."""
    data = district_file(DISTRICT)
    with transaction.atomic():
        district = district_load(actor=actor, data=data, demo=True)
        existing = set(Facility.objects.values_list("credit_code", flat=True))
        usernames = {name.lower() for name in User.objects.values_list("username", flat=True)}
        complete = all(
            code in existing for code in facility_codes(seed=seed, facilities=facilities, district=data)
        )
        if complete and usernames.issuperset(USERNAMES):
            dataset = Dataset(seed=seed, facilities=(), users=())  # nothing to add: skip generating
        else:
            dataset = generate(seed=seed, facilities=facilities, district=data)
        missing = [spec for spec in dataset.facilities if spec.credit_code not in existing]
        rows: Counter[str] = Counter()
        created: list[int] = []
        user = user_of(actor)
        if missing:
            user_id = user.pk if user is not None else None
            towns = dict(Town.objects.filter(district=district).values_list("code", "pk"))
            parks = dict(Park.objects.filter(district=district).values_list("code", "pk"))
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start : start + CHUNK]
                created += _create_facilities(chunk, towns, parks, rows, user_id)
            _refresh_permit_status(created)
        users = _create_users(user, dataset.users, usernames)
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
                after={
                    "seed": seed,
                    "facilities_created": len(created),
                    "users_created": list(users),
                    **rows,
                },
            )
    return result


# ------------------------------------------------------------------------------------------ facilities
#
# Rows go in with one ``executemany`` per table and chunk; their history rows are copied from them in SQL
# (``INSERT … SELECT``), exactly what simple_history would have written for a creation ("+"). The ORM's
# bulk_create with history costs ~2.6 ms a facility (~35 rows with history): too slow for 50,000.

_PREPARED_TYPES = frozenset(
    {"DateField", "DateTimeField", "DecimalField", "JSONField", "TimeField", "UUIDField"}
)


class _Table:
    """Column order, defaults and value preparation of one model, for raw multi-row inserts."""

    def __init__(self, model: type[models.Model], now: Any) -> None:
        self.model = model
        self.columns: list[str] = []
        self.plan: list[tuple[str, Any, Callable[..., Any] | None]] = []
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            prep = f.get_db_prep_save if f.get_internal_type() in _PREPARED_TYPES else None
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            default = now if auto else f.get_default()
            if prep is not None:
                default = prep(default, connection=connection)
            assert f.column is not None  # a concrete field has its column
            self.columns.append(f.column)
            self.plan.append((f.attname, default, prep))

    def insert(self, dicts: Sequence[dict[str, Any]]) -> int:
        if not dicts:
            return 0
        rows = []
        for d in dicts:
            row = []
            for attname, default, prep in self.plan:
                if attname in d:
                    value = d[attname]
                    row.append(prep(value, connection=connection) if prep is not None else value)
                else:
                    row.append(default)
            rows.append(tuple(row))
        qn = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — identifiers from the model's meta
            qn(self.model._meta.db_table),
            ", ".join(qn(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return len(rows)

    def copy_history(self, where: str, params: Sequence[Any], now: Any, user_id: int | None) -> None:
        history = get_history_model_for_model(self.model)  # the model's HistoricalRecords table
        qn = connection.ops.quote_name
        tracked = [qn(f.column) for f in history.tracked_fields]
        extra = [qn(c) for c in ("history_date", "history_change_reason", "history_type", "history_user_id")]
        when = history._meta.get_field("history_date").get_db_prep_save(now, connection=connection)
        sql = "INSERT INTO {} ({}) SELECT {}, %s, %s, %s, %s FROM {} WHERE {}".format(  # noqa: S608 — as above
            qn(history._meta.db_table),
            ", ".join(tracked + extra),
            ", ".join(tracked),
            qn(self.model._meta.db_table),
            where,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [when, CHANGE_REASON, "+", user_id, *params])


def _create_facilities(
    specs: Sequence[FacilitySpec],
    towns: dict[str, int],
    parks: dict[str, int],
    rows: Counter[str],
    user_id: int | None,
) -> list[int]:
    """Inserts one chunk of new facilities with their children and history; returns their ids."""
    now, today = clock.now(), clock.today()
    written: tuple[type[models.Model], ...] = (Facility, *_CHILD_MODELS, OutletLimit)
    tables = {model: _Table(model, now) for model in written}
    rows["facility"] += tables[Facility].insert(
        [
            {
                "name": s.name,
                "credit_code": s.credit_code,
                "legal_representative": s.legal_representative,
                "address": s.address,
                "town_id": towns[s.town_code],
                "park_id": parks.get(s.park_code) if s.park_code else None,
                "lat": s.lat,
                "lon": s.lon,
                "primary_industry": s.primary_industry,
                "status": s.status,
                "land_area_mu": s.land_area_mu,
                "output_value_10k": s.output_value_10k,
                "contact_name": s.contact_name,
                "contact_phone": s.contact_phone,
                "on_key_list": s.on_key_list,
                "in_industrial_building": s.in_industrial_building,
                "permit_status": permit_status(s, today),
                "is_demo": True,
            }
            for s in specs
        ]
    )
    ids = dict(
        Facility.objects.filter(credit_code__in=[s.credit_code for s in specs]).values_list(
            "credit_code", "pk"
        )
    )
    pks = [ids[s.credit_code] for s in specs]
    holders = ", ".join(["%s"] * len(pks))
    tables[Facility].copy_history(f"id IN ({holders})", pks, now, user_id)

    for model, build in _CHILD_BUILDERS:
        count = tables[model].insert([row for s, pk in zip(specs, pks, strict=True) for row in build(s, pk)])
        if count:
            rows[model._meta.model_name or model.__name__] += count
            tables[model].copy_history(f"facility_id IN ({holders})", pks, now, user_id)

    outlet_ids = {
        (facility, code): pk
        for facility, code, pk in Outlet.objects.filter(facility_id__in=pks).values_list(
            "facility_id", "code", "pk"
        )
    }
    limits = [
        {"outlet_id": outlet_ids[(pk, outlet.code)], **vars(limit)}
        for s, pk in zip(specs, pks, strict=True)
        for outlet in s.outlets
        for limit in outlet.limits
    ]
    if tables[OutletLimit].insert(limits):
        rows["outletlimit"] += len(limits)
        outlets = connection.ops.quote_name(Outlet._meta.db_table)
        where = f"outlet_id IN (SELECT id FROM {outlets} WHERE facility_id IN ({holders}))"  # noqa: S608 — meta names
        tables[OutletLimit].copy_history(where, pks, now, user_id)
    return pks


_Builder = Callable[[FacilitySpec, int], Iterable[dict[str, Any]]]
_CHILD_BUILDERS: tuple[tuple[type[models.Model], _Builder], ...] = (
    (
        FacilityIndustry,
        lambda s, pk: (
            {"facility_id": pk, "code": c, "is_primary": c == s.primary_industry} for c in s.industry_codes
        ),
    ),
    (Boiler, lambda s, pk: ({"facility_id": pk, **vars(b)} for b in s.boilers)),
    (Furnace, lambda s, pk: ({"facility_id": pk, **vars(f)} for f in s.furnaces)),
    (FacilityProcess, lambda s, pk: ({"facility_id": pk, "process": p} for p in s.processes)),
    (FacilityQuantity, lambda s, pk: ({"facility_id": pk, **vars(q)} for q in s.quantities)),
    (WaterTreatment, lambda s, pk: ({"facility_id": pk, **vars(w)} for w in s.water_treatments)),
    (
        Outlet,
        lambda s, pk: ({"facility_id": pk, **vars(o)} for o in s.outlets),
    ),  # "limits" is no column: ignored
    (EiaApproval, lambda s, pk: ({"facility_id": pk, **vars(e)} for e in s.eias)),
    (Acceptance, lambda s, pk: ({"facility_id": pk, **vars(a)} for a in s.acceptances)),
    (Permit, lambda s, pk: ({"facility_id": pk, **vars(p)} for p in s.permits)),
    (Registration, lambda s, pk: ({"facility_id": pk, **vars(r)} for r in s.registrations)),
)
_CHILD_MODELS = tuple(model for model, _ in _CHILD_BUILDERS)


def _refresh_permit_status(ids: Sequence[int]) -> None:
    """Lets the registry's own rule set the permit status when the batch is small.

    The rows were written with ``dataset.permit_status``, the same rule (a test holds the two together); for a
    large batch three queries per facility would dominate the load time, so the loader's value stands.
    """
    if len(ids) > PER_FACILITY_REFRESH_LIMIT:
        return
    for facility in Facility.objects.filter(pk__in=ids).order_by("pk"):
        facility_refresh_permit_status(facility)


# ----------------------------------------------------------------------------------------------- users


def _create_users(actor: User | None, specs: Sequence[UserSpec], taken: set[str]) -> list[str]:
    """Creates the demo users whose username is not ``taken`` (lower-case); an existing account is left as is."""
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
