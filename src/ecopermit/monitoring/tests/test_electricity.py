"""Electricity monitoring (E4) and shutdown/maintenance declarations (issue 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.cases.models import Problem
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.monitoring.electricity import (
    MeterSeries,
    PowerPoint,
    parse_power_csv,
    treatment_off_while_producing,
)
from ecopermit.monitoring.evaluation import evaluate
from ecopermit.monitoring.judge import SHANGHAI
from ecopermit.monitoring.models_alarms import Alarm, AlarmKind, AlarmStatus, PowerMeter, PowerSample
from ecopermit.monitoring.services import (
    declaration_decide,
    declaration_submit,
    electricity_evaluate,
    meter_add,
    power_import,
)
from ecopermit.monitoring.tests.alarmkit import DAY0, hours

T = DAY0
M = dt.timedelta(minutes=1)


def series(key, kws, threshold=5.0, step=10):  # type: ignore[no-untyped-def]
    return MeterSeries(key, [PowerPoint(T + i * step * M, kw) for i, kw in enumerate(kws)], threshold)


# --- pure ------------------------------------------------------------------------------------------------


def test_treatment_off_while_production_runs_longer_than_the_limit():
    production = series("p", [100] * 12)
    treatment = series("t", [20, 20, 0, 0, 0, 0, 20, 20, 0, 0, 20, 20])  # off 20:00-60 min, then 20 min
    found = treatment_off_while_producing([production], [treatment], min_duration=30 * M)
    assert [(f.meter, f.start, f.minutes) for f in found] == [("t", T + 20 * M, 40)]


def test_no_finding_when_production_is_stopped_too():
    production = series("p", [100, 100, 0, 0, 0, 0, 0])
    treatment = series("t", [20, 20, 0, 0, 0, 0, 0])
    assert treatment_off_while_producing([production], [treatment], min_duration=30 * M) == []


def test_a_silent_treatment_meter_is_not_proof_of_a_stop():
    """Past max_hold without a sample the state is unknown: no finding from missing power data."""
    production = series("p", [100] * 12)
    treatment = MeterSeries("t", [PowerPoint(T, 0.0)], 5.0)
    found = treatment_off_while_producing([production], [treatment], min_duration=30 * M, max_hold=30 * M)
    assert found == []  # off for exactly 30 minutes is not "more than"


def test_csv_errors_name_line_and_column():
    text = "表号,时间,功率(kW)\nM1,2026-11-02 08:00,12.5\nM1,2026-13-02 08:00,12\nM1,2026-11-02 08:10,abc\n"
    rows, errors = parse_power_csv(text, SHANGHAI)
    assert [(e.line, e.column, e.value) for e in errors] == [
        (3, "时间", "2026-13-02 08:00"),
        (4, "功率(kW)", "abc"),
    ]
    assert rows[0].time == dt.datetime(2026, 11, 2, 8, tzinfo=SHANGHAI) and rows[0].kw == 12.5


def test_csv_missing_column():
    _rows, errors = parse_power_csv("meter_id,time\nM1,2026-11-02 08:00\n", SHANGHAI)
    assert [(e.line, e.column) for e in errors] == [(1, "kw")]


# --- with the database -----------------------------------------------------------------------------------


@pytest.fixture
def meters(personas):  # type: ignore[no-untyped-def]
    facility = personas["shipyard"].pk
    officer = personas["officer"]
    production = meter_add(
        actor=officer,
        facility_id=facility,
        name="喷涂线",
        role="production",
        threshold_kw=10,
        meter_id="P-01",
    )
    treatment = meter_add(
        actor=officer,
        facility_id=facility,
        name="RTO 焚烧炉",
        role="treatment",
        threshold_kw=5,
        meter_id="T-01",
    )
    return production, treatment


@pytest.mark.django_db
def test_csv_import_is_all_or_nothing(personas, meters):
    bad = b"meter_id,time,kw\nP-01,2026-11-02 08:00,50\nX-99,2026-11-02 08:00,50\n"
    with pytest.raises(DomainError) as exc:
        power_import(actor=personas["officer"], facility_id=personas["shipyard"].pk, content=bad)
    assert "3" in exc.value.message and "X-99" in exc.value.message
    assert PowerSample.objects.count() == 0


@pytest.mark.django_db
def test_treatment_off_becomes_an_alarm_and_a_problem(personas, meters):
    """E4: production runs and the RTO is off for 50 minutes (> 30 by default): a finding and a 其他类 problem."""
    lines = ["表号,时间,功率"]
    for i in range(12):
        moment = (T + i * 10 * M).strftime("%Y-%m-%d %H:%M")
        lines += [f"P-01,{moment},80", f"T-01,{moment},{0 if 2 <= i <= 6 else 30}"]
    n = power_import(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        content="\n".join(lines).encode("gb18030"),
    )
    assert n == 24
    assert electricity_evaluate(now=T + 3 * dt.timedelta(hours=1)) == 1
    alarm = Alarm.objects.get(kind=AlarmKind.ELECTRICITY)
    assert (alarm.period_start, alarm.value) == (T + 20 * M, 50)
    problem = Problem.objects.get(pk=alarm.problem_id)
    assert problem.kind == "treatment_not_running" and problem.category == "other"
    assert electricity_evaluate(now=T + 4 * dt.timedelta(hours=1)) == 0  # judged again: nothing new
    assert AuditEvent.objects.filter(action="monitoring.power.import").exists()


@pytest.mark.django_db
def test_declaration_accepted_explains_alarms_and_is_audited(personas, outlet_factory):
    outlet = outlet_factory(personas["shipyard"], limits={("a21026", "hourly"): 50})
    hours(outlet, "a21026", T, [60, 60, 30, 30, 30, 70])
    evaluate(now=T + dt.timedelta(days=1, hours=1))
    declaration = declaration_submit(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        outlet_id=outlet.pk,
        kind="maintenance",
        starts_at=T,
        ends_at=T + dt.timedelta(hours=3),
        reason="脱硫系统检修",
    )
    with pytest.raises(DomainError):
        declaration_decide(actor=personas["officer"], declaration=declaration, accept=False, reason="")
    declaration_decide(actor=personas["officer"], declaration=declaration, accept=True)
    statuses = dict(Alarm.objects.values_list("period_start", "status"))
    assert statuses == {
        T: AlarmStatus.EXPLAINED,
        T + dt.timedelta(hours=1): AlarmStatus.EXPLAINED,
        T + dt.timedelta(hours=5): AlarmStatus.OPEN,
    }
    from ecopermit.monitoring.models_alarms import AlarmEvent

    explained = AlarmEvent.objects.filter(kind="status.explain", to_status="explained")
    assert sorted(explained.values_list("alarm__period_start", flat=True)) == [T, T + dt.timedelta(hours=1)]
    assert {e.data["declaration"] for e in explained} == {declaration.number}
    events = AuditEvent.objects.filter(action__startswith="monitoring.declaration").order_by("seq")
    assert [e.action for e in events] == ["monitoring.declaration.submit", "monitoring.declaration.decide"]
    assert events[1].after["status"] == "accepted" and len(events[1].after["explained_alarms"]) == 2
    with pytest.raises(DomainError):
        declaration_decide(actor=personas["officer"], declaration=declaration, accept=False, reason="再议")


@pytest.mark.django_db
def test_new_alarm_inside_an_accepted_declaration_raises_no_problem(personas, outlet_factory):
    outlet = outlet_factory(personas["shipyard"], limits={("a21026", "hourly"): 50})
    declaration = declaration_submit(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        kind="shutdown",
        starts_at=T,
        ends_at=T + dt.timedelta(hours=6),
        reason="停产",
    )
    declaration_decide(actor=personas["officer"], declaration=declaration, accept=True)
    hours(outlet, "a21026", T, [90, 90])
    evaluate(now=T + dt.timedelta(days=1, hours=1))
    assert set(Alarm.objects.values_list("status", flat=True)) == {AlarmStatus.EXPLAINED}
    assert not Problem.objects.filter(source="monitoring_alarm").exists()


@pytest.mark.django_db
def test_rejected_declaration_leaves_alarms_open(personas, outlet_factory):
    outlet = outlet_factory(personas["shipyard"], limits={("a21026", "hourly"): 50})
    hours(outlet, "a21026", T, [90])
    evaluate(now=T + dt.timedelta(days=1, hours=1))
    declaration = declaration_submit(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        kind="shutdown",
        starts_at=T,
        ends_at=T + dt.timedelta(hours=6),
        reason="停产",
    )
    declaration_decide(
        actor=personas["officer"], declaration=declaration, accept=False, reason="生产记录显示正常生产"
    )
    declaration.refresh_from_db()
    assert declaration.status == "rejected" and declaration.decision_reason == "生产记录显示正常生产"
    assert Alarm.objects.get().status == AlarmStatus.OPEN
    assert PowerMeter.objects.count() == 0
