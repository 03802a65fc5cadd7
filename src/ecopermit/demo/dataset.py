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

from ecopermit.registry.credit_code import CHARSET, make_credit_code

DEFAULT_SEED = 2020
DEFAULT_FACILITIES = 320
# Meets the password rules (≥ 8 characters, 3 of 4 classes) and is printed by `ecopermit demo_logins`.
DEMO_PASSWORD = "Demo!2026"  # noqa: S105 — a published demo password, never a real secret
DEMO_MARK = "（演示）"

PLAN_INDUSTRIES = ("ship", "aquatic", "foundry", "surface_treatment", "machining", "sand_stone", "plastics_rubber")
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
class BoilerSpec:
    name: str
    fuel: str
    capacity: Decimal
    capacity_unit: str


@dataclass(frozen=True)
class FurnaceSpec:
    name: str
    kind: str
    energy: str


@dataclass(frozen=True)
class QuantitySpec:
    kind: str
    year: int
    value: Decimal
    from_eia: bool = False


@dataclass(frozen=True)
class WaterTreatmentSpec:
    name: str
    kind: str
    capacity_t_per_day: Decimal


@dataclass(frozen=True)
class LimitSpec:
    pollutant_code: str
    pollutant_name: str
    statistic: str
    value: Decimal
    unit: str
    source: str
    valid_from: date = LIMITS_VALID_FROM


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


@dataclass(frozen=True)
class Dataset:
    seed: int
    facilities: tuple[FacilitySpec, ...]
    users: tuple[UserSpec, ...]


def permit_status(spec: FacilitySpec, today: date) -> str:
    """The registry's PermitStatus value for the paperwork of ``spec`` on ``today``."""
    if spec.permits:
        return "permit_valid" if any(p.valid_until >= today for p in spec.permits) else "permit_expired"
    if any(r.valid_until is None or r.valid_until >= today for r in spec.registrations):
        return "registered"
    return "none"


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
        )
        sets.setdefault(row["set"], []).append(_LimitRow(row["standard"], row["standard_name"], row["medium"], limit))
    return {key: tuple(rows) for key, rows in sets.items()}


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


