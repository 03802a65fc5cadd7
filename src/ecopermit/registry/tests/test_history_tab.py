"""The history tab says which record changed and which field, in words (issue 11 item 14: "限值 新增" five times)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ecopermit.registry import selectors
from ecopermit.registry.models import Outlet, OutletLimit

pytestmark = pytest.mark.django_db


def test_each_limit_row_names_outlet_pollutant_and_statistic(personas):
    shipyard = personas["shipyard"]
    outlet = Outlet.objects.create(facility=shipyard, code="DA001", name="喷涂废气排放口", kind="air")
    for code, name in (("a21026", "二氧化硫"), ("a21002", "氮氧化物")):
        OutletLimit.objects.create(
            outlet=outlet,
            pollutant_code=code,
            pollutant_name=name,
            statistic="hourly",
            value=Decimal("50"),
            unit="mg/m3",
            source="GB 13271-2014",
            valid_from=dt.date(2026, 1, 1),
        )
    limit = OutletLimit.objects.get(pollutant_code="a21026")
    limit.value = Decimal("35")
    limit.save()
    with translation.override("zh-hans"):
        rows = selectors.facility_history(shipyard)
        limits = [r for r in rows if r["record"].instance_type is OutletLimit]
        whats = {r["what"] for r in limits}
        changed = next(r for r in limits if r["record"].history_type == "~")
    assert {w.split()[1] for w in whats} == {"二氧化硫", "氮氧化物"}
    assert all(w.startswith("DA001 ") for w in whats)
    assert changed["changes"] == [("限值", Decimal("50.0000"), Decimal("35.0000"))]
    outlet_row = next(r for r in rows if r["record"].instance_type is Outlet)
    assert outlet_row["what"] == "DA001 喷涂废气排放口"
