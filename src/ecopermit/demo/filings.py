"""Demo execution reports (issue 13, M4): two years of reports for the demo permit holders, as a district has them.

For last year and this year every report the demo permits owe is scheduled (the same ``reports_schedule`` the nightly
watch runs). Of the reports already due:
- most were submitted on time with their key tables (emissions per outlet and pollutant below the limits, totals that
  add up, hours of operation) and accepted by the officer;
- every ninth was returned once and accepted at the second version;
- every eleventh was never submitted: the watch raises it as a problem (条例 Art. 37(3));
- every thirteenth was submitted and still awaits the review.
The permit holder's manager (enterprise3) keeps this year's reports open, so its manager sees reports due.
Figures are derived from the facility's credit code, so a reload gives the same demo. Idempotent: nothing is
created when the demo reports have versions already.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.filings import services
from ecopermit.filings.models import (
    ExecutionReport,
    MonitoringResult,
    ReportKind,
    ReportStatus,
    ReportVersion,
)
from ecopermit.filings.report_checks import period_hours
from ecopermit.filings.report_data import EmissionRow, OperationRow, ReportData, TotalRow
from ecopermit.registry.models import FacilityAccess, OutletLimit

# The smallest well-formed PDF: the demo stands in for the file the national platform exports.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _fraction(key: str) -> Decimal:
    """A stable number in [0.30, 0.85) from ``key``: how close to its limit a demo figure sits."""
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return Decimal("0.30") + Decimal(digest % 5500) / Decimal(10000)


def report_data(
    report: ExecutionReport, falsified: tuple[int, str, str, Decimal] | None = None
) -> ReportData:
    """Plausible tables for ``report``: each limited outlet pollutant below its limit, totals that add up."""
    hours = period_hours(report.covers_start, report.covers_end)
    running = (hours * Decimal("0.55")).quantize(Decimal("1"))
    limits = (
        OutletLimit.objects.filter(outlet__facility_id=report.facility_id, statistic__in=["hourly", "daily"])
        .select_related("outlet")
        .order_by("outlet__code", "pollutant_code", "statistic")
    )
    measured = _measured(report)
    wrong = _falsified(report, falsified)
    rows: dict[tuple[str, str], EmissionRow] = {}
    for limit in limits:
        key = (limit.outlet.code, limit.pollutant_code)
        if key in rows:
            continue
        share = _fraction(f"{report.facility.credit_code}{key}{report.period_start}")
        highest = (limit.value * share).quantize(Decimal("0.01"))
        average = (highest * Decimal("0.6")).quantize(Decimal("0.01"))
        if key in measured:  # the report summarises the facility's own monitoring
            values = measured[key]
            highest = max(values)
            average = min((sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")), highest)
        if key in wrong:  # the falsified figure: the monitoring report said 0.43
            highest = wrong[key]
            average = min(average, (highest * Decimal("0.8")).quantize(Decimal("0.0001")))
        # t = mg/m3 × m3/h × h × 1e-9: a flow of 20,000 m3/h for gas, 50 m3/h for water (mg/L = g/m3).
        flow = Decimal(20000) if limit.outlet.medium == "gas" else Decimal(50) * 1000
        emitted = (average * flow * running / Decimal(10) ** 9).quantize(Decimal("0.001"))
        rows[key] = EmissionRow(key[0], key[1], highest, average, emitted)
    totals: dict[str, Decimal] = {}
    for row in rows.values():
        totals[row.pollutant_code] = totals.get(row.pollutant_code, Decimal(0)) + (row.actual_emission_t or 0)
    return ReportData(
        emissions=tuple(rows.values()),
        totals=tuple(TotalRow(code, total) for code, total in totals.items()),
        operations=(OperationRow("主要生产线", running),),
        commitment=True,
    )


def _measured(report: ExecutionReport) -> dict[tuple[str, str], list[Decimal]]:
    """The self-monitoring results (manual) of the report's period, by outlet and pollutant."""
    found: dict[tuple[str, str], list[Decimal]] = {}
    rows = MonitoringResult.objects.filter(
        plan_item__facility_id=report.facility_id,
        sampled_on__gte=report.covers_start,
        sampled_on__lte=report.covers_end,
        source=MonitoringResult.Source.MANUAL,
    ).values_list("plan_item__outlet__code", "plan_item__pollutant_code", "value")
    for outlet, pollutant, value in rows:
        found.setdefault((outlet, pollutant), []).append(Decimal(value))
    return found


