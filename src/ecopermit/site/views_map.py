"""The maps' basemap: the district's land and islands as GeoJSON, so the maps need no tile server (issue 11 item 13)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from ecopermit.accounts.access import allow_authenticated
from ecopermit.core.selectors import current_district, district_basemap


@allow_authenticated
def basemap(request):
    content = district_basemap(current_district())
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/geo+json")
    response["Cache-Control"] = (
        "private, max-age=86400"  # the coastline changes with a new file, not by the day
    )
    return response
