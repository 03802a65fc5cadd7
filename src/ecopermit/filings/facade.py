"""What other apps may ask of the self-proof app (issue 13). Returns frozen dataclasses, never model instances.

- ``verified_emissions(facility_id, year)``: the verified annual emissions per pollutant against the permitted
  totals (E5), for the emission-rights work (``facts.VerifiedEmission``).
- ``compliance_history(facility_id)``: the 12-quarter strip, ECHO-style (``rules.history``).
- ``facility_page``: the ``facility_page`` hook (core/hooks.py): the strip on the facility's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecopermit.cases import facade as cases
from ecopermit.core import clock
from ecopermit.filings.crosscheck_selectors import link
from ecopermit.filings.facts import VerifiedEmission
from ecopermit.filings.models import ExecutionReport, ReportStatus
from ecopermit.filings.rules import history
from ecopermit.filings.totals import annual_verified_emissions

__all__ = [
    "ComplianceHistory",
    "HistoryCell",
    "HistoryGroup",
    "HistoryLink",
    "OutstandingReport",
    "VerifiedEmission",
    "compliance_history",
    "facility_page",
    "reports_outstanding",
    "verified_emissions",
]


def verified_emissions(facility_id: int, year: int) -> list[VerifiedEmission]:
    """Per pollutant: verified emissions of ``year`` (t; online data where complete, else the accepted annual
    report), the permitted annual total and whether it is exceeded (条例 Art. 34(1))."""
    return annual_verified_emissions(facility_id, year)


GROUP_LABELS = {
    "exceedance": _("Exceedances and alarms"),
    "reporting": _("Reports and records missing or untrue"),
    "monitoring": _("Monitoring missing"),
    "abnormal_data": _("Abnormal data"),
    "overdue_rectification": _("Rectification overdue"),
    "other": _("Other violations"),
}
STATUS_LABELS = {
    "none": _("No violation"),
    "violation": _("Violation"),
    "significant": _("Significant violation"),
}


@dataclass(frozen=True)
class HistoryLink:
    on: dt.date
    text: str
    url: str  # "" when there is nothing to open


@dataclass(frozen=True)
class HistoryGroup:
    group: str
    label: str
    links: tuple[HistoryLink, ...]


@dataclass(frozen=True)
class HistoryCell:
    label: str  # 2026Q3
    first_day: dt.date
    last_day: dt.date
    status: str  # none | violation | significant
    status_label: str
    reasons: tuple[str, ...]  # why significant, in words
    groups: tuple[HistoryGroup, ...]

    @property
    def url(self) -> str:
        """The one link of a cell with a single event (the cell itself links); "" otherwise."""
        links = [link for g in self.groups for link in g.links]
        return links[0].url if len(links) == 1 else ""

    @property
    def count(self) -> int:
        return sum(len(g.links) for g in self.groups)


@dataclass(frozen=True)
class ComplianceHistory:
    cells: tuple[HistoryCell, ...]
    violations: int
    significant: int
    source: str

    @property
    def code(self) -> str:
        """ECHO's status string: one character per quarter, oldest first (_ none, V violation, S significant)."""
        return "".join({"none": "_", "violation": "V", "significant": "S"}[c.status] for c in self.cells)


def _reason(code: str) -> str:
    """Why a quarter is significant, in words (``rules.history`` gives codes)."""
    what, _sep, value = code.partition(":")
    if what == "category":
        return gettext("A problem that cannot meet the standards (不能达标类)")
    if what == "kind" and value == "untrue_report":
        return gettext("An untrue execution report")
    if what == "group":
        return str(GROUP_LABELS.get(value, value))
    if what == "consecutive":
        return gettext("%(group)s in consecutive quarters") % {"group": GROUP_LABELS.get(value, value)}
    return value or code


def compliance_history(facility_id: int, *, today: dt.date | None = None) -> ComplianceHistory:
    """The facility's quarters (12 by default, ending with the current one), each with the events that decided it
    and a link to each (the problem's rectification case). Two queries."""
    rules = history.definition()
    quarters = history.last_quarters(today or clock.today(), rules.quarters)
    first = quarters[0]
    for _i in range(max(rules.consecutive_quarters - 1, 0)):
        first = first.previous()
    refs = cases.compliance_events([facility_id], first.first_day, quarters[-1].last_day)[facility_id]
    events = [history.Event(r.on, r.kind, r.category, r) for r in refs]
    cells = []
    for q in history.judge_quarters(quarters, events, rules):
        groups = []
        for group, found in q.by_group:
            links = []
            for e in found:
                ref: cases.ComplianceEventRef = e.ref  # type: ignore[assignment]
                url = reverse("cases:case_detail", args=[ref.case_id]) if ref.case_id else ""
                text = f"{ref.on:%Y-%m-%d} {ref.kind_label}"
                if ref.case_number:
                    text += f" · {ref.case_number}"
                links.append(HistoryLink(ref.on, text, url))
            groups.append(HistoryGroup(group, str(GROUP_LABELS.get(group, group)), tuple(links)))
        cells.append(
            HistoryCell(
                q.quarter.label,
                q.quarter.first_day,
                q.quarter.last_day,
                q.status,
                str(STATUS_LABELS[q.status]),
                tuple(_reason(r) for r in q.reasons),
                tuple(groups),
            )
        )
    return ComplianceHistory(
        tuple(cells),
        sum(1 for c in cells if c.status != "none"),
        sum(1 for c in cells if c.status == "significant"),
        rules.source,
    )


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    """The ``facility_page`` hook (core/hooks.py): the compliance-history strip."""
    return {
        "compliance_history": compliance_history(facility.pk),
        # Mounted by filings.urls; "" where they are not (link() says so rather than failing the page).
        "verified_emissions_url": link("filings:verified_emissions", facility.pk),
        "findings_url": link("filings:finding_list") if request.scope.is_bureau else "",
        "self_monitoring_url": link("filings:monitoring_plan", facility.pk),
        "ledger_url": link("filings:ledger_list", facility.pk),
        "reports_url": link("filings:report_list", query={"q": facility.name}),
    }


@dataclass(frozen=True)
class OutstandingReport:
    """An execution report still owed (due or returned), for the guide's reminders (S2)."""

    id: int
    facility_id: int
    number: str
    kind_label: str
    due_on: dt.date
    status: str


def reports_outstanding(
    facility_ids: Any, *, today: dt.date, within_days: int = 30
) -> list[OutstandingReport]:
    """The facilities' reports due within ``within_days`` of ``today`` (or overdue), or returned for correction."""
    horizon = today + dt.timedelta(days=within_days)
    rows = ExecutionReport.objects.filter(
        facility_id__in=list(facility_ids), status__in=[ReportStatus.DUE, ReportStatus.RETURNED]
    ).filter(Q(due_on__lte=horizon) | Q(status=ReportStatus.RETURNED))
    return [
        OutstandingReport(r.pk, r.facility_id, r.number, str(r.get_kind_display()), r.due_on, r.status)
        for r in rows.order_by("due_on", "pk")
    ]
