"""What a demo facility runs, by sector: boilers, furnaces, processes, yearly quantities, water treatment and
the outlets they need (pure; used by :mod:`ecopermit.demo.dataset`).

Sizes and shares are invented to look like a Zhoushan district, with spreads that straddle the catalog's
thresholds (10 t/yr of solvent coatings, 20 t/h of boilers, 100,000 t/yr of aquatic products…), so that the
catalog engine has both sides of every line to decide.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


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
class WaterTreatmentSpec:
    name: str
    kind: str
    capacity_t_per_day: Decimal


def pick_cumulative(options: Sequence[tuple[Any, float]], u: float) -> Any:
    total = sum(w for _, w in options)
    acc = 0.0
    for value, weight in options:
        acc += weight / total
        if u < acc:
            return value
    return options[-1][0]


def choice(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    return pick_cumulative(options, rng.random())


def lognormal(rng: random.Random, median: float, sigma: float, low: float, high: float) -> float:
    return min(high, max(low, median * math.exp(rng.gauss(0.0, sigma))))


def dec(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


# ------------------------------------------------------------------------------------------ recipes


@dataclass
class Kit:
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


def _add_boilers(
    kit: Kit,
    rng: random.Random,
    count: int,
    fuels: Sequence[tuple[str, float]],
    low: float = 0.5,
    high: float = 35,
) -> None:
    """Steam boilers (t/h) between ``low`` and ``high``; one in eight a hot-water boiler rated in MW (0.7 MW ≈ 1 t/h)."""
    for n in range(1, count + 1):
        fuel = choice(rng, fuels)
        mw = rng.random() < 0.12
        sizes = [
            (c, w)
            for c, w in (_BOILER_MW if mw else _BOILER_T_PER_H)
            if low <= (c / 0.7 if mw else c) <= high
        ]
        capacity = choice(rng, sizes)
        large = capacity >= (14 if mw else 20)  # catalog rows 96/109: 20 t/h (14 MW)
        kit.boilers.append(BoilerSpec(f"{n}号锅炉", fuel, dec(capacity, 1), "MW" if mw else "t/h"))
        if fuel != "electric":
            kit.gas_outlets.append((f"{n}号锅炉废气排放口", _BOILER_SET[fuel], large))
            if large:
                kit.big = kit.key = True


def _add_water(
    kit: Kit,
    rng: random.Random,
    kind: str,
    median: float,
    sigma: float,
    low: float,
    high: float,
    limit_set: str,
    main: bool = False,
) -> None:
    capacity = lognormal(rng, median, sigma, low, high)
    label = {"industrial": "生产废水处理站", "domestic": "生活污水处理设施", "mixed": "综合污水处理站"}[kind]
    kit.water.append(WaterTreatmentSpec(label, kind, dec(capacity, 1)))
    kit.water_outlets.append(("废水总排放口", limit_set, main or capacity >= 1000))


_COMMON_FUELS = (("gas", 60), ("biomass", 18), ("oil", 10), ("electric", 9), ("coal", 3))


def kit_for(sector: str, code: str, rng: random.Random) -> Kit:
    """Equipment by sector: one branch each, in the order of data/sectors.json."""
    kit = Kit()
    r = rng.random
    if sector in ("ship_repair", "ship_building"):
        building = sector == "ship_building"
        kit.processes += ["welding"] if building or r() < 0.95 else []
        if r() < 0.9:
            kit.processes.append("spray_coating")
            coating = lognormal(rng, 25 if building else 12, 1.0, 0.5, 400)
            kit.quantities["solvent_coating_adhesive_t_per_year"] = coating
            if r() < 0.3:
                kit.quantities["water_coating_t_per_year"] = lognormal(rng, 5, 0.8, 0.2, 80)
            for n in range(1, 2 + (coating > 50)):
                kit.gas_outlets.append((f"{n}号涂装废气排放口", "coating", coating >= 100))
            if building and coating >= 100 and r() < 0.5:
                kit.key = True
        if r() < (0.7 if building else 0.9):
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("喷砂粉尘排放口", "dust", False))
        if not building:
            kit.quantities["ships_repaired_per_year"] = round(lognormal(rng, 60, 0.7, 6, 600))
        if r() < 0.4:
            _add_water(kit, rng, "mixed", 60, 0.8, 5, 600, "water_grade2" if r() < 0.5 else "water_grade1")
        if r() < 0.1:
            _add_boilers(kit, rng, 1, (("gas", 70), ("oil", 30)), 1, 2)
    elif sector == "aquatic":
        processed = lognormal(rng, 6000, 1.1, 150, 95000)
        if r() < 0.07:  # 10万吨 a year: the catalog's threshold (row 14) for simplified management
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
            kind = choice(rng, (("electric", 75), ("gas", 18), ("cupola", 7)))
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
        kit.quantities["castings_t_per_year"] = lognormal(rng, 2000, 0.8, 100, 30000)
        if r() < 0.6:
            kit.processes.append("sand_blasting")
            kit.gas_outlets.append(("落砂清理粉尘排放口", "foundry_sand", False))
        if r() < 0.3:
            kit.processes.append("spray_coating")
            kit.quantities["solvent_coating_adhesive_t_per_year"] = lognormal(rng, 2, 0.9, 0.1, 30)
            kit.gas_outlets.append(("涂装废气排放口", "foundry_coating", False))
        if r() < 0.2:
            _add_water(kit, rng, "domestic", 15, 0.5, 3, 60, "water_grade3")
    elif sector == "surface_treatment":
        if r() < 0.35:
            kit.processes += ["electroplating", "pickling" if r() < 0.7 else "polishing"]
            kit.processes.append("chromium_passivation" if r() < 0.5 else "chromium_free_passivation")
            kit.key = r() < 0.8
            kit.big = True
            capacity = lognormal(rng, 80, 0.8, 10, 800)
            kit.water.append(WaterTreatmentSpec("电镀废水处理站", "industrial", dec(capacity, 1)))
            kit.water_outlets.append(("含重金属废水车间排放口", "water_plating_workshop", True))
            kit.water_outlets.append(("废水总排放口", "water_plating_total", True))
        else:
            for process, share in (
                ("pickling", 0.5),
                ("phosphating", 0.35),
                ("hot_dip", 0.15),
                ("hot_dip_solvent", 0.08),
                ("quenching", 0.3),
                ("anodizing", 0.1),
                ("chemical_polishing", 0.1),
                ("chromium_free_passivation", 0.25),
            ):
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
            kit.quantities["solvent_coating_adhesive_t_per_year"] = lognormal(rng, 4, 1.0, 0.2, 60)
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
            kit.quantities["solvent_coating_adhesive_t_per_year"] = lognormal(rng, 3, 1.1, 0.1, 40)
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
        kit.quantities["sand_stone_t_per_year"] = lognormal(rng, 150_000, 0.8, 10_000, 2_000_000)
        for n in range(1, 2 + int(r() < 0.4)):
            kit.gas_outlets.append((f"{n}号破碎筛分粉尘排放口", "dust", False))
    elif sector in ("plastics", "rubber"):
        kind = "plastic_products_t_per_year" if sector == "plastics" else "rubber_products_t_per_year"
        kit.quantities[kind] = lognormal(rng, 1500 if sector == "plastics" else 800, 1.0, 20, 40_000)
        name = "挤出有机废气排放口" if sector == "plastics" else "硫化废气排放口"
        kit.gas_outlets.append((name, sector, False))
        if r() < (0.1 if sector == "plastics" else 0.4):
            _add_boilers(kit, rng, 1, _COMMON_FUELS, 0.5, 6)
        if r() < 0.1:
            _add_water(kit, rng, "domestic", 10, 0.5, 2, 50, "water_grade3")
    elif sector == "grain_feed":
        kind = "grain_oil_t_per_year" if code == "1331" else "feed_t_per_year"
        kit.quantities[kind] = lognormal(rng, 60_000 if code == "1331" else 15_000, 0.9, 1000, 600_000)
        _add_boilers(
            kit, rng, 1 + int(r() < 0.4), (("gas", 55), ("biomass", 30), ("coal", 8), ("oil", 7)), 2, 35
        )
        kit.gas_outlets.append(("粉尘排放口", "dust", False))
        if r() < 0.6:
            _add_water(
                kit, rng, "industrial", 200, 0.9, 20, 2000, "water_grade3" if r() < 0.6 else "water_grade1"
            )
    elif sector == "heat_supply":
        _add_boilers(
            kit,
            rng,
            1 + int(r() < 0.6) + int(r() < 0.3),
            (("gas", 60), ("biomass", 25), ("coal", 15)),
            10,
            35,
        )
    elif sector == "wastewater":
        capacity = lognormal(rng, 8000, 0.8, 1000, 60_000)
        kit.water.append(WaterTreatmentSpec("污水处理厂", "domestic", dec(capacity, 0)))
        kit.water_outlets.append(("污水处理厂总排放口", "water_wwtp", True))
        if capacity >= 20_000:
            kit.key = kit.big = True
    return kit
