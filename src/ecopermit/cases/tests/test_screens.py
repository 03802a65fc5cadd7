"""Case screens and the three lists: scope, actions through the screens, XLSX read back (P2, P6)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ecopermit.cases import services
from ecopermit.cases.models import Problem, RectificationCase
from ecopermit.cases.states import Status
from ecopermit.core import clock
from ecopermit.core.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(personas):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    jxj = Department.objects.get(name="区经信局")
    ship = services.problem_raise(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        kind="built_before_approval",
        description="喷涂车间未批先建",
        source="survey",
        department=jxj,
        push_by=dt.date(2027, 5, 1),
    )
    fish = services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="废水氨氮超标",
        source="inspection",
    )
    services.service_demand_add(
        actor=officer, case=ship.case, kind="as_built_eia_help", description="现状环评帮扶", provider=jxj
    )
    services.notice_issue(
        actor=officer, case=fish.case, deadline=dt.date(2027, 6, 1), served_on=dt.date(2026, 12, 1)
    )
    services.document_upload(
        actor=officer, case=fish.case, kind="other", name="检测报告.pdf", content=b"%PDF-1.4 r"
    )
    return personas, ship.case, fish.case


def test_enterprise_cannot_see_another_facilitys_case_or_file(two_cases, login):
    personas, ship_case, fish_case = two_cases
    client = login(personas["shipyard_manager"])
    assert client.get(f"/cases/{ship_case.pk}/").status_code == 200
    assert client.get(f"/cases/{fish_case.pk}/").status_code == 404
    doc = fish_case.documents.get()
    assert client.get(f"/cases/documents/{doc.pk}/download/").status_code == 404
    notice = fish_case.notices.get()
    assert client.post(f"/cases/notices/{notice.pk}/acknowledge/").status_code == 404
    assert [c.pk for c in client.get("/cases/").context["page"]] == [ship_case.pk]
    rows = [cells for cells, _due in client.get("/cases/lists/problems/").context["cells"]]
    assert [r[0] for r in rows] == [personas["shipyard"].name]


def test_enterprise_acknowledges_and_uploads_through_the_portal(two_cases, login):
    personas, _ship_case, fish_case = two_cases
    client = login(personas["fish_manager"])
    notice = fish_case.notices.get()
    assert client.post(f"/cases/notices/{notice.pk}/acknowledge/").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == personas["fish_manager"]
    upload = SimpleUploadedFile("整改方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(f"/cases/{fish_case.pk}/upload/", {"kind": "rectification_plan", "file": upload})
    client.post(f"/cases/{fish_case.pk}/transition/", {"target": Status.PLAN_SUBMITTED})
    fish_case.refresh_from_db()
    assert fish_case.status == Status.PLAN_SUBMITTED
    assert fish_case.documents.filter(
        kind="rectification_plan", uploaded_by=personas["fish_manager"]
    ).exists()
    # The enterprise cannot approve its own plan.
    client.post(f"/cases/{fish_case.pk}/transition/", {"target": Status.IN_PROGRESS})
    assert RectificationCase.objects.get(pk=fish_case.pk).status == Status.PLAN_SUBMITTED


def test_downloaded_file_is_refused_when_its_hash_no_longer_matches(two_cases, login):
    personas, _ship_case, fish_case = two_cases
    doc = fish_case.documents.get()
    client = login(personas["officer"])
    assert client.get(f"/cases/documents/{doc.pk}/download/").status_code == 200
    type(doc).objects.filter(pk=doc.pk).update(sha256="0" * 64)
    assert client.get(f"/cases/documents/{doc.pk}/download/").status_code == 404


def test_officer_serves_a_notice_through_the_screen_and_bad_deadlines_are_refused(personas, login):
    problem = services.problem_raise(
        actor=personas["officer"],
        facility_id=personas["foundry"].pk,
        kind="outlet_not_standard",
        description="排放口未规范化",
        source="survey",
    )
    client = login(personas["officer"])
    response = client.post(
        f"/cases/{problem.case.pk}/notice/",
        {"deadline": "2027-01-15", "served_on": "2026-12-01"},
        follow=True,
    )
    assert "三个月至一年" in response.content.decode()
    assert not problem.case.notices.exists()
    client.post(f"/cases/{problem.case.pk}/notice/", {"deadline": "2027-04-15", "served_on": "2026-12-01"})
    assert problem.case.notices.get().deadline == dt.date(2027, 4, 15)


@pytest.mark.parametrize("which", ["problems", "services", "responsibilities"])
def test_three_lists_export_to_xlsx_and_read_back(which, two_cases, login):
    personas, _ship_case, _fish_case = two_cases
    client = login(personas["officer"])
    response = client.get(f"/cases/lists/{which}/?format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert "排污单位" in header
    expected = {"problems": 2, "services": 1, "responsibilities": 2}[which]
    assert len(rows) == expected
    if which == "responsibilities":
        by_facility = {r[0]: r for r in rows}
        ship = by_facility[personas["shipyard"].name]
        assert ship[3] == "区经信局" and ship[5] == "2027-05-01"


def test_department_officer_sees_the_rows_assigned_to_their_department(two_cases, login):
    personas, ship_case, _fish_case = two_cases
    client = login(personas["dept_jxj"])
    rows = [cells for cells, _due in client.get("/cases/lists/responsibilities/").context["cells"]]
    assert [r[0] for r in rows] == [personas["shipyard"].name]
    assert [c.pk for c in client.get("/cases/").context["page"]] == [ship_case.pk]


def test_list_filters(two_cases, login):
    personas, _s, _f = two_cases
    client = login(personas["officer"])
    town = personas["fish"].town_id
    rows = [cells for cells, _due in client.get(f"/cases/lists/problems/?town={town}").context["cells"]]
    assert [r[0] for r in rows] == [personas["fish"].name]
    rows = [
        cells for cells, _due in client.get("/cases/lists/problems/?category=incomplete").context["cells"]
    ]
    assert [r[0] for r in rows] == [personas["shipyard"].name]


def test_officer_records_a_problem_from_the_facility_page(personas, login):
    client = login(personas["officer"])
    page = client.get(f"/inventory/facilities/{personas['foundry'].pk}/")
    assert "登记问题" in page.content.decode()
    response = client.post(
        f"/cases/facility/{personas['foundry'].pk}/problem/",
        {"kind": "no_auto_monitoring", "description": "熔炼炉废气未安装在线监测"},
    )
    case = RectificationCase.objects.get(facility=personas["foundry"])
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.problems.get().source == "manual"
    page = client.get(f"/inventory/facilities/{personas['foundry'].pk}/")
    assert page.context["case"].open_problems == 1
    # A town officer sees the summary but has no form.
    town = login(personas["park_officer"]).get(f"/inventory/facilities/{personas['foundry'].pk}/")
    assert town.context["case"].case_id == case.pk and "problem_form" not in town.context


def test_enterprise_is_notified_of_the_notice_in_the_platform(two_cases, login):
    personas, _ship_case, fish_case = two_cases
    client = login(personas["fish_manager"])
    page = client.get("/notifications/")
    assert page.context["unread_notifications"] == 1
    [note] = list(page.context["page"])
    assert fish_case.notices.get().number in note.text and note.link == f"/cases/{fish_case.pk}/"
    client.post("/notifications/")
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_officer_corrects_a_served_notice_through_the_screen(two_cases, login):
    personas, _ship_case, fish_case = two_cases
    first = fish_case.notices.get()
    client = login(personas["officer"])
    assert client.get(f"/cases/{fish_case.pk}/").context["correction_form"] is not None
    client.post(
        f"/cases/{fish_case.pk}/notice/",
        {"deadline": "2027-07-01", "served_on": "2026-12-05", "supersede": first.pk},
    )
    first.refresh_from_db()
    assert first.superseded_by is not None and first.superseded_by.deadline == dt.date(2027, 7, 1)
    rows = [
        cells
        for cells, _due in client.get(f"/cases/lists/problems/?facility={personas['fish'].pk}").context[
            "cells"
        ]
    ]
    assert [r[0] for r in rows] == [personas["fish"].name]


def test_responsibility_list_names_the_lead_department_and_shows_overdue_rows(two_cases, login):
    """督促部门 was empty on every row, and a row past its 督促期限 read plain 未整改 (issue 11 items 9, 14): a
    problem no department was named for is pushed by the lead department (plan 三(一)), and a row past its
    deadline carries the days overdue."""
    personas, _ship_case, _fish_case = two_cases
    ten_days_ago = clock.today() - dt.timedelta(days=10)
    Problem.objects.filter(facility=personas["shipyard"]).update(push_by=ten_days_ago)
    fish_deadline = clock.today() + dt.timedelta(days=60)
    RectificationCase.objects.filter(facility=personas["fish"]).update(deadline=fish_deadline)
    response = login(personas["officer"]).get("/cases/lists/responsibilities/")
    rows = {cells[0]: (cells, due) for cells, due in response.context["cells"]}
    fish_cells, fish_due = rows[personas["fish"].name]
    assert fish_cells[3] == Department.objects.get(is_lead=True).name == "市生态环境局定海分局"
    assert fish_due == (fish_deadline, False)  # pushed by the case's deadline
    assert rows[personas["shipyard"].name][1] == (ten_days_ago, False)
    page = response.content.decode()
    assert page.count("逾期 10 天") == 1 and "badge-danger overdue" in page
