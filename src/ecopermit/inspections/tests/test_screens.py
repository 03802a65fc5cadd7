"""Screens: plans (publish seed, draw, verify), the phone form, scoping of records and documents, the public list
(E1, E2)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.inspections import records, services
from ecopermit.inspections.models import Inspection
from ecopermit.inspections.vocab import PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def done(inspection_world):  # type: ignore[no-untyped-def]
    """A completed inspection at the shipyard (城东) and one at the fish processor (金塘), and a published one."""
    w = inspection_world
    a, _b, c, d = w["inspectors"]
    out = {}
    for key, pair in (("shipyard", (a, c)), ("fish", (c, d))):
        i = records.inspection_create(
            actor=w["officer"], facility_id=w[key].pk, kind="ad_hoc", inspector1=pair[0], inspector2=pair[1]
        )
        records.inspection_record(
            actor=w["officer"],
            inspection=i,
            inspected_at=timezone.now(),
            representative="李代表",
            answers={"G01": ("yes", "")},
        )
        out[key] = records.inspection_complete(actor=w["officer"], inspection=i)
    records.inspection_publish(actor=w["officer"], inspection=out["fish"])
    return {**w, "done": out}


def test_enterprise_sees_only_its_own_facilitys_results(done, login):
    client = login(done["shipyard_manager"])
    assert client.get(f"/inspections/{done['done']['shipyard'].pk}/").status_code == 200
    assert client.get(f"/inspections/{done['done']['fish'].pk}/").status_code == 404
    assert client.get(f"/inspections/{done['done']['fish'].pk}/document/docx/").status_code == 404
    listing = client.get("/inspections/records/").content.decode()
    assert done["shipyard"].name in listing and done["fish"].name not in listing


def test_an_unannounced_drawn_task_stays_hidden_from_the_enterprise_and_town(inspection_world, login):
    w = inspection_world
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="s")
    services.plan_draw(actor=w["officer"], plan=plan)
    task = Inspection.objects.get(facility=w["shipyard"], kind="drawn")
    assert login(w["shipyard_manager"]).get(f"/inspections/{task.pk}/").status_code == 404
    assert login(w["town_chengdong"]).get(f"/inspections/{task.pk}/").status_code == 404


def test_town_officer_sees_their_town_only(done, login):
    client = login(done["town_chengdong"])
    assert client.get(f"/inspections/{done['done']['shipyard'].pk}/").status_code == 200
    assert client.get(f"/inspections/{done['done']['fish'].pk}/").status_code == 404


def test_my_inspections_lists_the_inspectors_tasks(done, login):
    w = done
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="s")
    services.plan_draw(actor=w["officer"], plan=plan)
    user = w["inspector_users"][2]
    page = login(user).get("/inspections/mine/").content.decode()
    mine = Inspection.objects.filter(inspector1__user=user) | Inspection.objects.filter(inspector2__user=user)
    others = Inspection.objects.exclude(pk__in=mine.values("pk"))
    for i in mine:
        assert f"/inspections/{i.pk}/" in page
    for i in others:
        assert f"/inspections/{i.pk}/" not in page


def test_the_phone_form_records_answers_and_raises_the_finding(inspection_world, login):
    w = inspection_world
    a, _b, c, _d = w["inspectors"]
    inspection = records.inspection_create(
        actor=w["officer"], facility_id=w["foundry"].pk, kind="ad_hoc", inspector1=a, inspector2=c
    )
    client = login(w["officer"])
    page = client.get(f"/inspections/{inspection.pk}/record/").content.decode()
    assert "FD01" in page and "G01" in page and 'name="answer_FD01"' in page
    when = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(
        f"/inspections/{inspection.pk}/record/",
        {
            "inspected_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "熔炼车间",
            "lat": "30.0101",
            "lon": "122.0202",
            "representative": "赵厂长",
            "representative_title": "厂长",
            "summary": "",
            "answer_G01": "yes",
            "answer_FD01": "no",
            "note_FD01": "布袋除尘器破损",
            "answer_FD02": "na",
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.lat == pytest.approx(30.0101) and inspection.representative == "赵厂长"
    assert inspection.answers.count() == 3
    problem = Problem.objects.get(facility=w["foundry"], source="inspection")
    assert "布袋除尘器破损" in problem.description
    # an officer who is not one of its inspectors cannot fill it in
    other = login(w["inspector_users"][3]).get(f"/inspections/{inspection.pk}/record/")
    assert other.status_code == 302 and other["Location"] == f"/inspections/{inspection.pk}/"


def test_bad_coordinates_are_refused_with_the_field_named(inspection_world, login):
    w = inspection_world
    a, _b, c, _d = w["inspectors"]
    inspection = records.inspection_create(
        actor=w["officer"], facility_id=w["fish"].pk, kind="ad_hoc", inspector1=a, inspector2=c
    )
    response = login(w["officer"]).post(
        f"/inspections/{inspection.pk}/record/",
        {"inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "lat": "130", "lon": "122"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_plan_screens_publish_seed_draw_and_verify(inspection_world, login):
    w = inspection_world
    plan = w["plan"]
    assert login(w["leader"]).post(f"/inspections/plans/{plan.pk}/draw/").status_code == 403
    client = login(w["officer"])
    client.post(f"/inspections/plans/{plan.pk}/seed/", {"seed": "2026-10-08 上证收盘 3321.47"})
    client.post(f"/inspections/plans/{plan.pk}/draw/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN and plan.tasks.count() == 4
    page = client.get(f"/inspections/plans/{plan.pk}/?verify=1").content.decode()
    assert "alert-success" in page and w["shipyard"].name in page and plan.seed in page


def test_public_results_are_anonymous_and_carry_no_personal_names(done, client):
    page = client.get("/public/inspections/").content.decode()
    assert done["fish"].name in page
    assert done["shipyard"].name not in page  # completed, not yet published
    assert "李代表" not in page and "执法队员" not in page and "officer" not in page


def test_list_views_take_a_bounded_number_of_queries(done, login, client, django_assert_max_num_queries):
    """DESIGN rule 8: the record list, my inspections and the public list do not grow with the rows."""
    w = done
    plan = services.plan_publish_seed(actor=w["officer"], plan=w["plan"], seed="s")
    services.plan_draw(actor=w["officer"], plan=plan)
    with django_assert_max_num_queries(25):
        assert client.get("/public/inspections/").status_code == 200
    officer = login(w["officer"])
    for url in (
        "/inspections/records/",
        "/inspections/mine/",
        f"/inspections/plans/{plan.pk}/",
        "/inspections/pool/",
    ):
        with django_assert_max_num_queries(40):
            assert officer.get(url).status_code == 200


def test_finding_evidence_complete_and_publish_through_the_screens(inspection_world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = inspection_world
    a, _b, c, _d = w["inspectors"]
    inspection = records.inspection_create(
        actor=w["officer"], facility_id=w["fish"].pk, kind="ad_hoc", inspector1=a, inspector2=c
    )
    records.inspection_record(
        actor=w["officer"], inspection=inspection, inspected_at=timezone.now(), answers={"G01": ("yes", "")}
    )
    client = login(w["officer"])
    base = f"/inspections/{inspection.pk}/"
    client.post(
        base + "finding/",
        {"kind": "outlet_not_standard", "description": "排放口无标志牌", "required_action": ""},
    )
    assert Problem.objects.filter(
        facility=w["fish"], description="排放口无标志牌", source="inspection"
    ).exists()
    client.post(
        base + "evidence/", {"kind": "photo", "note": "", "file": SimpleUploadedFile("p.jpg", b"jpegbytes")}
    )
    assert inspection.evidence.get().original_name == "p.jpg"
    assert client.post(base + "complete/").status_code == 302
    client.post(base + "publish/")
    inspection.refresh_from_db()
    assert inspection.status == "published" and inspection.outcome == "problems"
    page = client.get(base).content.decode()
    assert "排放口无标志牌" in page and "p.jpg" in page
    # the enterprise of another facility cannot fetch the evidence
    ev = inspection.evidence.get()
    assert login(w["shipyard_manager"]).get(f"/inspections/evidence/{ev.pk}/").status_code == 404
    response = login(w["fish_manager"]).get(f"/inspections/evidence/{ev.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"jpegbytes"
    # A stored file that no longer matches its hash is never served, and the mismatch is audited (issue 12).
    type(ev).objects.filter(pk=ev.pk).update(sha256="0" * 64)
    assert login(w["fish_manager"]).get(f"/inspections/evidence/{ev.pk}/").status_code == 404
    mismatch = AuditEvent.objects.get(action="evidence.mismatch")
    assert mismatch.object_id == str(ev.pk) and mismatch.extra == {"expected": "0" * 64}


def test_public_results_name_the_kinds_of_problem_but_not_the_free_text(inspection_world, client):
    from ecopermit.cases.vocab import Kind

    w = inspection_world
    a, _b, c, _d = w["inspectors"]
    i = records.inspection_create(actor=w["officer"], facility_id=w["foundry"].pk, kind="ad_hoc",
                                  inspector1=a, inspector2=c)  # fmt: skip
    records.inspection_record(actor=w["officer"], inspection=i, inspected_at=timezone.now(),
                              answers={"G01": ("yes", "")})  # fmt: skip
    records.finding_add(actor=w["officer"], inspection=i, kind="outlet_not_standard",
                        description="排放口标志牌缺失，王师傅称已订购")  # fmt: skip
    records.inspection_publish(actor=w["officer"], inspection=records.inspection_complete(actor=w["officer"],
                                                                                          inspection=i))  # fmt: skip
    page = client.get("/public/inspections/").content.decode()
    assert str(Kind("outlet_not_standard").label) in page
    assert "王师傅" not in page


def test_the_sidebar_marks_inspection_records_on_a_records_page(done, login):
    """/inspections/<pk>/ lies under the sampling plans' prefix; the sidebar marks the records it belongs to
    (issue 11 item 14)."""
    page = login(done["officer"]).get(f"/inspections/{done['done']['shipyard'].pk}/").content.decode()
    active = re.findall(r'<a class="nav-link active" href="([^"]+)"', page)
    assert active == ["/inspections/records/"]
    plans = login(done["officer"]).get("/inspections/").content.decode()
    assert re.findall(r'<a class="nav-link active" href="([^"]+)"', plans) == ["/inspections/"]


def test_an_inspection_is_cited_by_its_own_number(done, login):
    """检查记录第7号 cited the database id (issue 11 item 10): the record, its list and its 现场检查笔录 carry the
    inspection's reference; the drawn ones get theirs when the plan is drawn."""
    from ecopermit.inspections.documents import record_context

    inspection = done["done"]["shipyard"]
    assert re.fullmatch(r"JC\d{4}-\d{4}", inspection.number)
    assert record_context(inspection)["doc_number"] == f"检查记录 {inspection.number}"
    client = login(done["officer"])
    assert f">{inspection.number}</a>" in client.get("/inspections/records/").content.decode()
    assert [i.pk for i in client.get("/inspections/records/", {"q": inspection.number}).context["page"]] == [
        inspection.pk
    ]
    numbers = list(Inspection.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) and all(numbers)
