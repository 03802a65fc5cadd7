"""The synthetic Dinghai demo district: pure, deterministic generation (no database, no Django).

``generate(seed=…, facilities=N)`` returns plain frozen dataclasses. Facility *i* depends only on the seed,
on *i* and on the facilities before it (name uniqueness, document-number counters), so a larger run
extends a smaller one: the first 320 facilities of a 50,000-facility run are the 320 of the default run.

Industry and paperwork profile are drawn from two Weyl sequences (i·φ and i·√2 modulo 1, offset by the
seed) rather than from independent coin flips: their shares match the weights closely for any count,
small or large, which keeps a 40-facility test run and a 320-facility demo alike. Everything else
(town, size, equipment, dates) comes from a ``random.Random`` seeded per facility.

Real-world anchors: GB/T 4754-2017 classes (checked by a test), HJ 212-2017 pollutant codes and emission
limits copied from the standards (``data/limits.csv``), the district's real town codes and approximate
centres (``core/districts/dinghai.json``). Names, people, addresses, numbers and quantities are invented:
see ``data/SOURCE.md``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ecopermit.demo.equipment import (
    BoilerSpec,
    FurnaceSpec,
    Kit,
    WaterTreatmentSpec,
    choice,
    dec,
    kit_for,
    lognormal,
    pick_cumulative,
)
from ecopermit.registry.credit_code import CHARSET, make_credit_code
from ecopermit.registry.validity import registration_valid_until

DEFAULT_SEED = 2020
DEFAULT_FACILITIES = 320
# Meets the password rules (≥ 8 characters, 3 of 4 classes) and is printed by `ecopermit demo_logins`.
DEMO_PASSWORD = "Demo!2026"  # noqa: S105 — a published demo password, never a real secret
DEMO_MARK = "（演示）"

PLAN_INDUSTRIES = (
    "ship",
    "aquatic",
    "foundry",
    "surface_treatment",
    "machining",
    "sand_stone",
    "plastics_rubber",
)
QUANTITY_YEARS = (2023, 2024, 2025)
LIMITS_VALID_FROM = date(2020, 1, 1)

BUREAU_2019 = "舟山市生态环境局定海分局"
BUREAU_BEFORE_2019 = "舟山市定海区环境保护局"  # the district's bureau before the 2019 institutional reform
SELF_ACCEPTANCE_FROM = date(2017, 11, 20)  # 国环规环评〔2017〕4号: acceptance by the builder itself

_DATA = "ecopermit.demo.data"
_PHI = (math.sqrt(5) - 1) / 2
_SQRT2 = math.sqrt(2) - 1
_KM_PER_DEG_LAT = 111.0


# ---------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class QuantitySpec:
    kind: str
    year: int
    value: Decimal
    from_eia: bool = False


@dataclass(frozen=True)
class LimitSpec:
    pollutant_code: str
    pollutant_name: str
    statistic: str
    value: Decimal
    unit: str
    source: str
    valid_from: date = LIMITS_VALID_FROM
    # Converted (折算) limits: flue gas of boilers and gas-fired furnaces is judged at the reference O2.
    converted: bool = False
    reference_o2: Decimal | None = None


@dataclass(frozen=True)
class OutletSpec:
    code: str
    name: str
    medium: str
    kind: str
    lat: float
    lon: float
    standard: str
    auto_monitoring_installed: bool
    auto_monitoring_networked: bool
    standardized: bool
    limits: tuple[LimitSpec, ...]


@dataclass(frozen=True)
class EiaSpec:
    number: str
    project_name: str
    report_type: str
    approved_on: date
    approving_body: str


@dataclass(frozen=True)
class AcceptanceSpec:
    eia_number: str
    kind: str
    completed_on: date


@dataclass(frozen=True)
class PermitSpec:
    number: str
    management_class: str
    issued_on: date
    valid_until: date


@dataclass(frozen=True)
class RegistrationSpec:
    number: str
    registered_on: date
    valid_until: date | None


@dataclass(frozen=True)
class FacilitySpec:
    index: int
    credit_code: str
    name: str
    trade_name: str
    sector: str
    plan_industry: str  # one of PLAN_INDUSTRIES, or "other" (boiler houses, feed and oil mills, sewage works)
    paperwork: str  # the profile drawn from PAPERWORK (gaps: eia_only, bba_*, registration_only, none)
    legal_representative: str
    address: str
    town_code: str
    park_code: str | None
    lat: float
    lon: float
    primary_industry: str
    industry_codes: tuple[str, ...]
    status: str
    land_area_mu: Decimal
    output_value_10k: Decimal
    contact_name: str
    contact_phone: str
    on_key_list: bool
    in_industrial_building: bool
    boilers: tuple[BoilerSpec, ...] = ()
    furnaces: tuple[FurnaceSpec, ...] = ()
    processes: tuple[str, ...] = ()
    quantities: tuple[QuantitySpec, ...] = ()
    water_treatments: tuple[WaterTreatmentSpec, ...] = ()
    outlets: tuple[OutletSpec, ...] = ()
    eias: tuple[EiaSpec, ...] = ()
    acceptances: tuple[AcceptanceSpec, ...] = ()
    permits: tuple[PermitSpec, ...] = ()
    registrations: tuple[RegistrationSpec, ...] = ()

    @property
    def built_before_approval(self) -> bool:
        """未批先建: operating with no EIA approval where the profile says one was due."""
        return self.paperwork.startswith("bba_")


@dataclass(frozen=True)
class UserSpec:
    username: str
    display_name: str
    role: str  # accounts.roles.Role value
    organisation: str
    scope: str  # Chinese, for the login table
    town_code: str | None = None
    park_code: str | None = None
    department_code: str | None = None
    facility_codes: tuple[str, ...] = ()
    password: str = DEMO_PASSWORD


# Every demo account `generate` can produce (the park officer needs a park; the enterprise and agency
# accounts need facilities to link to).
USERNAMES = (
    "officer",
    "leader",
    "town_chengdong",
    "town_jintang",
    "park_officer",
    "dept_jxj",
    "enterprise1",
    "enterprise2",
    "enterprise3",
    "agency",
    "sysadmin",
    "secadmin",
    "auditadmin",
)


@dataclass(frozen=True)
class Dataset:
    seed: int
    facilities: tuple[FacilitySpec, ...]
    users: tuple[UserSpec, ...]


def permit_status(spec: FacilitySpec, today: date) -> str:
    """``Facility.permit_status`` for the paperwork of ``spec`` on ``today``.

    The rule of ``registry.validity.status`` (a test holds the two together): a permit valid today wins; else a
    registration valid today; else an expired permit; else an expired registration; else none.
    """
    if any(p.valid_until >= today for p in spec.permits):
        return "permit_valid"
    if any(registration_valid_until(r.registered_on, r.valid_until) >= today for r in spec.registrations):
        return "registered"
    if spec.permits:
        return "permit_expired"
    return "registration_expired" if spec.registrations else "none"


# ------------------------------------------------------------------------------------------ data files


@dataclass(frozen=True)
class _LimitRow:
    standard: str
    standard_name: str
    medium: str
    limit: LimitSpec


@cache
def _names() -> dict[str, Any]:
    return json.loads(resources.files(_DATA).joinpath("names.json").read_text(encoding="utf-8"))


@cache
def limit_sets() -> dict[str, tuple[_LimitRow, ...]]:
    """``data/limits.csv`` grouped by set: the limits an outlet of that kind is given."""
    text = resources.files(_DATA).joinpath("limits.csv").read_text(encoding="utf-8")
    sets: dict[str, list[_LimitRow]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        limit = LimitSpec(
            pollutant_code=row["pollutant_code"],
            pollutant_name=row["pollutant_name"],
            statistic=row["statistic"],
            value=Decimal(row["value"]),
            unit=row["unit"],
            source=row["source"],
            converted=bool(row["reference_o2"]),
            reference_o2=Decimal(row["reference_o2"]) if row["reference_o2"] else None,
        )
        sets.setdefault(row["set"], []).append(
            _LimitRow(row["standard"], row["standard_name"], row["medium"], limit)
        )
    return {key: tuple(rows) for key, rows in sets.items()}


def bundled_land(code: str) -> Any:
    """The district's land and islands from its bundled basemap (core/districts/basemaps/<code>.geojson), prepared
    for fast point tests; None without one. Demo facilities are placed on land, not in the sea (issue 11 item 13)."""
    from shapely import prepare
    from shapely.geometry import shape

    try:
        text = (
            resources.files("ecopermit.core.districts")
            .joinpath("basemaps", f"{code}.geojson")
            .read_text("utf-8")
        )
    except FileNotFoundError:
        return None
    land = shape(json.loads(text)["features"][0]["geometry"])
    prepare(land)
    return land


#: How many draws a facility's position gets to land on land before the last draw is kept (a town centre in the
#: district file may itself lie off the coastline by a few hundred metres).
_LAND_TRIES = 40


def bundled_district() -> dict[str, Any]:
    """The Dinghai jurisdiction file, read without Django (the loader passes the same dict it loads)."""
    text = resources.files("ecopermit.core.districts").joinpath("dinghai.json").read_text(encoding="utf-8")
    return json.loads(text)


# --------------------------------------------------------------------------------------------- sectors


@dataclass(frozen=True)
class _Sector:
    key: str
    plan: str
    weight: float
    codes: tuple[tuple[str, float], ...]
    names: tuple[str, ...]
    towns: dict[str, float]  # town name → weight; unnamed towns get weight 1
    park_share: float = 0.0  # share placed in a park when the facility's town hosts one
    area_mu: float = 15.0  # median land area
    project: str = "建设项目"  # EIA project name after the company name; {q} is project_quantity
    project_quantity: str = ""
    names_by_code: dict[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def _sectors() -> tuple[_Sector, ...]:
    """``data/sectors.json``: what each sector makes, where, under which names."""
    doc = json.loads(resources.files(_DATA).joinpath("sectors.json").read_text(encoding="utf-8"))
    return tuple(
        _Sector(
            key=s["key"],
            plan=s["plan"],
            weight=s["weight"],
            codes=tuple(s["codes"].items()),
            names=tuple(s["names"]),
            towns=s["towns"],
            park_share=s.get("park_share", 0.0),
            area_mu=s.get("area_mu", 15.0),
            project=s.get("project", "建设项目"),
            project_quantity=s.get("project_quantity", ""),
            names_by_code={code: tuple(names) for code, names in s.get("names_by_code", {}).items()},
        )
        for s in doc["sectors"]
    )


# (profile, share): 55 % hold an EIA approval; 15 % built before approval (未批先建); 20 % hold nothing.
PAPERWORK: tuple[tuple[str, float], ...] = (
    ("eia_permit", 0.33),
    ("eia_registration", 0.14),
    ("eia_only", 0.08),
    ("bba_registration", 0.05),
    ("bba_none", 0.10),
    ("registration_only", 0.20),
    ("none", 0.10),
)


# --------------------------------------------------------------------------------------------- helpers


class _Generator:
    def __init__(self, seed: int, district: dict[str, Any]) -> None:
        self.seed = seed
        self.district = district
        self.names = _names()
        self.limit_sets = limit_sets()
        self.towns = list(district["towns"])
        self.land = bundled_land(district["code"])
        self.town_by_name = {t["name"]: t for t in self.towns}
        self.parks_by_town: dict[str, list[dict[str, Any]]] = {}
        for park in district["parks"]:
            if park.get("town"):
                self.parks_by_town.setdefault(park["town"], []).append(park)
        base = random.Random(f"ecopermit-demo:{seed}")
        self.offset_sector = base.random()
        self.offset_paperwork = base.random()
        # Organisation-code bodies: "DM" + 6 characters from an affine map of the index over 31**6 values,
        # distinct for every index, scattered so that neighbours do not share a prefix.
        self.code_offset = base.randrange(31**6)
        self.used_names: set[str] = set()
        self.blocked = tuple(self.names["real_trade_names"])
        self.eia_counters: dict[tuple[str, int], int] = {}
        self.sector_weights = tuple((s, s.weight) for s in _sectors())

    # -- identity ---------------------------------------------------------------------------------

    def credit_code(self, index: int) -> str:
        value = (index * 387_420_489 + self.code_offset) % 31**6  # 3**18 is coprime to 31: a bijection
        chars = []
        for _ in range(6):
            value, digit = divmod(value, 31)
            chars.append(CHARSET[digit])
        return make_credit_code("DM" + "".join(reversed(chars)), dept="9", kind="1", division="330902")

    def person(self, rng: random.Random) -> str:
        surname = rng.choice(self.names["surnames"])
        given = rng.choice(self.names["given"])
        if rng.random() < 0.7:
            given += rng.choice(self.names["given"])
        return surname + given

    def trade_and_name(self, rng: random.Random, templates: Sequence[str]) -> tuple[str, str]:
        first, second, third = (
            self.names["trade_first"],
            self.names["trade_second"],
            self.names["trade_third"],
        )
        for attempt in range(200):
            trade = rng.choice(first) + rng.choice(second)
            if attempt >= 20:  # the two-character names in this template are used up: add a third
                trade += rng.choice(third)
            if any(real in trade for real in self.blocked):
                continue
            name = rng.choice(templates).format(t=trade)
            if name not in self.used_names:
                self.used_names.add(name)
                return trade, name
        raise RuntimeError("demo generator ran out of distinct facility names")

    def place(self, rng: random.Random, sector: _Sector) -> tuple[dict[str, Any], dict[str, Any] | None]:
        weights = [(t, sector.towns.get(t["name"], 1.0)) for t in self.towns]
        town = choice(rng, weights)
        park = None
        parks = self.parks_by_town.get(town["code"], [])
        if parks and rng.random() < sector.park_share:
            park = rng.choice(parks)
        return town, park

    def point_near(self, rng: random.Random, lat: float, lon: float, radius_km: float) -> tuple[float, float]:
        """A point drawn uniformly within ``radius_km``, on land when the district has a basemap."""
        from shapely import Point

        for _ in range(_LAND_TRIES):
            distance = radius_km * math.sqrt(rng.random())
            angle = rng.uniform(0, 2 * math.pi)
            dlat = distance * math.cos(angle) / _KM_PER_DEG_LAT
            dlon = distance * math.sin(angle) / (_KM_PER_DEG_LAT * math.cos(math.radians(lat)))
            point = round(lat + dlat, 6), round(lon + dlon, 6)
            if self.land is None or self.land.contains(Point(point[1], point[0])):
                break
        return point

    # -- paperwork ------------------------------------------------------------------------------------

    def eia_number(self, approved_on: date) -> tuple[str, str]:
        year = approved_on.year
        prefix = "舟环定建审" if year >= 2019 else "定环建审"
        counter = self.eia_counters.get((prefix, year), 0) + 1
        self.eia_counters[(prefix, year)] = counter
        body = BUREAU_2019 if year >= 2019 else BUREAU_BEFORE_2019
        return f"{prefix}〔{year}〕{counter}号", body

    # -- one facility ---------------------------------------------------------------------------------

    def facility(self, index: int) -> FacilitySpec:
        rng = random.Random(f"ecopermit-demo:{self.seed}:{index}")
        sector: _Sector = pick_cumulative(self.sector_weights, (self.offset_sector + index * _PHI) % 1.0)
        paperwork: str = pick_cumulative(PAPERWORK, (self.offset_paperwork + index * _SQRT2) % 1.0)
        code = choice(rng, sector.codes)
        kit = kit_for(sector.key, code, rng)

        templates = sector.names_by_code.get(code, sector.names)
        if "electroplating" in kit.processes:
            templates = ("舟山市{t}电镀有限公司", "舟山{t}表面处理有限公司")
        trade, name = self.trade_and_name(rng, templates)

        town, park = self.place(rng, sector)
        if park is not None and park.get("lat") is not None:
            lat, lon = self.point_near(rng, park["lat"], park["lon"], 1.2)
        else:
            lat, lon = self.point_near(rng, town["lat"], town["lon"], 2.8)
        roads = self.names["roads"].get(town["code"], self.names["fallback_roads"])
        address = f"{self.district['name']}{town['name']}{rng.choice(roads)}{rng.randint(1, 888)}号"

        # Key dischargers are known to the bureau: none of them is left without paperwork.
        if kit.key and paperwork not in ("eia_permit", "eia_registration"):
            paperwork = "eia_permit"
        credit_code = self.credit_code(index)

        status = "operating"
        if paperwork == "eia_only" and rng.random() < 0.35:
            status = "construction"
        elif not paperwork.startswith("bba_"):
            status = choice(rng, (("operating", 94), ("suspended", 5), ("closed", 1)))

        started = rng.randint(2003, 2023)
        if status == "construction":
            started = rng.randint(2024, 2025)
        quantities = self.quantities(rng, kit, status)

        eias: list[EiaSpec] = []
        acceptances: list[AcceptanceSpec] = []
        if paperwork.startswith("eia_"):
            approved = date(started, 1, 1) + timedelta(days=rng.randint(0, 330))
            projects = [sector.project]
            if rng.random() < 0.2 and started <= 2020:
                projects.append("技术改造项目")
            for n, project in enumerate(projects):
                if n:
                    approved = approved + timedelta(days=rng.randint(700, 1800))
                number, body = self.eia_number(approved)
                quantity = kit.quantities.get(sector.project_quantity, 0)
                project_name = name + project.format(q=f"{quantity:.0f}")
                report = "report" if (kit.big or kit.key) and rng.random() < 0.7 else "form"
                eias.append(EiaSpec(number, project_name, report, approved, body))
                done = approved + timedelta(days=rng.randint(180, 720))
                if status != "construction" and done <= date(2025, 12, 31) and rng.random() < 0.85:
                    kind = "self" if done >= SELF_ACCEPTANCE_FROM else "government"
                    acceptances.append(AcceptanceSpec(number, kind, done))

        permits: list[PermitSpec] = []
        registrations: list[RegistrationSpec] = []
        if paperwork == "eia_permit":
            if rng.random() < 0.1:  # issued in the first wave and not renewed: expired by now
                issued = date(2019, 12, 1) + timedelta(days=rng.randint(0, 690))
            else:
                issued = date(2021, 12, 1) + timedelta(days=rng.randint(0, 1125))
            klass = "key" if kit.key or kit.big or rng.random() < 0.15 else "simplified"
            permits.append(PermitSpec(f"{credit_code}001P", klass, issued, _plus_years(issued, 5)))
        elif paperwork in ("eia_registration", "bba_registration", "registration_only"):
            if rng.random() < 0.08:
                registered = date(2020, 3, 1) + timedelta(days=rng.randint(0, 600))
            else:
                registered = date(2021, 12, 1) + timedelta(days=rng.randint(0, 1430))
            registrations.append(
                RegistrationSpec(f"{credit_code}001W", registered, _plus_years(registered, 5))
            )

        outlets = self.outlets(rng, kit, lat, lon)
        area = lognormal(rng, sector.area_mu, 0.7, 1.5, 800)
        legal = self.person(rng)
        industry_codes = [code]
        if sector.key == "ship_repair" and code == "4342" and rng.random() < 0.2:
            industry_codes.append("3735")
        if sector.key == "aquatic" and rng.random() < 0.1:
            industry_codes.append("1452")
        return FacilitySpec(
            index=index,
            credit_code=credit_code,
            name=name,
            trade_name=trade,
            sector=sector.key,
            plan_industry=sector.plan,
            paperwork=paperwork,
            legal_representative=legal,
            address=address,
            town_code=town["code"],
            park_code=park["code"] if park else None,
            lat=lat,
            lon=lon,
            primary_industry=code,
            industry_codes=tuple(industry_codes),
            status=status,
            land_area_mu=dec(area),
            output_value_10k=dec(area * rng.uniform(60, 420)),
            contact_name=legal if rng.random() < 0.3 else self.person(rng),
            contact_phone=f"0580-0{rng.randint(0, 999_999):06d}",
            on_key_list=kit.key,
            in_industrial_building=sector.key != "sand_stone"
            and not (sector.key == "ship_repair" and rng.random() < 0.3),
            boilers=tuple(kit.boilers),
            furnaces=tuple(kit.furnaces),
            processes=tuple(dict.fromkeys(kit.processes)),
            quantities=quantities,
            water_treatments=tuple(kit.water),
            outlets=outlets,
            eias=tuple(eias),
            acceptances=tuple(acceptances),
            permits=tuple(permits),
            registrations=tuple(registrations),
        )

    @staticmethod
    def quantities(rng: random.Random, kit: Kit, status: str) -> tuple[QuantitySpec, ...]:
        out = []
        for kind, base in kit.quantities.items():
            places = 0 if kind == "ships_repaired_per_year" or base >= 1000 else 2
            if status == "construction":  # no production yet: the EIA's design figure stands in
                out.append(QuantitySpec(kind, QUANTITY_YEARS[-1], dec(base, places), from_eia=True))
                continue
            for year in QUANTITY_YEARS:
                value = max(base * (1 + rng.gauss(0, 0.12)), 0.1 if places else 1)
                out.append(QuantitySpec(kind, year, dec(value, places)))
        return tuple(out)

    def outlets(self, rng: random.Random, kit: Kit, lat: float, lon: float) -> tuple[OutletSpec, ...]:
        out = []
        for medium, prefix, plans in (("gas", "DA", kit.gas_outlets), ("water", "DW", kit.water_outlets)):
            for n, (name, limit_set, main) in enumerate(plans, start=1):
                rows = self.limit_sets[limit_set]
                main = main or kit.key
                installed = rng.random() < (0.92 if main else 0.72)
                networked = installed and rng.random() < 0.93
                olat, olon = self.point_near(rng, lat, lon, 0.08)
                standard = f"{rows[0].standard}《{rows[0].standard_name}》"
                out.append(
                    OutletSpec(
                        code=f"{prefix}{n:03d}",
                        name=name,
                        medium=medium,
                        kind="main" if main else "general",
                        lat=olat,
                        lon=olon,
                        standard=standard,
                        auto_monitoring_installed=installed,
                        auto_monitoring_networked=networked,
                        standardized=rng.random() < (0.95 if main else 0.82),
                        limits=tuple(row.limit for row in rows),
                    )
                )
        return tuple(out)

    # -- users ----------------------------------------------------------------------------------------

    def users(self, facilities: Sequence[FacilitySpec]) -> tuple[UserSpec, ...]:
        towns = self.town_by_name
        chengdong = towns.get("城东街道", self.towns[0])
        jintang = towns.get("金塘镇", self.towns[-1])
        parks = {p["name"]: p for p in self.district["parks"]}
        park = parks.get("定海工业园区") or (self.district["parks"][0] if self.district["parks"] else None)
        departments = {d["code"]: d for d in self.district["departments"]}
        dept = departments.get("jxj") or self.district["departments"][0]
        bureau = self.district["bureau"]

        def first(pred: Callable[[FacilitySpec], bool], taken: set[str]) -> FacilitySpec | None:
            found = next((f for f in facilities if pred(f) and f.credit_code not in taken), None)
            return found or next((f for f in facilities if f.credit_code not in taken), None)

        taken: set[str] = set()
        shipyard = first(lambda f: f.sector == "ship_repair" and f.status == "operating", taken)
        if shipyard:
            taken.add(shipyard.credit_code)
        fishery = first(lambda f: f.sector == "aquatic" and f.status == "operating", taken)
        if fishery:
            taken.add(fishery.credit_code)

        # A permit holder with limits on its outlets: the manager who files execution reports (issue 13).
        def holds_permit(f: FacilitySpec) -> bool:
            return bool(f.permits) and f.status == "operating" and any(o.limits for o in f.outlets)

        # A key discharger first: it reports quarterly, so its manager has reports due all year.
        permitted = next(
            (f for f in facilities if f.on_key_list and holds_permit(f) and f.credit_code not in taken), None
        )
        permitted = permitted or first(holds_permit, taken)
        if permitted:
            taken.add(permitted.credit_code)
        clients = [
            f
            for f in facilities
            if f.paperwork in ("eia_only", "bba_none", "bba_registration") and f.credit_code not in taken
        ][:3]

        users = [
            UserSpec("officer", "陈海舟" + DEMO_MARK, "bureau_officer", bureau, "全区"),
            UserSpec("leader", "乐定远" + DEMO_MARK, "bureau_leader", bureau, "全区"),
            UserSpec(
                "town_chengdong",
                "竺东晓" + DEMO_MARK,
                "town_officer",
                f"{chengdong['name']}办事处",
                chengdong["name"],
                town_code=chengdong["code"],
            ),
            UserSpec(
                "town_jintang",
                "邬金岙" + DEMO_MARK,
                "town_officer",
                f"{jintang['name']}人民政府",
                jintang["name"],
                town_code=jintang["code"],
            ),
        ]
        if park is not None:
            users.append(
                UserSpec(
                    "park_officer",
                    "岑园林" + DEMO_MARK,
                    "town_officer",
                    park.get("authority") or park["name"],
                    park["name"],
                    park_code=park["code"],
                )
            )
        users.append(
            UserSpec(
                "dept_jxj",
                "虞经纬" + DEMO_MARK,
                "department_officer",
                dept["name"],
                dept["name"],
                department_code=dept["code"],
            )
        )
        for username, person, facility in (
            ("enterprise1", "翁船安", shipyard),
            ("enterprise2", "应渔鲜", fishery),
            ("enterprise3", "邵证明", permitted),
        ):
            if facility is not None:
                users.append(
                    UserSpec(
                        username,
                        person + DEMO_MARK,
                        "enterprise",
                        facility.name,
                        facility.name,
                        facility_codes=(facility.credit_code,),
                    )
                )
        if clients:
            users.append(
                UserSpec(
                    "agency",
                    "舒管家" + DEMO_MARK,
                    "agency",
                    "舟山澄曦环保管家服务有限公司" + DEMO_MARK,
                    "、".join(f.name for f in clients),
                    facility_codes=tuple(f.credit_code for f in clients),
                )
            )
        users += [
            UserSpec("sysadmin", "系统管理员" + DEMO_MARK, "system_admin", bureau, "系统与用户"),
            UserSpec("secadmin", "安全管理员" + DEMO_MARK, "security_admin", bureau, "角色与安全策略"),
            UserSpec("auditadmin", "审计管理员" + DEMO_MARK, "audit_admin", bureau, "审计日志（只读）"),
        ]
        return tuple(users)


def _plus_years(day: date, years: int) -> date:
    """The last day of a validity period of ``years`` years starting on ``day``."""
    try:
        end = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        end = day.replace(year=day.year + years, day=28)
    return end - timedelta(days=1)


def facility_codes(
    *, seed: int = DEFAULT_SEED, facilities: int = DEFAULT_FACILITIES, district: dict[str, Any] | None = None
) -> list[str]:
    """The credit codes ``generate`` gives its facilities, in order, without generating them (cheap)."""
    generator = _Generator(seed, district or bundled_district())
    return [generator.credit_code(i) for i in range(facilities)]


def generate(
    *, seed: int = DEFAULT_SEED, facilities: int = DEFAULT_FACILITIES, district: dict[str, Any] | None = None
) -> Dataset:
    """The demo dataset: ``facilities`` facilities and the demo users. Same arguments, same result."""
    if facilities < 0:
        raise ValueError("facilities must be ≥ 0")
    generator = _Generator(seed, district or bundled_district())
    specs = tuple(generator.facility(i) for i in range(facilities))
    return Dataset(seed=seed, facilities=specs, users=generator.users(specs))
