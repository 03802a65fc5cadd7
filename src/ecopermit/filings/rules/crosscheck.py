"""Cross-checks of what an execution report says against the other evidence (issue 13, "Cross-checks"; E5).

Pure: no database, no Django settings. Every finding is a frozen dataclass carrying *both* figures, each with
the source it came from (``Figure.source``, ``Figure.ref`` for a link), so a screen can put them side by side.

Why: the known falsification pattern is a report that says 0.13 where the monitoring report said 0.43. A finding
here is a candidate; it becomes a problem only when the officer confirms it:

- report vs self-monitoring / online data → untrue reporting, 《排污许可管理条例》 Art. 37(4) [V, notes §2]
  (5千–2万元 per occurrence);
- verified annual emissions over the permitted annual total → Art. 34(1) (exceeding 许可排放量; 不能达标);
- a reported shutdown during which the online data shows flow or power → Art. 37(4) as well (Art. 22 requires
  shutdowns to be reported in the execution report).

Tolerance (``data/crosscheck_tolerances.json``): a **bureau default, not law** — no source at hand sets one. Two
figures ``a``, ``b`` of one unit agree when ``|a − b| ≤ max(absolute, relative × max(|a|, |b|))``; symmetric in
``a`` and ``b``. Defaults: concentrations 10 % with a floor of 0.05 in the pollutant's unit (pH: 0.2 absolute),
annual totals 10 % with a floor of 0.001 t (1 kg); per pollutant (HJ 212 code) where the file says.

Concentration statistics (decision): a report's maximum is compared with the largest self-monitoring result and
the largest valid hourly online value of the period; its average with the arithmetic mean of the results and of
the valid hourly values (not flow-weighted: the report tables give the plain mean).

Annual totals from online data (``computed_total``), one term per valid hour ``h``:

- gas:   E [kg] = Σ Q_h [m³/h, 标态干基 as the logger reports it] × C_h [mg/m³] × 1 h × 10⁻⁶ kg/mg
- water: E [kg] = Σ Q_h [m³/h] × C_h [mg/L] × 1 h × 10⁻³ kg/g        (1 mg/L = 1 g/m³)
- E [t] = E [kg] / 1000 (permits state annual totals in t/a).

The total is *complete* when every expected hour has a valid flow and concentration; only a complete total is
taken as the verified emission (issue 13, E5: "from online data where it is complete, otherwise from the accepted
report"). Missing-data substitution (HJ 75) is not done here: an incomplete total is shown, not used.

Shutdowns: a reported shutdown is the half-open span [start, end) of aware datetimes; an hourly value belongs to
it when its hour's start (HJ 212 ``DataTime`` of hourly data) lies inside. It contradicts the shutdown when its
flow is above the floor (data; default 0) or the line's power is on.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo

__all__ = [
    "ARTICLE_OVER_PERMITTED",
    "ARTICLE_UNTRUE_REPORT",
    "ComputedTotal",
    "Discrepancy",
    "Figure",
    "HourSignal",
    "HourlyValue",
    "OverPermitted",
    "ShutdownContradiction",
    "ShutdownPeriod",
    "Tolerance",
    "TotalCheck",
    "check_annual_total",
    "check_concentration",
    "check_shutdowns",
    "compare",
    "computed_total",
    "figure_of",
    "shutdown_flow_floor",
    "tolerance_for",
]

ARTICLE_UNTRUE_REPORT = "《排污许可管理条例》第三十七条第（四）项"
ARTICLE_OVER_PERMITTED = "《排污许可管理条例》第三十四条第（一）项"
DATA_FILE = "crosscheck_tolerances.json"
SHANGHAI = ZoneInfo("Asia/Shanghai")
Number = Decimal | int | str
Statistic = Literal["max", "avg", "total"]
Medium = Literal["gas", "water"]
_KG_PER_UNIT: dict[str, Decimal] = {"gas": Decimal("1e-6"), "water": Decimal("1e-3")}
FORMULA_ZH: dict[str, str] = {
    "gas": "E(kg) = Σ 小时流量Q(m³/h，标态干基) × 小时浓度C(mg/m³) × 1h × 10⁻⁶；E(t) = E(kg)/1000",
    "water": "E(kg) = Σ 小时流量Q(m³/h) × 小时浓度C(mg/L) × 1h × 10⁻³；E(t) = E(kg)/1000",
}


def _dec(value: Number) -> Decimal:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return d


@dataclass(frozen=True)
class Figure:
    """One figure and where it came from: ``source`` says what it is (执行报告 2025年度 表3 最大浓度; 自行监测报告
    No. …; 在线监测小时数据), ``ref`` a link or key the screen can follow."""

    value: Decimal
    unit: str
    source: str
    ref: str = ""


@dataclass(frozen=True)
class Tolerance:
    relative: Decimal
    absolute: Decimal
    source: str

    def allowed(self, a: Decimal, b: Decimal) -> Decimal:
        return max(self.absolute, self.relative * max(abs(a), abs(b)))

    def agrees(self, a: Decimal, b: Decimal) -> bool:
        return abs(a - b) <= self.allowed(a, b)


@functools.cache
def _table() -> Mapping[str, Any]:
    text = resources.files("ecopermit.filings").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def tolerance_for(
    pollutant: str,
    kind: Literal["concentration", "total"] = "concentration",
    data: Mapping[str, Any] | None = None,
) -> Tolerance:
    """The tolerance for ``pollutant`` (HJ 212 code): its own row, else the default (bureau default, not law)."""
    table = data if data is not None else _table()
    section = table[kind]
    row = section["pollutants"].get(pollutant)
    where = f"{DATA_FILE} {kind}.pollutants.{pollutant}" if row else f"{DATA_FILE} {kind}.default"
    row = row or section["default"]
    relative, absolute = _dec(row["relative"]), _dec(row["absolute"])
    if relative < 0 or absolute < 0:
        raise ValueError(f"{where}: a tolerance is not negative")
    return Tolerance(relative, absolute, f"分局默认允许偏差（非法定）：{where}")


def shutdown_flow_floor(data: Mapping[str, Any] | None = None) -> Decimal:
    table = data if data is not None else _table()
    return _dec(table["shutdown"]["flow_floor_m3_per_h"])


@dataclass(frozen=True)
class Discrepancy:
    """The report's figure and another source's figure differ beyond the tolerance."""

    outlet: str
    pollutant: str
    statistic: Statistic
    reported: Figure
    other: Figure
    difference: Decimal  # reported − other
    allowed: Decimal
    tolerance_source: str
    article: str = ARTICLE_UNTRUE_REPORT

    @property
    def reported_lower(self) -> bool:
        return self.difference < 0


def compare(
    reported: Figure,
    other: Figure,
    tolerance: Tolerance,
    *,
    outlet: str,
    pollutant: str,
    statistic: Statistic,
) -> Discrepancy | None:
    """A ``Discrepancy`` when the two figures differ beyond ``tolerance``, else ``None``."""
    if reported.unit != other.unit:
        raise ValueError(f"{pollutant}: cannot compare {reported.unit} with {other.unit}; convert first")
    if tolerance.agrees(reported.value, other.value):
        return None
    return Discrepancy(
        outlet,
        pollutant,
        statistic,
        reported,
        other,
        reported.value - other.value,
        tolerance.allowed(reported.value, other.value),
        tolerance.source,
    )


def figure_of(
    statistic: Literal["max", "avg"], values: Iterable[Number], *, unit: str, source: str, ref: str = ""
) -> Figure | None:
    """The maximum or arithmetic mean of ``values`` as a figure from ``source``; ``None`` when there is none."""
    numbers = [_dec(v) for v in values]
    if not numbers:
        return None
    value = max(numbers) if statistic == "max" else sum(numbers, Decimal(0)) / len(numbers)
    return Figure(value, unit, source, ref)


def check_concentration(
    reported: Figure,
    others: Iterable[Figure | None],
    *,
    outlet: str,
    pollutant: str,
    statistic: Literal["max", "avg"],
    tolerance: Tolerance | None = None,
) -> list[Discrepancy]:
    """The report's maximum or average concentration against each other source's (self-monitoring results,
    online data); sources with no figure are skipped."""
    tol = tolerance or tolerance_for(pollutant)
    found = (
        compare(reported, o, tol, outlet=outlet, pollutant=pollutant, statistic=statistic)
        for o in others
        if o is not None
    )
    return [d for d in found if d is not None]


# --- annual totals ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HourlyValue:
    """One hour of online data: its start, flow (m³/h) and concentration (mg/m³ gas, mg/L water); ``valid`` is
    the judge's verdict on the hour (flag N, enough samples)."""

    hour: dt.datetime
    flow_m3_per_h: Decimal | None
    concentration: Decimal | None
    valid: bool = True


