"""monitoring.facade.monthly_means (issue 14): the portal's emissions against the standards, monthly."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.monitoring import facade
from ecopermit.monitoring.models import Reading, ReadingKind
from ecopermit.registry.models import Outlet

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_monthly_means_average_the_valid_hours_of_each_beijing_month(personas):
    outlet = Outlet.objects.create(
        facility=personas["shipyard"], code="DA001", name="废气", medium="gas", kind="main"
    )

    def hour(day: dt.datetime, value: float, flag: str = "N", code: str = "a24088") -> Reading:
        return Reading(outlet=outlet, pollutant=code, kind=ReadingKind.HOUR, time=day, value=value, flag=flag)

    Reading.objects.bulk_create(
        [
            hour(dt.datetime(2026, 3, 31, 23, tzinfo=BEIJING), 100),  # 31 March in Beijing (15:00 UTC)
            hour(dt.datetime(2026, 4, 1, 0, tzinfo=BEIJING), 10),  # 1 April in Beijing (31 March 16:00 UTC)
            hour(dt.datetime(2026, 4, 1, 1, tzinfo=BEIJING), 20),
            hour(dt.datetime(2026, 4, 1, 2, tzinfo=BEIJING), 999, flag="D"),  # invalid: not averaged
            hour(dt.datetime(2026, 4, 1, 3, tzinfo=BEIJING), 50, code="a00000"),  # the flow: left out
            hour(dt.datetime(2026, 6, 1, 0, tzinfo=BEIJING), 7),  # after ``until``
        ]
    )
    found = facade.monthly_means([outlet.pk], since=dt.date(2026, 3, 1), until=dt.date(2026, 5, 31))
    assert [(m.pollutant, m.month, m.mean, m.hours) for m in found] == [
        ("a24088", dt.date(2026, 3, 1), 100.0, 1),
        ("a24088", dt.date(2026, 4, 1), 15.0, 2),
    ]
