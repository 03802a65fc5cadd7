"""Issue 10 (M2, P7): converted limits judged on converted values, over-range readings as evidence, abnormal
data as a finding of its own, and an exceedance during rectification proposed for a penalty case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.models import Notification
from ecopermit.monitoring.evaluation import evaluate
from ecopermit.monitoring.models_alarms import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    Declaration,
    MonitoringSettings,
    PenaltyProposal,
)
from ecopermit.monitoring.tests.alarmkit import DAY0, hours

pytestmark = pytest.mark.django_db
SO2, O2 = "a21026", "a19001"
NOW = DAY0 + dt.timedelta(days=1, hours=1)
H = dt.timedelta(hours=1)


def _varied(n: int, base: float = 20) -> list[float]:
    """Values that never stay constant (the 恒值 rule) and never reach a limit."""
    return [base + (i % 3) for i in range(n)]


@pytest.fixture
def gas_boiler(personas, outlet_factory):  # type: ignore[no-untyped-def]
    """The shipyard's gas boiler: SO2 50 mg/m³ on the value converted to 3.5 % O2 (GB 13271-2014 表2)."""
    from ecopermit.registry.models import OutletLimit

    outlet = outlet_factory(personas["shipyard"])
    OutletLimit.objects.create(
        outlet=outlet,
        pollutant_code=SO2,
        pollutant_name="二氧化硫",
        statistic="hourly",
        value=Decimal("50"),
        unit="mg/m3",
        source="GB 13271-2014 表2",
        valid_from=dt.date(2026, 1, 1),
        converted=True,
        reference_o2=Decimal("3.5"),
    )
    return outlet


# --- converted limits -------------------------------------------------------------------------------


def test_loggers_converted_value_is_judged_not_the_measured_one(gas_boiler):
    """40 measured is under 50, but the logger's -ZsAvg says 66 at 3.5 % O2: an exceedance on that value."""
    hours(gas_boiler, SO2, DAY0, [40, *_varied(23)])
    hours(gas_boiler, SO2 + "-Zs", DAY0, [66, *_varied(23, 25)])
    hours(gas_boiler, O2, DAY0, _varied(24, 9))
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.EXCEEDANCE)
    assert (alarm.period_start, alarm.value, alarm.basis) == (DAY0, Decimal("66.0000"), "converted")
    assert (alarm.reference_o2, alarm.measured_value, alarm.percent) == (
        Decimal("3.5"),
        Decimal("40.0000"),
        Decimal("32.00"),
    )
    problem = Problem.objects.get(pk=alarm.problem_id)
    assert "66" in problem.description and "3.5" in problem.description


def test_converted_from_measured_value_and_o2_when_the_logger_sends_none(gas_boiler):
    """GB 13271-2014 §5.2: 40 × (21 − 3.5) / (21 − 10.5) = 66.67 > 50; the hour at 3.5 % O2 stays 20 ≤ 50."""
    hours(gas_boiler, SO2, DAY0, [40, 20, *_varied(22)])
    hours(gas_boiler, O2, DAY0, [10.5, 3.5, *_varied(22, 5)])
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.EXCEEDANCE)
    assert alarm.period_start == DAY0 and alarm.basis == "converted"
    assert alarm.value == Decimal("66.6667") and alarm.measured_value == Decimal("40.0000")


def test_measured_limit_is_still_judged_on_the_measured_value(personas, outlet_factory):
    outlet = outlet_factory(personas["shipyard"], limits={(SO2, "hourly"): 50})
    hours(outlet, SO2, DAY0, [40, *_varied(23)])
    hours(outlet, SO2 + "-Zs", DAY0, [66, *_varied(23)])
    evaluate(now=NOW)
    assert not Alarm.objects.filter(kind=AlarmKind.EXCEEDANCE).exists()


@pytest.mark.parametrize("o2", [None, 21.0, (9.0, "D")])
def test_no_usable_o2_is_abnormal_data_not_a_pass(gas_boiler, o2):
    """Decided (issue 10): no O2, O2 ≥ 21 % or a flagged O2 leaves a converted limit unjudged: abnormal data
    (no_o2) from the first hour, with its own problem; never a silent pass."""
    hours(gas_boiler, SO2, DAY0, [80, *_varied(23)])
    hours(gas_boiler, O2, DAY0 + H, _varied(23, 9))
    if o2 is not None:
        hours(gas_boiler, O2, DAY0, [o2])
    evaluate(now=NOW)
    assert not Alarm.objects.filter(kind=AlarmKind.EXCEEDANCE).exists()
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert (alarm.reason, alarm.period_start, alarm.value) == ("no_o2", DAY0, Decimal("1.0000"))
    problem = Problem.objects.get(pk=alarm.problem_id)
    assert problem.kind == "monitoring_data_abnormal"


