"""The facility page says where the key-discharger list decides the class: in row 108 (名录 Art. 7) and in the rows
that name the list, not in every row (C1, issue 10 §6)."""

from __future__ import annotations

import datetime as dt

from ecopermit.catalog.engine import classify
from ecopermit.catalog.facade import classification_view, key_list_note, reclassify

ON = dt.date(2024, 6, 1)


def _note(profile: dict) -> str:  # type: ignore[type-arg]
    return key_list_note(profile, classify(profile, on=ON).to_json()["decisions"])


def test_row_108_through_article_7():
    note = _note({"industry_codes": ["7010"], "on_key_discharger_list": True})
    assert "第108类" in note and "列为重点管理" in note


def test_a_row_that_names_the_list():
    assert "第86类将其列为重点管理" in _note({"industry_codes": ["3731"], "on_key_discharger_list": True})


def test_a_row_that_does_not_name_the_list_is_not_made_key():
    note = _note({"industry_codes": ["3411"], "on_key_discharger_list": True})
    assert "不因列入该名录而按重点管理" in note and "第83类" in note


def test_no_note_off_the_list():
    assert _note({"industry_codes": ["3411"]}) == ""


def test_on_the_facility_page(personas, login):
    shipyard = personas["shipyard"]
    type(shipyard).objects.filter(pk=shipyard.pk).update(on_key_list=True, primary_industry="3411")
    shipyard.industries.update(code="3411")
    reclassify(actor=personas["officer"], facility_ids=[shipyard.pk])
    assert "不因列入该名录" in classification_view(shipyard.pk).key_list_note
    page = login(personas["officer"]).get(f"/inventory/facilities/{shipyard.pk}/").content.decode()
    assert "data-key-list-note" in page
