"""Cross-checks of the execution reports (issue 13, "Cross-checks"; E5): writes.

``crosscheck_run`` compares every submitted or accepted execution report (its latest version) of a year with the
other evidence, per outlet, pollutant and period, and records each difference beyond the tolerance once as a
``CrossCheckFinding`` with both figures and their sources. An officer confirms a finding (a problem "untrue_report",
条例 Art. 37(4)) or dismisses it with a note (``finding_decide``). ``totals_enforce`` raises a problem "over_total"
(条例 Art. 34(1), 不能达标类) once per facility, year and pollutant whose verified emissions exceed the permitted total.

What is compared (decisions; the tolerances are a bureau default in ``data/crosscheck_tolerances.json``, not law):

- **Maximum concentration**: a maximum cannot be lower than a value measured in the period. The report's maximum is
  compared with the largest self-monitoring result (manual or spreadsheet; results taken from the online data are
  the online data) and with the largest valid online hourly value; a finding when the report is *lower* beyond the
  tolerance — the known pattern, 0.13 reported where the monitoring report said 0.43. A higher reported maximum is
  not a finding: the report may draw on values the platform does not hold.
- **Average concentration**: compared, both ways, with the mean of the source it should come from: the valid online
  hourly values when they cover at least 75 % of the period's hours (HJ 212's validity share, reused), otherwise the
  self-monitoring results. Limits set on the converted concentration (折算) are compared with the converted series
  (``<code>-Zs``) when the logger sends one.
- **Annual totals** (annual reports): each outlet row's actual emissions against Σ_h Q_h × C_h of the outlet's
  online data (``rules.crosscheck.computed_total``; the formula is on the finding's page). An incomplete online
  total is a lower bound: only a report below it is a finding.
- **Shutdowns**: each reported shutdown against the hours inside it with flow above the floor at any outlet, or a
  production power meter on (E4's meters).
- **Permitted totals**: ``totals.annual_verified_emissions``; an excess is a problem at once (no officer decision:
  the figures are the enterprise's own or its monitoring's) and a finding, already decided, that shows the figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecopermit.cases import facade as cases
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.errors import DomainError
from ecopermit.core.types import Actor
from ecopermit.filings.models import (
    CrossCheckFinding,
    ExecutionReport,
    MonitoringResult,
    ReportStatus,
    ReportVersion,
)
from ecopermit.filings.report_data import from_json
from ecopermit.filings.rules.crosscheck import (
    ARTICLE_OVER_PERMITTED,
    ARTICLE_UNTRUE_REPORT,
    Discrepancy,
    Figure,
    HourSignal,
    ShutdownPeriod,
    check_annual_total,
    check_concentration,
    check_shutdowns,
    figure_of,
)
from ecopermit.filings.totals import (
    VerifiedEmission,
    annual_verified_emissions,
    online_total,
    period_bounds,
)
from ecopermit.monitoring import facade as monitoring
from ecopermit.registry import facade as registry

#: The share of a period's hours the online data must cover for its mean to be the report's average's source.
ONLINE_COVERAGE = Decimal("0.75")
PH = "w01001"
#: Result units as entered → the unit the report uses, with the factor.
_UNITS = {
    "mg/m3": ("mg/m³", Decimal(1)),
    "mg/m³": ("mg/m³", Decimal(1)),
    "mg/nm3": ("mg/m³", Decimal(1)),
    "mg/nm³": ("mg/m³", Decimal(1)),
    "毫克/立方米": ("mg/m³", Decimal(1)),
    "μg/m3": ("mg/m³", Decimal("0.001")),
    "µg/m3": ("mg/m³", Decimal("0.001")),
    "μg/m³": ("mg/m³", Decimal("0.001")),
    "µg/m³": ("mg/m³", Decimal("0.001")),
    "ug/m3": ("mg/m³", Decimal("0.001")),
    "mg/l": ("mg/L", Decimal(1)),
    "毫克/升": ("mg/L", Decimal(1)),
}


class Kind:
    """``CrossCheckFinding.kind``."""

    MAX = "concentration_max"
    AVG = "concentration_avg"
    TOTAL = "total"
    SHUTDOWN = "shutdown"
    OVER_PERMITTED = "over_permitted"


def report_unit(medium: str, pollutant: str) -> str:
    if pollutant == PH:
        return "无量纲"
    return "mg/L" if medium == "water" else "mg/m³"


def _in_unit(value: Decimal, unit: str, wanted: str) -> Decimal | None:
    if wanted == "无量纲":
        return value
    found = _UNITS.get(unit.strip().lower().replace(" ", ""))
    if found is None or found[0] != wanted:
        return None
    return value * found[1]


def _record(
    *,
    facility_id: int,
    kind: str,
    key: str,
    outlet: str,
    pollutant: str,
    first: dt.date,
    last: dt.date,
    reported: Figure | None,
    compared: Figure,
    detail: dict[str, Any],
    status: str = CrossCheckFinding.Status.OPEN,
    problem_id: int | None = None,
    note: str = "",
) -> CrossCheckFinding | None:
    """Stores the finding unless its key is known (raised once, whatever its fate since)."""
    if CrossCheckFinding.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            finding = CrossCheckFinding.objects.create(
                facility_id=facility_id,
                kind=kind,
                key=key[:200],
                outlet_code=outlet,
                pollutant_code=pollutant,
                period_start=first,
                period_end=last,
                reported_value=reported.value if reported else None,
                reported_source=(reported.source if reported else "")[:200],
                compared_value=compared.value,
                compared_source=compared.source[:200],
                detail=detail,
                status=status,
                problem_id=problem_id,
                decided_at=clock.now() if status != CrossCheckFinding.Status.OPEN else None,
                decision_note=note,
                found_at=clock.now(),
            )
    except IntegrityError:  # raised by a run in parallel
        return None
    audit_record(
        actor=None,
        action="filings.finding.raise",
        obj=finding,
        after={
            "kind": kind,
            "key": finding.key,
            "reported": str(finding.reported_value),
            "compared": str(compared.value),
        },
    )
    return finding


def _discrepancy_detail(d: Discrepancy, **extra: Any) -> dict[str, Any]:
    return {
        "statistic": d.statistic,
        "unit": d.reported.unit,
        "difference": str(d.difference),
        "allowed": str(d.allowed),
        "tolerance": d.tolerance_source,
        "article": d.article,
        "reported_ref": d.reported.ref,
        "compared_ref": d.other.ref,
        **extra,
    }


def _latest_versions(year: int, facility_id: int | None) -> list[tuple[ExecutionReport, ReportVersion]]:
    reports = ExecutionReport.objects.filter(
        year=year, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).order_by("facility_id", "pk")
    if facility_id is not None:
        reports = reports.filter(facility_id=facility_id)
    by_report = {r.pk: r for r in reports}
    latest: dict[int, ReportVersion] = {}
    for v in ReportVersion.objects.filter(report_id__in=list(by_report)).order_by("report_id", "version"):
        latest[v.report_id] = v
    return [(by_report[pk], latest[pk]) for pk in by_report if pk in latest]


def _results(
    facility_id: int, first: dt.date, last: dt.date
) -> dict[tuple[int, str], list[MonitoringResult]]:
    found: dict[tuple[int, str], list[MonitoringResult]] = defaultdict(list)
    rows = (
        MonitoringResult.objects.filter(
            plan_item__facility_id=facility_id, sampled_on__gte=first, sampled_on__lte=last
        )
        .exclude(source=MonitoringResult.Source.ONLINE)
        .select_related("plan_item")
        .order_by("sampled_on", "pk")
    )
    for r in rows:
        found[(r.plan_item.outlet_id, r.plan_item.pollutant_code)].append(r)
    return found


def _converted(outlet_ids: list[int]) -> set[tuple[int, str]]:
    return {
        (lim.outlet_id, lim.pollutant_code) for lim in registry.outlet_limits(outlet_ids) if lim.converted
    }


class _Run:
    """One report version's checks (keeps the online data of each outlet of its period: one read per outlet)."""

    def __init__(self, report: ExecutionReport, version: ReportVersion) -> None:
        self.report, self.version = report, version
        self.data = from_json(version.data)
        self.first, self.last = report.covers_start, report.covers_end
        self.start, self.end = period_bounds(self.first, self.last)
        self.outlets = {
            o.code: o for o in registry.facility_outlets([report.facility_id])[report.facility_id]
        }
        self.loggers = monitoring.outlets_with_loggers([o.id for o in self.outlets.values()])
        self.converted = _converted([o.id for o in self.outlets.values()])
        self._hours: dict[int, monitoring.OutletHours] = {}
        self.created: list[CrossCheckFinding] = []

    def hours(self, outlet: registry.OutletRef) -> monitoring.OutletHours:
        if outlet.id not in self._hours:
            codes = {r.pollutant_code for r in self.data.emissions if r.outlet_code == outlet.code}
            codes |= {f"{c}-Zs" for c in codes if (outlet.id, c) in self.converted}
            self._hours[outlet.id] = monitoring.outlet_hours(
                outlet.id, codes, self.start, self.end, medium=outlet.medium
            )
        return self._hours[outlet.id]

    def where(self) -> str:
        return _("Execution report %(number)s, version %(version)d") % {
            "number": self.report.number,
            "version": self.version.version,
        }

    def key(self, kind: str, *parts: object) -> str:
        return ":".join(str(p) for p in (kind, self.report.pk, *parts))

    def record(self, **kwargs: Any) -> None:
        found = _record(facility_id=self.report.facility_id, first=self.first, last=self.last, **kwargs)
        if found is not None:
            self.created.append(found)

    def concentrations(self) -> None:
        results = _results(self.report.facility_id, self.first, self.last)
        for row in self.data.emissions:
            outlet = self.outlets.get(row.outlet_code)
            if outlet is None:
                continue
            p = row.pollutant_code
            unit = report_unit(outlet.medium, p)
            lab_rows = [
                (r, v)
                for r in results.get((outlet.id, p), [])
                if (v := _in_unit(Decimal(r.value), r.unit, unit)) is not None
            ]
            lab_source = _("Self-monitoring results (%(n)d)") % {"n": len(lab_rows)}
            lab_detail = [
                {
                    "id": r.pk,
                    "sampled_on": r.sampled_on.isoformat(),
                    "laboratory": r.laboratory,
                    "value": _num(v),
                    "file": r.original_name,
                }
                for r, v in lab_rows[:50]
            ]
            online_values: list[Decimal] = []
            basis = "measured"
            expected = 0
            if outlet.id in self.loggers:
                hours = self.hours(outlet)
                expected = hours.expected_hours
                code = p
                if (outlet.id, p) in self.converted and hours.has_data(f"{p}-Zs"):
                    code, basis = f"{p}-Zs", "converted"
                online_values = hours.valid_values(code)
            online_source = (
                _("Online monitoring, valid hourly values (%(n)d of %(expected)d h, converted)")
                if basis == "converted"
                else _("Online monitoring, valid hourly values (%(n)d of %(expected)d h)")
            ) % {"n": len(online_values), "expected": expected}
            online_ref = f"monitoring:{outlet.facility_id}:{self.first.isoformat()}"
            statistics: tuple[tuple[Literal["max", "avg"], Decimal | None], ...] = (
                ("max", row.max_concentration),
                ("avg", row.avg_concentration),
            )
            for statistic, value in statistics:
                if value is None:
                    continue
                label = _("maximum concentration") if statistic == "max" else _("average concentration")
                reported = Figure(
                    value,
                    unit,
                    f"{self.where()} · {row.outlet_code} · {label}",
                    f"report:{self.report.pk}:{self.version.version}",
                )
                lab = figure_of(
                    statistic, [v for _r, v in lab_rows], unit=unit, source=lab_source, ref="results"
                )
                online = figure_of(statistic, online_values, unit=unit, source=online_source, ref=online_ref)
                if statistic == "max":
                    others = [("self_monitoring", lab), ("online", online)]
                else:
                    covered = expected and Decimal(len(online_values)) >= ONLINE_COVERAGE * expected
                    others = [("online", online)] if covered else [("self_monitoring", lab)]
                for source_kind, other in others:
                    if other is None:
                        continue
                    differing = check_concentration(
                        reported, [other], outlet=row.outlet_code, pollutant=p, statistic=statistic
                    )
                    if not differing or (statistic == "max" and not differing[0].reported_lower):
                        continue
                    found = differing[0]
                    self.record(
                        kind=Kind.MAX if statistic == "max" else Kind.AVG,
                        key=self.key(statistic, source_kind, row.outlet_code, p),
                        outlet=row.outlet_code,
                        pollutant=p,
                        reported=reported,
                        compared=other,
                        detail=_discrepancy_detail(
                            found,
                            source_kind=source_kind,
                            report_id=self.report.pk,
                            version=self.version.version,
                            basis=basis,
                            results=lab_detail if source_kind == "self_monitoring" else [],
                        ),
                    )

    def totals(self) -> None:
        if self.report.kind != "annual":
            return
        for row in self.data.emissions:
            outlet = self.outlets.get(row.outlet_code)
            if outlet is None or row.actual_emission_t is None or outlet.id not in self.loggers:
                continue
            p = row.pollutant_code
            total = online_total(
                self.hours(outlet), p, source=_("Computed from online hourly flow × concentration")
            )
            if total.hours_used == 0:
                continue
            reported = Figure(
                row.actual_emission_t,
                "t",
                f"{self.where()} · {row.outlet_code} · {_('actual emissions')}",
                f"report:{self.report.pk}:{self.version.version}",
            )
            check = check_annual_total(reported, pollutant=p, outlet=row.outlet_code, computed=total)
            if check.discrepancy is None:
                continue
            self.record(
                kind=Kind.TOTAL,
                key=self.key("total", row.outlet_code, p),
                outlet=row.outlet_code,
                pollutant=p,
                reported=reported,
                compared=total.figure,
                detail=_discrepancy_detail(
                    check.discrepancy,
                    source_kind="online",
                    report_id=self.report.pk,
                    version=self.version.version,
                    formula=total.formula_zh,
                    hours_used=total.hours_used,
                    hours_unusable=total.hours_unusable,
                    expected_hours=total.expected_hours,
                    complete=total.complete,
                    kg=str(total.kg),
                ),
            )

    def shutdowns(self) -> None:
        if not self.data.shutdowns:
            return
        periods = [
            ShutdownPeriod.from_dates(
                s.start, s.end, f"{self.where()} · {_('shutdown')} {s.start:%Y-%m-%d}—{s.end:%Y-%m-%d}"
            )
            for s in self.data.shutdowns
        ]
        signals: list[HourSignal] = []
        for outlet in self.outlets.values():
            if outlet.id not in self.loggers:
                continue
            hours = self.hours(outlet)
            signals += [
                HourSignal(h.hour, flow_m3_per_h=h.value)
                for h in hours.series.get(hours.flow_code, ())
                if h.valid and h.value is not None
            ]
        power = monitoring.production_power_hours(self.report.facility_id, self.start, self.end)
        signals += [HourSignal(h, power_on=True) for h in sorted(power)]
        source = _("Online flow / electricity monitoring")
        for period, row in zip(periods, self.data.shutdowns, strict=True):
            found = check_shutdowns([period], signals, source=source)
            if not found:
                continue
            c = found[0]
            self.record(
                kind=Kind.SHUTDOWN,
                key=self.key("shutdown", c.period.start.date().isoformat(), c.period.end.date().isoformat()),
                outlet="",
                pollutant="",
                reported=c.reported,
                compared=c.observed,
                detail={
                    "statistic": "hours",
                    "unit": "h",
                    "start": c.period.start.isoformat(),
                    "end": c.period.end.isoformat(),
                    "reason": row.reason,
                    "hours_with_flow": c.hours_with_flow,
                    "hours_with_power": c.hours_with_power,
                    "first_hour": c.first_hour.isoformat(),
                    "last_hour": c.last_hour.isoformat(),
                    "max_flow": str(c.max_flow) if c.max_flow is not None else None,
                    "article": c.article,
                    "report_id": self.report.pk,
                    "version": self.version.version,
                },
            )


