"""The demo data loggers and the simulator (issue 5 "The demo")."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from ecopermit.demo.dataloggers import demo_dataloggers_load, demo_mn, demo_password
from ecopermit.monitoring.hj212 import decode
from ecopermit.monitoring.ingest.simulator import Generator, SimLogger, run
from ecopermit.monitoring.models import Datalogger, Upload
from ecopermit.monitoring.tests.ingest_support import drained

BEIJING = timezone(timedelta(hours=8))
LOGGER = SimLogger(
    "0100000A8900016F000169DC", "123456", "water", {"w01018": 50.0, "w21003": 5.0, "w01001": 9.0}
)


def test_packets_are_valid_2017_with_answer_requested():
    gen = Generator(LOGGER, seed=1)
    now = datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING)
    for cn, packet, _when in gen.due(now, now):
        p = decode(packet)
        assert p.crc_ok and p.error is None and p.header["Flag"] == "5" and p.header["CN"] == cn
    assert [cn for cn, _p, _w in gen.due(now, now)] == ["2051", "2061"]
    midnight = now.replace(hour=0)
    assert [cn for cn, _p, _w in gen.due(midnight, midnight, minute_data=False)] == ["2061", "2031"]


def test_same_seed_same_data_and_exceedances_happen():
    """Deterministic with --seed; over a week some hours exceed the limit, most do not."""
    a, b = Generator(LOGGER, seed=7), Generator(LOGGER, seed=7)
    start = datetime(2026, 11, 1, tzinfo=BEIJING)
    hours = [start + timedelta(hours=h) for h in range(24 * 7)]
    assert [a.value("w01018", h) for h in hours] == [b.value("w01018", h) for h in hours]
    over = sum(
        1 for h in hours for code, lim in LOGGER.limits.items() if code != "w01001" and a.value(code, h) > lim
    )
    assert 0 < over < len(hours) // 4
    assert Generator(LOGGER, seed=8).value("w01018", hours[0]) != a.value("w01018", hours[0])


def test_bad_crc_now_and_then():
    gen = Generator(LOGGER, seed=3, bad_crc=0.5)
    start = datetime(2026, 11, 1, tzinfo=BEIJING)
    results = [
        gen.corrupt(gen.minute(start + timedelta(minutes=m), start), start + timedelta(minutes=m))
        for m in range(40)
    ]
    bad = [r for r in results if r is not None]
    assert bad and len(bad) < 40 and all(not decode(r).crc_ok for r in bad)


@pytest.mark.django_db
def test_demo_loggers_registered_idempotently(make_facility):  # type: ignore[no-untyped-def]
    from ecopermit.registry.models import Outlet

    facility = make_facility("演示化工厂", is_demo=True)
    Outlet.objects.create(facility=facility, code="DA001", name="废气排口", medium="gas", kind="main",
                          auto_monitoring_installed=True, auto_monitoring_networked=True)  # fmt: skip
    Outlet.objects.create(facility=facility, code="DA002", name="未联网", medium="gas", kind="main",
                          auto_monitoring_installed=True, auto_monitoring_networked=False)  # fmt: skip
    assert demo_dataloggers_load() == 1
    assert demo_dataloggers_load() == 0
    dl = Datalogger.objects.get()
    assert dl.mn == demo_mn(facility.credit_code, "DA001") and len(dl.mn) == 24
    from ecopermit.monitoring.ingest.store import password_hash

    assert dl.password_sha256 == password_hash(demo_password(dl.mn))


@pytest.mark.django_db
def test_simulator_once_against_the_listener(dl, ingest_server):  # type: ignore[no-untyped-def]
    """--once: a minute and an hourly packet per logger, each answered, both stored."""
    server = ingest_server()
    sim = SimLogger(dl.mn, "123456", "water", {"w01018": 50.0})
    stats = asyncio.run(run([sim], "127.0.0.1", server.port, once=True, bad_crc=0.0))
    assert (stats.sent, stats.answered, stats.unanswered) == (2, 2, 0)
    drained(server)
    assert sorted(Upload.objects.values_list("cn", flat=True)) == ["2051", "2061"]


def test_gas_logger_sends_o2_and_converted_values_that_the_judge_agrees_with():
    """Issue 10: a boiler's logger sends a19001 and -ZsAvg for its converted limit; converting its measured
    -Avg with its O2 by GB 13271-2014 §5.2 gives back (about) the -ZsAvg it sent; exceeding hours go over
    range (T) now and then."""
    from decimal import Decimal

    from ecopermit.monitoring.hj212.records import data_area
    from ecopermit.monitoring.judge import convert_to_reference

    boiler = SimLogger("88888880000001", "123456", "gas", {"a21026": 50.0, "a01010": 1.0}, {"a21026": 3.5})
    gen = Generator(boiler, seed=5, exceed=0.5)
    start = datetime(2026, 11, 1, tzinfo=BEIJING)
    flags = []
    for h in range(24 * 7):
        hour = start + timedelta(hours=h)
        area = data_area(decode(gen.hour(hour, hour)).cp)
        so2, o2 = area.records["a21026"], area.records["a19001"]
        assert "ZsAvg" not in area.records["a01010"].fields  # 林格曼黑度 is not converted
        if h == 0:  # one sample: the hour's converted value is the measured one at the hour's O2
            minute = data_area(decode(gen.minute(hour, hour)).cp)
            so2m, o2m = minute.records["a21026"], minute.records["a19001"]
            back = convert_to_reference(so2m.avg, o2m.avg, Decimal("3.5"))
            assert abs(back - so2m.zs_avg) < Decimal("0.01")
        assert so2.zs_avg is not None and o2.avg is not None
        flags.append(so2.flag)
    assert "T" in flags and "N" in flags


def test_a_stuck_device_sends_only_b_flags_for_eight_hours():
    gen = Generator(LOGGER, seed=2, stuck=1.0)
    day = datetime(2026, 11, 3, tzinfo=BEIJING)
    flags = [gen.flag("w01018", day + timedelta(hours=h, minutes=m)) for h in range(24) for m in (0, 30)]
    assert flags[4:20] == ["B"] * 16  # 02:00-10:00
    assert "B" not in flags[:4] + flags[20:]
    assert not any(Generator(LOGGER, seed=2, stuck=0.0).is_stuck(day + timedelta(days=d)) for d in range(30))
