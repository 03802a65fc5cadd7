"""The public site (issue 14, K2, G6): anonymous, read-only, in Chinese.

Every page is cached ``PAGE_TTL`` seconds (``cache_page``: the key is the full URL with its query string, and
varies on the headers the response varies on — language, and the cookie, so a signed-in visitor's page is never
served to another). The district's figures and the map's points are cached separately (``reads.FIGURES_TTL``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_page

from ecopermit.accounts.access import allow_public
from ecopermit.cases import facade as cases
from ecopermit.catalog import facade as catalog
from ecopermit.core import clock
from ecopermit.core.maps import basemap_response
from ecopermit.core.tables import page_of
from ecopermit.disclosure import facade as disclosure
from ecopermit.filings import facade as filings
from ecopermit.monitoring import facade as monitoring
from ecopermit.portal import reads
from ecopermit.registry import facade as registry
from ecopermit.registry.vocab import (
    CreditLevel,
    ManagementClass,
    Medium,
    OutletKind,
    Statistic,
    WaterTreatmentKind,
)

#: Seconds a public page is kept in the cache.
PAGE_TTL = 60

PUBLIC_CLASSES = [c for c in ManagementClass.choices if c[0] not in ("excluded", "unknown")]


def _public(view: Any) -> Any:
    return allow_public(cache_page(PAGE_TTL)(view))


def _report_url(kind: str, ref: str, facility_id: int | None = None) -> str:
    return disclosure.error_report_url(record_kind=kind, record_ref=ref, facility_id=facility_id)


@_public
def home(request):
    today = clock.today()
    decisions, inspections = reads.penalty_rows(limit=5), reads.inspection_rows(limit=5)
    return render(
        request,
        "portal/home.html",
        {
            "notices": disclosure.notices(limit=6),
            "open_days": disclosure.open_days(upcoming_from=today)[:4],
            "figures": reads.district_figures(),
            "decisions": decisions,
            "inspections": inspections,
            "linkable": reads.linkable([*decisions, *inspections]),
            "towns": registry.public_towns(),
        },
    )


@_public
def facility_list(request):
    filters = reads.Filters.from_query(request.GET)
    page = page_of(request, reads.facility_rows(filters), per_page=20)
    page.object_list = list(reads.facilities_public(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/facility_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "towns": registry.public_towns(),
            "classes": PUBLIC_CLASSES,
            "credit_levels": CreditLevel.choices,
        },
    )


@_public
def facility_map(request):
    return render(request, "portal/facility_map.html", {})


@_public
def map_points(request):
    """The public facilities as GeoJSON points (id, name, town, permit status and the page's address only)."""
    found = reads.map_points()
    base = reverse("portal:facility", args=[0])[:-2]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": pk, "name": name, "status": status, "town": town, "url": f"{base}{pk}/"},
        }
        for pk, name, lat, lon, status, town in found["points"]
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/geo+json"
    return response


@_public
def basemap(request):
    return basemap_response()


def _emissions(outlets: list[registry.PublicOutlet], today: dt.date) -> list[dict[str, Any]]:
    """Per outlet and pollutant with a daily (else hourly) limit: the last twelve months' means of the online
    hourly data against that limit."""
    since = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    means = monitoring.monthly_means([o.id for o in outlets], since=since, until=today)
    by_key: dict[tuple[int, str], list[monitoring.MonthlyMean]] = {}
    for m in means:
        by_key.setdefault((m.outlet_id, m.pollutant.removesuffix("-Zs")), []).append(m)
    names = monitoring.pollutant_names({code for _o, code in by_key})
    found = []
    for o in outlets:
        limits: dict[str, registry.PublicLimit] = {}
        for lim in o.limits:
            if lim.statistic in (Statistic.DAILY, Statistic.HOURLY) and (
                lim.valid_to is None or lim.valid_to >= since
            ):
                limits.setdefault(lim.pollutant_code, lim)
                if lim.statistic == Statistic.DAILY:
                    limits[lim.pollutant_code] = lim
        for code, lim in sorted(limits.items()):
            months = by_key.get((o.id, code), [])
            if not months:
                continue
            found.append(
                {
                    "outlet": o,
                    "pollutant": names.get(code, lim.pollutant_name) or lim.pollutant_name,
                    "limit": lim,
                    "months": [
                        {
                            "month": m.month,
                            "mean": m.mean,
                            "over": m.mean > float(lim.value),
                            "share": round(100 * m.mean / float(lim.value)) if lim.value else None,
                            "hours": m.hours,
                        }
                        for m in months
                    ],
                }
            )
    return found