def crosscheck_run(*, facility_id: int | None = None, year: int) -> dict[str, int]:
    """Checks the submitted and accepted reports of ``year`` (one facility's, or all), then the permitted totals of
    the facilities that hold a permit in that year. Safe to run again: a finding or a problem is raised once."""
    counts = {"reports": 0, "findings": 0, "over_total": 0}
    for report, version in _latest_versions(year, facility_id):
        with transaction.atomic():
            run = _Run(report, version)
            if not version.shutdown_only:
                run.concentrations()
                run.totals()
            run.shutdowns()
        counts["reports"] += 1
        counts["findings"] += len(run.created)
    facilities = sorted({p.facility_id for p in registry.permits_held_in(year)})
    if facility_id is not None:
        facilities = [f for f in facilities if f == facility_id]
    for f in facilities:
        counts["over_total"] += len(totals_enforce(actor=None, facility_id=f, year=year))
    return counts


def _over_text(v: VerifiedEmission) -> str:
    return _(
        "%(year)d: verified emissions of %(pollutant)s %(verified)s t exceed the permitted annual total %(permitted)s t"
        " (from %(source)s)."
    ) % {
        "year": v.year,
        "pollutant": v.pollutant_name,
        "verified": f"{v.verified_t:.4f}",
        "permitted": f"{v.permitted_t:.4f}",
        "source": _source_label(v.verified_from),
    }


