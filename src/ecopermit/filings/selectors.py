"""Reads of the self-proof app, filtered by the actor's scope (an enterprise sees its own facilities' reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from ecopermit.accounts.scope import Scope
from ecopermit.filings.models import (
    DeadlineOverride,
    ExecutionReport,
    ReportingRequirement,
    ReportStatus,
    ReportVersion,
)
from ecopermit.filings.report_data import ReportData, from_json
from ecopermit.registry import facade as registry


def reports_visible(scope: Scope) -> QuerySet[ExecutionReport]:
    return ExecutionReport.objects.filter(
        facility_id__in=registry.visible_facility_ids(scope)
    ).select_related("facility", "facility__town", "permit")


def report_list(
    scope: Scope,
    *,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    overdue: bool = False,
    q: str = "",
    today: dt.date,
) -> QuerySet[ExecutionReport]:
    qs = reports_visible(scope)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=ReportStatus.DUE, due_on__lt=today)
    if q:
        qs = qs.filter(facility__name__icontains=q) | qs.filter(number__iexact=q)
    return qs.order_by("due_on", "facility__name", "kind", "pk")


def reports_to_submit(scope: Scope, *, kind: str, year: int, number: int) -> QuerySet[ExecutionReport]:
    """The reports of one kind and period still to be submitted (due, or returned), for the bulk template."""
    return (
        reports_visible(scope)
        .filter(kind=kind, year=year, period_no=number, status__in=[ReportStatus.DUE, ReportStatus.RETURNED])
        .order_by("facility__name", "number")
    )


def report_get(scope: Scope, pk: int) -> ExecutionReport:
    found = reports_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def versions_of(report: ExecutionReport) -> list[ReportVersion]:
    return list(report.versions.select_related("submitted_by", "reviewed_by").order_by("-version"))


def entry_basis(report: ExecutionReport) -> tuple[dict[str, set[str]], ReportData | None]:
    """What the on-screen entry starts from: the permit's outlets with their pollutants, and the tables of the
    report's last version (None before the first)."""
    last = report.versions.order_by("-version").first()
    data = from_json(last.data) if last is not None and last.data else None
    return registry.outlet_pollutants(report.facility_id), data


def version_get(scope: Scope, pk: int) -> ReportVersion:
    found = (
        ReportVersion.objects.filter(pk=pk, report__facility_id__in=registry.visible_facility_ids(scope))
        .select_related("report")
        .first()
    )
    if found is None:
        raise Http404
    return found


def report_years(scope: Scope) -> list[int]:
    return sorted(set(reports_visible(scope).values_list("year", flat=True)), reverse=True)


EVENT_LABELS = {
    "status.submit": gettext_lazy("Submitted"),
    "status.resubmit": gettext_lazy("Submitted again"),
    "status.accept": gettext_lazy("Accepted"),
    "status.return": gettext_lazy("Returned for correction"),
    "reminded": gettext_lazy("Reminder sent"),
    "overdue": gettext_lazy("Not submitted by the due date: raised as a problem"),
}


@dataclass(frozen=True)
class TimelineRow:
    at: dt.datetime
    actor: Any
    label: str
    note: str
    version: int | None


def timeline_of(report: ExecutionReport) -> list[TimelineRow]:
    return [
        TimelineRow(
            e.at, e.actor, str(EVENT_LABELS.get(e.kind, e.kind)), e.note, (e.data or {}).get("version")
        )
        for e in report.events.select_related("actor").order_by("at", "pk")
    ]


def requirements() -> QuerySet[ReportingRequirement]:
    return ReportingRequirement.objects.select_related("permit", "permit__facility", "set_by").order_by(
        "permit__number"
    )


def deadline_overrides() -> QuerySet[DeadlineOverride]:
    return DeadlineOverride.objects.select_related("set_by").order_by("-year", "kind", "number")
