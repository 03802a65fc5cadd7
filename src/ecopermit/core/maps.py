"""The district's basemap as an HTTP answer, for every map that draws it (signed-in, portal, complaint form)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from ecopermit.core.selectors import current_district, district_basemap


def basemap_response(cache_control: str = "") -> HttpResponse:
    """The district's land and islands as GeoJSON (no tile server), 404 when the district has none; the caller says
    who may see it and how long it may be kept (``cache_control``)."""
    content = district_basemap(current_district())
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/geo+json")
    if cache_control:
        response["Cache-Control"] = cache_control
    return response
