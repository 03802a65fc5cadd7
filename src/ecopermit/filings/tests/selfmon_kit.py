"""Shared set-up of the self-monitoring and ledger tests: a permit, outlets and limits written directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

SO2, NOX, PM, HG = "a21026", "a21002", "a34013", "a20057"
COD = "w01018"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def permit(
    facility: Any, *, number: str, cls: str = "key", issued: dt.date, until: dt.date | None = None
) -> Any:
    from ecopermit.registry.models import Permit

    return Permit.objects.create(
        facility=facility,
        number=number,
        management_class=cls,
        issued_on=issued,
        valid_until=until or issued.replace(year=issued.year + 5) - dt.timedelta(days=1),
    )


def outlet(
    facility: Any,
    code: str,
    *,
    medium: str = "gas",
    kind: str = "main",
    automatic: bool = False,
    limits: dict[tuple[str, str], str] | None = None,
    unit: str = "mg/m3",
    since: dt.date = dt.date(2020, 1, 1),
) -> Any:
    from ecopermit.registry.models import Outlet, OutletLimit

    o = Outlet.objects.create(
        facility=facility,
        code=code,
        name=f"{code}排放口",
        medium=medium,
        kind=kind,
        auto_monitoring_installed=automatic,
        auto_monitoring_networked=automatic,
    )
    for (pollutant, statistic), value in (limits or {}).items():
        OutletLimit.objects.create(
            outlet=o,
            pollutant_code=pollutant,
            pollutant_name={
                SO2: "二氧化硫",
                NOX: "氮氧化物",
                PM: "颗粒物",
                HG: "汞及其化合物",
                COD: "化学需氧量",
            }.get(pollutant, pollutant),
            statistic=statistic,
            value=Decimal(value),
            unit="t" if statistic == "annual_total" else unit,
            source="GB 13271-2014 表2",
            valid_from=since,
        )
    return o


@pytest.fixture
def shipyard_plant(personas):  # type: ignore[no-untyped-def]
    """The shipyard: a key-class permit from 2024, a main boiler stack (SO2 with an annual total, NOx, mercury),
    an automatically monitored coating-line stack, and a general wastewater outlet."""
    yard = personas["shipyard"]
    permit(yard, number="91330902MA2A0001XY001P", issued=dt.date(2024, 1, 1))
    boiler = outlet(
        yard,
        "DA001",
        limits={
            (SO2, "hourly"): "50",
            (SO2, "annual_total"): "12",
            (NOX, "hourly"): "150",
            (HG, "hourly"): "0.05",
        },
    )
    coating = outlet(yard, "DA002", automatic=True, limits={(PM, "hourly"): "20", (HG, "hourly"): "0.05"})
    water = outlet(yard, "DW001", medium="water", kind="general", limits={(COD, "daily"): "500"}, unit="mg/L")
    return {"boiler": boiler, "coating": coating, "water": water}


SH = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2025, 7, 1)


@pytest.fixture
def pinned_day():  # type: ignore[no-untyped-def]
    """The tests live on 1 July 2025, 10:00 Beijing time, whatever day the run is on (ECOPERMIT_TEST_DATE too)."""
    import time_machine

    with time_machine.travel(dt.datetime(2025, 7, 1, 10, tzinfo=SH), tick=False):
        yield TODAY


def audit(action: str) -> list[Any]:
    from ecopermit.core.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def notes(user: Any) -> list[Any]:
    from ecopermit.core.models import Notification

    return list(Notification.objects.filter(user=user).order_by("pk"))
