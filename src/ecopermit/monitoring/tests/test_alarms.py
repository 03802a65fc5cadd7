"""From stored readings to alarms, problems and notices (issue 5 "Readings and judgement"; M2, P7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.cases.models import Problem
from ecopermit.cases.vocab import Category, Source
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.models import Notification
from ecopermit.monitoring.evaluation import evaluate
from ecopermit.monitoring.models_alarms import Alarm, AlarmKind, AlarmStatus, MonitoringSettings, Watermark
from ecopermit.monitoring.tests.alarmkit import DAY0, hours, minutes

pytestmark = pytest.mark.django_db
SO2 = "a21026"
NOW = DAY0 + dt.timedelta(days=1, hours=1)  # the whole of DAY0 has settled


@pytest.fixture
def boiler(personas, outlet_factory):  # type: ignore[no-untyped-def]
    """The shipyard's boiler stack: SO2 hourly limit 50, daily limit 35 mg/m³."""
    return outlet_factory(personas["shipyard"], limits={(SO2, "hourly"): 50, (SO2, "daily"): 35})


def test_exceeding_hour_raises_an_alarm_and_compliant_one_does_not(boiler):
    """M2: an hourly average over the hourly limit is an alarm; one at or under it is not."""
    hours(boiler, SO2, DAY0, [40, 50, 60] + [30] * 21)
    evaluate(now=NOW)
    alarms = list(Alarm.objects.filter(kind=AlarmKind.EXCEEDANCE, statistic="hourly"))
    assert [(a.period_start, a.value, a.limit, a.percent) for a in alarms] == [
        (DAY0 + dt.timedelta(hours=2), Decimal("60.0000"), Decimal("50.0000"), Decimal("20.00"))
    ]
    assert alarms[0].bound == "max"
    assert not Alarm.objects.filter(statistic="daily").exists()  # daily mean 31.25 < 35


def test_invalid_flags_do_not_count(boiler):
    """M2: only valid data counts — an hour flagged D (fault), C (calibration) or M is never an exceedance."""
    hours(boiler, SO2, DAY0, [(90, "D"), (90, "C"), (90, "M"), (90, "B")] + [30] * 20)
    evaluate(now=NOW)
    assert not Alarm.objects.filter(kind=AlarmKind.EXCEEDANCE).exists()


def test_over_range_hour_counts_as_an_exceedance_and_is_marked(boiler):
    """Issue 10: T (超测上限) is evidence: 90 sent with T is at least 90, over the limit 50; it is marked."""
    hours(boiler, SO2, DAY0, [(90, "T"), (45, "T")] + [30] * 22)
    evaluate(now=NOW)
    alarm = Alarm.objects.get(kind=AlarmKind.EXCEEDANCE, statistic="hourly")
    assert (alarm.period_start, alarm.value, alarm.over_range) == (DAY0, Decimal("90.0000"), True)
    assert alarm.basis == "measured"
    problem = Problem.objects.get(pk=alarm.problem_id)
    assert "超测量上限" in problem.description or "measuring range" in problem.description


def test_daily_average_exceedance(boiler):
    """M2: the Asia/Shanghai day's mean of valid hours against the daily limit."""
    hours(boiler, SO2, DAY0, [40] * 24)
    evaluate(now=NOW)
    daily = Alarm.objects.get(statistic="daily")
    assert daily.period_start == DAY0 and daily.value == Decimal("40.0000")
    assert daily.percent == Decimal("14.29")  # (40 − 35) / 35 × 100


def test_day_with_fewer_than_18_valid_hours_is_not_judged(boiler):
    """75 % rule for the daily average: 17 valid hours of 24 make no valid day."""
    hours(boiler, SO2, DAY0, [40] * 17 + [(40, "D")] * 7)
    evaluate(now=NOW)
    assert not Alarm.objects.filter(statistic="daily").exists()


def test_hour_from_minute_data_follows_the_75_percent_rule(boiler):
    """Flue gas, no hourly upload: an hour of 10-minute data needs 5 of 6 valid samples (≥ 75 %)."""
    minutes(boiler, SO2, DAY0, [80, 80, 80, 80, (80, "D"), (80, "D")])  # 4 of 6 valid: not judged
    minutes(boiler, SO2, DAY0 + dt.timedelta(hours=1), [80, 80, 80, 80, 80, (80, "D")])  # 5 of 6: judged
    evaluate(now=NOW)
    assert list(Alarm.objects.filter(statistic="hourly").values_list("period_start", flat=True)) == [
        DAY0 + dt.timedelta(hours=1)
    ]


