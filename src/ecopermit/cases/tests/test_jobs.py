"""The daily deadline watch runs from the worker and from the command line (P5)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from ecopermit.cases import services
from ecopermit.cases.models import RectificationCase
from ecopermit.cases.states import Status
from ecopermit.cases.tasks import daily_deadline_watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(personas):  # type: ignore[no-untyped-def]
    problem = services.problem_raise(
        actor=personas["officer"],
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="氨氮超标",
        source="inspection",
    )
    services.notice_issue(
        actor=personas["officer"],
        case=problem.case,
        deadline=dt.date(2027, 3, 31),
        served_on=dt.date(2026, 12, 1),
    )
    return problem.case


def test_the_periodic_task_escalates_the_day_after_the_deadline(served):
    with time_machine.travel(dt.datetime(2027, 4, 1, 6, tzinfo=dt.UTC), tick=False):
        daily_deadline_watch()  # MemoryHuey in immediate mode runs it now
    assert RectificationCase.objects.get(pk=served.pk).status == Status.OVERDUE


def test_the_command_takes_a_date(served, capsys):
    call_command("cases", "tick", "--today", "2027-03-24")
    assert "reminders sent: 1" in capsys.readouterr().out
    assert RectificationCase.objects.get(pk=served.pk).last_reminder == 7
