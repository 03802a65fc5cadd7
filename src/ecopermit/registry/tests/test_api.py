"""The inventory API: OpenAPI schema and the detail document (issue 2 'REST API')."""

from __future__ import annotations

import pytest

from ecopermit.registry.models import Outlet, OutletLimit

pytestmark = pytest.mark.django_db


def test_schema_lists_the_facility_endpoints(personas, login):
    client = login(personas["officer"])
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/facilities/", "/api/facilities/{id}/"} <= set(schema["paths"])


def test_schema_needs_a_login(client, district):
    assert client.get("/api/schema/").status_code == 302


def test_detail_carries_outlets_and_limits(personas, login):
    outlet = Outlet.objects.create(
        facility=personas["shipyard"],
        code="DA001",
        name="喷漆废气排放口",
        medium="gas",
        kind="main",
        auto_monitoring_installed=True,
    )
    OutletLimit.objects.create(
        outlet=outlet,
        pollutant_code="a24088",
        pollutant_name="非甲烷总烃",
        statistic="hourly",
        value="60",
        unit="mg/m3",
        source="GB 16297-1996 表2",
        valid_from="2020-01-01",
    )
    client = login(personas["shipyard_manager"])
    body = client.get(f"/api/facilities/{personas['shipyard'].pk}/").json()
    assert body["credit_code"] == personas["shipyard"].credit_code
    assert body["outlets"][0]["limits"][0]["pollutant_code"] == "a24088"
    assert body["industry_codes"] == ["3735"]


def test_api_is_read_only(personas, login):
    client = login(personas["officer"])
    response = client.post("/api/facilities/", {"name": "x"})
    assert response.status_code == 405
