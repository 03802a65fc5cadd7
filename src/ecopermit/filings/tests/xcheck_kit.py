"""Set-up shared by the cross-check, totals and history tests: a permitted shipyard with one flue-gas outlet, its
limits, execution reports and versions written directly, self-monitoring results and online hourly readings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from ecopermit.core import clock
from ecopermit.filings.models import (
    ExecutionReport,
    MonitoringPlanItem,
    MonitoringResult,
    ReportStatus,
    ReportVersion,
)
from ecopermit.filings.report_data import ReportData, as_json
from ecopermit.monitoring.judge import SHANGHAI

SO2 = "a21026"
D = Decimal
_numbers = iter(range(1, 10_000))


def last_year() -> int:
    """The year the tests report on: last year, whatever day the suite runs (ECOPERMIT_TEST_DATE)."""
    return clock.today().year - 1


def local(day: dt.date, hour: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def shipyard(personas) -> dict[str, Any]:
    """城东船舶修造's permit (2020–2035), outlet DA001 (flue gas) with an hourly SO2 limit of 50 mg/m³ and an annual
    total of 10 t/a."""
    from ecopermit.registry.models import Outlet, OutletLimit, Permit

    facility = personas["shipyard"]
    permit = Permit.objects.create(
        facility=facility,
        number="91330902MA2A0001X001P",
        management_class="key",
        issued_on=dt.date(2020, 1, 1),
        valid_until=dt.date(2035, 12, 31),
    )
    outlet = Outlet.objects.create(
        facility=facility, code="DA001", name="涂装废气排放口", medium="gas", kind="main"
    )
    for statistic, value, unit in (("hourly", "50", "mg/m3"), ("annual_total", "10", "t/a")):
        OutletLimit.objects.create(
            outlet=outlet,
            pollutant_code=SO2,
            pollutant_name="二氧化硫",
            statistic=statistic,
            value=D(value),
            unit=unit,
            source="排污许可证副本",
            valid_from=dt.date(2020, 1, 1),
        )
    return {**personas, "facility": facility, "permit": permit, "outlet": outlet}


def report(
    facility: Any,
    permit: Any,
    data: ReportData,
    *,
    kind: str = "annual",
    first: dt.date,
    last: dt.date,
    status: str = ReportStatus.SUBMITTED,
    by: Any,
    version: int = 1,
    review: str = "",
) -> ExecutionReport:
    """An execution report with its version, written as the report screens would have left it."""
    r = ExecutionReport.objects.create(
        number=f"ZX{first.year}-{next(_numbers):04d}",
        facility=facility,
        permit=permit,
        kind=kind,
        year=first.year,
        period_no=1 if kind == "annual" else (first.month - 1) // 3 + 1,
        period_start=first,
        period_end=last,
        covers_start=first,
        covers_end=last,
        due_on=last + dt.timedelta(days=15),
        due_source="HJ 944",
        status=status,
        created_at=clock.now(),
    )
    for v in range(1, version + 1):
        ReportVersion.objects.create(
            report=r,
            version=v,
            data=as_json(data),
            submitted_by=by,
            submitted_at=clock.now(),
            review=review if v == version else "returned",
        )
    return r


def lab_result(
    facility: Any, outlet: Any, on: dt.date, value: str, unit: str = "mg/m3", pollutant: str = SO2
):
    plan, _ = MonitoringPlanItem.objects.get_or_create(
        outlet=outlet,
        pollutant_code=pollutant,
        defaults={
            "facility": facility,
            "frequency": "quarterly",
            "source": "HJ 819",
            "valid_from": dt.date(2020, 1, 1),
            "created_at": clock.now(),
        },
    )
    return MonitoringResult.objects.create(
        plan_item=plan,
        sampled_on=on,
        laboratory="舟山海诚检测有限公司",
        method="HJ 57-2017",
        value=D(value),
        unit=unit,
        original_name="HC-2025-118.pdf",
        entered_at=clock.now(),
    )


def online(outlet: Any, start: dt.datetime, hours: int, *, so2: Any, flow_m3_s: float = 10.0) -> None:
    """A data logger on the outlet and ``hours`` hourly uploads from ``start``: SO2 (a number or a function of
    the hour's index) and the flue-gas flow a00000 in m³/s (HJ 212-2017 表B.2)."""
    from ecopermit.monitoring.models import Datalogger, Reading

    Datalogger.objects.get_or_create(
        outlet=outlet,
        defaults={"mn": f"8888{outlet.pk:010d}", "facility": outlet.facility, "password_sha256": "0" * 64},
    )
    rows = []
    for i in range(hours):
        t = start + dt.timedelta(hours=i)
        value = so2(i) if callable(so2) else so2
        rows.append(Reading(outlet=outlet, pollutant=SO2, kind="hour", time=t, value=value, flag="N"))
        rows.append(
            Reading(outlet=outlet, pollutant="a00000", kind="hour", time=t, value=flow_m3_s, flag="N")
        )
    Reading.objects.bulk_create(rows, batch_size=5000)