def _source_label(verified_from: str) -> str:
    return {
        "online": _("the online data, complete"),
        "online_lower_bound": _("the online data so far, a lower bound"),
        "report": _("the accepted annual report"),
    }.get(verified_from, verified_from)


@transaction.atomic
def totals_enforce(*, actor: Actor, facility_id: int, year: int) -> list[int]:
    """Raises a problem "over_total" (条例 Art. 34(1)) for each pollutant whose verified emissions of ``year`` exceed
    the permitted total, once per facility, year and pollutant; returns the ids of the problems raised now."""
    raised = []
    for v in annual_verified_emissions(facility_id, year):
        if not v.over:
            continue
        key = f"over_total:{year}:{v.pollutant}"
        if CrossCheckFinding.objects.filter(key=f"{key}:{facility_id}").exists():
            continue
        text = _over_text(v)
        problem_id = cases.problem_raise(
            actor=actor,
            facility_id=facility_id,
            kind="over_total",
            description=text,
            source="filing_check",
            source_ref=key,
            evidence={
                "article": ARTICLE_OVER_PERMITTED,
                "rule": "filings.totals",
                "year": year,
                "pollutant": v.pollutant,
                "verified_t": _num(v.verified_t),
                "verified_from": v.verified_from,
                "permitted_t": _num(v.permitted_t),
                "permitted": v.permitted_source,
                "report": v.report_number,
            },
            required_action=_("Reduce emissions to the permitted total; explain the excess to the bureau."),
        )
        assert v.verified_t is not None and v.permitted_t is not None
        _record(
            facility_id=facility_id,
            kind=Kind.OVER_PERMITTED,
            key=f"{key}:{facility_id}",
            outlet="",
            pollutant=v.pollutant,
            first=v.first_day,
            last=v.last_day,
            reported=Figure(
                v.verified_t,
                "t",
                _("Verified emissions, from %(source)s") % {"source": _source_label(v.verified_from)},
            ),
            compared=Figure(
                v.permitted_t, "t", _("Permitted annual total: %(limits)s") % {"limits": v.permitted_source}
            ),
            detail={
                "statistic": "total",
                "unit": "t",
                "article": ARTICLE_OVER_PERMITTED,
                "verified_from": v.verified_from,
                "online_t": str(v.online_t) if v.online_t is not None else None,
                "online_complete": v.online_complete,
                "hours_used": v.hours_used,
                "expected_hours": v.expected_hours,
                "reported_t": str(v.reported_t) if v.reported_t is not None else None,
                "report_id": v.report_id,
                "formula": v.formula,
                "excess_t": str(v.excess_t),
            },
            status=CrossCheckFinding.Status.CONFIRMED,
            problem_id=problem_id,
            note=str(ARTICLE_OVER_PERMITTED),
        )
        audit_record(
            actor=actor,
            action="filings.total.over",
            object_type="registry.facility",
            object_id=facility_id,
            after={
                "year": year,
                "pollutant": v.pollutant,
                "verified_t": str(v.verified_t),
                "problem": problem_id,
            },
        )
        raised.append(problem_id)
    return raised


