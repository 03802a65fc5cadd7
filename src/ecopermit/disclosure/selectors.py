"""Reads of disclosure. The signed-in reads are filtered by the actor's scope (an enterprise sees its own
facilities' items and open days; a town officer its town's); the public reads give only what was published."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from ecopermit.accounts.roles import BUREAU_ROLES, Role
from ecopermit.accounts.scope import Scope
from ecopermit.disclosure.models import (
    Booking,
    DisclosureItem,
    DisclosureVersion,
    ErrorReport,
    Notice,
    OpenDay,
)
from ecopermit.disclosure.vocab import NoticeStatus, OpenDayStatus
from ecopermit.registry import facade as registry

# ------------------------------------------------------------------------------------------------ notices


def notices_published(*, town_code: str | None = None, kind: str = "") -> QuerySet[Notice]:
    """Published notices, newest first; with ``town_code``, the district-wide ones and that town's."""
    qs = Notice.objects.filter(status=NoticeStatus.PUBLISHED).select_related("town")
    if town_code:
        qs = qs.filter(Q(town__isnull=True) | Q(town__code=town_code))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_at", "-pk")


def notice_public_get(pk: int) -> Notice:
    found = notices_published().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def notice_list(*, status: str = "", kind: str = "", q: str = "") -> QuerySet[Notice]:
    qs = Notice.objects.select_related("town", "author")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-updated_at", "-pk")


def notice_get(pk: int) -> Notice:
    found = Notice.objects.select_related("town", "author").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# ---------------------------------------------------------------------------------------- self-disclosure


def _facility_filter(scope: Scope) -> Any:
    return registry.visible_facility_ids(scope)


def items_visible(scope: Scope) -> QuerySet[DisclosureItem]:
    return (
        DisclosureItem.objects.filter(facility_id__in=_facility_filter(scope))
        .select_related("facility", "facility__town")
        .annotate(n_versions=Count("versions"))
    )


def item_list(scope: Scope, *, kind: str = "", q: str = "") -> QuerySet[DisclosureItem]:
    qs = items_visible(scope)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(facility__name__icontains=q)
    return qs.order_by("facility__name", "kind")


def item_get(scope: Scope, pk: int) -> DisclosureItem:
    found = items_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def versions_of(item: DisclosureItem) -> list[DisclosureVersion]:
    return list(item.versions.select_related("published_by", "taken_down_by").order_by("-version"))


def current_versions(facility_ids: Any) -> list[DisclosureVersion]:
    """The latest version not taken down of each item of these facilities (public)."""
    rows = (
        DisclosureVersion.objects.filter(item__facility_id__in=facility_ids, taken_down_at__isnull=True)
        .select_related("item")
        .order_by("item__facility_id", "item__kind", "-version")
    )
    seen: set[int] = set()
    found = []
    for v in rows:
        if v.item_id not in seen:
            seen.add(v.item_id)
            found.append(v)
    return found


def item_public_get(pk: int) -> DisclosureItem:
    found = DisclosureItem.objects.select_related("facility", "facility__town").filter(pk=pk).first()
    if found is None or not found.versions.exists():
        raise Http404
    return found


def version_public_file(pk: int) -> DisclosureVersion:
    """A version's file, when it was published with one and is still up."""
    found = DisclosureVersion.objects.filter(pk=pk, taken_down_at__isnull=True).exclude(file="").first()
    if found is None:
        raise Http404
    return found


def version_get(scope: Scope, pk: int) -> DisclosureVersion:
    found = (
        DisclosureVersion.objects.filter(pk=pk, item__facility_id__in=_facility_filter(scope))
        .select_related("item")
        .first()
    )
    if found is None:
        raise Http404
    return found


# ---------------------------------------------------------------------------------------------- open days