_SECTORS: tuple[_Sector, ...] = (
    _Sector(
        "ship_repair", "ship", 20, (("4342", 85), ("3735", 15)),
        ("舟山市定海区{t}船舶修造有限公司", "舟山{t}船舶修理有限公司", "浙江{t}船业有限公司", "舟山市{t}船务工程有限公司"),
        {"岑港街道": 25, "盐仓街道": 14, "金塘镇": 14, "干览镇": 10, "小沙街道": 8, "马岙街道": 6, "双桥街道": 5,
         "环南街道": 6, "城东街道": 5, "白泉镇": 4},
        park_share=0.3, area_mu=60, project="年修理船舶{q}艘建设项目", project_quantity="ships_repaired_per_year",
    ),
    _Sector(
        "ship_building", "ship", 7, (("3731", 45), ("3732", 20), ("3734", 25), ("3737", 10)),
        ("舟山{t}船舶制造有限公司", "浙江{t}造船有限公司", "舟山市{t}船舶配件有限公司", "舟山{t}海洋装备有限公司"),
        {"岑港街道": 20, "金塘镇": 15, "盐仓街道": 12, "小沙街道": 8, "马岙街道": 6, "干览镇": 6, "双桥街道": 5,
         "白泉镇": 5, "城东街道": 5},
        park_share=0.35, area_mu=80, project="船舶及配套设备制造建设项目",
    ),
    _Sector(
        "aquatic", "aquatic", 20, (("1361", 45), ("1362", 30), ("1363", 7), ("1369", 13)),
        ("浙江{t}水产食品有限公司", "舟山市{t}水产有限公司", "舟山{t}海洋食品有限公司", "舟山市定海区{t}水产品加工厂"),
        {"干览镇": 30, "盐仓街道": 10, "城东街道": 10, "白泉镇": 8, "马岙街道": 8, "岑港街道": 7, "小沙街道": 6,
         "环南街道": 6, "金塘镇": 6, "双桥街道": 5, "昌国街道": 2},
        park_share=0.7, area_mu=30, project="年加工水产品{q}吨建设项目",
        project_quantity="aquatic_products_t_per_year",
    ),
    _Sector(
        "foundry", "foundry", 5, (("3391", 65), ("3392", 35)),
        ("舟山{t}铸造厂", "舟山市{t}铸造有限公司", "舟山市定海区{t}铸件厂"),
        {"白泉镇": 20, "双桥街道": 20, "岑港街道": 15, "金塘镇": 15, "小沙街道": 10, "马岙街道": 10, "盐仓街道": 10},
        park_share=0.5, area_mu=20, project="年产铸件{q}吨建设项目", project_quantity="castings_t_per_year",
    ),
    _Sector(
        "surface_treatment", "surface_treatment", 6, (("3360", 100),),
        ("舟山{t}金属表面处理有限公司", "舟山{t}防腐工程有限公司", "舟山市定海区{t}热处理厂"),
        {"岑港街道": 20, "双桥街道": 15, "白泉镇": 15, "金塘镇": 15, "盐仓街道": 12, "城东街道": 10, "小沙街道": 8},
        park_share=0.6, area_mu=10, project="金属表面处理建设项目",
    ),
    _Sector(
        "machining", "machining", 16,
        (("3484", 30), ("3523", 25), ("3311", 20), ("3443", 10), ("3421", 5), ("3499", 10)),
        ("舟山{t}机械有限公司", "舟山市{t}机械制造有限公司", "舟山市定海区{t}五金厂"),
        {"金塘镇": 35, "岑港街道": 12, "双桥街道": 10, "白泉镇": 10, "盐仓街道": 8, "城东街道": 8, "小沙街道": 6,
         "马岙街道": 5, "干览镇": 4, "环南街道": 2},
        park_share=0.4, area_mu=12, project="机械加工建设项目",
        names_by_code={
            "3523": ("舟山市定海区{t}螺杆制造有限公司", "舟山{t}塑机螺杆有限公司", "舟山市{t}螺杆有限公司"),
            "3311": ("舟山{t}钢结构有限公司", "舟山市{t}钢结构工程有限公司"),
            "3443": ("舟山{t}阀门有限公司", "浙江{t}阀门制造有限公司"),
        },
    ),
    _Sector(
        "sand_stone", "sand_stone", 7, (("1019", 50), ("3032", 35), ("1012", 15)),
        ("舟山市定海区{t}砂石有限公司", "舟山{t}建材有限公司", "舟山市{t}石料厂"),
        {"金塘镇": 12, "岑港街道": 12, "小沙街道": 12, "马岙街道": 12, "白泉镇": 12, "干览镇": 12, "双桥街道": 10,
         "盐仓街道": 8},
        area_mu=40, project="年加工砂石料{q}吨建设项目", project_quantity="sand_stone_t_per_year",
    ),
    _Sector(
        "plastics", "plastics_rubber", 7, (("2923", 35), ("2921", 15), ("2922", 15), ("2926", 15), ("2929", 20)),
        ("舟山{t}塑料制品有限公司", "舟山市{t}塑业有限公司"),
        {"双桥街道": 15, "白泉镇": 15, "岑港街道": 12, "金塘镇": 12, "盐仓街道": 10, "小沙街道": 8, "马岙街道": 8,
         "城东街道": 8, "干览镇": 8},
        park_share=0.4, area_mu=15, project="年产塑料制品{q}吨建设项目",
        project_quantity="plastic_products_t_per_year",
        names_by_code={"2923": ("舟山市{t}绳网有限公司", "舟山{t}渔具有限公司", "舟山市定海区{t}网业有限公司")},
    ),
    _Sector(
        "rubber", "plastics_rubber", 3, (("2912", 30), ("2913", 40), ("2919", 30)),
        ("舟山{t}橡胶制品有限公司", "舟山市{t}橡塑有限公司"),
        {"双桥街道": 15, "白泉镇": 15, "岑港街道": 12, "金塘镇": 12, "盐仓街道": 10, "小沙街道": 8},
        park_share=0.4, area_mu=15, project="年产橡胶制品{q}吨建设项目",
        project_quantity="rubber_products_t_per_year",
    ),
    _Sector(
        "grain_feed", "other", 5, (("1331", 45), ("1329", 55)),
        ("舟山{t}粮油有限公司",),
        {"盐仓街道": 40, "干览镇": 15, "岑港街道": 10, "白泉镇": 10},
        park_share=0.8, area_mu=80, project="粮油饲料加工建设项目",
        names_by_code={"1329": ("舟山市{t}饲料有限公司", "舟山{t}鱼粉厂", "舟山市定海区{t}饲料厂"),
                       "1331": ("舟山{t}粮油有限公司", "浙江{t}油脂有限公司")},
    ),
    _Sector(
        "heat_supply", "other", 2, (("4430", 100),),
        ("舟山{t}热力有限公司", "舟山市{t}供热有限公司", "舟山{t}热能有限公司"),
        {"岑港街道": 25, "盐仓街道": 25, "干览镇": 20, "金塘镇": 15, "白泉镇": 15},
        park_share=0.5, area_mu=20, project="集中供热建设项目",
    ),
    _Sector(
        "wastewater", "other", 2, (("4620", 100),),
        ("舟山市定海区{t}污水处理有限公司", "舟山{t}水务有限公司"),
        {},
        area_mu=40, project="污水处理厂建设项目",
    ),
)
SECTORS = {s.key: s for s in _SECTORS}

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


