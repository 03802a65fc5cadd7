"""The management ledger (issue 13 M5; HJ 944 categories): append-only entries on screen, corrections as new entries
shown with the old one, abnormal events reported to the officers at once (条例 Art. 21), scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from ecopermit.core.errors import DomainError
from ecopermit.filings import ledger_services as services
from ecopermit.filings.models import LedgerEntry
from ecopermit.filings.selfmon_urls import selfmon_urlpatterns
from ecopermit.filings.tests.selfmon_kit import audit, notes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


def entry(personas, **changes):
    kwargs = {
        "actor": personas["shipyard_manager"],
        "facility_id": personas["shipyard"].pk,
        "category": "treatment",
        "subject": "TA001 喷漆废气RTO",
        "occurred_on": dt.date(2025, 6, 20),
        "content": "正常运行24小时，燃烧室温度760℃",
        **changes,
    }
    return services.ledger_entry_add(**kwargs)


def test_shipyard_manager_records_an_entry_on_screen(personas, login):
    client = login(personas["shipyard_manager"])
    url = f"/filings/ledger/{personas['shipyard'].pk}/"
    response = client.post(
        url + "add/",
        {
            "category": "production",
            "subject": "1号船坞",
            "occurred_on": "2025-06-30",
            "content": "坞修2艘，生产负荷80%",
        },
    )
    assert response.status_code == 302
    e = LedgerEntry.objects.get()
    assert (e.facility, e.category, e.subject, e.occurred_on, e.abnormal, e.corrects) == (
        personas["shipyard"],
        "production",
        "1号船坞",
        dt.date(2025, 6, 30),
        False,
        None,
    )
    assert e.entered_by == personas["shipyard_manager"]
    (event,) = audit("filings.ledger.add")
    assert event.object_id == str(e.pk) and event.after["category"] == "production"
    assert notes(personas["officer"]) == []  # a normal entry tells nobody
    page = client.get(url).content.decode()
    assert "坞修2艘" in page and "1号船坞" in page
    # a record dated tomorrow is refused and the form names the field
    response = client.post(
        url + "add/",
        {"category": "production", "subject": "1号船坞", "occurred_on": "2025-07-02", "content": "x"},
    )
    assert response.status_code == 400 and "日期晚于今天" in response.content.decode()
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(("category", "flag"), [("treatment_abnormal", False), ("treatment", True)])
def test_an_abnormal_event_tells_the_officers_at_once(personas, login, category, flag):
    e = entry(personas, category=category, abnormal=flag, content="RTO风机故障停机2小时，已切换备用风机")
    assert e.abnormal
    (note,) = notes(personas["officer"])
    assert "城东船舶修造有限公司" in note.text and "RTO风机故障停机" in note.text
    assert note.link == "/filings/ledger/abnormal/"
    assert notes(personas["shipyard_manager"]) == [] and notes(personas["town_jintang"]) == []
    page = login(personas["officer"]).get("/filings/ledger/abnormal/").content.decode()
    assert "RTO风机故障停机" in page and "城东船舶修造有限公司" in page


def test_a_correction_is_a_new_entry_shown_with_the_old_one(personas, login):
    old = entry(personas, content="加药量 PAC 25kg")
    client = login(personas["shipyard_manager"])
    url = f"/filings/ledger/entries/{old.pk}/correct/"
    form = client.get(url).content.decode()
    assert "加药量 PAC 25kg" in form and "被更正的记录" in form
    response = client.post(
        url,
        {
            "category": "reagent",
            "subject": old.subject,
            "occurred_on": "2025-06-20",
            "content": "加药量 PAC 52kg",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.content, old.category) == ("加药量 PAC 25kg", "treatment")  # untouched
    new = LedgerEntry.objects.get(corrects=old)
    assert (new.content, new.category, new.entered_by) == (
        "加药量 PAC 52kg",
        "reagent",
        personas["shipyard_manager"],
    )
    (event,) = audit("filings.ledger.correct")
    assert event.after["corrects"] == old.pk
    page = client.get(f"/filings/ledger/{personas['shipyard'].pk}/").content.decode()
    assert "加药量 PAC 25kg" in page and "加药量 PAC 52kg" in page
    assert f"已由第{new.pk}条记录更正" in page and f"更正2025-06-20的第{old.pk}条记录" in page
    # the old entry is corrected already: the next correction goes on the new one
    with pytest.raises(DomainError):
        entry(personas, corrects=old)
    response = client.post(
        url, {"category": "reagent", "subject": old.subject, "occurred_on": "2025-06-20", "content": "again"}
    )
    assert response.status_code == 400 and LedgerEntry.objects.count() == 2


def test_another_enterprise_gets_404(personas, login):
    e = entry(personas)
    fish = login(personas["fish_manager"])
    shipyard = personas["shipyard"].pk
    assert fish.get(f"/filings/ledger/{shipyard}/").status_code == 404
    data = {"category": "other", "subject": "x", "occurred_on": "2025-06-01", "content": "x"}
    assert fish.post(f"/filings/ledger/{shipyard}/add/", data).status_code == 404
    assert fish.get(f"/filings/ledger/entries/{e.pk}/correct/").status_code == 404
    assert fish.post(f"/filings/ledger/entries/{e.pk}/correct/", data).status_code == 404
    assert fish.get("/filings/ledger/abnormal/").status_code == 403
    assert LedgerEntry.objects.count() == 1
    assert login(personas["shipyard_manager"]).get(f"/filings/ledger/{shipyard}/").status_code == 200
    # the town officer of the shipyard's town reads the ledger but writes nothing
    town = login(personas["town_chengdong"])
    assert town.get(f"/filings/ledger/{shipyard}/").status_code == 200
    assert town.post(f"/filings/ledger/{shipyard}/add/", data).status_code == 403


def test_no_url_edits_or_deletes_a_ledger_entry(personas, login):
    names = {p.name for p in selfmon_urlpatterns if p.name.startswith("ledger")}
    # the import only appends (ledger_import goes through ledger_entry_add); ledger_requirement sets a permit's
    # recording frequency, never an entry
    assert names == {
        "ledger_requirement",
        "ledger_list",
        "ledger_add",
        "ledger_correct",
        "ledger_abnormal",
        "ledger_template",
        "ledger_import",
    }
    e = entry(personas)
    for url in (
        f"/filings/ledger/entries/{e.pk}/delete/",
        f"/filings/ledger/entries/{e.pk}/edit/",
        f"/filings/ledger/entries/{e.pk}/",
    ):
        with pytest.raises(Resolver404):
            resolve(url)
    client = login(personas["officer"])
    assert client.delete(f"/filings/ledger/entries/{e.pk}/correct/").status_code in (400, 405)
    assert LedgerEntry.objects.filter(pk=e.pk).exists()


def test_filter_by_category_and_month(personas, login):
    entry(personas, category="production", content="五月生产记录", occurred_on=dt.date(2025, 5, 31))
    entry(personas, category="production", content="六月生产记录", occurred_on=dt.date(2025, 6, 1))
    entry(personas, category="reagent", content="六月药剂记录", occurred_on=dt.date(2025, 6, 2))
    client = login(personas["officer"])
    url = f"/filings/ledger/{personas['shipyard'].pk}/"
    page = client.get(url, {"category": "production", "month": "2025-06"}).content.decode()
    assert "六月生产记录" in page and "五月生产记录" not in page and "六月药剂记录" not in page
    page = client.get(url, {"month": "2025-05"}).content.decode()
    assert "五月生产记录" in page and "六月" not in page.split("<tbody>")[1].split("</tbody>")[0]
    assert "月份格式为" in client.get(url, {"month": "June"}).content.decode()


def test_abnormal_list_costs_the_same_for_more_rows(personas, login):
    entry(personas, category="production_abnormal", content="异常1")
    client = login(personas["officer"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/filings/ledger/abnormal/").status_code == 200
    for i in range(5):
        entry(personas, category="treatment_abnormal", content=f"异常{i + 2}")
    entry(personas, content="正常记录")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/filings/ledger/abnormal/").content.decode()
    assert len(many) == len(few)
    assert "异常6" in page and "正常记录" not in page
    export = client.get("/filings/ledger/abnormal/?export=xlsx")
    assert export.status_code == 200 and len(audit("filings.ledger.export")) == 1
    with CaptureQueriesContext(connection) as before:
        client.get(f"/filings/ledger/{personas['shipyard'].pk}/")
    old = LedgerEntry.objects.filter(abnormal=False).first()
    entry(personas, corrects=old, content="更正后的正常记录")
    with CaptureQueriesContext(connection) as after:
        client.get(f"/filings/ledger/{personas['shipyard'].pk}/")
    assert len(after) == len(before)
