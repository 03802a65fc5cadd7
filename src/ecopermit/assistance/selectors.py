"""Reads of the service measures, filtered by the actor's scope: an enterprise sees its own facilities' bookings,
requests, self-checks and steward records; an agency account its agency's; town officers their towns'; the bureau
everything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.accounts.scope import Scope
from ecopermit.assistance import rules
from ecopermit.assistance.models import (
    Agency,
    AgencyNotice,
    AgencyQualityCheck,
    AgencySuspension,
    BookingStatus,
    ConsultationBooking,
    ConsultationSlot,
    GuideAssignment,
    GuideVisit,
    JointMonitoringCommission,
    SelfCheck,
    SharedMonitoringReport,
    StewardContract,
    StewardServiceRecord,
    TemporaryBuildingRequest,
)
from ecopermit.cases import facade as cases
from ecopermit.filings import facade as filings
from ecopermit.registry import facade as registry


def _facilities(scope: Scope) -> Any:
    return registry.visible_facility_ids(scope)


# S1
def slots_open(today: dt.date) -> QuerySet[ConsultationSlot]:
    return (
        ConsultationSlot.objects.filter(on__gte=today)
        .annotate(taken=Count("bookings", filter=~Q(bookings__status=BookingStatus.CANCELLED)))
        .order_by("on", "starts_at")
    )


def bookings_visible(scope: Scope) -> QuerySet[ConsultationBooking]:
    qs = ConsultationBooking.objects.select_related("slot", "facility", "booked_by", "answered_by")
    if scope.is_bureau:
        return qs
    return qs.filter(facility_id__in=_facilities(scope))


def booking_get(scope: Scope, pk: int) -> ConsultationBooking:
    found = bookings_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def faq_published() -> QuerySet[ConsultationBooking]:
    """The public FAQ: only the anonymised texts are shown (never the facility or the people)."""
    return ConsultationBooking.objects.filter(faq_published_at__isnull=False).order_by(
        "-faq_published_at", "-pk"
    )


# S2
def assignments_visible(scope: Scope) -> QuerySet[GuideAssignment]:
    return GuideAssignment.objects.filter(facility_id__in=_facilities(scope)).select_related(
        "facility", "facility__town", "guide"
    )


def visits_visible(scope: Scope) -> QuerySet[GuideVisit]:
    return GuideVisit.objects.filter(facility_id__in=_facilities(scope)).select_related("facility", "guide")


@dataclass(frozen=True)
class Duty:
    """Something the guide reminds the enterprise of (S2)."""

    facility_id: int
    kind: str
    text: str
    due_on: dt.date | None
    overdue: bool


def duties(facility_ids: list[int], *, today: dt.date) -> dict[int, list[Duty]]:
    """Per facility: reports due within 30 days (or overdue, or returned), a permit expiring within 180 days,
    rectification notices not acknowledged — read through the filings, registry and cases facades."""
    found: dict[int, list[Duty]] = {f: [] for f in facility_ids}
    for r in filings.reports_outstanding(facility_ids, today=today):
        text = _("Execution report %(n)s (%(k)s)") % {"n": r.number, "k": r.kind_label}
        if r.status == "returned":
            text += " · " + _("returned for correction")
        found[r.facility_id].append(Duty(r.facility_id, "report", text, r.due_on, r.due_on < today))
    for p in registry.permits_expiring(facility_ids, today=today):
        text = _("Permit %(n)s expires: apply to renew 60 days ahead") % {"n": p.number}
        found[p.facility_id].append(Duty(p.facility_id, "permit", text, p.valid_until, p.valid_until < today))
    for n in cases.notices_unacknowledged(facility_ids):
        text = _("Rectification notice %(n)s not acknowledged") % {"n": n.number}
        found[n.facility_id].append(Duty(n.facility_id, "notice", text, n.deadline, False))
    for rows in found.values():
        rows.sort(key=lambda d: (d.due_on or dt.date.max, d.kind))
    return found


def not_visited_this_year(
    scope: Scope, *, today: dt.date, guide_id: int | None = None
) -> QuerySet[GuideAssignment]:
    """The assignments whose facility had no visit of its guide this year."""
    visited = GuideVisit.objects.filter(visited_on__year=today.year, visited_on__lte=today).values(
        "facility_id"
    )
    qs = assignments_visible(scope).exclude(facility_id__in=visited)
    if guide_id is not None:
        qs = qs.filter(guide_id=guide_id)
    return qs.order_by("facility__town__name", "facility__name")


# S3 / S7
def agencies_visible(scope: Scope) -> QuerySet[Agency]:
    qs = Agency.objects.all()
    if scope.is_bureau or scope.district_wide:
        return qs
    if scope.has(Role.AGENCY):
        return qs.filter(members__pk=scope.user_id or 0).distinct()
    return qs.none()


def agency_get(scope: Scope, pk: int) -> Agency:
    found = agencies_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def agency_suspended(agency: Agency, today: dt.date) -> AgencySuspension | None:
    for s in agency.suspensions.all():
        if rules.suspended_on(today, s.starts_on, s.ends_on, s.lifted_on):
            return s
    return None


def agency_average_score(agency: Agency) -> float | None:
    scores = list(agency.checks.values_list("score", flat=True))
    return round(sum(scores) / len(scores), 1) if scores else None


def checks_of(agency: Agency) -> QuerySet[AgencyQualityCheck]:
    return agency.checks.select_related("checked_by")


def notices_public() -> QuerySet[AgencyNotice]:
    return AgencyNotice.objects.select_related("agency").order_by("-published_on", "-pk")


def suspensions_public(today: dt.date) -> list[AgencySuspension]:
    rows = AgencySuspension.objects.select_related("agency").order_by("-starts_on", "-pk")
    return [s for s in rows if rules.suspended_on(today, s.starts_on, s.ends_on, s.lifted_on)]


def contracts_visible(scope: Scope) -> QuerySet[StewardContract]:
    qs = StewardContract.objects.select_related("agency", "park").prefetch_related("facilities")
    if scope.is_bureau or scope.district_wide:
        return qs
    cond = Q(facilities__in=_facilities(scope))
    if scope.has(Role.AGENCY):
        cond |= Q(agency__members__pk=scope.user_id)
    if scope.park_ids:
        cond |= Q(park_id__in=scope.park_ids)
    return qs.filter(cond).distinct()


def contract_get(scope: Scope, pk: int) -> StewardContract:
    found = contracts_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def service_records(scope: Scope, contract: StewardContract) -> QuerySet[StewardServiceRecord]:
    """The contract's records the actor may see: the enterprise only its own facilities'."""
    qs = contract.records.select_related("facility", "recorded_by")
    if scope.is_bureau or scope.district_wide or contract.agency.members.filter(pk=scope.user_id).exists():
        return qs
    if scope.park_ids and contract.park_id in scope.park_ids:
        return qs
    return qs.filter(facility_id__in=_facilities(scope))


# S4
def shared_reports(scope: Scope) -> QuerySet[SharedMonitoringReport]:
    """Every signed-in user of the district may read the shared reports: they are for citing."""
    return SharedMonitoringReport.objects.select_related("town", "agency").prefetch_related("cited_by")


def shared_report_get(pk: int) -> SharedMonitoringReport:
    found = SharedMonitoringReport.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def commissions_visible(scope: Scope) -> QuerySet[JointMonitoringCommission]:
    qs = JointMonitoringCommission.objects.select_related("agency").prefetch_related("members")
    if scope.is_bureau or scope.district_wide:
        return qs
    cond = Q(members__in=_facilities(scope))
    if scope.has(Role.AGENCY):
        cond |= Q(agency__members__pk=scope.user_id)
    return qs.filter(cond).distinct()


# S5
def buildings_visible(scope: Scope) -> QuerySet[TemporaryBuildingRequest]:
    qs = TemporaryBuildingRequest.objects.select_related(
        "facility", "department", "requested_by", "decided_by"
    )
    if scope.is_bureau:
        return qs
    if scope.department_ids:
        return qs.filter(department_id__in=scope.department_ids)
    return qs.filter(facility_id__in=_facilities(scope))


def building_get(scope: Scope, pk: int) -> TemporaryBuildingRequest:
    found = buildings_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# S6
def selfchecks_visible(scope: Scope) -> QuerySet[SelfCheck]:
    return SelfCheck.objects.filter(facility_id__in=_facilities(scope)).select_related(
        "facility", "started_by"
    )


def selfcheck_get(scope: Scope, pk: int) -> SelfCheck:
    found = selfchecks_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def is_officer(scope: Scope) -> bool:
    return scope.has(*BUREAU_ROLES)
