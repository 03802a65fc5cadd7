"""Every list exports what its filters select, in Chinese, within the user's scope, audited (issue 11 item 12)."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from ecopermit.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

#: The lists with an export, by URL; each has a filter the test applies so the export is seen to follow it.
EXPORTS = {
    "/cases/": ("q", "城东船舶"),
    "/monitoring/": ("status", "open"),
    "/monitoring/devices/": ("state", "offline"),
    "/monitoring/declarations/": ("status", "pending"),
    "/inventory/": ("q", "城东"),
    "/enforcement/": ("q", "城东"),
    "/inspections/records/": ("q", "城东"),
    "/cases/closures/": ("status", "open"),
    "/disclosure/reports/": ("status", "received"),
    "/credit/": ("q", "城东"),
}


@pytest.fixture
def cases(personas):  # type: ignore[no-untyped-def]
    from ecopermit.cases import services

    for key in ("shipyard", "fish"):
        problem = services.problem_raise(
            actor=personas["officer"],
            facility_id=personas[key].pk,
            kind="no_auto_monitoring",
            description="未安装在线监测",
            source="survey",
        )
        services.notice_issue(
            actor=personas["officer"],
            case=problem.case,
            deadline=dt.date(2027, 6, 1),
            served_on=dt.date(2026, 12, 1),
        )
    return personas


def _sheet(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("url", list(EXPORTS))
def test_the_export_is_in_chinese_and_audited_with_its_filters(url, cases, login):
    key, value = EXPORTS[url]
    response = login(cases["officer"]).get(url, {key: value, "export": "xlsx"})
    rows = _sheet(response)
    header = [h for h in rows[0] if h not in ("#", "MN")]
    assert header and all(re.search(r"[\u4e00-\u9fff]", str(h)) for h in header), header
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert re.search(r"[\u4e00-\u9fff]", name) and name.endswith(".xlsx")
    event = AuditEvent.objects.filter(action__endswith=".export").latest("pk")
    assert event.extra["filters"] == {key: value}


def test_an_enterprise_exports_only_its_own_cases(cases, login):
    rows = _sheet(login(cases["shipyard_manager"]).get("/cases/", {"export": "xlsx"}))
    assert [r[1] for r in rows[1:]] == ["城东船舶修造有限公司"]
    officer_rows = _sheet(login(cases["officer"]).get("/cases/", {"export": "xlsx"}))
    assert sorted(r[1] for r in officer_rows[1:]) == ["城东船舶修造有限公司", "金塘水产食品有限公司"]
    searched = _sheet(login(cases["officer"]).get("/cases/", {"export": "xlsx", "q": "金塘"}))
    assert [r[1] for r in searched[1:]] == ["金塘水产食品有限公司"]


def test_cases_are_listed_searched_and_exported_by_their_own_number(cases, login):
    """整改案件 #37 became ZG2026-0037 (issue 11 item 10): the list, the search, the page and the spreadsheet show the
    case's reference, never its database id."""
    from ecopermit.cases.models import RectificationCase

    case = RectificationCase.objects.get(facility=cases["fish"])
    assert re.fullmatch(r"ZG\d{4}-\d{4}", case.number)
    client = login(cases["officer"])
    page = client.get("/cases/").content.decode()
    assert f">{case.number}</a>" in page and f">{case.pk}</a>" not in page
    assert [c.pk for c in client.get("/cases/", {"q": case.number}).context["page"]] == [case.pk]
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.number in detail and f"#{case.pk}" not in detail
    rows = _sheet(client.get("/cases/", {"export": "xlsx"}))
    assert rows[0][0] == "编号" and case.number in [r[0] for r in rows[1:]]