@dataclass(frozen=True)
class ComputedTotal:
    kg: Decimal
    tonnes: Decimal
    hours_used: int
    hours_unusable: int  # present but invalid, or without flow or concentration
    expected_hours: int | None
    complete: bool
    formula_zh: str
    figure: Figure  # the total in t, with its source


def computed_total(
    hours: Iterable[HourlyValue],
    medium: Medium,
    *,
    expected_hours: int | None = None,
    source: str = "在线监测小时数据计算",
    ref: str = "",
) -> ComputedTotal:
    """The total from hourly flow × concentration (formula in the module docstring). ``expected_hours``: the
    hours the period should have data for; without it, complete means no unusable hour."""
    if medium not in _KG_PER_UNIT:
        raise ValueError(f"medium must be gas or water, not {medium!r}")
    seen: set[dt.datetime] = set()
    total = Decimal(0)
    used = unusable = 0
    for h in hours:
        if h.hour.tzinfo is None:
            raise ValueError(f"hour {h.hour} has no time zone")
        if h.hour in seen:
            raise ValueError(f"hour {h.hour.isoformat()} given twice")
        seen.add(h.hour)
        if not h.valid or h.flow_m3_per_h is None or h.concentration is None:
            unusable += 1
            continue
        flow, conc = _dec(h.flow_m3_per_h), _dec(h.concentration)
        if flow < 0 or conc < 0:
            raise ValueError(f"hour {h.hour.isoformat()}: negative flow or concentration")
        total += flow * conc
        used += 1
    kg = total * _KG_PER_UNIT[medium]
    tonnes = kg / 1000
    complete = unusable == 0 and (expected_hours is None or used >= expected_hours)
    note = f"{source}（有效小时{used}" + (f"/{expected_hours}" if expected_hours is not None else "") + "）"
    return ComputedTotal(
        kg,
        tonnes,
        used,
        unusable,
        expected_hours,
        complete,
        FORMULA_ZH[medium],
        Figure(tonnes, "t", note, ref),
    )


