"""What other apps may ask of disclosure (K3, K4, G6). Returns frozen dataclasses, never model instances.

The portal reads these four to show what was published by hand:

- ``notices``: the bureau's published notices and policy news (G6), newest first.
- ``facility_disclosures``: an enterprise's current self-disclosed items (K3), one per kind, latest version.
- ``open_days``: open days announced by enterprises (K4).
- ``error_report_url``: the public "report a data error" form for one public record.

(Contract fixed when the apps were created; the disclosure app fills the bodies.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from ecopermit.disclosure import selectors
from ecopermit.disclosure.sanitize import plain_text
from ecopermit.disclosure.vocab import DisclosureKind, NoticeKind


@dataclass(frozen=True)
class NoticeRef:
    id: int
    kind: str  # "notice" | "news"
    kind_label: str
    title: str
    summary: str  # plain text, at most ~120 characters
    town_code: str  # "" when district-wide
    published_at: dt.datetime
    url: str  # the public page


@dataclass(frozen=True)
class DisclosureRef:
    id: int
    facility_id: int
    kind: str  # e.g. "plan", "acceptance", "emissions", "standards", "facilities"
    kind_label: str
    title: str
    text: str  # plain text (shown with linebreaks)
    file_url: str  # "" when no file; a public download URL otherwise
    version: int
    published_at: dt.datetime
    history_url: str  # public page listing every version with its time


@dataclass(frozen=True)
class OpenDayRef:
    id: int
    facility_id: int
    facility_name: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    capacity: int
    booked: int
    url: str  # the public page with the booking form


def notices(*, limit: int | None = None, town_code: str | None = None) -> list[NoticeRef]:
    qs = selectors.notices_published(town_code=town_code)
    if limit is not None:
        qs = qs[:limit]
    return [
        NoticeRef(
            id=n.pk,
            kind=n.kind,
            kind_label=str(NoticeKind(n.kind).label),
            title=n.title,
            summary=plain_text(n.body, 120),
            town_code=n.town.code if n.town else "",
            published_at=n.published_at,
            url=reverse("disclosure_public:notice_detail", args=[n.pk]),
        )
        for n in qs
        if n.published_at is not None
    ]


def facility_disclosures(facility_id: int) -> list[DisclosureRef]:
    return [
        DisclosureRef(
            id=v.pk,
            facility_id=v.item.facility_id,
            kind=v.item.kind,
            kind_label=str(DisclosureKind(v.item.kind).label),
            title=v.title,
            text=v.text,
            file_url=reverse("disclosure_public:version_file", args=[v.pk]) if v.file else "",
            version=v.version,
            published_at=v.published_at,
            history_url=reverse("disclosure_public:item_history", args=[v.item_id]),
        )
        for v in selectors.current_versions([facility_id])
    ]


def open_days(*, facility_id: int | None = None, upcoming_from: dt.date | None = None) -> list[OpenDayRef]:
    start = None
    if upcoming_from is not None:
        start = timezone.make_aware(dt.datetime.combine(upcoming_from, dt.time.min))
    return [
        OpenDayRef(
            id=d.pk,
            facility_id=d.facility_id,
            facility_name=d.facility.name,
            title=d.title,
            starts_at=d.starts_at,
            ends_at=d.ends_at,
            place=d.place,
            capacity=d.capacity,
            booked=d.booked,
            url=reverse("disclosure_public:openday_detail", args=[d.pk]),
        )
        for d in selectors.open_days_public(facility_id=facility_id, upcoming_from=start)
        if d.status == "announced"
    ]


def error_report_url(*, record_kind: str, record_ref: str, facility_id: int | None = None) -> str:
    """``record_kind``: "facility" | "penalty" | "inspection" | "notice" | "disclosure" | "rectification";
    ``record_ref``: the record's public number or id."""
    query = {"record_kind": record_kind, "record_ref": record_ref}
    if facility_id is not None:
        query["facility"] = str(facility_id)
    return f"{reverse('disclosure_public:report_form')}?{urlencode(query)}"
