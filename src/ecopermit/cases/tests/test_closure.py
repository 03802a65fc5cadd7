"""The closure path (关停取缔, C2, P5): a facility inside a drinking-water source protection area gets a closure
case, not a rectification notice; the 提请政府关闭 request goes to the district government as DOCX and PDF; the
case is followed to closure along its transition table, every step audited."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from ecopermit.cases import closure, services
from ecopermit.cases.closure_states import CLOSURE_TRANSITIONS, CLOSURE_WORKFLOW, ClosureStatus
from ecopermit.cases.models import ClosureCase, Problem
from ecopermit.cases.states import Status, Who
from ecopermit.catalog.facade import reclassify
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.flows.services import problems_derive
from ecopermit.registry.models import Facility, Outlet

# The demo zone file's 虹桥水库 一级保护区 is centred here (catalog/zones/dinghai_demo.geojson).
IN_ZONE = {"lat": 30.05, "lon": 122.06}


@pytest.fixture
def in_zone(personas):  # type: ignore[no-untyped-def]
    facility = personas["shipyard"]
    Facility.objects.filter(pk=facility.pk).update(**IN_ZONE)
    Outlet.objects.create(
        facility=facility, code="DW001", name="雨水排放口", medium="water", kind="general", standardized=False
    )
    reclassify(actor=personas["officer"], facility_ids=[facility.pk])
    return facility


def test_the_table_allows_only_its_steps():
    assert CLOSURE_WORKFLOW.get("open", "closed") is None
    assert CLOSURE_WORKFLOW.get("closed", "open") is None
    assert {t.label for t in CLOSURE_TRANSITIONS} == {"propose", "record_order", "verify_closed", "withdraw"}


def test_a_facility_in_a_protection_area_goes_down_the_closure_path(in_zone, personas):
    officer = personas["officer"]
    in_zone.refresh_from_db()
    assert in_zone.management_class == "excluded"
    problems_derive(actor=officer, facility_id=in_zone.pk)
    problems_derive(actor=officer, facility_id=in_zone.pk)
    c = ClosureCase.objects.get(facility=in_zone)
    assert c.ground == "water_source_zone" and c.status == ClosureStatus.OPEN
    assert "虹桥水库" in c.reasons[0]["reason"]
    assert not Problem.objects.filter(facility=in_zone).exists()  # no rectification problems, no notice path

    c = closure.closure_propose(actor=officer, closure=c)
    assert c.status == ClosureStatus.PROPOSED and c.document_number.endswith(f"〔{clock.today().year}〕第1号")
    assert c.document_number.startswith("舟定环请")
    assert c.document_content["government"] == "定海区人民政府"
    assert "第六十五条" in c.document_content["basis"]

    from ecopermit.cases.closure_documents import render_request, request_context

    ctx = request_context(c)
    assert ctx["title"] == f"关于提请依法关闭{in_zone.name}的请示" and ctx["addressee"] == "定海区人民政府"
    docx = render_request(c, "docx")
    text = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "定海区人民政府" in text and c.document_number in text
    assert render_request(c, "pdf").startswith(b"%PDF")

    with pytest.raises(DomainError):
        closure.closure_verify(actor=officer, closure=c, note="已关闭")  # not ordered yet
    closure.closure_record_order(
        actor=officer, closure=c, decision_number="定政发〔2026〕8号", decided_on=clock.today()
    )
    closure.closure_verify(actor=officer, closure=c, note="现场核查：生产设施已拆除")
    c.refresh_from_db()
    in_zone.refresh_from_db()
    assert c.status == ClosureStatus.CLOSED and c.closed_at is not None
    assert in_zone.status == "closed"
    assert list(c.events.values_list("kind", flat=True)) == [
        "closure.opened",
        "status.propose",
        "status.record_order",
        "status.verify_closed",
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(c.pk), action__startswith="closure.").values_list(
            "action", flat=True
        )
    )
    assert actions == {"closure.open", "closure.propose", "closure.record_order", "closure.verify_closed"}


def test_no_rectification_notice_for_a_gate_closure(in_zone, personas):
    officer = personas["officer"]
    problems_derive(actor=officer, facility_id=in_zone.pk)
    problem = services.problem_raise(
        actor=officer, facility_id=in_zone.pk, kind="other_violation", description="现场发现", source="manual"
    )
    with pytest.raises(DomainError, match="关停取缔"):
        services.notice_issue(
            actor=officer, case=problem.case, deadline=clock.today() + dt.timedelta(days=180)
        )


def test_withdrawal_needs_a_reason_and_a_lapsed_gate_is_only_flagged(in_zone, personas):
    officer = personas["officer"]
    problems_derive(actor=officer, facility_id=in_zone.pk)
    c = ClosureCase.objects.get(facility=in_zone)
    Facility.objects.filter(pk=in_zone.pk).update(lat=30.02, lon=122.1)  # the survey corrected the location
    reclassify(actor=officer, facility_ids=[in_zone.pk])
    problems_derive(actor=officer, facility_id=in_zone.pk)
    c.refresh_from_db()
    assert c.status == ClosureStatus.OPEN and c.grounds_lapsed_at is not None  # nothing ends by itself
    with pytest.raises(DomainError):
        closure.closure_transition(actor=officer, closure=c, target=ClosureStatus.WITHDRAWN, note=" ")
    closure.closure_transition(
        actor=officer, closure=c, target=ClosureStatus.WITHDRAWN, note="坐标更正，不在保护区内"
    )
    c.refresh_from_db()
    assert c.status == ClosureStatus.WITHDRAWN


def test_a_hopeless_rectification_opens_the_closure_path_too(personas):
    officer = personas["officer"]
    problem = services.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="废水超标",
        source="manual",
    )
    case = problem.case
    today = clock.today()
    services.notice_issue(actor=officer, case=case, deadline=today + dt.timedelta(days=120), served_on=today)
    services.case_transition(actor=None, case=case, target=Status.OVERDUE, who=Who.SYSTEM)
    services.case_transition(
        actor=officer, case=case, target=Status.CLOSURE_PROPOSED, who=Who.OFFICER, note="拒不整改"
    )
    c = ClosureCase.objects.get(facility=personas["fish"])
    assert c.ground == "rectification_failed" and c.rectification_case_id == case.pk
    c = closure.closure_propose(actor=officer, closure=c)
    assert "第三十三条至第三十五条" in c.document_content["basis"]


def test_closure_screens(in_zone, personas, login):
    problems_derive(actor=personas["officer"], facility_id=in_zone.pk)
    c = ClosureCase.objects.get(facility=in_zone)
    client = login(personas["officer"])
    assert in_zone.name in client.get("/cases/closures/").content.decode()
    response = client.post(f"/cases/closures/{c.pk}/act/", {"target": "proposed"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == ClosureStatus.PROPOSED
    assert client.get(f"/cases/closures/{c.pk}/request/docx/").status_code == 200
    town = login(personas["town_jintang"])  # another town: not its facility
    assert town.get(f"/cases/closures/{c.pk}/").status_code == 404
