"""Reads of the cross-check findings, through the actor's scope (404 outside it), and what their pages show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ecopermit.accounts.scope import Scope
from ecopermit.cases import facade as cases
from ecopermit.filings.models import CrossCheckFinding, ExecutionReport, MonitoringResult
from ecopermit.monitoring import facade as monitoring
from ecopermit.registry import facade as registry

KIND_LABELS = {
    "concentration_max": _("Maximum concentration"),
    "concentration_avg": _("Average concentration"),
    "total": _("Annual emissions"),
    "shutdown": _("Reported shutdown"),
    "over_permitted": _("Over the permitted annual total"),
}
SOURCE_LABELS = {
    "self_monitoring": _("Self-monitoring"),
    "online": _("Online monitoring"),
}


def link(name: str, *args: Any, query: dict[str, str] | None = None) -> str:
    """The URL, or "" where that screen is not mounted (a finding's page links the screens other work adds)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def findings_visible(scope: Scope) -> QuerySet[CrossCheckFinding]:
    return CrossCheckFinding.objects.filter(facility_id__in=registry.visible_facility_ids(scope))


def finding_list(
    scope: Scope, *, status: str = "", kind: str = "", facility: int | None = None, year: int | None = None
) -> QuerySet[CrossCheckFinding]:
    qs = findings_visible(scope).select_related("facility", "facility__town")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if facility:
        qs = qs.filter(facility_id=facility)
    if year:
        qs = qs.filter(period_start__year=year)
    return qs.order_by("-found_at", "-pk")


def finding_get(scope: Scope, pk: int) -> CrossCheckFinding:
    found = (
        findings_visible(scope)
        .select_related("facility", "facility__town", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class FindingPage:
    """What a finding's page shows beside the finding itself: the two sides' links, the report, the results, the
    problem and its case."""

    kind_label: str
    source_label: str
    reported_link: str
    compared_link: str
    report: ExecutionReport | None
    results: list[MonitoringResult]
    problem: cases.ProblemRef | None
    pollutant_name: str


def finding_page(finding: CrossCheckFinding) -> FindingPage:
    detail = finding.detail or {}
    report_id = detail.get("report_id")
    report = ExecutionReport.objects.filter(pk=int(report_id)).first() if report_id else None
    ids = [r["id"] for r in detail.get("results", []) if "id" in r]
    results = list(MonitoringResult.objects.filter(pk__in=ids).order_by("sampled_on", "pk")) if ids else []
    start = finding.period_start
    end = min(finding.period_end, start + dt.timedelta(days=91))  # the monitoring page shows at most 92 days
    compared = ""
    if detail.get("source_kind") == "online" or finding.kind in ("shutdown", "total"):
        compared = link(
            "monitoring:facility",
            finding.facility_id,
            query={"start": start.isoformat(), "end": end.isoformat()},
        )
    problem = cases.problem_refs([finding.problem_id]).get(finding.problem_id or 0)
    return FindingPage(
        str(KIND_LABELS.get(finding.kind, finding.kind)),
        str(SOURCE_LABELS.get(detail.get("source_kind", ""), "")),
        link("filings:report_detail", report.pk) if report else "",
        compared,
        report,
        results,
        problem,
        monitoring.pollutant_names([finding.pollutant_code])[finding.pollutant_code]
        if finding.pollutant_code
        else "",
    )


def open_count(scope: Scope) -> int:
    return findings_visible(scope).filter(status=CrossCheckFinding.Status.OPEN).count()
