"""Permitted totals (E5, issue 13): a facility's verified annual emissions per pollutant against its permit's annual
limits. Reads only; the problem an excess raises is written by ``crosscheck_services.totals_enforce``.

Rules (``rules.crosscheck`` has the arithmetic and the formula):

- The online total of a pollutant is Σ over its outlets with a data logger of Σ_h Q_h × C_h (valid hours only; the
  measured concentration, not the one converted to the reference O2: a mass needs the real concentration). It is
  *complete* when every outlet that has a limit or a report row for the pollutant has a logger and every hour of
  the period has a valid flow and concentration.
- Verified = the online total when complete, otherwise the accepted annual report's total (its 排放量合计 row, or
  the sum of its outlet rows); none when neither exists (issue 13: "from online data where it is complete,
  otherwise from the accepted report").
- For the year under way the period runs to today (year to date). An online total above the permitted total is
  over even when incomplete: it is a lower bound of the truth (decision).
- Permitted = Σ over the facility's outlets of the ``annual_total`` limit valid at the end of the period (the latest
  one that started by then), in t (t/a, kg/a converted). Over = verified strictly above permitted, no tolerance:
  a permitted total is a limit, not a measurement (条例 Art. 34(1)).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ecopermit.core import clock
from ecopermit.filings.facts import VerifiedEmission
from ecopermit.filings.models import ExecutionReport, ReportKind, ReportStatus, ReportVersion
from ecopermit.filings.report_data import ReportData, from_json
from ecopermit.filings.rules.crosscheck import (
    FORMULA_ZH,
    SHANGHAI,
    ComputedTotal,
    HourlyValue,
    computed_total,
)
from ecopermit.monitoring import facade as monitoring
from ecopermit.registry import facade as registry

#: Units an annual limit may be stored in → factor to t.
TONNES = {"t": Decimal(1), "t/a": Decimal(1), "吨": Decimal(1), "吨/年": Decimal(1), "kg": Decimal("0.001")}
TONNES |= {"kg/a": Decimal("0.001"), "千克/年": Decimal("0.001")}


def to_tonnes(value: Decimal, unit: str) -> Decimal | None:
    factor = TONNES.get(unit.strip().replace("／", "/"))
    return None if factor is None else value * factor


def period_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[00:00 of ``first``, 00:00 after ``last``), Beijing time."""
    start = dt.datetime.combine(first, dt.time(0), tzinfo=SHANGHAI)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=SHANGHAI)


def hourly_pairs(hours: monitoring.OutletHours, pollutant: str) -> list[HourlyValue]:
    """Flow and concentration hour by hour (an hour with neither is left out: it counts as missing)."""
    flows = {h.hour: h for h in hours.series.get(hours.flow_code, ())}
    concs = {h.hour: h for h in hours.series.get(pollutant, ())}
    out = []
    for hour in sorted(set(flows) | set(concs)):
        f, c = flows.get(hour), concs.get(hour)
        if (f is None or f.value is None) and (c is None or c.value is None):
            continue
        out.append(
            HourlyValue(
                hour,
                f.value if f is not None else None,
                c.value if c is not None else None,
                bool(f and f.valid and c and c.valid),
            )
        )
    return out


def online_total(
    hours: monitoring.OutletHours, pollutant: str, *, source: str, ref: str = ""
) -> ComputedTotal:
    return computed_total(
        hourly_pairs(hours, pollutant),
        "gas" if hours.medium == "gas" else "water",
        expected_hours=hours.expected_hours,
        source=source,
        ref=ref,
    )


def accepted_annual(facility_id: int, year: int) -> tuple[ExecutionReport, ReportVersion, ReportData] | None:
    """The facility's accepted annual report of ``year`` with its accepted version (the latest), if any."""
    report = (
        ExecutionReport.objects.filter(
            facility_id=facility_id, year=year, kind=ReportKind.ANNUAL, status=ReportStatus.ACCEPTED
        )
        .order_by("-pk")
        .first()
    )
    if report is None:
        return None
    version = (
        report.versions.filter(review=ReportVersion.Review.ACCEPTED).order_by("-version").first()
        or report.versions.order_by("-version").first()
    )
    if version is None:
        return None
    return report, version, from_json(version.data)


def report_total(data: ReportData, pollutant: str) -> Decimal | None:
    for row in data.totals:
        if row.pollutant_code == pollutant:
            return row.actual_emission_t
    rows = [r.actual_emission_t for r in data.emissions if r.pollutant_code == pollutant]
    if rows and all(v is not None for v in rows):
        return sum((v for v in rows if v is not None), Decimal(0))
    return None


