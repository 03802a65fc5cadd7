"""The bureau defaults the self-monitoring plan generator and the result check read (issue 13, M3). Not law.

Pure: no database, no Django settings.

- **Main indicator (主要监测指标)** of an outlet, for the frequency table's ``main``/``other`` column: a pollutant
  the permit gives the outlet an annual total for (许可排放量), or one of the national total-control pollutants
  of its medium (gas: SO2, NOx, particulate matter, VOCs as NMHC; water: COD, ammonia nitrogen, total nitrogen,
  total phosphorus). HJ 819's own definition was not found in our references (notes §4): this is the bureau's
  reading, and an officer changes any plan line with the permit clause as its source.
- **Automatically monitored pollutants**: an outlet whose automatic monitoring is installed *and* networked
  (条例 Art. 20) is taken to measure the pollutants a CEMS or a water online analyser commonly measures (the
  same main pollutants, and pH for water); for those, automatic monitoring replaces manual sampling
  (``rules.monitoring_plan``). The outlet record does not say which analysers are fitted, so this is a default;
  the officer corrects a plan line where the permit says otherwise.
- **Which limit a manual result is judged against**: a single sample is compared with the outlet's concentration
  limit for that pollutant in force on the sampling day, preferring the hourly limit, then the instantaneous,
  then the daily one (a manual sample is taken over about an hour); a limit is an upper bound. Over it is an
  exceedance (条例 Art. 34(1)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = [
    "ARTICLE_OVER_STANDARD",
    "AUTOMATIC_POLLUTANTS",
    "MAIN_POLLUTANTS",
    "LimitRow",
    "indicator_of",
    "is_automatic",
    "judge",
    "limit_for",
    "model_frequency",
    "same_unit",
    "table_frequency",
]

ARTICLE_OVER_STANDARD = "《排污许可管理条例》第三十四条第（一）项"

#: HJ 212-2017 codes of the national total-control pollutants, by medium (bureau default, see above).
MAIN_POLLUTANTS: dict[str, frozenset[str]] = {
    "gas": frozenset({"a21026", "a21002", "a34013", "a24088"}),  # SO2, NOx, 颗粒物, 非甲烷总烃
    "water": frozenset({"w01018", "w21003", "w21001", "w21011"}),  # COD, 氨氮, 总氮, 总磷
}
#: What automatic monitoring commonly measures, by medium (bureau default, see above).
AUTOMATIC_POLLUTANTS: dict[str, frozenset[str]] = {
    "gas": frozenset({"a21026", "a21002", "a34013", "a24088"}),
    "water": frozenset({"w01018", "w21003", "w21001", "w21011", "w01001"}),  # … and pH
}
#: The limit statistics a manual sample is judged against, in order of preference.
STATISTICS_PREFERRED = ("hourly", "instant", "daily")

Indicator = Literal["main", "other"]


def indicator_of(medium: str, pollutant: str, *, has_annual_total: bool) -> Indicator:
    """``main`` when the permit sets an annual total for it or it is a total-control pollutant of the medium."""
    if has_annual_total or pollutant in MAIN_POLLUTANTS.get(medium, frozenset()):
        return "main"
    return "other"


def is_automatic(medium: str, pollutant: str, *, installed: bool, networked: bool) -> bool:
    """Automatic monitoring replaces manual sampling: installed, networked and a pollutant it measures."""
    return installed and networked and pollutant in AUTOMATIC_POLLUTANTS.get(medium, frozenset())


def model_frequency(frequency: str) -> str:
    """The table's frequency as the plan stores it (``half-yearly`` → ``half_yearly``). The plan has no daily
    manual sampling (daily values come from automatic monitoring): a daily row is refused, naming it."""
    if frequency == "daily":
        raise ValueError("daily manual sampling is not a plan frequency: mark the line automatic instead")
    return frequency.replace("-", "_")


def table_frequency(frequency: str) -> str:
    """The plan's stored frequency as ``rules.monitoring_plan`` reads it (``half_yearly`` → ``half-yearly``)."""
    return frequency.replace("_", "-")


_UNIT_ALIASES = {
    "mg/m3": "mg/m3",
    "mg/m³": "mg/m3",
    "mg/nm3": "mg/m3",
    "mg/nm³": "mg/m3",
    "毫克/立方米": "mg/m3",
    "mg/l": "mg/l",
    "毫克/升": "mg/l",
    "无量纲": "",
    "-": "",
}


def _unit_key(unit: str) -> str:
    text = unit.strip().lower().replace(" ", "")
    return _UNIT_ALIASES.get(text, text)


def same_unit(a: str, b: str) -> bool:
    """Whether two written units are the same (mg/m³, mg/Nm3 and 毫克/立方米 are one unit; so are mg/L and
    毫克/升)."""
    return _unit_key(a) == _unit_key(b)


@dataclass(frozen=True)
class LimitRow:
    pollutant_code: str
    statistic: str
    value: Decimal
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str = ""


def limit_for(limits: Iterable[LimitRow], pollutant: str, on: dt.date) -> LimitRow | None:
    """The limit a manual sample of ``pollutant`` taken on ``on`` is judged against (see the module docstring)."""
    in_force = [
        r
        for r in limits
        if r.pollutant_code == pollutant
        and r.statistic in STATISTICS_PREFERRED
        and r.valid_from <= on
        and (r.valid_to is None or on <= r.valid_to)
    ]
    if not in_force:
        return None
    return min(in_force, key=lambda r: (STATISTICS_PREFERRED.index(r.statistic), -r.valid_from.toordinal()))


def judge(value: Decimal, unit: str, limit: LimitRow | None) -> bool | None:
    """True when over the limit, False when not, None when there is no limit to judge against. A unit that
    differs from the limit's is a ``ValueError``: the value must be entered in the limit's unit."""
    if limit is None:
        return None
    if not same_unit(unit, limit.unit):
        raise ValueError(f"unit {unit!r} differs from the limit's unit {limit.unit!r}")
    return value > limit.value
