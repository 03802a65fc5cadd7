"""Jurisdictions come from a data file per district (MISSION G2)."""

from __future__ import annotations

import json

import pytest

from ecopermit.core.errors import DomainError
from ecopermit.core.models import Department, District, Park, Town
from ecopermit.core.services import district_file, district_load

pytestmark = pytest.mark.django_db


def test_dinghai_has_the_annex_towns_parks_and_departments():
    district = district_load(actor=None, data=district_file("dinghai"))
    assert Town.objects.count() == 11
    assert {"城东街道", "金塘镇", "白泉镇", "干览镇"} <= set(Town.objects.values_list("name", flat=True))
    assert set(Park.objects.values_list("name", flat=True)) == {
        "定海工业园区",
        "水产品产业园区",
        "粮油产业园区",
        "定海海洋科学城",
    }
    assert Department.objects.count() == 13
    assert Department.objects.get(is_lead=True).name == "市生态环境局定海分局"
    assert district.contains(30.02, 122.10) and not district.contains(31.2, 121.5)


def test_loading_twice_changes_nothing():
    district_load(actor=None, data=district_file("dinghai"))
    counts = (
        Town.objects.count(),
        Park.objects.count(),
        Department.objects.count(),
        District.objects.count(),
    )
    district_load(actor=None, data=district_file("dinghai"))
    assert counts == (
        Town.objects.count(),
        Park.objects.count(),
        Department.objects.count(),
        District.objects.count(),
    )


def test_another_district_supplies_its_own_file(tmp_path):
    data = {
        "code": "330903",
        "name": "普陀区",
        "bureau": "舟山市生态环境局普陀分局",
        "centre": {"lat": 29.95, "lon": 122.3},
        "bbox": {"min_lat": 29.8, "max_lat": 30.1, "min_lon": 122.2, "max_lon": 122.6},
        "towns": [{"code": "330903001", "name": "沈家门街道", "kind": "street"}],
        "parks": [],
        "departments": [{"code": "sthj", "name": "市生态环境局普陀分局", "lead": True}],
    }
    path = tmp_path / "putuo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    district = district_load(actor=None, data=district_file(str(path)))
    assert district.name == "普陀区"
    assert list(district.towns.values_list("name", flat=True)) == ["沈家门街道"]


def test_a_file_missing_keys_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"code": "1"}', encoding="utf-8")
    with pytest.raises(DomainError):
        district_file(str(path))
