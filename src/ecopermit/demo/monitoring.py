"""Demo electricity monitoring and declarations (E4, M2): what the bureau sees before any simulator runs.

Six demo facilities get a production meter and a treatment meter, with three days of 15-minute power values
imported through the same CSV import an enterprise uses (``services.power_import``). Production runs from 08:00
to 18:00 Beijing time; the treatment equipment runs with it, except at two facilities where it was switched
off for two and a half hours one afternoon, which the electricity evaluation finds and raises as alarms (and
problems on the facilities' cases). The first demo enterprise has declared a maintenance period that awaits
the officer; the second's shutdown declaration was accepted.

Deterministic in shape, relative to the moment of loading; idempotent (nothing is created when the demo
meters exist).
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.monitoring import services
from ecopermit.monitoring.judge import SHANGHAI
from ecopermit.monitoring.models_alarms import Declaration, PowerMeter
from ecopermit.registry.models import Facility, FacilityAccess, Outlet

DAYS = 3
STEP = dt.timedelta(minutes=15)
PRODUCTION_HOURS = range(8, 18)
# (production kW, treatment kW) while running; idle draw otherwise.
RUNNING = (46.0, 17.5)
IDLE = 0.4


def _meter_id(facility: Facility, role: str) -> str:
    return f"DEMO-{facility.credit_code[-8:]}-{'P' if role == PowerMeter.Role.PRODUCTION else 'T'}"


def _csv(facility: Facility, start: dt.datetime, end: dt.datetime, switched_off: dt.datetime | None) -> bytes:
    """A metering system's export: 表号, 时间 (Beijing time), 功率 (kW) every 15 minutes."""
    out = io.StringIO()
    out.write("表号,时间,功率(kW)\n")
    moment = start
    while moment < end:
        local = moment.astimezone(SHANGHAI)
        running = local.hour in PRODUCTION_HOURS
        wobble = ((local.hour * 7 + local.minute) % 5) * 0.6
        production = RUNNING[0] + wobble if running else IDLE
        treatment = RUNNING[1] + wobble / 2 if running else IDLE
        if switched_off and switched_off <= moment < switched_off + dt.timedelta(hours=2, minutes=30):
            treatment = IDLE
        stamp = local.strftime("%Y-%m-%d %H:%M")
        out.write(f"{_meter_id(facility, PowerMeter.Role.PRODUCTION)},{stamp},{production:.1f}\n")
        out.write(f"{_meter_id(facility, PowerMeter.Role.TREATMENT)},{stamp},{treatment:.1f}\n")
        moment += STEP
    return out.getvalue().encode()


def _facilities() -> list[Facility]:
    """The two demo enterprises' facilities first, then demo facilities with an air outlet."""
    linked = list(
        FacilityAccess.objects.filter(user__username__in=["enterprise1", "enterprise2"])
        .order_by("user__username")
        .values_list("facility_id", flat=True)
    )
    with_air = (
        Outlet.objects.filter(facility__is_demo=True, medium="gas")
        .exclude(facility_id__in=linked)
        .order_by("facility_id")
        .values_list("facility_id", flat=True)
        .distinct()[:4]
    )
    ids = [*linked, *with_air]
    by_id = Facility.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@transaction.atomic
def demo_monitoring_load() -> int:
    """Creates the demo power meters, their data and two declarations once; returns the meters created."""
    if PowerMeter.objects.filter(meter_id__startswith="DEMO-").exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return 0
    now = clock.now()
    end = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    start = end - dt.timedelta(days=DAYS)
    afternoon = (end - dt.timedelta(days=1)).astimezone(SHANGHAI).replace(hour=13, minute=0)
    created = 0
    facilities = _facilities()
    for index, facility in enumerate(facilities):
        for role, name in (
            (PowerMeter.Role.PRODUCTION, "生产线总电源"),
            (PowerMeter.Role.TREATMENT, "污染治理设施电源"),
        ):
            services.meter_add(
                actor=officer, facility_id=facility.pk, name=name, role=role, threshold_kw=5.0,
                meter_id=_meter_id(facility, role),
            )  # fmt: skip
            created += 1
        switched_off = afternoon if index in (1, 3) else None
        services.power_import(
            actor=officer, facility_id=facility.pk, content=_csv(facility, start, end, switched_off),
            file_name="demo-power.csv",
        )  # fmt: skip
    services.electricity_evaluate(
        now=now, lookback=dt.timedelta(days=DAYS), facility_ids=[f.pk for f in facilities]
    )
    _declarations(facilities[:2], officer, now)
    return created


def _declarations(facilities: list[Facility], officer: User, now: dt.datetime) -> None:
    users = {a.facility_id: a.user for a in FacilityAccess.objects.select_related("user").filter(
        facility__in=facilities, user__username__in=["enterprise1", "enterprise2"])}  # fmt: skip
    for index, facility in enumerate(facilities):
        user = users.get(facility.pk)
        if user is None or Declaration.objects.filter(facility=facility).exists():
            continue
        day = (
            (now + dt.timedelta(days=3 + index * 4))
            .astimezone(SHANGHAI)
            .replace(hour=8, minute=0, second=0, microsecond=0)
        )
        declaration = services.declaration_submit(
            actor=user,
            facility_id=facility.pk,
            kind="maintenance" if index == 0 else "shutdown",
            starts_at=day,
            ends_at=day + dt.timedelta(hours=10 if index == 0 else 72),
            reason="在线监测设备季度校准维护，第三方运维单位现场作业。"
            if index == 0
            else "订单淡季停产检修，生产线及治理设施同步停运。",
        )
        if index == 1:
            services.declaration_decide(actor=officer, declaration=declaration, accept=True)
