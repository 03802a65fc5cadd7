"""The readings table is partitioned by month on PostgreSQL (DESIGN "Running it"; issue 5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.db import connection

from ecopermit.monitoring.ingest import partitions
from ecopermit.monitoring.models import Reading

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL only"),
]
BEIJING = timezone(timedelta(hours=8))


def _partition_of(outlet_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM monitoring_reading WHERE outlet_id = %s", [outlet_id]
        )
        return cursor.fetchone()[0]


def test_table_is_partitioned_with_months_and_a_default(dl):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor)
        have = partitions.existing_partitions(cursor)
    assert {
        "monitoring_reading_default",
        "monitoring_reading_y2020m01",
        "monitoring_reading_y2026m11",
    } <= have
    Reading.objects.create(outlet_id=dl.outlet_id, pollutant="w01018", kind="hour",
                           time=datetime(2026, 11, 1, 0, 30, tzinfo=BEIJING), value=1.0)  # fmt: skip
    assert _partition_of(dl.outlet_id) == "monitoring_reading_y2026m11"  # Beijing-time month


def test_ensure_partitions_moves_rows_out_of_default(dl):  # type: ignore[no-untyped-def]
    """A backfill older than the first partition lands in DEFAULT; creating its month moves it there."""
    Reading.objects.create(outlet_id=dl.outlet_id, pollutant="w01018", kind="hour",
                           time=datetime(2018, 5, 3, tzinfo=BEIJING), value=2.0)  # fmt: skip
    assert _partition_of(dl.outlet_id) == "monitoring_reading_default"
    created = partitions.ensure_partitions(start=date(2018, 5, 1), today=date(2026, 11, 28))
    assert "monitoring_reading_y2018m05" in created
    assert _partition_of(dl.outlet_id) == "monitoring_reading_y2018m05"
    assert Reading.objects.get(outlet_id=dl.outlet_id).value == 2.0
    assert partitions.ensure_partitions(start=date(2018, 5, 1), today=date(2026, 11, 28)) == []


def test_command_prepares_coming_months(capsys):  # type: ignore[no-untyped-def]
    call_command("monitoring_partitions", "--ahead", "30")
    assert "新建月分区" in capsys.readouterr().out
    with connection.cursor() as cursor:
        have = partitions.existing_partitions(cursor)
    far = partitions.add_months(date.today().replace(day=1), 30)
    assert partitions.partition_name(far) in have