@_public
def facility(request, pk: int):
    row = registry.public_facility(pk)
    if row is None:
        raise Http404
    today = clock.today()
    outlets = registry.facility_public_outlets(pk)
    ref = row["credit_code"]
    disclosures = disclosure.facility_disclosures(pk)
    return render(
        request,
        "portal/facility.html",
        {
            "f": reads.facility_public(row),
            "raw": row,
            "paperwork": registry.facility_paperwork(pk),
            "classification": catalog.classification_view(pk),
            "outlets": outlets,
            "emissions": _emissions(outlets, today),
            "treatments": registry.facility_treatments(pk),
            "rectification": cases.facility_rectification(pk),
            "history": _public_history(pk, today),
            "inspections": reads.inspection_rows(facility_id=pk),
            "decisions": reads.penalty_rows(facility_id=pk),
            "disclosures": disclosures,
            # 防治设施建设和运行情况 as the enterprise disclosed it (K3), beside what the inventory records
            "control_disclosures": [d for d in disclosures if d.kind == "facilities"],
            "open_days": disclosure.open_days(facility_id=pk),
            "report": {
                kind: _report_url(kind, ref, pk)
                for kind in ("facility", "rectification", "inspection", "penalty", "disclosure")
            },
            "labels": {
                "class": dict(ManagementClass.choices),
                "medium": dict(Medium.choices),
                "outlet_kind": dict(OutletKind.choices),
                "statistic": dict(Statistic.choices),
                "treatment": dict(WaterTreatmentKind.choices),
            },
        },
    )


def _public_history(facility_id: int, today: dt.date) -> dict[str, Any]:
    """The 12-quarter compliance strip in its public form (ECHO's 3-year compliance history): per quarter its
    status and, for a quarter in violation, the kinds of violation with their count; no case numbers, no links into
    the signed-in site, no descriptions."""
    h = filings.compliance_history(facility_id, today=today)
    cells = [
        {
            "label": c.label,
            "status": c.status,
            "status_label": c.status_label,
            "reasons": c.reasons,
            "groups": [(g.label, len(g.links)) for g in c.groups if g.links],
        }
        for c in h.cells
    ]
    return {"cells": cells, "code": h.code, "violations": h.violations, "significant": h.significant}


def _year(request) -> int | None:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _query(request) -> str:
    """The list's filters as a query string, without the page (for the pager and the download links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _town(request) -> str:
    return (request.GET.get("town") or "").strip()[:12]


@_public
def inspections(request):
    page = page_of(request, reads.inspection_rows(town=_town(request), year=_year(request)))
    return render(
        request,
        "portal/inspections.html",
        {
            "page": page,
            "linkable": reads.linkable(page.object_list),
            "towns": registry.public_towns(),
            "years": reads.years_back(clock.today()),
            "town": _town(request),
            "year": _year(request),
            "report_url": _report_url("inspection", "list"),
            "query": _query(request),
        },
    )


@_public
def decisions(request):
    page = page_of(request, reads.penalty_rows(town=_town(request), year=_year(request)))
    return render(
        request,
        "portal/decisions.html",
        {
            "page": page,
            "linkable": reads.linkable(page.object_list),
            "towns": registry.public_towns(),
            "years": reads.years_back(clock.today()),
            "town": _town(request),
            "year": _year(request),
            "report_url": _report_url("penalty", "list"),
            "query": _query(request),
        },
    )
