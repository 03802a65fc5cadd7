"""Who sees which facility (issue 2 'People and scope'; 等保 DJB-AC-4 IDOR checks)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _names(client, url="/inventory/"):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return {f.name for f, _ in response.context["rows"]}


def _api_names(client, url="/api/facilities/"):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return {row["name"] for row in response.json()["results"]}


def test_bureau_officer_sees_every_facility(personas, login):
    client = login(personas["officer"])
    everything = {personas[k].name for k in ("shipyard", "shipyard2", "fish", "foundry")}
    assert _names(client) == everything
    assert _api_names(client) == everything


def test_town_officer_of_chengdong_sees_only_chengdong(personas, login):
    client = login(personas["town_chengdong"])
    expected = {personas["shipyard"].name, personas["shipyard2"].name}
    assert _names(client) == expected
    assert _api_names(client) == expected
    assert client.get(f"/inventory/facilities/{personas['fish'].pk}/").status_code == 404
    assert client.get(f"/api/facilities/{personas['fish'].pk}/").status_code == 404


def test_park_officer_sees_the_park(personas, login):
    client = login(personas["park_officer"])
    assert _names(client) == {personas["foundry"].name}


def test_enterprise_user_sees_only_its_own_facility_and_404_elsewhere(personas, login):
    client = login(personas["shipyard_manager"])
    assert _names(client) == {personas["shipyard"].name}
    assert client.get(f"/inventory/facilities/{personas['shipyard'].pk}/").status_code == 200
    for other in ("shipyard2", "fish", "foundry"):
        pk = personas[other].pk
        assert client.get(f"/inventory/facilities/{pk}/").status_code == 404
        assert client.get(f"/inventory/facilities/{pk}/history/").status_code == 404
        assert client.get(f"/api/facilities/{pk}/").status_code == 404
    assert client.get("/inventory/facilities/999999/").status_code == 404  # same answer as "exists elsewhere"


def test_enterprise_filters_cannot_widen_the_scope(personas, login):
    client = login(personas["fish_manager"])
    town = personas["shipyard"].town_id
    assert _names(client, f"/inventory/?town={town}") == set()
    assert _api_names(client, f"/api/facilities/?town={town}") == set()


def test_agency_sees_the_facilities_that_contracted_it(personas, login):
    client = login(personas["agency"])
    assert _names(client) == {personas["shipyard"].name, personas["foundry"].name}


def test_map_data_is_scoped_and_counts_only_visible_facilities(personas, login):
    client = login(personas["shipyard_manager"])
    data = client.get("/inventory/map/data/").json()
    assert [p[1] for p in data["points"]] == [personas["shipyard"].name]
    assert data["towns"] == [
        {"name": "城东街道", "lat": data["towns"][0]["lat"], "lon": data["towns"][0]["lon"], "count": 1}
    ]


def test_admins_and_roleless_accounts_see_no_facility(personas, login):
    for who in ("sysadmin", "auditadmin", "nobody"):
        client = login(personas[who])
        assert client.get("/inventory/").status_code == 403
        assert client.get("/api/facilities/").status_code == 403


def test_search_by_name_and_credit_code(personas, login):
    client = login(personas["officer"])
    assert _names(client, "/inventory/?q=船") == {personas["shipyard"].name, personas["shipyard2"].name}
    code = personas["fish"].credit_code
    assert _names(client, f"/inventory/?q={code}") == {personas["fish"].name}
    assert _names(client, "/inventory/?industry=33") == {personas["foundry"].name}
    assert _names(client, "/inventory/?industry=C3391") == {personas["foundry"].name}


def test_list_query_count_does_not_grow_with_rows(personas, login, make_facility):
    client = login(personas["officer"])
    with CaptureQueriesContext(connection) as few:
        client.get("/inventory/")
    for i in range(20):
        make_facility(f"新增企业{i}", "白泉镇")
    with CaptureQueriesContext(connection) as many:
        client.get("/inventory/")
    assert len(many) == len(few)
    assert len(many) <= 14


def test_headline_counts_follow_scope_and_filters(personas, login):
    from ecopermit.registry.models import Facility

    Facility.objects.filter(pk=personas["shipyard"].pk).update(permit_status="permit_valid", on_key_list=True)
    client = login(personas["town_chengdong"])
    counts = client.get("/inventory/").context["counts"]
    assert counts["total"] == 2 and counts["permit_valid"] == 1 and counts["uncovered"] == 1
    assert counts["key_list"] == 1
    counts = client.get("/inventory/?permit_status=none").context["counts"]
    assert counts["total"] == 1


def test_export_is_scoped_filtered_and_audited(personas, login):
    import io

    from openpyxl import load_workbook

    from ecopermit.core.audit.models import AuditEvent

    client = login(personas["town_chengdong"])
    response = client.get("/inventory/export.xlsx?q=东港")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [personas["shipyard2"].name]
    assert rows[0][1] == personas["shipyard2"].credit_code
    event = AuditEvent.objects.get(action="facility.export")
    assert event.actor_username == "town_chengdong" and event.extra == {"filters": {"q": "东港"}}
