"""The maps' basemap: the district's land and islands as GeoJSON, so the maps need no tile server (issue 11 item 13)."""

from __future__ import annotations

from ecopermit.accounts.access import allow_authenticated
from ecopermit.core.maps import basemap_response


@allow_authenticated
def basemap(request):
    return basemap_response("private, max-age=86400")  # the coastline changes with a new file, not by the day
