"""Reads of self-monitoring and the ledger, always through the actor's scope (an enterprise sees its own facilities;
anything else is a 404, never a leak)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ecopermit.accounts.scope import Scope
from ecopermit.core import clock
from ecopermit.filings.models import LedgerEntry, MonitoringPlanItem, MonitoringResult
from ecopermit.filings.rules import monitoring_plan as plan_rules
from ecopermit.filings.rules import selfmon_defaults as defaults
from ecopermit.filings.selfmon_services import CONCENTRATION_STATISTICS, is_default
from ecopermit.filings.selfmon_sheets import PlanRow
from ecopermit.registry import facade as registry


@dataclass
class PlanLine:
    item: MonitoringPlanItem
    pollutant_name: str
    limit: defaults.LimitRow | None
    default: bool  # the frequency is the unverified table's
    periods: list[plan_rules.PeriodStatus] = field(default_factory=list)


def plan_items(facility_id: int) -> QuerySet[MonitoringPlanItem]:
    return MonitoringPlanItem.objects.filter(facility_id=facility_id).select_related("outlet")


def pollutant_names(facility_id: int) -> dict[tuple[int, str], str]:
    """(outlet id, pollutant code) → the pollutant's name on the permit's limits."""
    outlets = [o.id for o in registry.outlets_for_monitoring(facility_id)]
    return {
        (r.outlet_id, r.pollutant_code): r.pollutant_name or r.pollutant_code
        for r in registry.outlet_limits(outlets, statistics=(*CONCENTRATION_STATISTICS, "annual_total"))
    }


def template_plan_rows(facility_id: int) -> list[PlanRow]:
    """The facility's plan lines as the results template lists them (with the limit in force today)."""
    rows = []
    for line in plan_lines(facility_id, clock.today().year):
        limit = line.limit
        rows.append(
            PlanRow(
                outlet_code=line.item.outlet.code,
                outlet_name=line.item.outlet.name,
                pollutant_code=line.item.pollutant_code,
                pollutant_name=line.pollutant_name,
                limit=_number(limit.value) if limit else "",
                unit=limit.unit if limit else "",
                automatic=line.item.automatic,
            )
        )
    return rows


def _number(value: Any) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plan_lines(facility_id: int, year: int, *, as_of: dt.date | None = None) -> list[PlanLine]:
    """The facility's plan with each line's sampling periods of ``year`` and their status on ``as_of``."""
    as_of = as_of or clock.today()
    items = list(plan_items(facility_id).order_by("outlet__code", "pollutant_code"))
    names: dict[tuple[int, str], str] = {}
    limits: dict[int, list[defaults.LimitRow]] = defaultdict(list)
    for r in registry.outlet_limits({i.outlet_id for i in items}, statistics=CONCENTRATION_STATISTICS):
        names.setdefault((r.outlet_id, r.pollutant_code), r.pollutant_name)
        limits[r.outlet_id].append(
            defaults.LimitRow(r.pollutant_code, r.statistic, r.value, r.unit, r.valid_from, r.valid_to)
        )
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for item_id, day in MonitoringResult.objects.filter(
        plan_item__in=[i.pk for i in items], sampled_on__year=year
    ).values_list("plan_item_id", "sampled_on"):
        dates[item_id].append(day)
    held = registry.permits_held_in(year, facility_ids=[facility_id])
    until = max((p.valid_until for p in held), default=None)
    lines = []
    for item in items:
        line = PlanLine(
            item,
            names.get((item.outlet_id, item.pollutant_code), item.pollutant_code),
            defaults.limit_for(
                limits[item.outlet_id], item.pollutant_code, min(as_of, dt.date(year, 12, 31))
            ),
            is_default(item),
        )
        if held and (until is None or until >= item.valid_from):
            line.periods = plan_rules.sampling_status(
                defaults.table_frequency(item.frequency),
                year,
                dates[item.pk],
                as_of=as_of,
                in_force_from=max(item.valid_from, min(p.issued_on for p in held)),
                in_force_until=until,
                automatic=item.automatic,
            )
        lines.append(line)
    return lines


def results_visible(scope: Scope) -> QuerySet[MonitoringResult]:
    return MonitoringResult.objects.filter(
        plan_item__facility__in=registry.visible_facility_ids(scope)
    ).select_related("plan_item__facility", "plan_item__outlet", "entered_by")


def result_list(
    scope: Scope, *, facility: int | None = None, over_only: bool = False, year: int | None = None
) -> QuerySet[MonitoringResult]:
    qs = results_visible(scope)
    if facility:
        qs = qs.filter(plan_item__facility_id=facility)
    if over_only:
        qs = qs.filter(over_limit=True)
    if year:
        qs = qs.filter(sampled_on__year=year)
    return qs.order_by("-sampled_on", "-pk")


def result_get(scope: Scope, pk: int) -> MonitoringResult:
    result = results_visible(scope).filter(pk=pk).first()
    if result is None:
        raise Http404
    return result


def item_get(scope: Scope, pk: int) -> MonitoringPlanItem:
    item = (
        MonitoringPlanItem.objects.filter(pk=pk, facility__in=registry.visible_facility_ids(scope))
        .select_related("outlet", "facility")
        .first()
    )
    if item is None:
        raise Http404
    return item


# --- ledger ------------------------------------------------------------------------------------------------------


def ledger_visible(scope: Scope) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(facility__in=registry.visible_facility_ids(scope))


def ledger_entries(
    facility_id: int, *, category: str = "", month: dt.date | None = None
) -> QuerySet[LedgerEntry]:
    """A facility's entries, newest first, each with the entry it corrects and the corrections made to it (the page
    shows them together), filtered by category and by the month of the recorded day."""
    qs = LedgerEntry.objects.filter(facility_id=facility_id)
    match = Q()
    if category:
        match &= Q(category=category)
    if month is not None:
        match &= Q(occurred_on__year=month.year, occurred_on__month=month.month)
    if category or month is not None:
        qs = qs.filter(match)
    corrections = Prefetch(
        "corrections", queryset=LedgerEntry.objects.select_related("entered_by").order_by("pk")
    )
    return qs.select_related("entered_by", "corrects").prefetch_related(corrections)


def ledger_entry_get(scope: Scope, pk: int) -> LedgerEntry:
    entry = ledger_visible(scope).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def abnormal_list(
    scope: Scope, *, facility: int | None = None, since: dt.date | None = None
) -> QuerySet[Any]:
    qs = (
        ledger_visible(scope).filter(abnormal=True).select_related("facility__town", "entered_by", "corrects")
    )
    if facility:
        qs = qs.filter(facility_id=facility)
    if since:
        qs = qs.filter(occurred_on__gte=since)
    return qs.order_by("-occurred_on", "-pk")