def test_wastewater_hour_with_an_abnormal_sample_is_abnormal(personas, outlet_factory):
    """Wastewater: a period is abnormal if any sample in it is abnormal [hj212-notes §4]."""
    outlet = outlet_factory(
        personas["fish"], code="DW001", medium="water", limits={("w01018", "hourly"): 100}
    )
    minutes(outlet, "w01018", DAY0, [150, 150, 150, 150, 150, (150, "C")])
    minutes(outlet, "w01018", DAY0 + dt.timedelta(hours=1), [150] * 6)
    evaluate(now=NOW)
    assert list(Alarm.objects.values_list("period_start", flat=True)) == [DAY0 + dt.timedelta(hours=1)]


def test_ph_is_judged_against_its_lower_bound_too(personas, outlet_factory):
    """Minimum limits the other way: pH 5.4 under the lower bound 6 is (6 − 5.4) / 6 = 10 % out; pH 9.9 over 9."""
    outlet = outlet_factory(personas["fish"], code="DW001", medium="water", limits={("w01001", "hourly"): 9})
    hours(outlet, "w01001", DAY0, [7.2, 5.4, 9.9])
    evaluate(now=NOW)
    found = {
        (a.period_start.astimezone(dt.UTC).hour, a.bound, a.limit, a.percent) for a in Alarm.objects.all()
    }
    assert found == {
        (17, "min", Decimal("6.0000"), Decimal("10.00")),
        (18, "max", Decimal("9.0000"), Decimal("10.00")),
    }


def test_each_period_is_judged_once(boiler):
    """The watermark: a second run judges nothing again; later hours are judged when they settle."""
    hours(boiler, SO2, DAY0, [60] * 3)
    first = evaluate(now=DAY0 + dt.timedelta(hours=3, minutes=30))
    assert first["alarms"] == 3  # hour 2 has settled at 03:20
    assert Alarm.objects.count() == 3
    again = evaluate(now=DAY0 + dt.timedelta(hours=3, minutes=40))
    assert again["alarms"] == 0 and again["hours"] == 0
    assert Watermark.objects.get(outlet=boiler).hourly_until == DAY0 + dt.timedelta(hours=3)


def test_since_rejudges_without_duplicates(boiler):
    hours(boiler, SO2, DAY0, [60] * 2)
    evaluate(now=NOW)
    count = Alarm.objects.count()
    evaluate(now=NOW, since=DAY0)
    assert Alarm.objects.count() == count


def test_consecutive_exceeding_hours_are_one_episode_and_one_problem(boiler):
    """One continuing exceedance raises one problem; a compliant hour ends the episode."""
    hours(boiler, SO2, DAY0, [60, 70, 80, 30, 90])
    evaluate(now=NOW)
    hourly = list(Alarm.objects.filter(statistic="hourly").order_by("period_start"))
    assert len(hourly) == 4
    assert {a.episode_start for a in hourly[:3]} == {DAY0}
    assert hourly[3].episode_start == DAY0 + dt.timedelta(hours=4)
    problems = Problem.objects.filter(source=Source.MONITORING_ALARM)
    assert problems.count() == 2
    assert {a.problem_id for a in hourly[:3]} == {hourly[0].problem_id}
    problem = problems.get(pk=hourly[0].problem_id)
    assert problem.category == Category.NOT_COMPLIANT and problem.kind == "over_standard"
    assert problem.facility_id == boiler.facility_id and problem.case is not None
    assert "20%" in problem.description or "20" in problem.description


def test_alarm_reaches_the_enterprise_and_the_officers(personas, boiler):
    """Alarms reach the enterprise users of the facility, the bureau officers and the town's officer, once."""
    hours(boiler, SO2, DAY0, [60, 61])
    evaluate(now=NOW)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"shipyard_manager", "officer", "town_chengdong"} <= told
    assert "fish_manager" not in told and "town_jintang" not in told
    assert (
        Notification.objects.filter(user=personas["shipyard_manager"]).count() == 1
    )  # one episode, one notice
    alarm = Alarm.objects.get(period_start=DAY0)
    assert Notification.objects.filter(link=f"/monitoring/alarms/{alarm.pk}/").exists()
    assert AuditEvent.objects.filter(action="monitoring.alarm.raise", object_id=str(alarm.pk)).exists()