@dataclass(frozen=True)
class OverPermitted:
    """Verified annual emissions above the permitted annual total (条例 Art. 34(1))."""

    pollutant: str
    verified: Figure
    permitted: Figure
    excess: Decimal
    article: str = ARTICLE_OVER_PERMITTED


@dataclass(frozen=True)
class TotalCheck:
    pollutant: str
    verified: Figure  # the online total when complete, else the report's
    verified_from: Literal["online", "report"]
    discrepancy: Discrepancy | None  # report vs online total beyond the tolerance
    over_permitted: OverPermitted | None

    @property
    def findings(self) -> tuple[Discrepancy | OverPermitted, ...]:
        return tuple(f for f in (self.discrepancy, self.over_permitted) if f is not None)


def check_annual_total(
    reported: Figure,
    *,
    pollutant: str,
    outlet: str = "",
    computed: ComputedTotal | None = None,
    permitted: Figure | None = None,
    tolerance: Tolerance | None = None,
) -> TotalCheck:
    """The report's annual total (t) against the total computed from online data and against the permitted annual
    total. The report and the online total are compared whenever there is an online total (an incomplete one
    too: it is a lower bound, so a report below it beyond the tolerance is still shown). The permitted total is a
    limit, not a measurement: any verified amount strictly above it is over, with no tolerance."""
    for f in (reported, permitted):
        if f is not None and f.unit != "t":
            raise ValueError(f"{pollutant}: annual totals are compared in t, not {f.unit}")
    tol = tolerance or tolerance_for(pollutant, "total")
    discrepancy = None
    if computed is not None:
        discrepancy = compare(
            reported, computed.figure, tol, outlet=outlet, pollutant=pollutant, statistic="total"
        )
        if discrepancy is not None and not computed.complete and not discrepancy.reported_lower:
            discrepancy = None  # an incomplete online total is a lower bound: a higher report proves nothing
    online = computed is not None and computed.complete
    verified = computed.figure if computed is not None and online else reported
    over = None
    if permitted is not None and verified.value > permitted.value:
        over = OverPermitted(pollutant, verified, permitted, verified.value - permitted.value)
    return TotalCheck(pollutant, verified, "online" if online else "report", discrepancy, over)


