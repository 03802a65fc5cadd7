"""An officer corrects a facility by hand: history with the reason, an audit event with before/after (R1, R5)."""

from __future__ import annotations

import pytest

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Park, Town
from ecopermit.registry.models import Facility

pytestmark = pytest.mark.django_db


def _form(facility: Facility, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "name": facility.name,
        "legal_representative": facility.legal_representative,
        "address": facility.address,
        "town": facility.town_id,
        "park": facility.park_id or "",
        "lat": facility.lat,
        "lon": facility.lon,
        "status": facility.status,
        "land_area_mu": "",
        "output_value_10k": "",
        "contact_name": "",
        "contact_phone": "",
        "industry_codes": "3735",
        "reason": "现场核实",
    }
    if facility.on_key_list:
        data["on_key_list"] = "on"
    if facility.in_industrial_building:
        data["in_industrial_building"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_officer_corrects_name_and_industries(personas, login):
    shipyard = personas["shipyard"]
    client = login(personas["officer"])
    response = client.post(
        f"/inventory/facilities/{shipyard.pk}/edit/",
        _form(shipyard, name="城东船舶修造股份有限公司", industry_codes="C3735, 3360", land_area_mu="42.5"),
    )
    assert response.status_code == 302
    shipyard.refresh_from_db()
    assert shipyard.name == "城东船舶修造股份有限公司" and shipyard.primary_industry == "3735"
    assert list(shipyard.industries.order_by("-is_primary", "code").values_list("code", flat=True)) == [
        "3735",
        "3360",
    ]
    record = shipyard.history.latest("history_date")
    assert record.history_user == personas["officer"] and record.history_change_reason == "现场核实"
    event = AuditEvent.objects.get(action="facility.update", object_id=str(shipyard.pk))
    assert event.before["name"] == "城东船舶修造有限公司"
    assert event.after["industry_codes"] == ["3735", "3360"]
    assert event.after["land_area_mu"] == "42.5"


def test_saving_without_changes_writes_nothing(personas, login):
    shipyard = personas["shipyard"]
    history = shipyard.history.count()
    client = login(personas["officer"])
    assert client.post(f"/inventory/facilities/{shipyard.pk}/edit/", _form(shipyard)).status_code == 302
    assert shipyard.history.count() == history
    assert not AuditEvent.objects.filter(action="facility.update").exists()


def test_bad_input_is_refused_and_nothing_changes(personas, login):
    shipyard = personas["shipyard"]
    client = login(personas["officer"])
    for bad in (
        {"lat": "31.5"},  # outside the district
        {"industry_codes": "3798"},  # not in GB/T 4754-2017
        {"park": Park.objects.get(name="定海工业园区").pk},  # the park lies in 岑港街道, not 城东街道
        {"reason": ""},
    ):
        response = client.post(f"/inventory/facilities/{shipyard.pk}/edit/", _form(shipyard, **bad))
        assert response.status_code == 200, bad
        assert response.context["form"].errors, bad
    shipyard.refresh_from_db()
    assert shipyard.lat == 30.02 and shipyard.park is None
    assert not AuditEvent.objects.filter(action="facility.update").exists()


def test_only_bureau_roles_edit_and_only_within_scope(personas, login):
    shipyard = personas["shipyard"]
    for who in ("town_chengdong", "shipyard_manager", "dept_jxj"):
        client = login(personas[who])
        assert client.get(f"/inventory/facilities/{shipyard.pk}/edit/").status_code == 403
        client.post(f"/inventory/facilities/{shipyard.pk}/edit/", _form(shipyard, name="篡改"))
    shipyard.refresh_from_db()
    assert shipyard.name == "城东船舶修造有限公司"
    assert Town.objects.filter(pk=shipyard.town_id).exists()


def test_the_credit_level_is_no_longer_typed_by_hand(personas, login):
    """Issue 14: the credit app publishes the level (registry.facade.facility_credit_level_set); the edit form
    ignores a posted level."""
    shipyard = personas["shipyard"]
    client = login(personas["officer"])
    response = client.post(f"/inventory/facilities/{shipyard.pk}/edit/", _form(shipyard, credit_level="red"))
    assert response.status_code == 302
    shipyard.refresh_from_db()
    assert shipyard.credit_level == "unrated"


def test_the_credit_app_sets_the_level_the_draw_reads(personas):
    from ecopermit.registry import facade

    shipyard = personas["shipyard"]
    assert facade.facility_credit_level_set(
        actor=personas["officer"], facility_id=shipyard.pk, level="red", source="credit:level:1"
    )
    shipyard.refresh_from_db()
    assert shipyard.credit_level == "red"
    event = AuditEvent.objects.get(action="facility.credit_level", object_id=str(shipyard.pk))
    assert (event.before["credit_level"], event.after["credit_level"]) == ("unrated", "red")
    assert event.extra["source"] == "credit:level:1"
    assert not facade.facility_credit_level_set(
        actor=personas["officer"], facility_id=shipyard.pk, level="red", source="credit:level:1"
    )
    with pytest.raises(DomainError):
        facade.facility_credit_level_set(
            actor=personas["officer"], facility_id=shipyard.pk, level="purple", source="x"
        )
