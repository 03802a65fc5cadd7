"""Monitoring screens: scope, content, query counts (issue 5 "Screens"; M2, G2)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.monitoring.evaluation import evaluate
from ecopermit.monitoring.models_alarms import Alarm
from ecopermit.monitoring.tests.alarmkit import DAY0, hours

pytestmark = pytest.mark.django_db
SO2 = "a21026"


@pytest.fixture
def stack(personas, outlet_factory):  # type: ignore[no-untyped-def]
    outlet = outlet_factory(personas["shipyard"], limits={(SO2, "hourly"): 50})
    hours(outlet, SO2, DAY0, [40, 60, (90, "D"), 30])
    evaluate(now=DAY0 + dt.timedelta(days=1, hours=1))
    return outlet


def test_enterprise_cannot_see_another_facilitys_monitoring(personas, stack, login):
    """Scope: the fish processor's manager gets 404 on the shipyard's pages and alarms; its own manager 200."""
    client = login(personas["fish_manager"])
    shipyard = personas["shipyard"].pk
    assert client.get(f"/monitoring/facility/{shipyard}/").status_code == 404
    assert client.get(f"/monitoring/facility/{shipyard}/electricity/").status_code == 404
    alarm = Alarm.objects.first()
    assert client.get(f"/monitoring/alarms/{alarm.pk}/").status_code == 404
    assert "城东船舶修造有限公司" not in client.get("/monitoring/").content.decode()
    client = login(personas["shipyard_manager"])
    assert client.get(f"/monitoring/facility/{shipyard}/").status_code == 200
    assert client.get(f"/monitoring/alarms/{alarm.pk}/").status_code == 200


def test_town_officer_sees_only_their_town(personas, stack, login):
    client = login(personas["town_jintang"])
    assert client.get(f"/monitoring/facility/{personas['shipyard'].pk}/").status_code == 404
    client = login(personas["town_chengdong"])
    page = client.get("/monitoring/").content.decode()
    assert "城东船舶修造有限公司" in page


def test_facility_page_charts_hourly_values_flags_and_limit(personas, stack, login):
    client = login(personas["officer"])
    response = client.get(f"/monitoring/facility/{personas['shipyard'].pk}/?start=2026-11-02&end=2026-11-02")
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(html.split('id="monitoring-data" type="application/json">')[1].split("</script>")[0])
    series = data["series"][0]
    assert series["pollutant"] == SO2
    assert [p[1:] for p in series["points"]] == [[40.0, "N"], [60.0, "N"], [90.0, "D"], [30.0, "N"]]
    # Beijing wall-clock time without an offset, so the chart shows it whatever the browser's time zone.
    assert series["points"][0][0] == DAY0.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )
    assert series["limits"] == [{"kind": "max", "value": 50.0, "from": "2026-01-01", "to": None}]
    assert "echarts.min.js" in html


def test_alarm_list_filters_and_query_count(personas, stack, login, outlet_factory):
    """List views carry a query-count test: more alarms, same number of queries."""
    client = login(personas["officer"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/monitoring/").status_code == 200
    other = outlet_factory(personas["shipyard2"], code="DA002", limits={(SO2, "hourly"): 50})
    hours(other, SO2, DAY0, [70, 30, 80, 30, 90])
    evaluate(now=DAY0 + dt.timedelta(days=1, hours=1))
    assert Alarm.objects.count() >= 4
    with CaptureQueriesContext(connection) as many:
        assert client.get("/monitoring/").status_code == 200
    assert len(many) == len(few)
    filtered = client.get(f"/monitoring/?facility={personas['shipyard2'].pk}&status=open&kind=exceedance")
    assert filtered.context["page"].paginator.count == 3


def test_officer_closes_an_alarm_on_its_page(personas, stack, login):
    alarm = Alarm.objects.first()
    client = login(personas["officer"])
    response = client.post(f"/monitoring/alarms/{alarm.pk}/close/", {"note": "已核实"})
    assert response.status_code == 302
    alarm.refresh_from_db()
    assert alarm.status == "closed"
    enterprise = login(personas["shipyard_manager"])
    assert enterprise.post(f"/monitoring/alarms/{alarm.pk}/close/", {"note": "x"}).status_code == 403


def test_devices_online_and_offline(personas, stack, login, logger_factory):
    from ecopermit.core import clock

    now = clock.now()
    logger_factory(stack, mn="MN-ONLINE", registered_at=now - dt.timedelta(minutes=30))
    logger_factory(stack, mn="MN-OFFLINE", registered_at=now - dt.timedelta(hours=3))
    client = login(personas["officer"])
    rows = {r.logger.mn: r.online for r in client.get("/monitoring/devices/").context["page"]}
    assert rows == {"MN-ONLINE": True, "MN-OFFLINE": False}
    logger_factory(stack, mn="MN-JUST-NOW", registered_at=now - dt.timedelta(seconds=20))
    html = client.get("/monitoring/devices/").content.decode()
    assert "刚刚" in html and "3\xa0小时" in html  # 20 s ago, and 3 hours ago (timesince's no-break space)


def test_devices_search_filter_page_and_export_what_is_selected(personas, stack, login, logger_factory):
    """Issue 11 item 12: the list pages (30 a page), searches, filters by state and exports the selection."""
    from openpyxl import load_workbook

    from ecopermit.core import clock
    from ecopermit.core.audit.models import AuditEvent

    now = clock.now()
    for n in range(33):
        logger_factory(stack, mn=f"MN-ON-{n:02d}", registered_at=now - dt.timedelta(minutes=5))
    logger_factory(stack, mn="MN-SILENT", registered_at=now - dt.timedelta(hours=3))
    client = login(personas["officer"])
    first = client.get("/monitoring/devices/")
    assert len(first.context["page"].object_list) == 30 and first.context["page"].paginator.count == 34
    assert [r.logger.mn for r in client.get("/monitoring/devices/?state=offline").context["page"]] == [
        "MN-SILENT"
    ]
    assert [r.logger.mn for r in client.get("/monitoring/devices/?q=silent").context["page"]] == ["MN-SILENT"]
    response = client.get("/monitoring/devices/?state=online&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E6%95%B0%E9%87%87%E4%BB%AA" in response["Content-Disposition"]  # 数采仪
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "MN" and rows[0][1] == "排污单位"
    assert len(rows) == 34 and {r[-1] for r in rows[1:]} == {"在线"}
    event = AuditEvent.objects.filter(action="datalogger.export").get()
    assert event.extra == {"filters": {"state": "online"}}
    assert login(personas["fish_manager"]).get("/monitoring/devices/?export=xlsx").status_code == 200
    other = load_workbook(
        io.BytesIO(login(personas["fish_manager"]).get("/monitoring/devices/?export=xlsx").content)
    )
    assert (
        len(list(other.active.iter_rows(values_only=True))) == 1
    )  # the header only: not the shipyard's loggers


def test_enterprise_declares_and_officer_decides_through_the_screens(personas, stack, login):
    client = login(personas["shipyard_manager"])
    response = client.post(
        "/monitoring/declarations/new/",
        {
            "facility": personas["shipyard"].pk,
            "outlet": stack.pk,
            "kind": "maintenance",
            "starts_at": "2026-11-02T00:00",
            "ends_at": "2026-11-02T06:00",
            "reason": "脱硫塔检修",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    declaration_url = response["Location"]
    officer = login(personas["officer"])
    officer.post(declaration_url + "decide/", {"accept": "1", "reason": ""})
    assert set(Alarm.objects.values_list("status", flat=True)) == {"explained"}
    assert "脱硫塔检修" in officer.get(declaration_url).content.decode()


def test_alarm_page_names_the_pollutant_and_links_the_case(personas, stack, login):
    """The alarm shows the pollutant's name from the HJ 212 table and the rectification case its problem
    went to (P7: an exceedance is a problem on the facility's case)."""
    from ecopermit.cases import facade as cases

    alarm = Alarm.objects.filter(problem_id__isnull=False).first()
    html = login(personas["officer"]).get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert "二氧化硫 a21026" in html
    case = cases.facility_case_summary(alarm.facility_id)
    assert case is not None
    assert f"/cases/{case.case_id}/" in html
    assert "未关闭" in html
    # Its own number and the case's, not database ids (issue 11 item 10).
    assert re.fullmatch(r"BJ\d{4}-\d{6}", alarm.number) and alarm.number in html and case.number in html
    assert f"#{alarm.pk}" not in html and f"#{case.case_id}" not in html


def test_enterprise_alarm_page_has_no_single_choice_filters_and_links_its_data(personas, stack, login):
    page = login(personas["shipyard_manager"]).get("/monitoring/")
    form = page.context["form"]
    assert "town" not in form.fields and "facility" not in form.fields
    html = page.content.decode()
    assert f"/monitoring/facility/{personas['shipyard'].pk}/" in html
    assert tuple(label for value, label in form.fields["pollutant"].choices if value) == ("二氧化硫 a21026",)
    officer = login(personas["officer"]).get("/monitoring/").context["form"]
    assert "town" in officer.fields and "facility" in officer.fields
