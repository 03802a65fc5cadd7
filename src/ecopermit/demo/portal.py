"""Demo online data for the public portal's "emissions against the standards" (issue 14, K2): a year of hourly
averages for two demo outlets with a networked data logger (the first waste-gas and the first waste-water one),
for their first two limited pollutants, always well under the limit (35–80 %: no exceedance, no alarm).

Deterministic (seeded by the outlet) and idempotent: an outlet that has any online data already gets none.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from ecopermit.core import clock
from ecopermit.monitoring.models import Datalogger, Reading, ReadingKind
from ecopermit.registry.models import OutletLimit

DAYS = 365
POLLUTANTS_PER_OUTLET = 2


def _outlets() -> list[int]:
    chosen: dict[str, int] = {}
    for outlet_id, medium in (
        Datalogger.objects.filter(outlet__facility__is_demo=True)
        .order_by("outlet_id")
        .values_list("outlet_id", "outlet__medium")
    ):
        chosen.setdefault(medium, outlet_id)
    return sorted(chosen.values())


@transaction.atomic
def demo_portal_load() -> int:
    """Adds the year of hourly data; returns how many readings were created."""
    tz = timezone.get_current_timezone()
    end = dt.datetime.combine(clock.today(), dt.time.min, tzinfo=tz)  # up to yesterday's last hour
    start = end - dt.timedelta(days=DAYS)
    created = 0
    for outlet_id in _outlets():
        if Reading.objects.filter(outlet_id=outlet_id).exists():
            continue
        limits: dict[str, float] = {}
        for code, value in (
            OutletLimit.objects.filter(outlet_id=outlet_id, statistic__in=["hourly", "daily"])
            .order_by("pollutant_code")
            .values_list("pollutant_code", "value")
        ):
            if code not in limits and len(limits) < POLLUTANTS_PER_OUTLET:
                limits[code] = float(value)
        rng = random.Random(f"portal-demo-{outlet_id}")
        rows = []
        hours = int((end - start) / dt.timedelta(hours=1))
        for n in range(hours):
            moment = start + dt.timedelta(hours=n)
            season = 0.5 + 0.5 * math.sin(2 * math.pi * moment.timetuple().tm_yday / 365)
            for code, limit in limits.items():
                share = min(0.8, 0.35 + 0.25 * season + rng.uniform(-0.05, 0.1))
                rows.append(
                    Reading(
                        outlet_id=outlet_id,
                        pollutant=code,
                        kind=ReadingKind.HOUR,
                        time=moment,
                        value=round(limit * share, 3),
                        flag="N",
                    )
                )
        Reading.objects.bulk_create(rows, batch_size=5000)
        created += len(rows)
    return created
