"""Shared personas for the whole suite (DESIGN rule 8: tests with named people)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.roles import Role
from ecopermit.core.models import Department, Park, Town
from ecopermit.core.services import district_file, district_load

PASSWORD = "Persona!2026"
_serial = itertools.count(1)
_session_travel: Any = None


def test_date() -> dt.datetime | None:
    """ECOPERMIT_TEST_DATE=YYYY-MM-DD: the day the whole test run lives on (10:00 Beijing time, ticking), so that
    the suite proves it passes on any day (issue 10 §1). The real clock is never mixed in: the run starts there."""
    raw = os.environ.get("ECOPERMIT_TEST_DATE", "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"ECOPERMIT_TEST_DATE={raw!r} is not a date in YYYY-MM-DD") from exc
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def pytest_configure(config: pytest.Config) -> None:
    global _session_travel
    start = test_date()
    if start is not None and _session_travel is None:
        # time-machine patches the wall clock only: time.monotonic and time.sleep stay real, so the listener's
        # timed waits and asyncio work as they do in production (libfaketime breaks them).
        _session_travel = time_machine.travel(start, tick=True)
        _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config: pytest.Config) -> str | None:
    start = test_date()
    return f"ecopermit: clock moved to {start.isoformat()} (ECOPERMIT_TEST_DATE)" if start else None


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: the public portal caches its pages and figures for a minute
    (issue 14), and a page cached by one test must not answer the next with another test's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def district(db):
    return district_load(actor=None, data=district_file("dinghai"))


@pytest.fixture
def make_user(district) -> Callable[..., User]:
    def make(
        role: str | None,
        username: str | None = None,
        *,
        town: str | None = None,
        park: str | None = None,
        department: str | None = None,
        **extra: Any,
    ) -> User:
        user = User.objects.create_user(
            username=username or f"user{next(_serial)}",
            password=PASSWORD,
            display_name=extra.pop("display_name", username or "persona"),
            **extra,
        )
        if role:
            RoleGrant.objects.create(
                user=user,
                role=role,
                town=Town.objects.get(name=town) if town else None,
                park=Park.objects.get(name=park) if park else None,
                department=Department.objects.get(name=department) if department else None,
            )
        return user

    return make


@pytest.fixture
def make_facility(district) -> Callable[..., Any]:
    from ecopermit.registry.credit_code import make_credit_code
    from ecopermit.registry.models import Facility, FacilityIndustry

    def make(
        name: str, town: str = "城东街道", *, park: str | None = None, industry: str = "3735", **fields: Any
    ) -> Facility:
        n = next(_serial)
        facility = Facility.objects.create(
            name=name,
            credit_code=make_credit_code(f"T{n:07d}"),
            town=Town.objects.get(name=town),
            park=Park.objects.get(name=park) if park else None,
            primary_industry=industry,
            lat=30.02,
            lon=122.1,
            **fields,
        )
        FacilityIndustry.objects.create(facility=facility, code=industry, is_primary=True)
        return facility

    return make


@pytest.fixture
def personas(make_user, make_facility) -> dict[str, Any]:
    """A small district: two shipyards in 城东街道, a fish processor in 金塘镇, a foundry in the 定海工业园区,
    and one person for every role."""
    from ecopermit.registry.models import FacilityAccess

    shipyard = make_facility("城东船舶修造有限公司", "城东街道", industry="3735")
    shipyard2 = make_facility("东港船厂", "城东街道", industry="3731")
    fish = make_facility("金塘水产食品有限公司", "金塘镇", industry="1361")
    foundry = make_facility("园区铸造厂", "岑港街道", park="定海工业园区", industry="3391")
    people = {
        "officer": make_user(Role.BUREAU_OFFICER, "officer"),
        "leader": make_user(Role.BUREAU_LEADER, "leader"),
        "town_chengdong": make_user(Role.TOWN_OFFICER, "town_chengdong", town="城东街道"),
        "town_jintang": make_user(Role.TOWN_OFFICER, "town_jintang", town="金塘镇"),
        "park_officer": make_user(Role.TOWN_OFFICER, "park_officer", park="定海工业园区"),
        "dept_jxj": make_user(Role.DEPARTMENT_OFFICER, "dept_jxj", department="区经信局"),
        "shipyard_manager": make_user(Role.ENTERPRISE, "shipyard_manager"),
        "fish_manager": make_user(Role.ENTERPRISE, "fish_manager"),
        "agency": make_user(Role.AGENCY, "agency"),
        "sysadmin": make_user(Role.SYSTEM_ADMIN, "sysadmin"),
        "secadmin": make_user(Role.SECURITY_ADMIN, "secadmin"),
        "auditadmin": make_user(Role.AUDIT_ADMIN, "auditadmin"),
        "nobody": make_user(None, "nobody"),
    }
    FacilityAccess.objects.create(user=people["shipyard_manager"], facility=shipyard)
    FacilityAccess.objects.create(user=people["fish_manager"], facility=fish)
    FacilityAccess.objects.create(user=people["agency"], facility=shipyard)
    FacilityAccess.objects.create(user=people["agency"], facility=foundry)
    return {**people, "shipyard": shipyard, "shipyard2": shipyard2, "fish": fish, "foundry": foundry}


@pytest.fixture
def login(client) -> Callable[[User], Any]:
    def do(user: User) -> Any:
        client.force_login(user)
        session = client.session
        from ecopermit.core import clock

        session["login_at"] = session["last_activity"] = clock.now().timestamp()
        session["otp"] = "none"  # as the sign-in page leaves it for an account without an authenticator
        session.save()
        return client

    return do