# --- abnormal data (数据异常) -----------------------------------------------------------------------------


@pytest.fixture
def boiler(personas, outlet_factory):  # type: ignore[no-untyped-def]
    return outlet_factory(personas["shipyard"], limits={(SO2, "hourly"): 50})


def test_only_abnormal_flags_for_more_than_six_hours(personas, boiler):
    """7 hours of D/B flags: 数据异常 (reason flags), told to the enterprise and officers, a problem on the
    case; missing data is another alarm (there is data, just no valid data)."""
    hours(boiler, SO2, DAY0, [(12, "D")] * 4 + [(12, "B")] * 3 + _varied(17))
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert (alarm.reason, alarm.period_start, alarm.period_end) == ("flags", DAY0, DAY0 + 7 * H)
    assert alarm.value == 7 and alarm.detail == "B,D"
    assert not Alarm.objects.filter(kind=AlarmKind.MISSING_DATA).exists()
    problem = Problem.objects.get(pk=alarm.problem_id)
    assert problem.kind == "monitoring_data_abnormal" and problem.case is not None
    assert Notification.objects.filter(
        user=personas["officer"], link=f"/monitoring/alarms/{alarm.pk}/"
    ).exists()
    assert AuditEvent.objects.filter(action="monitoring.alarm.raise", object_id=str(alarm.pk)).exists()


def test_six_hours_of_abnormal_flags_are_not_yet_a_finding(boiler):
    hours(boiler, SO2, DAY0, [(12, "D")] * 6 + _varied(18))
    evaluate(now=NOW)
    assert not Alarm.objects.filter(kind=AlarmKind.ABNORMAL_DATA).exists()


def test_abnormal_run_is_extended_across_evaluations_not_repeated(boiler):
    hours(boiler, SO2, DAY0, [(12, "D")] * 12)
    evaluate(now=DAY0 + dt.timedelta(hours=8, minutes=30))  # 8 hours judged: 00-08
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert alarm.value == 8
    evaluate(now=DAY0 + dt.timedelta(hours=12, minutes=30))
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert (alarm.value, alarm.period_end) == (12, DAY0 + 12 * H)
    assert Problem.objects.filter(kind="monitoring_data_abnormal").count() == 1


def test_declared_maintenance_stays_explained(personas, boiler):
    """M (maintenance) inside an accepted maintenance declaration: the alarm is recorded explained, nobody
    is told and no problem is raised."""
    Declaration.objects.create(
        facility=personas["shipyard"],
        outlet=boiler,
        kind="maintenance",
        starts_at=DAY0 - H,
        ends_at=DAY0 + 10 * H,
        reason="CEMS 年检",
        status="accepted",
        submitted_at=DAY0 - dt.timedelta(days=1),
    )
    hours(boiler, SO2, DAY0, [(12, "M")] * 8 + _varied(16))
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert alarm.status == AlarmStatus.EXPLAINED and alarm.problem_id is None


def test_constant_value_for_hours(boiler):
    """恒值: 33.3 for 7 hours in a row."""
    hours(boiler, SO2, DAY0, [33.3] * 7 + _varied(17))
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.ABNORMAL_DATA)
    assert (alarm.reason, alarm.value, alarm.detail) == ("constant", 7, "33.3")


def test_zero_while_production_runs(boiler):
    """Zero SO2 for 5 hours while the flue-gas flow says the boiler runs; zero with no flow is no finding."""
    hours(boiler, SO2, DAY0, [0] * 5 + _varied(7) + [0] * 12)
    hours(boiler, "a00000", DAY0, _varied(12, 3000) + [0] * 12)  # stopped from 12:00
    evaluate(now=NOW)
    (alarm,) = Alarm.objects.filter(kind=AlarmKind.ABNORMAL_DATA)
    assert (alarm.reason, alarm.period_start, alarm.value) == ("zero", DAY0, 5)


