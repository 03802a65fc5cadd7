"""Classifying the inventory's facilities and keeping each result (C1, C3): the deciding row on the facility
page, a new result whenever the facility changes, an audit event when the class changes."""

from __future__ import annotations

import pytest

from ecopermit.catalog.facade import classification_view
from ecopermit.catalog.models import FacilityClassification
from ecopermit.catalog.services import classification_refresh, classification_refresh_many
from ecopermit.core.audit.models import AuditEvent
from ecopermit.registry.models import Facility, FacilityProcess

pytestmark = pytest.mark.django_db


def test_an_electroplating_shop_is_key_managed_by_row_81(personas):
    shop = personas["shipyard2"]
    Facility.objects.filter(pk=shop.pk).update(primary_industry="3360")
    shop.industries.update(code="3360")
    FacilityProcess.objects.create(facility=shop, process="electroplating")
    row = classification_refresh(actor=None, facility_id=shop.pk)
    assert row.management_class == "key" and row.permit_scope == "whole"
    shop.refresh_from_db()
    assert shop.management_class == "key"
    view = classification_view(shop.pk)
    assert "重点管理 — 名录第81类 金属表面处理及热处理加工336：有电镀工序的" in view.deciding
    event = AuditEvent.objects.get(action="catalog.classify", object_id=str(shop.pk))
    assert event.before is None and event.after["class"] == "key"


def test_an_unchanged_facility_keeps_its_result_and_a_change_adds_one(personas):
    shipyard = personas["shipyard"]
    first = classification_refresh(actor=None, facility_id=shipyard.pk)
    assert classification_refresh(actor=None, facility_id=shipyard.pk).pk == first.pk
    Facility.objects.filter(pk=shipyard.pk).update(on_key_list=True)
    second = classification_refresh(actor=None, facility_id=shipyard.pk)
    assert second.pk != first.pk and second.management_class == "key"
    assert list(
        FacilityClassification.objects.filter(facility=shipyard).values_list("is_current", flat=True)
    ) == [True, False]
    assert AuditEvent.objects.filter(action="catalog.classify", object_id=str(shipyard.pk)).count() == 2


def test_an_officers_edit_reclassifies_and_the_page_shows_the_row(personas, login):
    # Row 82 (foundry) has no key-list clause; row 81 (surface treatment) has one: correcting the industry and
    # the key-list flag moves the facility to 重点管理 by row 81.
    foundry = personas["foundry"]
    client = login(personas["officer"])
    classification_refresh_many(actor=None, facility_ids=[foundry.pk])
    before = Facility.objects.get(pk=foundry.pk).management_class
    data = {
        "name": foundry.name,
        "town": foundry.town_id,
        "park": foundry.park_id,
        "lat": foundry.lat,
        "lon": foundry.lon,
        "status": "operating",
        "on_key_list": "on",
        "in_industrial_building": "on",
        "industry_codes": "3360",
        "reason": "核实为金属表面处理企业，已列入重点排污单位名录",
    }
    assert client.post(f"/inventory/facilities/{foundry.pk}/edit/", data).status_code == 302
    foundry.refresh_from_db()
    assert before != "key" and foundry.management_class == "key"
    page = client.get(f"/inventory/facilities/{foundry.pk}/").content.decode()
    assert "重点管理 — 名录第81类 金属表面处理及热处理加工336：纳入重点排污单位名录的" in page


def test_classifying_everything_summarises(personas):
    summary = classification_refresh_many(actor=None)
    assert summary.checked == 4 and summary.changed == 4 and sum(summary.by_class.values()) == 4
    assert classification_refresh_many(actor=None).changed == 0


def test_a_town_sewage_works_is_classified_by_row_99(personas):
    from ecopermit.registry.models import FacilityIndustry, WaterTreatment

    works = personas["shipyard2"]
    Facility.objects.filter(pk=works.pk).update(primary_industry="4620")
    FacilityIndustry.objects.filter(facility=works).update(code="4620")
    WaterTreatment.objects.create(facility=works, name="一期", kind="domestic", capacity_t_per_day=5000)
    row = classification_refresh(actor=None, facility_id=works.pk)
    assert row.management_class == "simplified"
    assert [d["row"] for d in row.decisions if d["decisive"]] == [99]


def test_organic_solvent_use_from_the_inventory_reaches_row_111(personas):
    from ecopermit.registry.models import FacilityQuantity

    yard = personas["shipyard"]
    for year, value in ((2023, 6), (2024, 11.5), (2025, 8)):
        FacilityQuantity.objects.create(
            facility=yard, kind="organic_solvent_t_per_year", year=year, value=value
        )
    FacilityProcess.objects.create(facility=yard, process="spray_coating")
    row = classification_refresh(actor=None, facility_id=yard.pk)
    # Footnote 2: the highest of the last three years (11.5 t) counts, so 年使用10吨及以上有机溶剂 holds.
    assert any(d["row"] == 111 and d["column"] == "simplified" for d in row.decisions)
