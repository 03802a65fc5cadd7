"""Service to enterprises (issue 15, S1–S7): the issue's checks — an enterprise books a Wednesday slot and the
officer answers; a suspended agency cannot upload — and each model's service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.accounts.roles import Role
from ecopermit.accounts.scope import scope_of
from ecopermit.assistance import facade, guides, rules, selectors, services
from ecopermit.assistance.models import (
    BookingStatus,
    BuildingStatus,
    ConsultationBooking,
    ItemState,
    SelfCheckItem,
)
from ecopermit.core import clock, hooks, workdays
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test"


def _slot(officer):  # type: ignore[no-untyped-def]
    services.slots_generate(actor=officer, weeks=8)
    return selectors.slots_open(clock.today()).first()


# S1 -------------------------------------------------------------------------------------------------------------
def test_enterprise_books_a_wednesday_slot_and_the_officer_answers(personas, login):
    officer, manager, shipyard = personas["officer"], personas["shipyard_manager"], personas["shipyard"]
    slot = _slot(officer)
    assert slot.on.weekday() == 2 and services.working_day(slot.on)
    client = login(manager)
    response = client.post(
        "/assistance/consultations/book/",
        {
            "slot": slot.pk,
            "facility": shipyard.pk,
            "topic": "排污许可延续",
            "question": "许可证明年到期，怎么延续？",
        },
    )
    booking = ConsultationBooking.objects.get()
    assert response.status_code == 302 and booking.status == BookingStatus.BOOKED
    assert booking.number.startswith(f"YY{slot.on.year}-")
    client = login(officer)
    response = client.post(
        f"/assistance/consultations/{booking.pk}/answer/",
        {"answer": "到期前60日提出延续申请。", "record": "面谈"},
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ANSWERED and booking.answered_by == officer
    assert AuditEvent.objects.filter(action="assistance.booking.answer").exists()
    # The enterprise reads the answer on its booking.
    page = login(manager).get(f"/assistance/consultations/{booking.pk}/")
    assert "到期前60日" in page.content.decode()


def test_slots_skip_holidays_and_are_not_duplicated(personas):
    start = dt.date(2026, 9, 28)  # 国庆 week: Wednesday 2026-09-30 is a working day, 10-07 is a holiday
    days = rules.consultation_days(start, 3, workdays.is_working_day)
    assert all(d.weekday() == 2 for d in days)
    assert all(workdays.is_working_day(d) for d in days)
    fake_holiday = dt.date(2026, 10, 7)
    assert fake_holiday not in rules.consultation_days(start, 3, lambda d: d != fake_holiday)
    first = services.slots_generate(actor=personas["officer"], weeks=4)
    again = services.slots_generate(actor=personas["officer"], weeks=4)
    assert first and again == []


def test_consultation_days_every_weekday_start():
    for offset in range(7):
        start = dt.date(2027, 3, 1) + dt.timedelta(days=offset)
        days = rules.consultation_days(start, 2, lambda d: True)
        assert len(days) == 2 and days[0] >= start and days[0] - start < dt.timedelta(days=7)


def test_booking_is_scoped_and_full_sessions_refuse(personas):
    officer, fish_manager = personas["officer"], personas["fish_manager"]
    slot = _slot(officer)
    with pytest.raises(DomainError):  # not its facility
        services.booking_create(
            actor=fish_manager, slot=slot, facility_id=personas["shipyard"].pk, topic="t", question="q"
        )
    for _n in range(slot.capacity):
        services.booking_create(
            actor=fish_manager, slot=slot, facility_id=personas["fish"].pk, topic="t", question="q"
        )
    with pytest.raises(DomainError):
        services.booking_create(
            actor=fish_manager, slot=slot, facility_id=personas["fish"].pk, topic="t", question="q"
        )
    assert not selectors.bookings_visible(scope_of(personas["shipyard_manager"])).exists()


def test_faq_is_anonymised_and_public(personas, client):
    officer, manager, shipyard = personas["officer"], personas["shipyard_manager"], personas["shipyard"]
    slot = _slot(officer)
    booking = services.booking_create(
        actor=manager,
        slot=slot,
        facility_id=shipyard.pk,
        topic="危废",
        question=f"{shipyard.name}（{shipyard.credit_code}）的废油漆桶怎么贮存？联系13812345678",
    )
    with pytest.raises(DomainError):
        services.booking_publish_faq(actor=officer, booking=booking)  # not answered yet
    services.booking_answer(actor=officer, booking=booking, answer="按GB 18597贮存。")
    services.booking_publish_faq(actor=officer, booking=booking)
    booking.refresh_from_db()
    assert shipyard.name not in booking.faq_question and shipyard.credit_code not in booking.faq_question
    assert "13812345678" not in booking.faq_question and "某企业" in booking.faq_question
    page = client.get("/public/faq/").content.decode()
    assert "废油漆桶" in page and shipyard.name not in page
    assert [e.topic for e in facade.faq_entries()] == ["危废"]


def test_enterprise_cancels_its_booking(personas):
    slot = _slot(personas["officer"])
    b = services.booking_create(
        actor=personas["shipyard_manager"],
        slot=slot,
        facility_id=personas["shipyard"].pk,
        topic="t",
        question="q",
    )
    services.booking_cancel(actor=personas["shipyard_manager"], booking=b)
    b.refresh_from_db()
    assert b.status == BookingStatus.CANCELLED
    with pytest.raises(DomainError):
        services.booking_answer(actor=personas["officer"], booking=b, answer="x")


# S7: the issue's check ------------------------------------------------------------------------------------------
def _agency(personas):  # type: ignore[no-untyped-def]
    agency = services.agency_register(
        actor=personas["officer"],
        name="舟山某检测公司",
        credit_code="91330900MA2A00001X",
        services=["monitoring"],
    )
    services.agency_member_add(actor=personas["officer"], agency=agency, username="agency")
    return agency


def test_a_suspended_agency_cannot_upload(personas, with_case):
    officer, agency_user = personas["officer"], personas["agency"]
    agency = _agency(personas)
    case = with_case
    from ecopermit.cases import services as case_services

    case_services.document_upload(actor=agency_user, case=case, kind="other", name="a.pdf", content=PDF)
    today = clock.today()
    suspension = services.suspension_decide(
        actor=officer,
        agency=agency,
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
        reason="监测数据严重失实",
    )
    assert facade.upload_allowed(actor=agency_user)
    assert facade.upload_allowed(actor=personas["shipyard_manager"]) is None
    with pytest.raises(DomainError, match=agency.name):
        case_services.document_upload(actor=agency_user, case=case, kind="other", name="b.pdf", content=PDF)
    with pytest.raises(DomainError):
        hooks.refuse_upload(agency_user)
    # Public: the suspension is listed.
    assert [s.agency for s in facade.agencies_suspended()] == [agency.name]
    services.suspension_lift(actor=officer, suspension=suspension, note="整改完成")
    assert facade.upload_allowed(actor=agency_user) is None
    case_services.document_upload(actor=agency_user, case=case, kind="other", name="c.pdf", content=PDF)


def test_suspended_on_every_day_around_the_period():
    start, end = dt.date(2027, 1, 10), dt.date(2027, 1, 20)
    for offset in range(-3, 15):
        day = start + dt.timedelta(days=offset)
        assert rules.suspended_on(day, start, end, None) == (start <= day <= end)
        assert rules.suspended_on(day, start, end, dt.date(2027, 1, 15)) == (
            start <= day < dt.date(2027, 1, 15)
        )


def test_quality_checks_and_notices(personas):
    officer = personas["officer"]
    agency = _agency(personas)
    today = clock.today()
    good = services.quality_check_record(
        actor=officer, agency=agency, checked_on=today, subject="报告A", score=85
    )
    poor = services.quality_check_record(
        actor=officer, agency=agency, checked_on=today, subject="报告B", score=40
    )
    with pytest.raises(DomainError):
        services.quality_check_record(actor=officer, agency=agency, checked_on=today, subject="x", score=101)
    with pytest.raises(DomainError):
        services.notice_publish(actor=officer, agency=agency, title="通报", body="差", check=good)
    services.notice_publish(actor=officer, agency=agency, title="通报", body="报告B数据缺失", check=poor)
    assert selectors.agency_average_score(agency) == 62.5
    assert [n.title for n in facade.agency_notices()] == ["通报"]
    with pytest.raises(DomainError):
        services.quality_check_record(
            actor=personas["shipyard_manager"], agency=agency, checked_on=today, subject="x", score=1
        )


# S2 -------------------------------------------------------------------------------------------------------------
def test_guide_assignment_visits_and_duties(personas):
    officer, town = personas["officer"], personas["town_chengdong"]
    shipyard, fish = personas["shipyard"], personas["fish"]
    with pytest.raises(DomainError):  # 城东街道's officer does not cover 金塘镇
        services.guide_assign(actor=officer, facility_id=fish.pk, guide=town)
    with pytest.raises(DomainError):  # an enterprise user is no guide
        services.guide_assign(actor=officer, facility_id=shipyard.pk, guide=personas["shipyard_manager"])
    services.guide_assign(actor=officer, facility_id=shipyard.pk, guide=town)
    scope = scope_of(town)
    today = clock.today()
    assert [a.facility_id for a in selectors.not_visited_this_year(scope, today=today)] == [shipyard.pk]
    with pytest.raises(DomainError):  # someone else's facility
        services.visit_record(
            actor=personas["town_jintang"],
            facility_id=shipyard.pk,
            visited_on=today,
            kind="visit",
            guidance="g",
        )
    services.visit_record(
        actor=town, facility_id=shipyard.pk, visited_on=today, kind="visit", guidance="提醒按期申报"
    )
    assert not selectors.not_visited_this_year(scope, today=today).exists()


def test_duties_read_reports_permits_and_notices(personas, with_case):
    from ecopermit.registry.models import Permit

    shipyard = personas["shipyard"]
    today = clock.today()
    Permit.objects.create(
        facility=shipyard,
        number="91330900TEST00001X001V",
        management_class="simplified",
        issued_on=today - dt.timedelta(days=1700),
        valid_until=today + dt.timedelta(days=40),
    )
    found = selectors.duties([shipyard.pk], today=today)[shipyard.pk]
    kinds = {d.kind for d in found}
    assert "permit" in kinds and "notice" in kinds


# S6 -------------------------------------------------------------------------------------------------------------
def test_every_plan_industry_has_a_guide_with_sources_and_unique_items():
    names = {g.name for g in guides.all_guides()}
    assert names == {"船舶修造", "水产加工", "金属铸造", "金属表面处理", "机械加工", "砂石料场", "塑橡制品"}
    codes = [i.code for g in guides.all_guides() for i in g.items]
    assert len(codes) == len(set(codes))
    for g in guides.all_guides():
        assert g.sources and g.items and all(i.text and i.basis for i in g.items)
    assert [g.name for g in guides.guides_for_industry("3735")] == ["船舶修造"]


def test_self_check_open_items_become_problems_on_the_case(personas):
    manager, shipyard = personas["shipyard_manager"], personas["shipyard"]
    check = services.selfcheck_start(actor=manager, facility_id=shipyard.pk, guide_code="ship_repair")
    items = list(check.items.all())
    marks = {items[0].code: (ItemState.OPEN, "露天打砂"), items[1].code: (ItemState.MET, "")}
    services.selfcheck_mark(actor=manager, check=check, marks=marks)
    made = services.selfcheck_to_plan(actor=manager, check=check)
    assert len(made) == 1
    from ecopermit.cases import facade as cases

    ref = cases.problem_refs(made)[made[0]]
    assert ref.facility_id == shipyard.pk and ref.case_id
    assert SelfCheckItem.objects.get(code=items[0].code, self_check=check).problem_id == made[0]
    with pytest.raises(DomainError):  # nothing left to add
        services.selfcheck_to_plan(actor=manager, check=check)
    with pytest.raises(DomainError):  # not its facility
        services.selfcheck_start(
            actor=personas["fish_manager"], facility_id=shipyard.pk, guide_code="ship_repair"
        )


# S5 -------------------------------------------------------------------------------------------------------------
def test_temporary_building_goes_to_the_natural_resources_officer(personas, make_user):
    manager, shipyard = personas["shipyard_manager"], personas["shipyard"]
    zrzy = make_user(Role.DEPARTMENT_OFFICER, "zrzy", department="市自然资源和规划局定海分局")
    req = services.building_submit(
        actor=manager,
        facility_id=shipyard.pk,
        kind="dust_store",
        purpose="打砂料封闭储库",
        floor_area=Decimal("120.5"),
        years=2,
        drawing=PDF,
        drawing_name="图纸.pdf",
    )
    assert req.department.name == "市自然资源和规划局定海分局"
    assert req.decide_by == services.add_working_days(clock.today(), 20)
    with pytest.raises(DomainError):  # not the department's officer
        services.building_decide(actor=personas["dept_jxj"], request=req, approve=True, note="同意")
    with pytest.raises(DomainError):  # a refusal says why
        services.building_decide(actor=zrzy, request=req, approve=False, note="")
    services.building_decide(actor=zrzy, request=req, approve=True, note="同意", conditions="到期自行拆除")
    req.refresh_from_db()
    assert req.status == BuildingStatus.APPROVED and req.conditions == "到期自行拆除" and req.valid_until
    assert list(selectors.buildings_visible(scope_of(zrzy))) == [req]
    assert not selectors.buildings_visible(scope_of(personas["dept_jxj"])).exists()
    assert not selectors.buildings_visible(scope_of(personas["fish_manager"])).exists()


def test_temporary_building_of_jintang_goes_to_the_jintang_branch(personas):
    req = services.building_submit(
        actor=personas["fish_manager"],
        facility_id=personas["fish"].pk,
        kind="waste_store",
        purpose="固废暂存",
        floor_area=Decimal("30"),
        years=1,
        drawing=PDF,
        drawing_name="a.pdf",
    )
    assert req.department.name == "市自然资源和规划局金塘分局"
    with pytest.raises(DomainError):
        services.building_submit(
            actor=personas["fish_manager"],
            facility_id=personas["fish"].pk,
            kind="rain_shed",
            purpose="x",
            floor_area=Decimal("30"),
            years=3,
            drawing=PDF,
            drawing_name="a.pdf",
        )


# S3 / S4 --------------------------------------------------------------------------------------------------------
def test_steward_records_visible_to_bureau_and_the_enterprise_concerned(personas):
    officer, agency_user = personas["officer"], personas["agency"]
    agency = _agency(personas)
    today = clock.today()
    contract = services.contract_record(
        actor=officer,
        agency=agency,
        number="GJ-2026-01",
        client="bureau",
        coverage="industry",
        coverage_note="船舶修造行业",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=300),
        facility_ids=[personas["shipyard"].pk, personas["shipyard2"].pk],
    )
    services.service_record(
        actor=agency_user,
        contract=contract,
        facility_id=personas["shipyard"].pk,
        kind="monitoring",
        done_on=today,
        summary="采样",
    )
    with pytest.raises(DomainError):
        services.service_record(
            actor=agency_user,
            contract=contract,
            facility_id=personas["fish"].pk,
            kind="monitoring",
            done_on=today,
            summary="x",
        )
    assert selectors.service_records(scope_of(personas["shipyard_manager"]), contract).count() == 1
    assert not selectors.contracts_visible(scope_of(personas["fish_manager"])).exists()


def test_shared_report_cited_by_several_and_joint_commission(personas):
    officer = personas["officer"]
    agency = _agency(personas)
    today = clock.today()
    report = services.shared_report_upload(
        actor=officer,
        title="城东片区环境质量现状监测报告",
        area="城东街道船舶修造集聚区",
        monitored_from=today - dt.timedelta(days=60),
        monitored_to=today - dt.timedelta(days=30),
        content=PDF,
        file_name="r.pdf",
    )
    services.shared_report_cite(
        actor=personas["shipyard_manager"], report=report, facility_id=personas["shipyard"].pk
    )
    services.shared_report_cite(actor=officer, report=report, facility_id=personas["shipyard2"].pk)
    assert report.cited_by.count() == 2
    with pytest.raises(DomainError):
        services.shared_report_cite(
            actor=personas["shipyard_manager"], report=report, facility_id=personas["fish"].pk
        )
    with pytest.raises(DomainError):
        services.joint_commission_record(
            actor=officer,
            title="t",
            agency=agency,
            contract_number="c",
            signed_on=today,
            facility_ids=[personas["fish"].pk],
        )
    c = services.joint_commission_record(
        actor=officer,
        title="联合委托监测",
        agency=agency,
        contract_number="LH-01",
        signed_on=today,
        facility_ids=[personas["shipyard"].pk, personas["shipyard2"].pk],
    )
    assert c.members.count() == 2


def test_anonymise_masks_names_codes_and_phones():
    text = rules.anonymise("城东船厂（91330902MA28A1234X）电话0580-2031234，手机13900001111", ["城东船厂"])
    assert text == "某企业（***）电话***，手机***"


def test_decision_deadline_is_20_working_days():
    day = dt.date(2026, 9, 25)  # the 国庆 holidays fall inside: the calendar's answer
    assert rules.decision_deadline(day, services.add_working_days) == workdays.add_working_days(day, 20)
    assert services.add_working_days(day, 20) > day + dt.timedelta(days=28)
    # Beyond the calendar's years: Monday–Friday.
    assert services.add_working_days(dt.date(2040, 1, 2), 5) == dt.date(2040, 1, 9)


@pytest.fixture
def with_case(personas):  # type: ignore[no-untyped-def]
    """The shipyard's case with a notice served, not acknowledged."""
    from ecopermit.cases import services as case_services

    problem = case_services.problem_raise(
        actor=personas["officer"],
        facility_id=personas["shipyard"].pk,
        kind="no_auto_monitoring",
        description="未安装在线监测",
        source="survey",
    )
    today = clock.today()
    case_services.notice_issue(
        actor=personas["officer"], case=problem.case, deadline=today + dt.timedelta(days=120), served_on=today
    )
    return problem.case


def test_the_case_and_the_facility_page_show_the_temporary_building(personas, with_case, login):
    manager, shipyard = personas["shipyard_manager"], personas["shipyard"]
    req = services.building_submit(
        actor=manager,
        facility_id=shipyard.pk,
        kind="rain_shed",
        purpose="防雨棚",
        floor_area=Decimal("40"),
        years=1,
        drawing=PDF,
        drawing_name="a.pdf",
    )
    client = login(manager)
    assert req.number in client.get(f"/cases/{with_case.pk}/").content.decode()
    assert req.number in client.get(f"/inventory/facilities/{shipyard.pk}/").content.decode()
    assert not selectors.buildings_visible(scope_of(personas["fish_manager"])).exists()


def test_the_lists_export_what_the_viewer_sees(personas, login):
    slot = _slot(personas["officer"])
    services.booking_create(
        actor=personas["fish_manager"], slot=slot, facility_id=personas["fish"].pk, topic="水产", question="q"
    )
    response = login(personas["officer"]).get("/assistance/consultations/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="assistance.booking.export").exists()
    response = login(personas["shipyard_manager"]).get("/assistance/temporary-buildings/?export=xlsx")
    assert response.status_code == 200