def test_thresholds_are_district_settings(boiler):
    from ecopermit.core.selectors import current_district

    MonitoringSettings.objects.create(
        district=current_district(), abnormal_flag_hours=2, constant_value_hours=3
    )
    hours(boiler, SO2, DAY0, [(12, "C")] * 3 + [33.3] * 4 + _varied(17))
    evaluate(now=NOW)
    assert set(Alarm.objects.filter(kind=AlarmKind.ABNORMAL_DATA).values_list("reason", "value")) == {
        ("flags", Decimal("3.0000")),
        ("constant", Decimal("4.0000")),
    }


# --- P7: exceedance during rectification -------------------------------------------------------------


def _serve_notice(personas):  # type: ignore[no-untyped-def]
    from ecopermit.cases import services as cases
    from ecopermit.core import clock

    earlier = cases.problem_raise(
        actor=personas["officer"],
        facility_id=personas["shipyard"].pk,
        kind="no_permit",
        description="无证排污",
        source="survey",
    )
    today = clock.today()
    cases.notice_issue(
        actor=personas["officer"],
        case=earlier.case,
        deadline=today + dt.timedelta(days=180),
        served_on=today - dt.timedelta(days=1),
    )
    return earlier.case


def test_exceedance_during_rectification_is_its_own_problem_and_proposed_for_art_34_1(personas, boiler):
    case = _serve_notice(personas)
    hours(boiler, SO2, DAY0, [60, 70, *_varied(22)])
    evaluate(now=NOW)
    first, second = Alarm.objects.filter(kind=AlarmKind.EXCEEDANCE).order_by("period_start")
    assert first.during_rectification and second.problem_id == first.problem_id  # one episode
    problem = Problem.objects.get(pk=first.problem_id)
    assert problem.case_id == case.pk and problem.during_rectification
    assert problem.description.startswith(("During the rectification period", "整改期间"))
    proposal = PenaltyProposal.objects.get()
    assert (proposal.alarm_id, proposal.article_no, proposal.item_no) == (first.pk, 34, 1)
    assert (proposal.rectification_case_id, proposal.problem_id, proposal.status) == (
        case.pk,
        problem.pk,
        "proposed",
    )
    assert AuditEvent.objects.filter(
        action="monitoring.penalty_proposal.create", object_id=str(proposal.pk)
    ).exists()
    told = list(Notification.objects.filter(user=personas["officer"]).values_list("text", flat=True))
    assert any("34" in t or "第三十四条" in t for t in told), told


def test_exceedance_outside_rectification_is_not_proposed(boiler):
    hours(boiler, SO2, DAY0, [60, *_varied(23)])
    evaluate(now=NOW)
    assert not Alarm.objects.get(kind=AlarmKind.EXCEEDANCE).during_rectification
    assert not PenaltyProposal.objects.exists()


def test_proposal_is_resolved_once_with_an_audit_event(personas, boiler):
    from ecopermit.core.errors import DomainError
    from ecopermit.monitoring import facade

    _serve_notice(personas)
    hours(boiler, SO2, DAY0, [60, *_varied(23)])
    evaluate(now=NOW)
    (ref,) = facade.penalty_proposals()
    assert ref.article_no == 34 and ref.item_no == 1 and ref.facility_id == boiler.facility_id
    with pytest.raises(DomainError):
        facade.penalty_proposal_resolve(actor=personas["officer"], proposal_id=ref.id, reason=" ")
    facade.penalty_proposal_resolve(actor=personas["officer"], proposal_id=ref.id, penalty_case_id=7)
    assert PenaltyProposal.objects.get().status == "opened" and facade.penalty_proposals() == []
    with pytest.raises(DomainError):
        facade.penalty_proposal_resolve(actor=personas["officer"], proposal_id=ref.id, penalty_case_id=8)
    assert (
        AuditEvent.objects.filter(
            action="monitoring.penalty_proposal.resolve", actor_username="officer"
        ).count()
        == 1
    )


def test_alarm_screen_shows_basis_value_and_proposal(personas, gas_boiler, client, login):
    _serve_notice(personas)
    hours(gas_boiler, SO2, DAY0, [40, *_varied(23)])
    hours(gas_boiler, O2, DAY0, [10.5, *_varied(23, 5)])
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.EXCEEDANCE)
    login(personas["officer"])
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert "66.6667" in page and "40" in page and "3.5" in page
    assert alarm.get_basis_display() in page
    assert "/enforcement/proposals/" in page
    login(personas["shipyard_manager"])
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert "66.6667" in page and "/enforcement/proposals/" not in page  # proposals are the bureau's
    listing = client.get("/monitoring/").content.decode()
    assert "66.667" in listing
