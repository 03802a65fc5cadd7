"""What other apps may ask of credit. Returns ids and frozen dataclasses, never model instances.

The portal reads a facility's published level here (``published_level`` / ``published_levels``); the signed-in
facility page shows a strip through the ``facility_page`` hook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from ecopermit.credit import selectors
from ecopermit.credit.models import LEVELS
from ecopermit.credit.vocab import COLOURS

__all__ = ["PublishedLevel", "facility_page", "published_level", "published_levels"]


@dataclass(frozen=True)
class PublishedLevel:
    level: str  # green | blue | yellow | red
    label: str
    colour: str
    score: Decimal
    scheme: str
    period_start: dt.date
    period_end: dt.date
    published_on: dt.date | None


def _labels() -> dict[str, str]:
    return {code: str(label) for code, label in LEVELS}


def published_levels(facility_ids: Any) -> dict[int, PublishedLevel]:
    """The published level of each facility that has one (one query); facilities never rated are absent."""
    labels = _labels()
    return {
        fid: PublishedLevel(
            r.level,
            labels.get(r.level, r.level),
            COLOURS.get(r.level, COLOURS["unrated"]),
            r.score,
            r.scheme,
            r.period_start,
            r.period_end,
            r.published_on,
        )
        for fid, r in selectors.published(facility_ids).items()
    }


def published_level(facility_id: int) -> PublishedLevel | None:
    return published_levels([facility_id]).get(facility_id)


def facility_page(*, request: Any, facility: Any) -> dict[str, Any]:
    """The ``facility_page`` hook: the facility's published credit level and a link to its credit page."""
    return {
        "credit_level": published_level(facility.pk),
        "credit_url": reverse("credit:facility_credit", args=[facility.pk]),
    }
