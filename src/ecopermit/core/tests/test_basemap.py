"""The maps' basemap: the district's coastline and islands, served without a tile server (issue 11 item 13)."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

pytestmark = pytest.mark.django_db


def test_the_bundled_basemap_covers_the_district_with_its_islands(personas, login):
    from ecopermit.core.selectors import current_district

    response = login(personas["officer"]).get("/basemap.geojson")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    land = shape(json.loads(response.content)["features"][0]["geometry"])
    d = current_district()
    west, south, east, north = land.bounds
    assert west <= d.min_lon and east >= d.max_lon and south <= d.min_lat and north >= d.max_lat
    assert (
        land.geom_type == "MultiPolygon" and len(land.geoms) > 50
    )  # 舟山本岛, 金塘, 册子, 长白 … and the skerries
    centre = shape({"type": "Point", "coordinates": [d.centre_lon, d.centre_lat]})
    assert land.contains(centre)  # 定海老城区 is on land, not at sea


def test_a_district_may_supply_its_own_basemap_and_anonymous_users_get_none(
    personas, login, settings, tmp_path
):
    from django.test import Client

    own = tmp_path / "own.geojson"
    own.write_text('{"type":"FeatureCollection","features":[]}', encoding="utf-8")
    settings.ECOPERMIT_BASEMAP_FILE = str(own)
    assert login(personas["officer"]).get("/basemap.geojson").content == own.read_bytes()
    assert Client().get("/basemap.geojson").status_code == 302  # to the sign-in page


def test_no_file_for_the_district_is_a_404(personas, login, settings):
    from ecopermit.core.models import District

    District.objects.update(code="999999")
    assert login(personas["officer"]).get("/basemap.geojson").status_code == 404