def test_problem_is_added_to_the_open_rectification_case(personas, boiler):
    """P7: during rectification the alarm's problem joins the open case; the deadline is not reset."""
    from ecopermit.cases import services as cases

    earlier = cases.problem_raise(
        actor=personas["officer"],
        facility_id=personas["shipyard"].pk,
        kind="no_permit",
        description="无证排污",
        source="survey",
    )
    case = earlier.case
    cases.notice_issue(
        actor=personas["officer"], case=case, deadline=dt.date(2027, 6, 1), served_on=dt.date(2026, 10, 1)
    )
    case.refresh_from_db()
    deadline, status = case.deadline, case.status
    hours(boiler, SO2, DAY0, [60])
    evaluate(now=NOW)
    problem = Problem.objects.get(source=Source.MONITORING_ALARM)
    case.refresh_from_db()
    assert problem.case_id == case.pk
    assert problem.during_rectification is True
    assert (case.deadline, case.status) == (deadline, status)


def test_missing_data_is_a_finding_of_its_own(personas, boiler, logger_factory):
    """M2: expected hourly data absent for more than N hours (6 by default, per district) is an alarm."""
    logger_factory(boiler, registered_at=DAY0 - dt.timedelta(days=1))
    hours(boiler, SO2, DAY0 - dt.timedelta(days=1), [30 + i % 3 for i in range(24)])  # never constant
    hours(boiler, SO2, DAY0, [31, 32, 30, 31])  # then nothing from 04:00
    evaluate(now=DAY0 + dt.timedelta(hours=10, minutes=30))  # 04:00-10:00 = 6 hours: not yet
    assert not Alarm.objects.filter(kind=AlarmKind.MISSING_DATA).exists()
    evaluate(now=DAY0 + dt.timedelta(hours=11, minutes=30))  # 7 hours
    gap = Alarm.objects.get(kind=AlarmKind.MISSING_DATA)
    assert gap.period_start == DAY0 + dt.timedelta(hours=4) and gap.value == 7
    evaluate(now=DAY0 + dt.timedelta(hours=15, minutes=30))  # the same gap goes on: extended, not repeated
    gap = Alarm.objects.get(kind=AlarmKind.MISSING_DATA)
    assert gap.value == 11 and gap.period_end == DAY0 + dt.timedelta(hours=15)
    problem = Problem.objects.get(pk=gap.problem_id)
    assert problem.kind == "monitoring_data_missing" and problem.category == Category.OTHER
    assert Problem.objects.filter(source=Source.MONITORING_ALARM).count() == 1


def test_missing_data_threshold_is_a_district_setting(personas, boiler, logger_factory):
    from ecopermit.core.selectors import current_district

    MonitoringSettings.objects.create(district=current_district(), missing_data_hours=2)
    logger_factory(boiler, registered_at=DAY0)
    hours(boiler, SO2, DAY0, [30])
    evaluate(now=DAY0 + dt.timedelta(hours=4, minutes=30))  # 01:00-04:00: 3 hours > 2
    assert Alarm.objects.get(kind=AlarmKind.MISSING_DATA).value == 3


def test_outlet_without_a_data_logger_has_no_missing_data_alarm(boiler):
    hours(boiler, SO2, DAY0, [30])
    evaluate(now=DAY0 + dt.timedelta(days=2))
    assert not Alarm.objects.filter(kind=AlarmKind.MISSING_DATA).exists()


def test_officer_closes_an_alarm_with_a_note(personas, boiler):
    from ecopermit.core.errors import DomainError
    from ecopermit.monitoring.services import alarm_close

    hours(boiler, SO2, DAY0, [60])
    evaluate(now=NOW)
    alarm = Alarm.objects.get()
    with pytest.raises(DomainError):
        alarm_close(actor=personas["officer"], alarm=alarm, note=" ")
    alarm_close(actor=personas["officer"], alarm=alarm, note="仪表漂移，已核实")
    alarm.refresh_from_db()
    assert alarm.status == AlarmStatus.CLOSED
    assert AuditEvent.objects.filter(action="monitoring.alarm.close", actor_username="officer").exists()
    # issue 12: the move is a row of monitoring/states.py and leaves a line on the alarm's timeline
    assert list(alarm.events.values_list("kind", "from_status", "to_status", "note")) == [
        ("status.close", "open", "closed", "仪表漂移，已核实")
    ]
    with pytest.raises(DomainError):
        alarm_close(actor=personas["officer"], alarm=alarm, note="again")


def test_command_evaluates(boiler, capsys):
    import json

    from django.core.management import call_command

    hours(boiler, SO2, DAY0, [60])
    call_command("monitoring", "evaluate", "--since", "2026-11-02")
    out = json.loads(capsys.readouterr().out)
    assert out["alarms"] == 1 and out["outlets"] == 1