def _permitted(
    outlets: list[registry.OutletRef], last: dt.date
) -> tuple[dict[str, Decimal], dict[str, str], dict[str, str]]:
    """By pollutant: the permitted total in t, its clauses, and its name."""
    limits = registry.outlet_limits([o.id for o in outlets], statistics=("annual_total",))
    latest: dict[tuple[int, str], Any] = {}
    for lim in limits:  # ordered by valid_from: a later one replaces an earlier one
        if lim.valid_from <= last and (lim.valid_to is None or lim.valid_to >= last):
            latest[(lim.outlet_id, lim.pollutant_code)] = lim
    totals: dict[str, Decimal] = defaultdict(Decimal)
    sources: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    code_of = {o.id: o.code for o in outlets}
    for (outlet_id, pollutant), lim in sorted(latest.items()):
        t = to_tonnes(Decimal(lim.value), lim.unit)
        if t is None:
            continue  # a unit we cannot convert is not guessed at
        totals[pollutant] += t
        sources[pollutant].append(f"{code_of[outlet_id]} {lim.value} {lim.unit}")
        names[pollutant] = lim.pollutant_name
    return dict(totals), {p: "；".join(s) for p, s in sources.items()}, names


def annual_verified_emissions(
    facility_id: int, year: int, *, today: dt.date | None = None
) -> list[VerifiedEmission]:
    """Per pollutant (those with a permitted total or in the accepted annual report), the facility's verified
    emissions of ``year``. One query per outlet with a data logger for the online data."""
    today = today or clock.today()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    to_date = today <= last
    if to_date:
        last = today - dt.timedelta(days=1)
    if last < first:
        return []
    outlets = registry.facility_outlets([facility_id])[facility_id]
    permitted, permitted_source, names = _permitted(outlets, last)
    accepted = accepted_annual(facility_id, year)
    data = accepted[2] if accepted else ReportData()
    pollutants = sorted(
        set(permitted) | {r.pollutant_code for r in data.totals} | {r.pollutant_code for r in data.emissions}
    )
    if not pollutants:
        return []
    with_logger = monitoring.outlets_with_loggers([o.id for o in outlets])
    limit_outlets: dict[str, set[int]] = defaultdict(set)
    for lim in registry.outlet_limits(
        [o.id for o in outlets], statistics=("hourly", "daily", "annual_total")
    ):
        limit_outlets[lim.pollutant_code].add(lim.outlet_id)
    code_to_id = {o.code: o.id for o in outlets}
    for row in data.emissions:
        if row.outlet_code in code_to_id:
            limit_outlets[row.pollutant_code].add(code_to_id[row.outlet_code])
    start, end = period_bounds(first, last)
    hours = {
        o.id: monitoring.outlet_hours(o.id, pollutants, start, end, medium=o.medium)
        for o in outlets
        if o.id in with_logger
    }
    all_names = {**monitoring.pollutant_names(pollutants), **names}
    out = []
    for p in pollutants:
        relevant = limit_outlets.get(p, set())
        totals = [
            online_total(hours[o], p, source="在线监测小时数据计算") for o in sorted(relevant) if o in hours
        ]
        online_t = sum((t.tonnes for t in totals), Decimal(0)) if totals else None
        used = sum(t.hours_used for t in totals)
        expected = sum(t.expected_hours or 0 for t in totals)
        complete = bool(totals) and all(t.complete for t in totals) and relevant <= set(hours)
        reported = report_total(data, p)
        verified: Decimal | None
        if complete:
            verified, verified_from = online_t, "online"
        elif reported is not None and not to_date:
            verified, verified_from = reported, "report"
        else:
            verified, verified_from = None, ""
        limit = permitted.get(p)
        if (
            online_t is not None
            and limit is not None
            and online_t > limit
            and not (verified and verified > limit)
        ):
            verified, verified_from = online_t, ("online" if complete else "online_lower_bound")
        medium = next((o.medium for o in outlets if o.id in relevant), "gas")
        out.append(
            VerifiedEmission(
                facility_id,
                year,
                p,
                all_names.get(p, p),
                first,
                last,
                to_date,
                verified,
                verified_from,
                online_t,
                complete,
                used,
                expected,
                reported,
                accepted[0].pk if accepted else None,
                accepted[0].number if accepted else "",
                limit,
                permitted_source.get(p, ""),
                FORMULA_ZH["water" if medium == "water" else "gas"],
            )
        )
    return out