# --- shutdowns --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShutdownPeriod:
    """A shutdown the report declares: [start, end), aware datetimes."""

    start: dt.datetime
    end: dt.datetime
    source: str
    ref: str = ""

    @classmethod
    def from_dates(cls, first: dt.date, last: dt.date, source: str, ref: str = "") -> ShutdownPeriod:
        """A shutdown reported by days (both included, as the report's 停产时段 table gives them): from 00:00 of
        ``first`` to 00:00 after ``last``, Beijing time."""
        start = dt.datetime.combine(first, dt.time(0), tzinfo=SHANGHAI)
        return cls(
            start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=SHANGHAI), source, ref
        )


@dataclass(frozen=True)
class HourSignal:
    hour: dt.datetime
    flow_m3_per_h: Decimal | None = None
    power_on: bool | None = None  # from the electricity monitor, where there is one


@dataclass(frozen=True)
class ShutdownContradiction:
    period: ShutdownPeriod
    reported: Figure  # 0 h of operation, as the report says
    observed: Figure  # hours with flow or power inside the period
    hours_with_flow: int
    hours_with_power: int
    first_hour: dt.datetime
    last_hour: dt.datetime
    max_flow: Decimal | None
    article: str = ARTICLE_UNTRUE_REPORT


def check_shutdowns(
    periods: Iterable[ShutdownPeriod],
    signals: Sequence[HourSignal],
    *,
    flow_floor: Decimal | None = None,
    source: str = "在线监测小时数据（流量）/用电监控",
) -> list[ShutdownContradiction]:
    """Each reported shutdown during which an hour shows flow above ``flow_floor`` or power on."""
    floor = shutdown_flow_floor() if flow_floor is None else flow_floor
    for s in signals:
        if s.hour.tzinfo is None:
            raise ValueError(f"hour {s.hour} has no time zone")
    out = []
    for p in periods:
        if p.start.tzinfo is None or p.end.tzinfo is None:
            raise ValueError("a shutdown period needs aware datetimes")
        if p.end <= p.start:
            raise ValueError(f"shutdown {p.start.isoformat()}–{p.end.isoformat()} ends before it starts")
        inside = [s for s in signals if p.start <= s.hour < p.end]
        flowing = [s for s in inside if s.flow_m3_per_h is not None and s.flow_m3_per_h > floor]
        powered = [s for s in inside if s.power_on]
        running = sorted({s.hour for s in (*flowing, *powered)})
        if not running:
            continue
        flows = [s.flow_m3_per_h for s in flowing if s.flow_m3_per_h is not None]
        out.append(
            ShutdownContradiction(
                p,
                Figure(Decimal(0), "h", p.source, p.ref),
                Figure(Decimal(len(running)), "h", source),
                len(flowing),
                len(powered),
                running[0],
                running[-1],
                max(flows) if flows else None,
            )
        )
    return out
