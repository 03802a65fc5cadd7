"""Penalty-case screens: scope (town, enterprise after the notice, others 404/403), filters, step forms through the
browser, the leader-only decision (E3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.enforcement import services
from ecopermit.enforcement.models import PenaltyCase
from ecopermit.enforcement.states import Status
from ecopermit.enforcement.tests.conftest import notified_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def two_cases(personas):  # type: ignore[no-untyped-def]
    filed = services.penalty_case_file(
        actor=personas["officer"],
        facility_id=personas["shipyard"].pk,
        article_no=36,
        item_no=4,
        facts="自动监测设备未联网",
    )
    notified = notified_case(personas, facility="fish")
    return filed, notified


def test_scope_of_the_case_page(two_cases, personas, login):
    filed, notified = two_cases
    assert login(personas["officer"]).get(f"/enforcement/{filed.pk}/").status_code == 200
    assert login(personas["town_chengdong"]).get(f"/enforcement/{filed.pk}/").status_code == 200
    assert login(personas["town_jintang"]).get(f"/enforcement/{filed.pk}/").status_code == 404
    # The enterprise sees its case only from the notice on.
    assert login(personas["shipyard_manager"]).get(f"/enforcement/{filed.pk}/").status_code == 404
    assert login(personas["fish_manager"]).get(f"/enforcement/{notified.pk}/").status_code == 200
    assert login(personas["shipyard_manager"]).get(f"/enforcement/{notified.pk}/").status_code == 404
    assert login(personas["agency"]).get(f"/enforcement/{notified.pk}/").status_code == 403
    assert login(personas["dept_jxj"]).get("/enforcement/").status_code == 403


def test_the_party_does_not_see_internal_records(two_cases, personas, login):
    _filed, notified = two_cases
    page = login(personas["fish_manager"]).get(f"/enforcement/{notified.pk}/").content.decode()
    assert notified.notice_number in page and "现场检查笔录" not in page  # evidence is internal
    assert "行政处罚立案审批表" not in page and "行政处罚事先（听证）告知书" in page
    assert 'name="amount"' not in page  # no forms for the party


def test_list_filters_and_query_count(two_cases, personas, login):
    filed, notified = two_cases
    client = login(personas["officer"])
    page = client.get("/enforcement/").content.decode()
    assert filed.number in page and notified.number in page
    page = client.get("/enforcement/?article=33").content.decode()
    assert notified.number in page and filed.number not in page
    page = client.get(f"/enforcement/?status={Status.FILED}").content.decode()
    assert filed.number in page and notified.number not in page
    town = personas["fish"].town_id
    page = client.get(f"/enforcement/?town={town}").content.decode()
    assert notified.number in page and filed.number not in page
    for _ in range(5):
        notified_case(personas, facility="shipyard2")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/enforcement/").status_code == 200
    assert len(ctx) <= 16  # constant in the number of cases
    mine = login(personas["fish_manager"]).get("/enforcement/").content.decode()
    assert notified.number in mine and filed.number not in mine


def test_steps_through_the_screens(personas, login):
    """File → evidence → notice (out of range refused with the article named) → statement → decision by the leader."""
    officer = login(personas["officer"])
    r = officer.post(
        "/enforcement/new/",
        {
            "facility": personas["shipyard"].pk,
            "source": "inspection",
            "source_ref": "inspection:1",
            "filed_on": "2026-02-20",
            "violation": "34.1",
            "facts": "废气排放浓度超过许可排放浓度",
            "occurrences": 1,
        },
    )
    case = PenaltyCase.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/enforcement/{case.pk}/"
    officer.post(
        f"/enforcement/{case.pk}/evidence/",
        {"kind": "expert", "description": "监测报告", "collected_on": "2026-02-21"},
    )
    r = officer.post(
        f"/enforcement/{case.pk}/notice/", {"amount": "100000", "served_on": "2026-03-02"}, follow=True
    )
    assert "第三十四条规定的幅度：20万元以上100万元以下" in r.content.decode()
    officer.post(
        f"/enforcement/{case.pk}/notice/",
        {"amount": "200000", "served_on": "2026-03-02", "factors": ["corrected"]},
    )
    case.refresh_from_db()
    assert case.status == Status.NOTIFIED and case.factors == ["corrected"] and not case.hearing_right
    officer.post(f"/enforcement/{case.pk}/statement/", {"received_on": "2026-03-03", "text": "请求从轻处罚"})
    assert officer.post(f"/enforcement/{case.pk}/decide/", {}).status_code == 403  # officers do not decide
    leader = login(personas["leader"])
    r = leader.post(
        f"/enforcement/{case.pk}/decide/",
        {"amount": "200000", "decided_on": "2026-03-06", "served_on": "2026-03-06"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.decision_number in r.content.decode()
    page = leader.get(f"/enforcement/{case.pk}/").content.decode()
    assert "按日连续处罚" in page and "行政处罚决定书" in page


def test_daily_penalty_round_through_the_screens(personas, login):
    """Order to correct → unannounced re-inspection finds it continuing → days and amount shown → leader decides."""
    case = notified_case(personas, amount=200_000)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=200_000, decided_on=D(2026, 3, 4))
    officer = login(personas["officer"])
    officer.post(f"/enforcement/{case.pk}/order/", {"served_on": "2026-03-02", "order_number": "责改1号"})
    r = officer.post(f"/enforcement/{case.pk}/order/", {"served_on": "2026-03-05"}, follow=True)
    assert "2026-04-04" in r.content.decode()
    rnd = case.daily_rounds.get()
    r = officer.post(
        f"/enforcement/rounds/{rnd.pk}/reinspect/",
        {"reinspected_on": "2026-04-03", "result": "continuing"},
        follow=True,
    )
    page = r.content.decode()
    assert "29" in page and "5,800,000" in page
    assert f"/enforcement/rounds/{rnd.pk}/notice/" in page  # the notice comes next, not the decision
    assert (
        officer.post(f"/enforcement/rounds/{rnd.pk}/decide/", {"decided_on": "2026-04-05"}).status_code == 403
    )
    leader = login(personas["leader"])  # the one client, now the leader's
    assert (
        f"/enforcement/rounds/{rnd.pk}/decide/" not in leader.get(f"/enforcement/{case.pk}/").content.decode()
    )
    r = leader.post(f"/enforcement/rounds/{rnd.pk}/decide/", {"decided_on": "2026-04-05"}, follow=True)
    assert "请先送达按日连续处罚事先（听证）告知书" in r.content.decode()  # refused: no notice served
    rnd.refresh_from_db()
    assert rnd.decision_number == "" and rnd.status == "found"
    officer = login(personas["officer"])
    r = officer.post(f"/enforcement/rounds/{rnd.pk}/notice/", {"served_on": "2026-04-03"}, follow=True)
    rnd.refresh_from_db()
    assert rnd.status == "notified" and rnd.notice_number in r.content.decode() and rnd.hearing_right
    officer.post(f"/enforcement/rounds/{rnd.pk}/hearing-request/", {"requested_on": "2026-04-07"})
    rnd.refresh_from_db()
    assert rnd.status == "hearing"
    leader = login(personas["leader"])
    leader.post(f"/enforcement/rounds/{rnd.pk}/decide/", {"decided_on": "2026-04-08"})
    rnd.refresh_from_db()
    assert rnd.decision_number == "" and rnd.status == "hearing"  # refused: the hearing has not been held
    officer = login(personas["officer"])
    officer.post(
        f"/enforcement/rounds/{rnd.pk}/hearing/", {"held_on": "2026-04-15", "record": "当事人陈述意见"}
    )
    officer.post(
        f"/enforcement/rounds/{rnd.pk}/statement/", {"received_on": "2026-04-15", "text": "请求减轻"}
    )
    login(personas["leader"]).post(f"/enforcement/rounds/{rnd.pk}/decide/", {"decided_on": "2026-04-16"})
    rnd.refresh_from_db()
    assert rnd.decision_number == "舟定环罚〔2026〕第2号" and rnd.amount == 5_800_000
    assert (rnd.status, rnd.hearing_held_on, rnd.statement) == ("decided", D(2026, 4, 15), "请求减轻")
    assert AuditEvent.objects.filter(action="penalty.daily_hearing", object_id=str(rnd.pk)).exists()


def test_an_order_to_correct_is_refused_for_a_violation_that_is_not_a_discharge(personas, login):
    """Art. 36(4) (monitoring not networked, the demo's case): no order form on the page, the refusal names the
    article and the lawful follow-up, and a forged POST creates no round (条例 Art. 38; Order 28 Art. 5)."""
    case = notified_case(personas, amount=50_000, article=36, item=4)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=50_000, decided_on=D(2026, 3, 4))
    officer = login(personas["officer"])
    page = officer.get(f"/enforcement/{case.pk}/").content.decode()
    assert f"/enforcement/{case.pk}/order/" not in page
    assert "第三十六条第（四）项不属于违法排放污染物行为" in page and "责令停产整治" in page
    r = officer.post(f"/enforcement/{case.pk}/order/", {"served_on": "2026-03-05"}, follow=True)
    assert "第三十六条第（四）项" in r.content.decode()
    assert not case.daily_rounds.exists()


def test_the_party_never_sees_when_the_unannounced_reinspection_is_due(personas, login):
    """Order 28 Art. 10: the re-inspection is unannounced, so its due date and reminders stay internal."""
    from ecopermit.enforcement import rounds

    case = notified_case(personas, amount=200_000)
    services.statement_record(actor=personas["officer"], case=case, received_on=D(2026, 3, 3), waived=True)
    services.decision_make(actor=personas["leader"], case=case, amount=200_000, decided_on=D(2026, 3, 4))
    rnd = rounds.round_serve(actor=personas["officer"], case=case, served_on=D(2026, 3, 5))
    rounds.enforcement_tick(today=D(2026, 4, 1))
    page = login(personas["shipyard_manager"]).get(f"/enforcement/{case.pk}/").content.decode()
    assert "2026-03-05" in page and rnd.reinspection_due.isoformat() not in page
    assert "复查提醒" not in page
    officer_page = login(personas["officer"]).get(f"/enforcement/{case.pk}/").content.decode()
    assert rnd.reinspection_due.isoformat() in officer_page


def test_a_case_past_its_decision_deadline_is_shown_overdue(two_cases, personas, login):
    """行政处罚法 Art. 60: decide within 90 days of filing; a case past it read plain 立案 (issue 11 item 9)."""
    filed, notified = two_cases
    PenaltyCase.objects.filter(pk=filed.pk).update(filed_on=clock.today() - dt.timedelta(days=95))
    PenaltyCase.objects.filter(pk=notified.pk).update(filed_on=clock.today() - dt.timedelta(days=30))
    assert PenaltyCase.objects.get(pk=filed.pk).decision_due == clock.today() - dt.timedelta(days=5)
    page = login(personas["officer"]).get("/enforcement/").content.decode()
    assert page.count("逾期 5 天") == 1 and "逾期" not in page.replace("逾期 5 天", "")
    detail = login(personas["officer"]).get(f"/enforcement/{filed.pk}/").content.decode()
    assert "逾期 5 天" in detail