def open_days_public(
    *, facility_id: int | None = None, upcoming_from: dt.datetime | None = None
) -> QuerySet[OpenDay]:
    qs = OpenDay.objects.select_related("facility", "facility__town")
    if facility_id is not None:
        qs = qs.filter(facility_id=facility_id)
    if upcoming_from is not None:
        qs = qs.filter(ends_at__gte=upcoming_from)
    return qs.order_by("starts_at", "pk")


def open_day_public_get(pk: int) -> OpenDay:
    found = open_days_public().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def open_days_visible(scope: Scope) -> QuerySet[OpenDay]:
    return (
        OpenDay.objects.filter(facility_id__in=_facility_filter(scope))
        .select_related("facility", "facility__town")
        .order_by("-starts_at", "-pk")
    )


def open_day_get(scope: Scope, pk: int) -> OpenDay:
    found = open_days_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def bookings_of(day: OpenDay) -> QuerySet[Booking]:
    return day.bookings.order_by("created_at", "pk")


def _split(key: str) -> tuple[str, str]:
    number, _sep, code = (key or "").strip().upper().rpartition("-")
    return number, code


def booking_by_key(key: str) -> Booking:
    """A booking by its number and check code (``KF2026-00012-7QK4PA``), else 404."""
    number, code = _split(key)
    found = Booking.objects.select_related("open_day", "open_day__facility").filter(number=number).first()
    if found is None or not hmac.compare_digest(found.check_code, code):
        raise Http404
    return found


# ------------------------------------------------------------------------------------------ error reports


def reports_visible(scope: Scope) -> QuerySet[ErrorReport]:
    """The bureau reads every report; a town officer those about its facilities."""
    qs = ErrorReport.objects.select_related("facility", "facility__town", "answered_by")
    if scope.has(*BUREAU_ROLES):
        return qs
    if scope.has(Role.TOWN_OFFICER):
        return qs.filter(facility_id__in=_facility_filter(scope))
    return qs.none()


def report_list(
    scope: Scope, *, status: str = "", record_kind: str = "", q: str = ""
) -> QuerySet[ErrorReport]:
    qs = reports_visible(scope)
    if status:
        qs = qs.filter(status=status)
    if record_kind:
        qs = qs.filter(record_kind=record_kind)
    if q:
        qs = qs.filter(Q(number__iexact=q) | Q(record_ref__icontains=q) | Q(facility__name__icontains=q))
    return qs.order_by("-received_at", "-pk")


def report_get(scope: Scope, pk: int) -> ErrorReport:
    found = reports_visible(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def report_by_receipt(key: str) -> ErrorReport:
    """A report by its receipt (``JW2026-00012-7QK4PA``), else 404."""
    number, code = _split(key)
    found = ErrorReport.objects.filter(number=number).first()
    if found is None or not hmac.compare_digest(found.check_code, code):
        raise Http404
    return found


def open_report_count(scope: Scope) -> int:
    return reports_visible(scope).filter(status="received").count()


def is_open(day: OpenDay, now: dt.datetime) -> bool:
    return day.status == OpenDayStatus.ANNOUNCED and day.starts_at > now and day.booked < day.capacity


EVENT_LABELS = {
    "created": gettext_lazy("Drafted"),
    "edited": gettext_lazy("Edited"),
    "status.publish": gettext_lazy("Published"),
    "status.withdraw": gettext_lazy("Withdrawn"),
    "status.republish": gettext_lazy("Published again"),
    "received": gettext_lazy("Received"),
    "status.answer": gettext_lazy("Answered"),
    "status.correct": gettext_lazy("Corrected"),
    "status.reject": gettext_lazy("Not accepted"),
    "status.correct_later": gettext_lazy("Corrected after the answer"),
}


@dataclass(frozen=True)
class TimelineRow:
    at: dt.datetime
    actor: Any
    label: str
    note: str


def timeline(events: Any) -> list[TimelineRow]:
    return [
        TimelineRow(e.at, e.actor, str(EVENT_LABELS.get(e.kind, e.kind)), e.note)
        for e in events.select_related("actor").order_by("at", "pk")
    ]
