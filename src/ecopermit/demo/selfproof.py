"""Demo self-proof (issue 13, M3, M5, E5): self-monitoring, the management ledger, one falsified report and one
facility over its permitted annual total.

Two steps around the execution reports (``demo.filings``), because a report is written from the monitoring it
summarises:

1. ``demo_selfmon_load`` (before the reports): a self-monitoring plan (``monitoring_plan_generate``) for every third
   facility that holds a permit today (the demo's permitted-facility manager, enterprise3, and the over-total
   facility always among them), and results for the manual lines from the start of the evidence year to today,
   each with a small PDF as its monitoring report: most well below the limit, one period in about nineteen left
   without a result, two results over the limit. The reports' concentrations are then the results' maximum and
   mean (``demo.filings.report_data``), so an honest report agrees with its monitoring.
2. ``demo_selfproof_finish`` (after the reports): the ledger of every permit holder, monthly (production and
   treatment operation; a few abnormal events; one correction; a few months with nothing), the permitted annual
   total of the over-total facility, then the cross-checks and the nightly watches as they would have run
   (``ledger_watch`` each month, ``selfmon_watch`` each quarter, ``crosscheck_run`` after each annual report).

The falsified report: enterprise3's facility's accepted annual report of the evidence year states a maximum of
0.13 where its own monitoring report measured 0.43 (scaled to the limit when the limit is below 1), which the
cross-check finds. The over-total facility (:func:`over_total_facility`, named in the load summary): the demo
data has no permitted annual totals (``OutletLimit`` rows with statistic ``annual_total``), so one is added — through
the registry's model, as the demo loader writes the registry: there is no registry service for a permit's limits —
to its COD at one water outlet at 80 % of what its accepted annual report states; ``totals_enforce`` raises a
不能达标 problem.

The evidence year is last year, or the year before it while last year's annual report is not yet due (early
January). Deterministic (hashes of credit codes and dates), relative to ``clock.today()``; idempotent (nothing is
created when the demo plans, or the demo ledger, exist).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal

from django.db import transaction

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.filings import crosscheck_services, ledger_services, selfmon_services
from ecopermit.filings.models import (
    CrossCheckFinding,
    ExecutionReport,
    LedgerEntry,
    MonitoringPlanItem,
    ReportKind,
)
from ecopermit.filings.rules import reports as report_rules
from ecopermit.filings.totals import accepted_annual, report_total
from ecopermit.registry import facade as registry
from ecopermit.registry.models import Facility, FacilityAccess, Outlet, OutletLimit

REPORTED_MAX = Decimal("0.13")
MEASURED_MAX = Decimal("0.43")
OVER_POLLUTANT = "w01018"  # 化学需氧量: a total-control pollutant permits commonly give an annual total
OVER_SHARE = Decimal("0.8")
LABS = ("舟山市定海区环境监测站", "浙江华标检测技术有限公司", "舟山市中一检测研究院有限公司")
SUBSET = 3  # every third permit holder keeps a self-monitoring plan in the demo (volume)


def _h(*parts: object) -> int:
    return int(hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:8], 16)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _pdf(title: str) -> bytes:
    """A small well-formed PDF standing in for the laboratory's monitoring report (its title in a comment)."""
    return (
        b"%PDF-1.4\n% "
        + title.encode()
        + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages"
        b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def evidence_year(today: dt.date | None = None) -> int:
    """The latest year whose annual report is due before today (last year, or the year before in early January)."""
    today = today or clock.today()
    rule = report_rules.kind_rules()["annual"]
    last = today.year - 1
    return last if rule.deadline.due(dt.date(last, 12, 31)) < today else last - 1


def _holders(today: dt.date) -> list[int]:
    """Facilities holding a permit today, by credit code."""
    ids = {
        p.facility_id for p in registry.permits_held_in(today.year) if p.issued_on <= today <= p.valid_until
    }
    return list(Facility.objects.filter(pk__in=ids).order_by("credit_code").values_list("pk", flat=True))


def falsified_facility() -> int | None:
    """enterprise3's facility when it holds a permit today, else the first permit holder (by credit code)."""
    today = clock.today()
    holders = _holders(today)
    mine = FacilityAccess.objects.filter(user__username="enterprise3").values_list("facility_id", flat=True)
    return next((f for f in mine if f in holders), holders[0] if holders else None)


def over_total_facility() -> int | None:
    """The first permit holder (by credit code), not the falsified one, held a permit all of the evidence year, with
    a COD limit at a water outlet."""
    today = clock.today()
    year = evidence_year(today)
    whole = {
        p.facility_id
        for p in registry.permits_held_in(year)
        if p.issued_on <= dt.date(year, 1, 1) and p.valid_until >= today
    }
    with_cod = set(
        OutletLimit.objects.filter(outlet__medium="water", pollutant_code=OVER_POLLUTANT).values_list(
            "outlet__facility_id", flat=True
        )
    )
    skip = falsified_facility()
    return next((f for f in _holders(today) if f in whole and f in with_cod and f != skip), None)


def special_facilities() -> set[int]:
    return {f for f in (falsified_facility(), over_total_facility()) if f is not None}


def _subset(today: dt.date) -> list[int]:
    holders = _holders(today)
    chosen = [f for n, f in enumerate(holders) if n % SUBSET == 0]
    return chosen + sorted(special_facilities() - set(chosen))


def _periods(frequency: str, first: dt.date, today: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    months = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[frequency]
    start = first
    while start <= today:
        m = start.month - 1 + months
        end = dt.date(start.year + m // 12, m % 12 + 1, 1)
        yield start, end - dt.timedelta(days=1)
        start = end


def _limit(item: MonitoringPlanItem, on: dt.date) -> selfmon_services.defaults.LimitRow | None:
    rows = selfmon_services.limit_rows([item.outlet_id])[item.outlet_id]
    return selfmon_services.defaults.limit_for(rows, item.pollutant_code, on)


def _falsified_line(facility_id: int, on: dt.date) -> MonitoringPlanItem | None:
    """The facility's first manual line (outlet code, pollutant) with a limit in mg/m³ or mg/L."""
    items = (
        MonitoringPlanItem.objects.filter(facility_id=facility_id, automatic=False)
        .select_related("outlet")
        .order_by("outlet__code", "pollutant_code")
    )
    for item in items:
        limit = _limit(item, on)
        if limit is not None and limit.unit.strip().lower() in ("mg/m3", "mg/m³", "mg/l"):
            return item
    return None


def falsified_scale(limit: Decimal) -> Decimal:
    """0.13 and 0.43 as they are when the limit is at least 1; scaled to the limit below that."""
    return Decimal(1) if limit >= 1 else limit


def falsified_plan_item() -> MonitoringPlanItem | None:
    facility = falsified_facility()
    return None if facility is None else _falsified_line(facility, dt.date(evidence_year(), 1, 1))


@transaction.atomic
def demo_selfmon_load() -> int:
    """Plans and results once (nothing when any plan exists); returns the results entered."""
    if MonitoringPlanItem.objects.exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return 0
    today = clock.today()
    first = dt.date(evidence_year(today), 1, 1)
    facilities = _subset(today)
    for facility_id in facilities:
        selfmon_services.monitoring_plan_generate(actor=officer, facility_id=facility_id, on=today)
    managers = {a.facility_id: a.user for a in FacilityAccess.objects.select_related("user").order_by("pk")}
    falsified = falsified_facility()
    false_line = _falsified_line(falsified, first) if falsified is not None else None
    items = list(
        MonitoringPlanItem.objects.filter(facility_id__in=facilities, automatic=False)
        .select_related("outlet", "facility")
        .order_by("facility__credit_code", "outlet__code", "pollutant_code")
    )
    special = special_facilities()
    over_left = 2
    made = 0
    for item in items:
        code = item.facility.credit_code
        who = managers.get(item.facility_id) or officer
        for n, (start, _end) in enumerate(_periods(item.frequency, first, today)):
            key = _h(code, item.outlet.code, item.pollutant_code, start)
            sampled = start + dt.timedelta(days=7 + key % 15)
            if sampled >= today or sampled < item.valid_from:
                continue
            if item.facility_id not in special and key % 19 == 0:
                continue  # never sampled: the watch raises it
            limit = _limit(item, sampled)
            if limit is None:
                continue
            if item.pollutant_code == "w01001":  # pH
                value = Decimal("7.1") + Decimal(key % 9) / 10
            else:
                value = (limit.value * (Decimal("0.20") + Decimal(key % 35) / 100)).quantize(Decimal("0.01"))
            if item == false_line and start.year == first.year:
                scale = falsified_scale(limit.value)
                value = (MEASURED_MAX if n == 0 else Decimal("0.08") + Decimal(key % 6) / 100) * scale
                value = value.quantize(Decimal("0.0001"))
            elif over_left and item.facility_id not in special and start.year == first.year:
                value = (limit.value * Decimal("1.25")).quantize(Decimal("0.01"))
                over_left -= 1
            lab = LABS[key % len(LABS)]
            number = f"JC{sampled:%Y%m%d}-{code[-6:]}-{item.outlet.code}"
            with clock.travel(_at(min(sampled + dt.timedelta(days=6), today))):
                selfmon_services.monitoring_result_add(
                    actor=who,
                    item=item,
                    sampled_on=sampled,
                    value=value,
                    unit=limit.unit,
                    laboratory=lab,
                    method="按排污许可证自行监测方案规定的标准方法",
                    file_content=_pdf(f"{lab} monitoring report {number} {item.pollutant_code}"),
                    file_name=f"{number}-{item.pollutant_code}.pdf",
                )
            made += 1
    return made


# --- after the reports ---------------------------------------------------------------------------------------------


def _months(first: dt.date, today: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    start = first
    while start <= today:
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        yield start, nxt - dt.timedelta(days=1)
        start = nxt


#: The ledger of the permit holders outside the monitored subset covers the last LEDGER_MONTHS months only: each entry
#: is an audited write, and two years for all 115 permit holders made the demo load 40 s longer.
LEDGER_MONTHS = 6


def ledger_window_start(today: dt.date) -> dt.date:
    """The first day of the month LEDGER_MONTHS before this one."""
    index = today.year * 12 + today.month - 1 - LEDGER_MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


def _ledger(officer: User, today: dt.date, first: dt.date) -> int:
    managers = {a.facility_id: a.user for a in FacilityAccess.objects.select_related("user").order_by("pk")}
    permits: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for year in range(first.year, today.year + 1):
        for p in registry.permits_held_in(year):
            permits.setdefault(p.facility_id, []).append((p.issued_on, p.valid_until))
    facilities = Facility.objects.filter(pk__in=permits).order_by("credit_code")
    last_full = ledger_services.last_full_month(today)[0]
    falsified = falsified_facility()
    special = special_facilities()
    both = set(_subset(today))
    made = 0
    abnormal_left = 3
    for n, facility in enumerate(facilities):
        who = managers.get(facility.pk) or officer
        code = facility.credit_code
        skip_last = n % 25 == 7 and facility.pk not in special
        since = (
            first if facility.pk in both or facility.pk in special else max(first, ledger_window_start(today))
        )
        for start, end in _months(since, today):
            held = any(a <= end and b >= start for a, b in permits[facility.pk])
            if not held or (start == last_full and skip_last) or _h(code, start) % 150 == 0:
                continue  # a month with nothing recorded (ledger_watch raises it once the month is over)
            key = _h(code, "ledger", start)
            hours = 380 + key % 160
            records = [
                (
                    "production",
                    "主要生产线",
                    start + dt.timedelta(days=key % 10),
                    f"本月生产设施正常运行，累计运行 {hours} 小时。"
                    + ("" if facility.pk in both else f"治理设施同步运行 {hours} 小时，无异常。"),
                    {"hours": hours},
                ),
                (
                    "treatment",
                    "污染治理设施",
                    start + dt.timedelta(days=14 + key % 12),
                    f"治理设施与生产设施同步运行 {hours} 小时，药剂按规程投加，无异常。",
                    {"hours": hours},
                ),
            ]
            for category, subject, day, content, data in records[: 2 if facility.pk in both else 1]:
                if day >= today:
                    continue
                with clock.travel(_at(min(day, today))):
                    entry = ledger_services.ledger_entry_add(
                        actor=who,
                        facility_id=facility.pk,
                        category=category,
                        subject=subject,
                        occurred_on=day,
                        content=content,
                        data=data,
                    )
                made += 1
            if abnormal_left and n % 17 == 3 and start.month == 6 and start.year == first.year:
                day = start + dt.timedelta(days=20)
                with clock.travel(_at(day)):
                    ledger_services.ledger_entry_add(
                        actor=who,
                        facility_id=facility.pk,
                        category="treatment_abnormal",
                        subject="废气处理设施",
                        occurred_on=day,
                        content="活性炭吸附装置风机故障停运 3 小时，已停产检修并更换风机，已向分局报告。",
                        abnormal=True,
                    )
                abnormal_left -= 1
                made += 1
            if facility.pk == falsified and start == dt.date(first.year, 3, 1):
                day = start + dt.timedelta(days=25)
                with clock.travel(_at(day)):
                    ledger_services.ledger_entry_add(
                        actor=who,
                        facility_id=facility.pk,
                        category="production_abnormal",
                        subject="主要生产线",
                        occurred_on=day,
                        content="涂装线排风机跳闸，生产线停机 2 小时，恢复后检查无泄漏，已报告分局。",
                        abnormal=True,
                    )
                    ledger_services.ledger_entry_add(
                        actor=who,
                        facility_id=facility.pk,
                        category="treatment",
                        subject="污染治理设施",
                        occurred_on=entry.occurred_on,
                        content=f"更正：本月治理设施运行 {hours - 6} 小时（原记录未扣除 3 月 26 日停机时段）。",
                        data={"hours": hours - 6},
                        corrects=entry,
                    )
                made += 2
    return made


def _annual_total_limit(today: dt.date) -> str:
    """The over-total facility's permitted annual COD total (see the module docstring); its name, or ""."""
    facility_id = over_total_facility()
    if facility_id is None:
        return ""
    year = evidence_year(today)
    accepted = accepted_annual(facility_id, year)
    if accepted is None:
        return ""
    reported = report_total(accepted[2], OVER_POLLUTANT)
    outlet = (
        Outlet.objects.filter(facility_id=facility_id, medium="water", limits__pollutant_code=OVER_POLLUTANT)
        .order_by("code")
        .first()
    )
    if not reported or outlet is None:
        return ""
    permit = next(
        p
        for p in registry.permits_held_in(year, facility_ids=[facility_id])
        if p.issued_on <= dt.date(year, 1, 1)
    )
    if not OutletLimit.objects.filter(outlet=outlet, statistic="annual_total").exists():
        OutletLimit.objects.create(
            outlet=outlet,
            pollutant_code=OVER_POLLUTANT,
            pollutant_name="化学需氧量",
            statistic="annual_total",
            value=max((reported * OVER_SHARE).quantize(Decimal("0.1")), Decimal("0.1")),
            unit="t/a",
            source=f"排污许可证 {permit.number} 副本：年许可排放量（演示数据）",
            valid_from=permit.issued_on,
            valid_to=permit.valid_until,
        )
    return Facility.objects.get(pk=facility_id).name


@transaction.atomic
def demo_selfproof_finish() -> dict[str, int | str]:
    """The ledger, the permitted total, the cross-checks and the watches, once (nothing when the ledger has entries);
    returns what was made."""
    if LedgerEntry.objects.exists():
        return {}
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return {}
    today = clock.today()
    first_year = evidence_year(today)
    first = dt.date(first_year, 1, 1)
    counts: dict[str, int | str] = {"ledger": _ledger(officer, today, first)}
    counts["over_total_facility"] = _annual_total_limit(today)
    ledger_missing = 0
    # the watch over the months every permit holder's demo ledger covers (ledger_window_start)
    watched_from = max(dt.date(first_year, 2, 1), ledger_window_start(today) + dt.timedelta(days=31))
    for start, _end in _months(watched_from.replace(day=1), today):
        with clock.travel(_at(start)):
            ledger_missing += ledger_services.ledger_watch(today=start)
    selfmon_missing = 0
    for start, _end in _periods("quarterly", dt.date(first_year + 1, 1, 1), today):
        with clock.travel(_at(start)):
            selfmon_missing += selfmon_services.selfmon_watch(today=start)
    selfmon_missing += selfmon_services.selfmon_watch(today=today)
    annual = report_rules.kind_rules()["annual"].deadline
    findings = over = 0
    for year in range(first_year, today.year + 1):
        moment = min(today, annual.due(dt.date(year, 12, 31)) + dt.timedelta(days=20))
        with clock.travel(_at(moment)):
            run = crosscheck_services.crosscheck_run(year=year)
        findings += run["findings"]
        over += run["over_total"]
    counts.update(
        ledger_missing=ledger_missing, selfmon_missing=selfmon_missing, findings=findings, over=over
    )
    falsified = falsified_facility()
    counts["falsified_facility"] = Facility.objects.get(pk=falsified).name if falsified else ""
    return counts


def falsified_finding() -> CrossCheckFinding | None:
    """The finding the falsified report raises (the maximum against the self-monitoring results)."""
    item = falsified_plan_item()
    if item is None:
        return None
    reports = ExecutionReport.objects.filter(
        facility_id=item.facility_id, kind=ReportKind.ANNUAL, year=evidence_year()
    ).values_list("pk", flat=True)
    return (
        CrossCheckFinding.objects.filter(
            facility_id=item.facility_id,
            kind=crosscheck_services.Kind.MAX,
            outlet_code=item.outlet.code,
            pollutant_code=item.pollutant_code,
            key__in=[f"max:{pk}:self_monitoring:{item.outlet.code}:{item.pollutant_code}" for pk in reports],
        )
        .order_by("pk")
        .first()
    )
