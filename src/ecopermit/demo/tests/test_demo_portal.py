"""The portal's demo online data (issue 14): a year of hourly data under the limits, loaded once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.demo.portal import demo_portal_load
from ecopermit.monitoring import facade as monitoring
from ecopermit.monitoring.models import Datalogger, Reading
from ecopermit.registry.models import Facility, Outlet, OutletLimit

pytestmark = pytest.mark.django_db


def test_a_year_of_hourly_data_under_the_limit_once(personas):
    from ecopermit.core import clock

    facility = personas["shipyard"]
    Facility.objects.filter(pk=facility.pk).update(is_demo=True)
    outlet = Outlet.objects.create(facility=facility, code="DA001", name="废气", medium="gas", kind="main")
    OutletLimit.objects.create(
        outlet=outlet,
        pollutant_code="a34013",
        pollutant_name="颗粒物",
        statistic="hourly",
        value=Decimal("20"),
        unit="mg/m3",
        source="GB 16297-1996",
        valid_from=dt.date(2020, 1, 1),
    )
    Datalogger.objects.create(mn="A" * 24, facility=facility, outlet=outlet, password_sha256="0" * 64)
    assert demo_portal_load() == 365 * 24
    assert demo_portal_load() == 0
    assert max(Reading.objects.values_list("value", flat=True)) <= 16  # 80 % of the limit at most
    today = clock.today()
    months = monitoring.monthly_means([outlet.pk], since=today - dt.timedelta(days=365), until=today)
    assert len(months) in (12, 13) and all(m.mean < 20 for m in months)
