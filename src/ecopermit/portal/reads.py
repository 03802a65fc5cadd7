"""The portal's reads: every public record, gathered through the facades of the apps below and cut to its public
fields (``public_fields.public_row``). The pages, downloads, API and feeds all read here, so they show the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.cache import cache

from ecopermit.cases import facade as cases
from ecopermit.core.industry import industry_name
from ecopermit.enforcement import facade as enforcement
from ecopermit.inspections import facade as inspections
from ecopermit.portal.public_fields import public_row
from ecopermit.registry import facade as registry
from ecopermit.registry.vocab import CreditLevel, ManagementClass, PermitStatus

#: How long the district-wide figures and the map's points are kept (seconds): a public page may lag this much.
FIGURES_TTL = 60


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value or ""))


@lru_cache(maxsize=2048)
def _industry(code: str) -> str:
    try:
        return industry_name(code) if code else ""
    except (KeyError, ValueError):
        return code


@dataclass(frozen=True)
class Filters:
    """The facility list's search and filters (``?q=&town=&industry=&class=&credit=``)."""

    q: str = ""
    town: str = ""
    industry: str = ""
    management_class: str = ""
    credit_level: str = ""

    @classmethod
    def from_query(cls, get: Any) -> Filters:
        def one(name: str, size: int = 40) -> str:
            return (get.get(name) or "").strip()[:size]

        return cls(one("q", 100), one("town", 12), one("industry", 4), one("class", 20), one("credit", 10))

    def active(self) -> bool:
        return any((self.q, self.town, self.industry, self.management_class, self.credit_level))


def facility_rows(filters: Filters) -> Any:
    """The public facilities as registry row dicts (a lazy queryset: page it, or iterate it for a download)."""
    return registry.public_facilities(
        q=filters.q,
        town_code=filters.town,
        industry=filters.industry,
        management_class=filters.management_class,
        credit_level=filters.credit_level,
    )


def facility_public(row: dict[str, Any]) -> dict[str, Any]:
    """A registry row dict as the public facility record."""
    return public_row(
        "facility",
        {
            "id": row["id"],
            "name": row["name"],
            "credit_code": row["credit_code"],
            "town": row["town__name"],
            "industry_code": row["primary_industry"],
            "industry": _industry(row["primary_industry"]),
            "address": row["address"],
            "management_class": _label(ManagementClass.choices, row["management_class"]),
            "permit_status": _label(PermitStatus.choices, row["permit_status"]),
            "credit_level": _label(CreditLevel.choices, row["credit_level"]),
            "lat": row["lat"],
            "lon": row["lon"],
        },
    )


def facilities_public(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield facility_public(row)


def _facility_names(ids: Iterable[int]) -> dict[int, registry.FacilityRef]:
    return registry.facility_refs(ids)


def inspection_rows(
    *, town: str = "", year: int | None = None, facility_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    found = inspections.published_results(town_code=town, year=year, facility_id=facility_id, limit=limit)
    refs = _facility_names(r.facility_id for r in found)
    return [
        public_row(
            "inspection",
            {
                "number": r.number,
                "facility_id": r.facility_id,
                "facility": refs[r.facility_id].name,
                "credit_code": refs[r.facility_id].credit_code,
                "town": refs[r.facility_id].town,
                "kind": r.kind_label,
                "inspected_on": r.inspected_on,
                "outcome": r.outcome_label,
                "finding_kinds": "、".join(r.finding_kinds),
                "published_on": r.published_on,
            },
        )
        for r in found
    ]


def penalty_rows(
    *, town: str = "", year: int | None = None, facility_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    found = enforcement.published_results(town_code=town, year=year, facility_id=facility_id, limit=limit)
    return [
        public_row(
            "penalty",
            {
                "decision_number": p.decision_number,
                "facility_id": p.facility_id,
                "facility": p.facility_name,
                "credit_code": p.credit_code,
                "town": p.town,
                "violation": p.violation,
                "article": p.article,
                "amount": p.amount,
                "decided_on": p.decided_on,
                "executed": p.executed,
            },
        )
        for p in found
    ]


def rectification_rows(*, town: str = "", year: int | None = None) -> list[dict[str, Any]]:
    found = cases.public_notices(town_code=town, year=year)
    refs = _facility_names(n.facility_id for n in found)
    return [
        public_row(
            "rectification",
            {
                "notice_number": n.number,
                "facility_id": n.facility_id,
                "facility": refs[n.facility_id].name,
                "credit_code": refs[n.facility_id].credit_code,
                "town": refs[n.facility_id].town,
                "issued_on": n.issued_on,
                "deadline": n.deadline,
                "status": n.status_label,
                "problem_kinds": n.problem_kinds,
            },
        )
        for n in found
        if n.facility_id in refs
    ]


def linkable(rows: Iterable[dict[str, Any]]) -> set[int]:
    """The facilities of these rows that have a public page (a closed facility's decisions stay public, its page
    does not): one query."""
    ids = {r["facility_id"] for r in rows}
    return {r["id"] for r in registry.public_facilities(facility_ids=ids)} if ids else set()


def district_figures() -> dict[str, int]:
    """The home page's figures (cached ``FIGURES_TTL`` seconds: five counts over the whole district)."""
    found = cache.get("portal:figures")
    if found is None:
        counts = registry.public_counts()
        found = {
            "facilities": counts["total"],
            "permitted": counts["permit_valid"],
            "registered": counts["registered"],
            "rectifying": cases.rectifying_count(),
            "inspections": inspections.published_count(),
        }
        cache.set("portal:figures", found, FIGURES_TTL)
    return found


def map_points() -> dict[str, Any]:
    """The public facilities' points (cached ``FIGURES_TTL`` seconds) and the towns' centres with their counts."""
    found = cache.get("portal:map")
    if found is None:
        points = registry.public_map_points()
        per_town: dict[str, int] = {}
        for p in points:
            per_town[p[5]] = per_town.get(p[5], 0) + 1
        found = {"points": [list(p) for p in points], "per_town": per_town}
        cache.set("portal:map", found, FIGURES_TTL)
    return found


def years_back(today: dt.date, n: int = 5) -> list[int]:
    return [today.year - i for i in range(n)]