def _pick_cumulative(options: Sequence[tuple[Any, float]], u: float) -> Any:
    total = sum(w for _, w in options)
    acc = 0.0
    for value, weight in options:
        acc += weight / total
        if u < acc:
            return value
    return options[-1][0]


def _choice(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    return _pick_cumulative(options, rng.random())


def _lognormal(rng: random.Random, median: float, sigma: float, low: float, high: float) -> float:
    return min(high, max(low, median * math.exp(rng.gauss(0.0, sigma))))


def _dec(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


# ----------------------------------------------------------------------------------------- the builder


@dataclass
class _Kit:
    """What one facility runs: equipment, yearly quantities and outlet plans (medium, name, set, main)."""

    boilers: list[BoilerSpec] = field(default_factory=list)
    furnaces: list[FurnaceSpec] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    quantities: dict[str, float] = field(default_factory=dict)
    water: list[WaterTreatmentSpec] = field(default_factory=list)
    gas_outlets: list[tuple[str, str, bool]] = field(default_factory=list)
    water_outlets: list[tuple[str, str, bool]] = field(default_factory=list)
    key: bool = False
    big: bool = False


_BOILER_T_PER_H = ((0.5, 8), (1, 18), (2, 20), (4, 18), (6, 12), (10, 10), (15, 6), (20, 4), (25, 2), (35, 2))
_BOILER_MW = ((0.7, 30), (1.4, 30), (2.8, 20), (4.2, 10), (7, 6), (14, 4), (21, 2))
_BOILER_SET = {"gas": "boiler_gas", "oil": "boiler_oil", "coal": "boiler_coal", "biomass": "boiler_biomass"}


def _add_boilers(kit: _Kit, rng: random.Random, count: int, fuels: Sequence[tuple[str, float]],
                 low: float = 0.5, high: float = 35) -> None:
    """Steam boilers (t/h) between ``low`` and ``high``; one in eight a hot-water boiler rated in MW (0.7 MW ≈ 1 t/h)."""
    for n in range(1, count + 1):
        fuel = _choice(rng, fuels)
        mw = rng.random() < 0.12
        sizes = [(c, w) for c, w in (_BOILER_MW if mw else _BOILER_T_PER_H)
                 if low <= (c / 0.7 if mw else c) <= high]
        capacity = _choice(rng, sizes)
        large = capacity >= (14 if mw else 20)  # catalog rows 96/109: 20 t/h (14 MW)
        kit.boilers.append(BoilerSpec(f"{n}号锅炉", fuel, _dec(capacity, 1), "MW" if mw else "t/h"))
        if fuel != "electric":
            kit.gas_outlets.append((f"{n}号锅炉废气排放口", _BOILER_SET[fuel], large))
            if large:
                kit.big = kit.key = True


def _add_water(kit: _Kit, rng: random.Random, kind: str, median: float, sigma: float, low: float, high: float,
               limit_set: str, main: bool = False) -> None:
    capacity = _lognormal(rng, median, sigma, low, high)
    label = {"industrial": "生产废水处理站", "domestic": "生活污水处理设施", "mixed": "综合污水处理站"}[kind]
    kit.water.append(WaterTreatmentSpec(label, kind, _dec(capacity, 1)))
    kit.water_outlets.append(("废水总排放口", limit_set, main or capacity >= 1000))


_COMMON_FUELS = (("gas", 60), ("biomass", 18), ("oil", 10), ("electric", 9), ("coal", 3))


def _kit_for(sector: str, code: str, rng: random.Random) -> _Kit:
    """Equipment by sector: one branch each, in the order of _SECTORS."""
    kit = _Kit()
    r = rng.random
    if sector in ("ship_repair", "ship_building"):
        building = sector == "ship_building"
        kit.processes += ["welding"] if building or r() < 0.95 else []
        if r() < 0.9:
            kit.processes.append("spray_coating")
            coating = _lognormal(rng, 25 if building else 12, 1.0, 0.5, 400)
            kit.quantities["solvent_coating_adhesive_t_per_year"] = coating
            if r() < 0.3:
                kit.quantities["water_coating_t_per_year"] = _lognormal(rng, 5, 0.8, 0.2, 80)
            for n in range(1, 2 + (coating > 50)):
                kit.gas_outlets.append((f"{n}号涂装废气排放口", "coating", coating >= 100))
            if building and coating >= 100 and r() < 0.5:
                kit.key = True
        if r() < (0.7 if building else 0.9):
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("喷砂粉尘排放口", "dust", False))
        if not building:
            kit.quantities["ships_repaired_per_year"] = round(_lognormal(rng, 60, 0.7, 6, 600))
        if r() < 0.4:
            _add_water(kit, rng, "mixed", 60, 0.8, 5, 600, "water_grade2" if r() < 0.5 else "water_grade1")
        if r() < 0.1:
            _add_boilers(kit, rng, 1, (("gas", 70), ("oil", 30)), 1, 2)
    elif sector == "aquatic":
        processed = _lognormal(rng, 6000, 1.1, 150, 95000)
        if r() < 0.04:
            processed = rng.uniform(100_000, 220_000)
            kit.big = True
            kit.key = r() < 0.5
        kit.quantities["aquatic_products_t_per_year"] = processed
        if r() < 0.6:
            _add_boilers(kit, rng, 1 + (r() < 0.25), _COMMON_FUELS, 0.5, 15)
        if r() < 0.85:
            grade = "water_grade3" if r() < 0.6 else "water_grade1"
            _add_water(kit, rng, "industrial", 200, 1.0, 10, 3000, grade, main=kit.big)
    elif sector == "foundry":
        kit.processes.append("casting")
        for n in range(1, 2 + int(r() < 0.5) + int(r() < 0.2)):
            kind = _choice(rng, (("electric", 75), ("gas", 18), ("cupola", 7)))
            if kind == "cupola" and code == "3391":
                kit.furnaces.append(FurnaceSpec(f"{n}号冲天炉", "melting", "coal"))
                kit.gas_outlets.append((f"{n}号冲天炉废气排放口", "foundry_cupola", True))
                kit.key = True
            elif kind == "gas":
                kit.furnaces.append(FurnaceSpec(f"{n}号燃气熔化炉", "melting", "gas"))
                kit.gas_outlets.append((f"{n}号熔化炉废气排放口", "foundry_melt_gas", False))
            else:
                kit.furnaces.append(FurnaceSpec(f"{n}号中频感应电炉", "melting", "electric"))
                kit.gas_outlets.append((f"{n}号感应电炉废气排放口", "foundry_melt_electric", False))
        if r() < 0.3:
            kit.furnaces.append(FurnaceSpec("热处理炉", "heat_treatment", "gas" if r() < 0.5 else "electric"))
        kit.quantities["castings_t_per_year"] = _lognormal(rng, 2000, 0.8, 100, 30000)
        if r() < 0.6:
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("落砂清理粉尘排放口", "foundry_sand", False))
        if r() < 0.3:
            kit.processes.append("spray_coating")
            kit.quantities["solvent_coating_adhesive_t_per_year"] = _lognormal(rng, 2, 0.9, 0.1, 30)
            kit.gas_outlets.append(("涂装废气排放口", "foundry_coating", False))
        if r() < 0.2:
            _add_water(kit, rng, "domestic", 15, 0.5, 3, 60, "water_grade3")
    elif sector == "surface_treatment":
        if r() < 0.35:
            kit.processes += ["electroplating", "pickling" if r() < 0.7 else "polishing"]
            kit.processes.append("chromium_passivation" if r() < 0.5 else "chromium_free_passivation")
            kit.key = r() < 0.8
            kit.big = True
            capacity = _lognormal(rng, 80, 0.8, 10, 800)
            kit.water.append(WaterTreatmentSpec("电镀废水处理站", "industrial", _dec(capacity, 1)))
            kit.water_outlets.append(("含重金属废水车间排放口", "water_plating_workshop", True))
            kit.water_outlets.append(("废水总排放口", "water_plating_total", True))
        else:
            for process, share in (("pickling", 0.5), ("phosphating", 0.35), ("hot_dip", 0.15),
                                   ("hot_dip_solvent", 0.08), ("quenching", 0.3), ("anodizing", 0.1),
                                   ("chemical_polishing", 0.1), ("chromium_free_passivation", 0.25)):
                if r() < share:
                    kit.processes.append(process)
            if not kit.processes:
                kit.processes.append("quenching")
            wet = set(kit.processes) - {"quenching"}
            if wet:
                _add_water(kit, rng, "industrial", 40, 0.8, 5, 400, "water_grade1")
            if "quenching" in kit.processes:
                energy = "gas" if r() < 0.4 else "electric"
                kit.furnaces.append(FurnaceSpec("淬火热处理炉", "heat_treatment", energy))
                if energy == "gas":
                    kit.gas_outlets.append(("热处理炉废气排放口", "furnace_heat", False))
        if r() < 0.35:
            kit.processes.append("spray_coating")
            kit.quantities["solvent_coating_adhesive_t_per_year"] = _lognormal(rng, 4, 1.0, 0.2, 60)
            kit.gas_outlets.append(("涂装废气排放口", "coating", False))
        if r() < 0.3:
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("抛丸粉尘排放口", "dust", False))
    elif sector == "machining":
        for process, share in (("welding", 0.6), ("polishing", 0.2), ("quenching", 0.1)):
            if r() < share:
                kit.processes.append(process)
        if r() < 0.35:
            kit.processes.append("spray_coating")
            kit.quantities["solvent_coating_adhesive_t_per_year"] = _lognormal(rng, 3, 1.1, 0.1, 40)
            kit.gas_outlets.append(("喷漆废气排放口", "coating", False))
        if r() < 0.15:
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("抛丸粉尘排放口", "dust", False))
        if "quenching" in kit.processes or (code == "3523" and r() < 0.3):
            energy = "gas" if r() < 0.3 else "electric"
            kit.furnaces.append(FurnaceSpec("热处理炉", "heat_treatment", energy))
            if energy == "gas":
                kit.gas_outlets.append(("热处理炉废气排放口", "furnace_heat", False))
    elif sector == "sand_stone":
        kit.quantities["sand_stone_t_per_year"] = _lognormal(rng, 150_000, 0.8, 10_000, 2_000_000)
        for n in range(1, 2 + int(r() < 0.4)):
            kit.gas_outlets.append((f"{n}号破碎筛分粉尘排放口", "dust", False))
    elif sector in ("plastics", "rubber"):
        kind = "plastic_products_t_per_year" if sector == "plastics" else "rubber_products_t_per_year"
        kit.quantities[kind] = _lognormal(rng, 1500 if sector == "plastics" else 800, 1.0, 20, 40_000)
        name = "挤出有机废气排放口" if sector == "plastics" else "硫化废气排放口"
        kit.gas_outlets.append((name, sector, False))
        if r() < (0.1 if sector == "plastics" else 0.4):
            _add_boilers(kit, rng, 1, _COMMON_FUELS, 0.5, 6)
        if r() < 0.1:
            _add_water(kit, rng, "domestic", 10, 0.5, 2, 50, "water_grade3")
    elif sector == "grain_feed":
        kind = "grain_oil_t_per_year" if code == "1331" else "feed_t_per_year"
        kit.quantities[kind] = _lognormal(rng, 60_000 if code == "1331" else 15_000, 0.9, 1000, 600_000)
        _add_boilers(kit, rng, 1 + int(r() < 0.4), (("gas", 55), ("biomass", 30), ("coal", 8), ("oil", 7)), 2, 35)
        kit.gas_outlets.append(("粉尘排放口", "dust", False))
        if r() < 0.6:
            _add_water(kit, rng, "industrial", 200, 0.9, 20, 2000, "water_grade3" if r() < 0.6 else "water_grade1")
    elif sector == "heat_supply":
        _add_boilers(kit, rng, 1 + int(r() < 0.6) + int(r() < 0.3), (("gas", 60), ("biomass", 25), ("coal", 15)),
                     10, 35)
    elif sector == "wastewater":
        capacity = _lognormal(rng, 8000, 0.8, 1000, 60_000)
        kit.water.append(WaterTreatmentSpec("污水处理厂", "domestic", _dec(capacity, 0)))
        kit.water_outlets.append(("污水处理厂总排放口", "water_wwtp", True))
        if capacity >= 20_000:
            kit.key = kit.big = True
    return kit


