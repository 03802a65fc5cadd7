"""What other apps may ask of complaints. Returns ids and frozen dataclasses, never model instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse

from ecopermit.complaints.models import Complaint
from ecopermit.complaints.selectors import complaints_visible
from ecopermit.complaints.vocab import Finding, Kind


@dataclass(frozen=True)
class UpheldComplaint:
    """An upheld complaint about a facility (a group counts once: its first complaint stands for it)."""

    record_id: int
    facility_id: int
    number: str
    kind: str
    upheld_on: dt.date
    summary: str
    url: str


def upheld_complaints(*, after_id: int | None = None) -> list[UpheldComplaint]:
    """Upheld complaints about a linked facility, in the order of ``record_id``; an outbox read: the caller keeps
    the last ``record_id`` it handled and passes it as ``after_id`` next time (reading twice gives the same rows:
    a finding, once made, does not change)."""
    qs = Complaint.objects.filter(
        group_lead__isnull=True, finding=Finding.UPHELD, facility__isnull=False, found_on__isnull=False
    )
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    labels = dict(Kind.choices)
    return [
        UpheldComplaint(
            c.pk,
            c.facility_id,
            c.number,
            c.kind,
            c.found_on,
            f"{labels.get(c.kind, c.kind)}：{c.finding_note[:200]}",
            reverse("complaints:detail", args=[c.pk]),
        )
        for c in qs.order_by("pk")
        if c.facility_id is not None and c.found_on is not None
    ]


def complaint_counts(*, since: Any, facility_ids: Any = None) -> dict[int, int]:
    """The ``complaint_counts`` hook (core/hooks.py): upheld complaints per facility found on or after ``since``
    (a date or a datetime), a group counting once. The inspection pool makes a facility with frequent upheld
    complaints a special-supervision object (inspections/rules.py FREQUENT_COMPLAINTS)."""
    day = since.date() if isinstance(since, dt.datetime) else since
    qs = Complaint.objects.filter(
        group_lead__isnull=True, finding=Finding.UPHELD, facility__isnull=False, found_on__gte=day
    )
    if facility_ids is not None:
        qs = qs.filter(facility_id__in=list(facility_ids))
    return {row["facility_id"]: row["n"] for row in qs.values("facility_id").annotate(n=Count("pk"))}


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    """The ``facility_page`` hook: the latest complaints linked to the facility, as far as the viewer may see them
    (the bureau, and the town or park officer of the place; an enterprise sees none), with the upheld count."""
    from_scope = complaints_visible(request.scope).filter(facility_id=facility.pk)
    return {
        "complaints_panel": request.scope.is_bureau or request.scope.is_town_officer,
        "facility_complaints": list(from_scope.order_by("-received_on", "-pk")[:5]),
        "facility_complaints_upheld": from_scope.filter(
            finding=Finding.UPHELD, group_lead__isnull=True
        ).count(),
        "facility_complaints_total": from_scope.filter(group_lead__isnull=True).count(),
    }