@transaction.atomic
def finding_decide(*, actor: Actor, finding_id: int, confirm: bool, note: str = "") -> CrossCheckFinding:
    """The officer's decision on an open finding: confirmed, it becomes a problem "untrue_report" on the facility's
    case (条例 Art. 37(4)); dismissed, the note says why. Decided once."""
    finding = CrossCheckFinding.objects.select_for_update().get(pk=finding_id)
    if finding.status != CrossCheckFinding.Status.OPEN:
        raise DomainError(_("This finding has already been decided."))
    note = note.strip()
    if not confirm and not note:
        raise DomainError(_("Say why the finding is dismissed."), field="note")
    if confirm:
        finding.problem_id = cases.problem_raise(
            actor=actor,
            facility_id=finding.facility_id,
            kind="untrue_report",
            description=_("%(reported_source)s: %(reported)s; %(compared_source)s: %(compared)s.")
            % {
                "reported_source": finding.reported_source,
                "reported": _num(finding.reported_value),
                "compared_source": finding.compared_source,
                "compared": _num(finding.compared_value),
            }
            + (f" {note}" if note else ""),
            source="filing_check",
            source_ref=f"crosscheck:{finding.pk}",
            evidence={
                "article": finding.detail.get("article") or ARTICLE_UNTRUE_REPORT,
                "rule": f"filings.crosscheck.{finding.kind}",
                "finding": finding.pk,
                "reported": _num(finding.reported_value),
                "compared": _num(finding.compared_value),
            },
            required_action=_("Correct the execution report and explain the difference to the bureau."),
        )
    finding.status = CrossCheckFinding.Status.CONFIRMED if confirm else CrossCheckFinding.Status.DISMISSED
    finding.decided_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
    finding.decided_at = clock.now()
    finding.decision_note = note
    finding.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "problem_id"])
    audit_record(
        actor=actor,
        action="filings.finding.confirm" if confirm else "filings.finding.dismiss",
        obj=finding,
        before={"status": CrossCheckFinding.Status.OPEN},
        after={"status": finding.status, "note": note, "problem": finding.problem_id},
    )
    return finding


def _num(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"
