"""Objects the every-URL walk needs for the monitoring pages (tests/test_every_url.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.core import clock, numbering
    from ecopermit.monitoring.models_alarms import Alarm, Declaration
    from ecopermit.registry.models import Outlet
    from ecopermit.registry.selectors import facilities_visible

    facility = (facilities_visible(scope_of(user)).order_by("pk").first() if user else None) or personas[
        "shipyard"
    ]
    outlet = Outlet.objects.filter(facility=facility).first() or Outlet.objects.create(
        facility=facility, code="DA901", name="样例排放口", medium="gas", kind="main"
    )
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    alarm = Alarm.objects.filter(facility=facility).first() or Alarm.objects.create(
        number=numbering.next_reference("alarm", clock.today().year),
        kind="exceedance",
        facility=facility,
        outlet=outlet,
        pollutant="a21026",
        statistic="hourly",
        period_start=now,
        period_end=now + dt.timedelta(hours=1),
        episode_start=now,
        created_at=now,
        updated_at=now,
    )
    declaration = Declaration.objects.filter(facility=facility).first() or Declaration.objects.create(
        facility=facility,
        kind="maintenance",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=8),
        reason="检修",
        submitted_at=now,
    )
    return {
        "monitoring:alarm_detail": alarm.pk,
        "monitoring:alarm_close": alarm.pk,
        "monitoring:declaration_detail": declaration.pk,
        "monitoring:declaration_decide": declaration.pk,
    }
