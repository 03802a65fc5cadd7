"""Atom feeds of new penalty decisions and inspection results, district-wide or of one town (``?town=<code>``).
Each entry carries the public fields only, and links to the facility's public page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ecopermit.accounts.access import allow_public
from ecopermit.core.selectors import current_district
from ecopermit.portal import reads
from ecopermit.registry import facade as registry

ENTRIES = 50


def _when(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())


class _TownFeed(Feed):
    feed_type = Atom1Feed

    def subject(self) -> str:
        raise NotImplementedError

    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> str:
        return (request.GET.get("town") or "").strip()[:12]

    def title(self, town: str) -> str:
        district = current_district()
        where = dict(registry.public_towns()).get(town) or (district.name if district else "")
        bureau = district.bureau if district else ""
        return f"{bureau} {where} {self.subject()}".strip()

    def link(self, town: str) -> str:
        return reverse("portal:home")

    def item_link(self, item: dict[str, Any]) -> str:
        return reverse("portal:facility", args=[item["facility_id"]])


class DecisionsFeed(_TownFeed):
    def subject(self) -> str:
        return _("Penalty decisions")

    def items(self, town: str) -> list[dict[str, Any]]:
        return reads.penalty_rows(town=town, limit=ENTRIES)

    def item_title(self, item: dict[str, Any]) -> str:
        return f"{item['facility']} {item['decision_number']}"

    def item_description(self, item: dict[str, Any]) -> str:
        return _("%(v)s; %(a)s; fine %(m)s yuan; decided on %(d)s.") % {
            "v": item["violation"],
            "a": item["article"],
            "m": item["amount"],
            "d": item["decided_on"],
        }

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"decision:{item['decision_number']}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict[str, Any]) -> dt.datetime | None:
        return _when(item["decided_on"])

    def item_updateddate(self, item: dict[str, Any]) -> dt.datetime | None:
        return _when(item["decided_on"])


class InspectionsFeed(_TownFeed):
    def subject(self) -> str:
        return _("Random inspection results")

    def items(self, town: str) -> list[dict[str, Any]]:
        return reads.inspection_rows(town=town, limit=ENTRIES)

    def item_title(self, item: dict[str, Any]) -> str:
        return f"{item['facility']} {item['outcome']}"

    def item_description(self, item: dict[str, Any]) -> str:
        found = item["finding_kinds"]
        return _("%(k)s inspection on %(d)s: %(o)s.") % {
            "k": item["kind"],
            "d": item["inspected_on"] or "—",
            "o": f"{item['outcome']}（{found}）" if found else item["outcome"],
        }

    def item_guid(self, item: dict[str, Any]) -> str:
        return f"inspection:{item['number']}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: dict[str, Any]) -> dt.datetime | None:
        return _when(item["published_on"])

    def item_updateddate(self, item: dict[str, Any]) -> dt.datetime | None:
        return _when(item["published_on"])


decisions_feed = allow_public(DecisionsFeed())
inspections_feed = allow_public(InspectionsFeed())
