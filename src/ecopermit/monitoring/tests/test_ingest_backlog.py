"""Backlog after an outage (issue 10 §1): a logger uploading months-old data is answered, and its data is
stored and judged; nothing in the listener or the writer depends on the day (SQLite here; on PostgreSQL a
month without a partition lands in the DEFAULT partition, see ingest/partitions.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.core import clock
from ecopermit.monitoring.evaluation import evaluate
from ecopermit.monitoring.hj212.records import CHINA_TZ
from ecopermit.monitoring.models import Reading, Upload
from ecopermit.monitoring.models_alarms import Alarm, Watermark
from ecopermit.monitoring.tests.ingest_support import connect, drained, frame, read_answers

pytestmark = pytest.mark.django_db


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y%m%d%H0000")


def _backlog_hours() -> list[dt.datetime]:
    """Hours five months ago, one of them 200 days ago, and one seven years ago (before any partition)."""
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    return [now - dt.timedelta(days=150, hours=h) for h in range(3)] + [
        now - dt.timedelta(days=200),
        now - dt.timedelta(days=7 * 365),
    ]


def test_months_old_backlog_is_answered_and_stored(dl, ingest_server):  # type: ignore[no-untyped-def]
    server = ingest_server()
    hours = _backlog_hours()
    with connect(server) as sock:
        for i, hour in enumerate(hours):
            sock.sendall(frame("2061", _stamp(hour), qn=f"{_stamp(hour)}{i:03d}"))
        answers = read_answers(sock, count=len(hours))
    assert [a.packet.header["CN"] for a in answers] == ["9014"] * len(hours)
    drained(server)
    assert sorted(Upload.objects.values_list("data_time", flat=True)) == sorted(hours)
    stored = set(Reading.objects.filter(kind="hour", pollutant="w01018").values_list("time", flat=True))
    assert stored == set(hours)
    stats = server.server.writer.stats
    assert (stats.uploads, stats.skipped, stats.errors_by_kind) == (len(hours), 0, {})


def test_backlog_before_the_watermark_is_judged(dl, ingest_server):  # type: ignore[no-untyped-def]
    """The evaluation had moved past those hours while the logger was silent; the backlog is judged when it
    arrives (alarms are keyed by period, so nothing is raised twice)."""
    from ecopermit.monitoring.models import Datalogger
    from ecopermit.registry.models import OutletLimit

    # The logger was registered long ago and then fell silent: the evaluation moved on, raising missing data.
    Datalogger.objects.filter(pk=dl.pk).update(registered_at=clock.now() - dt.timedelta(days=130))
    OutletLimit.objects.create(
        outlet_id=dl.outlet_id,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        statistic="hourly",
        value=Decimal("100"),
        unit="mg/L",
        source="GB 8978-1996 表4",
        valid_from=clock.today() - dt.timedelta(days=3 * 365),
    )
    evaluate(now=clock.now())
    mark = Watermark.objects.get(outlet_id=dl.outlet_id)
    assert mark.hourly_until is not None
    assert Alarm.objects.filter(kind="missing_data").exists()
    server = ingest_server()
    hour = clock.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=120)
    with connect(server) as sock:
        sock.sendall(frame("2061", _stamp(hour), values={"w01018": "150"}))
        read_answers(sock)
    drained(server)
    assert hour < mark.hourly_until
    evaluate(now=clock.now())
    alarm = Alarm.objects.get(kind="exceedance")
    assert (alarm.period_start, alarm.value) == (hour, Decimal("150.0000"))
    evaluate(now=clock.now())
    assert Alarm.objects.filter(kind="exceedance").count() == 1