def falsified_figure() -> tuple[int, str, str, Decimal] | None:
    """The demo's falsified annual report (``demo.selfproof``): its report id, outlet, pollutant and the maximum it
    states (0.13 where 0.43 was measured)."""
    from ecopermit.demo import selfproof

    item = selfproof.falsified_plan_item()
    if item is None:
        return None
    report = ExecutionReport.objects.filter(
        facility_id=item.facility_id, kind=ReportKind.ANNUAL, year=selfproof.evidence_year()
    ).first()
    limit = selfproof._limit(item, dt.date(selfproof.evidence_year(), 1, 1))
    if report is None or limit is None:
        return None
    value = (selfproof.REPORTED_MAX * selfproof.falsified_scale(limit.value)).quantize(Decimal("0.0001"))
    return report.pk, item.outlet.code, item.pollutant_code, value


def _falsified(
    report: ExecutionReport, falsified: tuple[int, str, str, Decimal] | None
) -> dict[tuple[str, str], Decimal]:
    if falsified is None or falsified[0] != report.pk:
        return {}
    return {(falsified[1], falsified[2]): falsified[3]}


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))


@transaction.atomic
def demo_filings_load() -> int:
    """Schedules and fills the demo's execution reports; returns how many versions were made."""
    if ReportVersion.objects.exists():
        return 0
    from ecopermit.demo import selfproof

    today = clock.today()
    for year in range(selfproof.evidence_year(today), today.year + 1):
        services.reports_schedule(year=year)
    special = set(
        ExecutionReport.objects.filter(
            facility_id__in=selfproof.special_facilities(),
            kind=ReportKind.ANNUAL,
            year=selfproof.evidence_year(today),
        ).values_list("pk", flat=True)
    )
    officer = User.objects.filter(username="officer").first() or User.objects.filter(is_demo=True).first()
    managers = {a.facility_id: a.user for a in FacilityAccess.objects.select_related("user").order_by("pk")}
    permit_holder = FacilityAccess.objects.filter(user__username="enterprise3").values_list(
        "facility_id", flat=True
    )
    keep_open = set(permit_holder)
    falsified = falsified_figure()
    made = 0
    due = ExecutionReport.objects.filter(due_on__lt=today).select_related("facility").order_by("due_on", "pk")
    for n, report in enumerate(due, start=1):
        plain = report.pk not in special  # the falsified and the over-total annual reports are accepted
        if plain and (n % 11 == 0 or (report.facility_id in keep_open and report.year == today.year)):
            continue  # never submitted: the watch raises it
        data = report_data(report, falsified)
        if not data.emissions:
            continue
        submitter = managers.get(report.facility_id) or officer
        who = "officer" if submitter is officer else "enterprise"
        submitted_on = report.due_on - dt.timedelta(days=3 + n % 9)
        reviewed_on = min(submitted_on + dt.timedelta(days=5), today)
        with clock.travel(_at(submitted_on)):
            services.report_submit(
                actor=submitter,
                report=report,
                data=data,
                content=PDF,
                file_name=f"{report.number}.pdf",
                who=who,
            )
        made += 1
        if plain and n % 13 == 0:
            continue  # awaits the review
        if plain and n % 9 == 0:
            with clock.travel(_at(reviewed_on)):
                services.report_review(
                    actor=officer,
                    report=report,
                    accept=False,
                    note="生产运行时间与台账记录不一致，请核实后重新提交。",
                )
                services.report_submit(
                    actor=submitter,
                    report=report,
                    data=data,
                    content=PDF,
                    file_name=f"{report.number}-2.pdf",
                    who=who,
                )
            made += 1
        with clock.travel(_at(reviewed_on)):
            services.report_review(actor=officer, report=report, accept=True)
    services.reports_watch(today=today)
    return made


def demo_report_counts() -> dict[str, Any]:
    return {s: ExecutionReport.objects.filter(status=s).count() for s in ReportStatus.values}