# --------------------------------------------------------------------------------------------- helpers


class _Generator:
    def __init__(self, seed: int, district: dict[str, Any]) -> None:
        self.seed = seed
        self.district = district
        self.names = _names()
        self.limit_sets = limit_sets()
        self.towns = list(district["towns"])
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
        self.sector_weights = tuple((s, s.weight) for s in _SECTORS)

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
        first, second, third = self.names["trade_first"], self.names["trade_second"], self.names["trade_third"]
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
        town = _choice(rng, weights)
        park = None
        parks = self.parks_by_town.get(town["code"], [])
        if parks and rng.random() < sector.park_share:
            park = rng.choice(parks)
        return town, park

    @staticmethod
    def point_near(rng: random.Random, lat: float, lon: float, radius_km: float) -> tuple[float, float]:
        distance = radius_km * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        dlat = distance * math.cos(angle) / _KM_PER_DEG_LAT
        dlon = distance * math.sin(angle) / (_KM_PER_DEG_LAT * math.cos(math.radians(lat)))
        return round(lat + dlat, 6), round(lon + dlon, 6)

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
        sector: _Sector = _pick_cumulative(self.sector_weights, (self.offset_sector + index * _PHI) % 1.0)
        paperwork: str = _pick_cumulative(PAPERWORK, (self.offset_paperwork + index * _SQRT2) % 1.0)
        code = _choice(rng, sector.codes)
        kit = _kit_for(sector.key, code, rng)

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
            status = _choice(rng, (("operating", 94), ("suspended", 5), ("closed", 1)))

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
            registrations.append(RegistrationSpec(f"{credit_code}001W", registered, _plus_years(registered, 5)))

        outlets = self.outlets(rng, kit, lat, lon)
        area = _lognormal(rng, sector.area_mu, 0.7, 1.5, 800)
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
            land_area_mu=_dec(area),
            output_value_10k=_dec(area * rng.uniform(60, 420)),
            contact_name=legal if rng.random() < 0.3 else self.person(rng),
            contact_phone=f"0580-0{rng.randint(0, 999_999):06d}",
            on_key_list=kit.key,
            in_industrial_building=sector.key != "sand_stone" and not (sector.key == "ship_repair" and rng.random() < 0.3),
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
    def quantities(rng: random.Random, kit: _Kit, status: str) -> tuple[QuantitySpec, ...]:
        out = []
        for kind, base in kit.quantities.items():
            places = 0 if kind == "ships_repaired_per_year" or base >= 1000 else 2
            if status == "construction":  # no production yet: the EIA's design figure stands in
                out.append(QuantitySpec(kind, QUANTITY_YEARS[-1], _dec(base, places), from_eia=True))
                continue
            for year in QUANTITY_YEARS:
                value = max(base * (1 + rng.gauss(0, 0.12)), 0.1 if places else 1)
                out.append(QuantitySpec(kind, year, _dec(value, places)))
        return tuple(out)

    def outlets(self, rng: random.Random, kit: _Kit, lat: float, lon: float) -> tuple[OutletSpec, ...]:
        out = []
        for medium, prefix, plans in (("gas", "DA", kit.gas_outlets), ("water", "DW", kit.water_outlets)):
            for n, (name, limit_set, main) in enumerate(plans, start=1):
                rows = self.limit_sets[limit_set]
                main = main or kit.key
                installed = rng.random() < (0.92 if main else 0.72)
                networked = installed and rng.random() < 0.93
                olat, olon = self.point_near(rng, lat, lon, 0.08)
                standard = f"{rows[0].standard}《{rows[0].standard_name}》"
                out.append(OutletSpec(
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
                ))
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
        clients = [f for f in facilities if f.paperwork in ("eia_only", "bba_none", "bba_registration")
                   and f.credit_code not in taken][:3]

        users = [
            UserSpec("officer", "陈海舟" + DEMO_MARK, "bureau_officer", bureau, "全区"),
            UserSpec("leader", "乐定远" + DEMO_MARK, "bureau_leader", bureau, "全区"),
            UserSpec("town_chengdong", "竺东晓" + DEMO_MARK, "town_officer", f"{chengdong['name']}办事处",
                     chengdong["name"], town_code=chengdong["code"]),
            UserSpec("town_jintang", "邬金岙" + DEMO_MARK, "town_officer", f"{jintang['name']}人民政府",
                     jintang["name"], town_code=jintang["code"]),
        ]
        if park is not None:
            users.append(UserSpec("park_officer", "岑园林" + DEMO_MARK, "town_officer",
                                  park.get("authority") or park["name"], park["name"], park_code=park["code"]))
        users.append(UserSpec("dept_jxj", "虞经纬" + DEMO_MARK, "department_officer", dept["name"], dept["name"],
                              department_code=dept["code"]))
        for username, person, facility in (("enterprise1", "翁船安", shipyard), ("enterprise2", "应渔鲜", fishery)):
            if facility is not None:
                users.append(UserSpec(username, person + DEMO_MARK, "enterprise", facility.name, facility.name,
                                      facility_codes=(facility.credit_code,)))
        if clients:
            users.append(UserSpec("agency", "舒管家" + DEMO_MARK, "agency", "舟山澄曦环保管家服务有限公司" + DEMO_MARK,
                                  "、".join(f.name for f in clients),
                                  facility_codes=tuple(f.credit_code for f in clients)))
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


def generate(*, seed: int = DEFAULT_SEED, facilities: int = DEFAULT_FACILITIES,
             district: dict[str, Any] | None = None) -> Dataset:
    """The demo dataset: ``facilities`` facilities and the demo users. Same arguments, same result."""
    if facilities < 0:
        raise ValueError("facilities must be ≥ 0")
    generator = _Generator(seed, district or bundled_district())
    specs = tuple(generator.facility(i) for i in range(facilities))
    return Dataset(seed=seed, facilities=specs, users=generator.users(specs))
