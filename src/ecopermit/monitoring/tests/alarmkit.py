"""Shared set-up of the alarm, electricity and view tests: outlets with limits and readings written directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from ecopermit.monitoring.judge import SHANGHAI

# 2026-11-02 00:00 Asia/Shanghai = 2026-11-01 16:00 UTC
DAY0 = dt.datetime(2026, 11, 2, tzinfo=SHANGHAI)


@pytest.fixture
def outlet_factory():  # type: ignore[no-untyped-def]
    from ecopermit.registry.models import Outlet, OutletLimit

    def make(facility: Any, code: str = "DA001", medium: str = "gas", limits: dict | None = None) -> Any:
        outlet = Outlet.objects.create(
            facility=facility,
            code=code,
            name=f"{code} 排放口",
            medium=medium,
            kind="main",
            auto_monitoring_installed=True,
            auto_monitoring_networked=True,
        )
        for (pollutant, statistic), value in (limits or {}).items():
            OutletLimit.objects.create(
                outlet=outlet,
                pollutant_code=pollutant,
                pollutant_name=pollutant,
                statistic=statistic,
                value=Decimal(str(value)),
                unit="mg/m3",
                source="GB 13271-2014",
                valid_from=dt.date(2026, 1, 1),
            )
        return outlet

    return make


@pytest.fixture
def logger_factory():  # type: ignore[no-untyped-def]
    from ecopermit.monitoring.models import Datalogger

    def make(outlet: Any, mn: str = "88888880000001", registered_at: dt.datetime | None = None) -> Any:
        logger = Datalogger.objects.create(
            mn=mn, facility=outlet.facility, outlet=outlet, password_sha256="0" * 64
        )
        if registered_at:
            Datalogger.objects.filter(pk=logger.pk).update(
                registered_at=registered_at, last_seen_at=registered_at
            )
            logger.refresh_from_db()
        return logger

    return make


def hours(
    outlet: Any, pollutant: str, start: dt.datetime, values: list, flag: str = "N", kind: str = "hour"
) -> None:
    """Hourly readings from ``start``, one per value; a value may be (value, flag)."""
    from ecopermit.monitoring.models import Reading

    rows = []
    for i, v in enumerate(values):
        value, f = v if isinstance(v, tuple) else (v, flag)
        rows.append(
            Reading(
                outlet=outlet,
                pollutant=pollutant,
                kind=kind,
                time=start + dt.timedelta(hours=i),
                value=value,
                flag=f,
            )
        )
    Reading.objects.bulk_create(rows)


def minutes(outlet: Any, pollutant: str, start: dt.datetime, values: list, step: int = 10) -> None:
    """Minute readings every ``step`` minutes; a value may be (value, flag)."""
    from ecopermit.monitoring.models import Reading

    rows = []
    for i, v in enumerate(values):
        value, f = v if isinstance(v, tuple) else (v, "N")
        rows.append(
            Reading(
                outlet=outlet,
                pollutant=pollutant,
                kind="min",
                time=start + dt.timedelta(minutes=step * i),
                value=value,
                flag=f,
            )
        )
    Reading.objects.bulk_create(rows)
