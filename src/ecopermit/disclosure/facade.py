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
    return []


def facility_disclosures(facility_id: int) -> list[DisclosureRef]:
    return []


def open_days(*, facility_id: int | None = None, upcoming_from: dt.date | None = None) -> list[OpenDayRef]:
    return []


def error_report_url(*, record_kind: str, record_ref: str, facility_id: int | None = None) -> str:
    """``record_kind``: "facility" | "penalty" | "inspection" | "notice" | "disclosure" | "rectification";
    ``record_ref``: the record's public number or id."""
    return ""
