"""The demo district has power meters with data, treatment switched off at two facilities (found by the
electricity evaluation, E4) and two declarations; loading twice adds nothing (issue 5 demo data)."""

from __future__ import annotations

import pytest

from ecopermit.cases.models import Problem
from ecopermit.demo.monitoring import DAYS, demo_monitoring_load
from ecopermit.demo.services import demo_load
from ecopermit.monitoring.models_alarms import Alarm, AlarmKind, Declaration, PowerMeter, PowerSample

pytestmark = pytest.mark.django_db


def test_meters_data_electricity_alarms_and_declarations_once():
    demo_load(facilities=40)
    assert demo_monitoring_load() == 12
    assert demo_monitoring_load() == 0
    assert PowerMeter.objects.count() == 12
    # Every 15 minutes for three days, each meter.
    assert PowerSample.objects.count() == 12 * DAYS * 24 * 4
    alarms = Alarm.objects.filter(kind=AlarmKind.ELECTRICITY)
    assert alarms.count() == 2
    # 2 h 30 min off; the last 15-minute value before switching back on closes the stretch.
    assert all(150 <= a.value <= 165 for a in alarms)
    assert Problem.objects.filter(kind="treatment_not_running").count() == 2
    assert set(Declaration.objects.values_list("status", flat=True)) == {"pending", "accepted"}
    linked = Declaration.objects.get(status="pending").facility
    assert linked.accesses.filter(user__username="enterprise1").exists()
