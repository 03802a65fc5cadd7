"""The self-monitoring plan (issue 13 M3): generated from the permit's limits and the unverified frequency table,
automatic monitoring replacing sampling, the officer's change from the permit clause, the page's warning."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.core.errors import DomainError
from ecopermit.filings import selfmon_services as services
from ecopermit.filings.models import MonitoringPlanItem
from ecopermit.filings.rules.monitoring_plan import frequency_table
from ecopermit.filings.tests.selfmon_kit import (
    COD,
    HG,
    NOX,
    PM,
    SO2,
    audit,
    outlet,
    permit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


def lines(facility):
    return {
        (i.outlet.code, i.pollutant_code): (i.frequency, i.automatic, i.source)
        for i in MonitoringPlanItem.objects.filter(facility=facility).select_related("outlet")
    }


def test_officer_generates_the_shipyard_plan_from_its_limits(personas, shipyard_plant):
    """Key class: the boiler stack's SO2 (annual total) and NOx are main indicators (quarterly), mercury is other
    (yearly); the networked coating-line stack's particulate is automatic; the general wastewater outlet's COD is
    monthly. Every default names its HJ 819 row."""
    created = services.monitoring_plan_generate(
        actor=personas["officer"], facility_id=personas["shipyard"].pk
    )
    assert len(created) == 6
    table = frequency_table()
    got = lines(personas["shipyard"])
    assert got[("DA001", SO2)] == ("quarterly", False, table.lookup("key", "gas", "main", "main").source)
    assert got[("DA001", NOX)][:2] == ("quarterly", False)
    assert got[("DA001", HG)] == ("yearly", False, table.lookup("key", "gas", "main", "other").source)
    assert got[("DA002", PM)] == ("quarterly", True, services.AUTOMATIC_SOURCE)
    assert got[("DA002", HG)][:2] == ("yearly", False)  # the CEMS does not measure mercury
    assert got[("DW001", COD)] == ("monthly", False, table.lookup("key", "water", "general", "main").source)
    item = MonitoringPlanItem.objects.get(outlet=shipyard_plant["boiler"], pollutant_code=SO2)
    assert item.valid_from == dt.date(2024, 1, 1) and item.created_by == personas["officer"]
    assert services.is_default(item)
    (event,) = audit("filings.plan.generate")
    assert event.object_id == str(personas["shipyard"].pk) and len(event.after["lines"]) == 6
    assert event.after["management_class"] == "key"


def test_generating_again_keeps_the_officers_change(personas, shipyard_plant):
    officer = personas["officer"]
    services.monitoring_plan_generate(actor=officer, facility_id=personas["shipyard"].pk)
    item = MonitoringPlanItem.objects.get(outlet=shipyard_plant["boiler"], pollutant_code=SO2)
    services.monitoring_plan_item_change(
        actor=officer,
        item=item,
        frequency="monthly",
        automatic=False,
        source="许可证副本 表11 自行监测要求 第3行",
    )
    assert services.monitoring_plan_generate(actor=officer, facility_id=personas["shipyard"].pk) == []
    item.refresh_from_db()
    assert (item.frequency, item.source) == ("monthly", "许可证副本 表11 自行监测要求 第3行")
    assert not services.is_default(item)
    (change,) = audit("filings.plan.change")
    assert change.before["frequency"] == "quarterly" and change.after["frequency"] == "monthly"
    assert change.actor_username == "officer"


def test_simplified_class_and_no_permit(personas, shipyard_plant):
    fish = personas["fish"]
    outlet(fish, "DW001", medium="water", limits={(COD, "daily"): "100"}, unit="mg/L")
    with pytest.raises(DomainError):
        services.monitoring_plan_generate(actor=personas["officer"], facility_id=fish.pk)
    assert not MonitoringPlanItem.objects.filter(facility=fish).exists()
    permit(fish, number="FISH-2025", cls="simplified", issued=dt.date(2025, 2, 15))
    (item,) = services.monitoring_plan_generate(actor=personas["officer"], facility_id=fish.pk)
    assert (item.frequency, item.valid_from) == ("quarterly", dt.date(2025, 2, 15))


def test_a_change_needs_the_permit_clause(personas, shipyard_plant):
    services.monitoring_plan_generate(actor=personas["officer"], facility_id=personas["shipyard"].pk)
    item = MonitoringPlanItem.objects.get(outlet=shipyard_plant["boiler"], pollutant_code=NOX)
    for source in ("  ", item.source):
        with pytest.raises(DomainError) as exc:
            services.monitoring_plan_item_change(
                actor=personas["officer"], item=item, frequency="monthly", automatic=False, source=source
            )
        assert exc.value.field == "source"
    assert audit("filings.plan.change") == []


def test_plan_page_shows_the_warning_where_a_default_is_used(personas, shipyard_plant, login):
    client = login(personas["shipyard_manager"])
    page = client.get(f"/filings/selfmon/{personas['shipyard'].pk}/").content.decode()
    assert "尚无自行监测方案" in page and "根据许可排放限值生成方案" in page
    assert client.post(f"/filings/selfmon/{personas['shipyard'].pk}/generate/").status_code == 302
    assert MonitoringPlanItem.objects.filter(facility=personas["shipyard"]).count() == 6
    page = client.get(f"/filings/selfmon/{personas['shipyard'].pk}/?year=2025").content.decode()
    assert "未经与HJ 819原文核对" in page and "默认" in page
    assert "二氧化硫" in page and "自动监测" in page
    assert "/filings/selfmon/items/" not in page  # no change form for the enterprise
    # the officer changes every line from the permit: the warning goes
    officer = login(personas["officer"])
    for item in MonitoringPlanItem.objects.filter(facility=personas["shipyard"]):
        response = officer.post(
            f"/filings/selfmon/items/{item.pk}/change/",
            {
                "frequency": item.frequency,
                "source": "许可证副本 表11",
                **({"automatic": "on"} if item.automatic else {}),
            },
        )
        assert response.status_code == 302
    page = officer.get(f"/filings/selfmon/{personas['shipyard'].pk}/").content.decode()
    assert "未经与HJ 819原文核对" not in page and "/filings/selfmon/items/" in page
    assert len(audit("filings.plan.change")) == 6


def test_only_officers_change_a_line_and_another_enterprise_gets_404(personas, shipyard_plant, login):
    services.monitoring_plan_generate(actor=personas["officer"], facility_id=personas["shipyard"].pk)
    item = MonitoringPlanItem.objects.filter(facility=personas["shipyard"]).first()
    data = {"frequency": "monthly", "source": "许可证副本"}
    assert (
        login(personas["shipyard_manager"])
        .post(f"/filings/selfmon/items/{item.pk}/change/", data)
        .status_code
        == 403
    )
    fish = login(personas["fish_manager"])
    assert fish.get(f"/filings/selfmon/{personas['shipyard'].pk}/").status_code == 404
    assert fish.post(f"/filings/selfmon/{personas['shipyard'].pk}/generate/").status_code == 404
    assert (
        login(personas["town_jintang"]).get(f"/filings/selfmon/{personas['shipyard'].pk}/").status_code == 404
    )
    assert (
        login(personas["town_chengdong"]).get(f"/filings/selfmon/{personas['shipyard'].pk}/").status_code
        == 200
    )
    item.refresh_from_db()
    assert item.frequency != "monthly"
