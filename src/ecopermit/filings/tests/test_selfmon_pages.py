"""Every self-monitoring and ledger page with every role: who may reach it, and no visible English on it (issue 11's
standard, as tests/test_visible_english.py checks the mounted URLs; these are not mounted until filings/urls.py
includes them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.test_visible_english import english_words

from ecopermit.filings import ledger_services, selfmon_services
from ecopermit.filings.models import MonitoringPlanItem
from ecopermit.filings.tests.selfmon_kit import PDF, SO2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


@pytest.fixture
def pages(personas, shipyard_plant):  # type: ignore[no-untyped-def]
    officer, manager, yard = personas["officer"], personas["shipyard_manager"], personas["shipyard"]
    selfmon_services.monitoring_plan_generate(actor=officer, facility_id=yard.pk)
    item = MonitoringPlanItem.objects.get(outlet=shipyard_plant["boiler"], pollutant_code=SO2)
    result = selfmon_services.monitoring_result_add(
        actor=manager,
        item=item,
        sampled_on=dt.date(2025, 6, 3),
        value=Decimal("61.2"),
        unit="mg/m3",
        laboratory="舟山市环科检测有限公司",
        method="HJ 57-2017",
        file_content=PDF,
        file_name="检测报告.pdf",
    )
    old = ledger_services.ledger_entry_add(
        actor=manager,
        facility_id=yard.pk,
        category="treatment_abnormal",
        subject="TA001",
        occurred_on=dt.date(2025, 6, 20),
        content="RTO风机故障停机2小时",
    )
    ledger_services.ledger_entry_add(
        actor=manager,
        facility_id=yard.pk,
        category="treatment_abnormal",
        subject="TA001",
        occurred_on=dt.date(2025, 6, 20),
        content="RTO风机故障停机3小时",
        corrects=old,
    )
    entry = ledger_services.ledger_entry_add(
        actor=manager,
        facility_id=yard.pk,
        category="reagent",
        subject="污水站",
        occurred_on=dt.date(2025, 6, 21),
        content="聚合氯化铝 25kg",
    )
    return {
        f"/filings/selfmon/{yard.pk}/?year=2025": "readers",
        "/filings/selfmon/results/": "lists",
        f"/filings/selfmon/results/{result.pk}/report/": "readers",
        f"/filings/ledger/{yard.pk}/": "readers",
        f"/filings/ledger/{yard.pk}/?category=treatment_abnormal&month=2025-06": "readers",
        f"/filings/ledger/entries/{entry.pk}/correct/": "enterers",
        f"/filings/ledger/entries/{old.pk}/correct/": "enterers",
        "/filings/ledger/abnormal/": "lists",
    }


EXPECTED = {
    # persona: which groups of pages it reaches (200); the rest is 403, or 404 outside its scope
    "officer": {"readers", "lists", "enterers"},
    "leader": {"readers", "lists", "enterers"},
    "shipyard_manager": {"readers", "enterers"},
    "town_chengdong": {"readers", "lists"},
    "dept_jxj": {"readers"},
    "agency": {"readers"},
    "fish_manager": set(),
    "sysadmin": set(),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_every_page_with_every_role(persona, personas, pages, login):
    from ecopermit.accounts.models import User

    # people are shown by name: a username left on a page would show as English
    for n, u in enumerate(User.objects.order_by("pk")):
        User.objects.filter(pk=u.pk).update(display_name=f"张{n}")
    client = login(personas[persona])
    found = {}
    for url, group in pages.items():
        response = client.get(url)
        if group in EXPECTED[persona]:
            assert response.status_code == 200, url
            if "text/html" in response.get("Content-Type", ""):
                words = english_words(response.content.decode())
                if words:
                    found[url] = words
        else:
            assert response.status_code in (403, 404), url
            if persona == "fish_manager" and group in ("readers", "enterers"):
                assert response.status_code == 404, url  # another enterprise's facility does not exist for it
    assert found == {}
