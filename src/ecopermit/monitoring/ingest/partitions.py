"""Monthly partitions of the readings table on PostgreSQL (DESIGN "Running it": partitioned by month).

``monitoring_reading`` is ``PARTITION BY RANGE (time)`` with the composite primary key (outlet, pollutant,
kind, time) — the key holds the partition column, as PostgreSQL requires — one partition per month
(``monitoring_reading_y2026m11``) and a DEFAULT partition for anything outside them. ``ensure_partitions``
creates the months that are missing; when the DEFAULT partition already holds rows of such a month (data
backfilled before its partition existed) they are moved into the new partition in the same transaction.
Nothing here runs on SQLite. The migration creates 2020-01 up to three months ahead; the huey worker runs
``ensure_partitions`` daily and ``ecopermit monitoring_partitions`` does it by hand.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from ecopermit.core import clock

TABLE = "monitoring_reading"
DEFAULT = f"{TABLE}_default"
FIRST_MONTH = date(2020, 1, 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def is_partitioned(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = %s",
        [TABLE],
    )
    return cursor.fetchone() is not None


def existing_partitions(cursor) -> set[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
        [TABLE],
    )
    return {row[0] for row in cursor.fetchall()}


def _bound(month: date) -> str:
    # Bounds in Beijing time: a month of Beijing-time data sits in one partition.
    return f"{month.isoformat()} 00:00:00+08:00"


def create_month(cursor, month: date) -> None:
    name = partition_name(month)
    lo, hi = _bound(month), _bound(add_months(month, 1))
    cursor.execute(f"SELECT 1 FROM {DEFAULT} WHERE time >= %s AND time < %s LIMIT 1", [lo, hi])  # noqa: S608
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM ('{lo}') TO ('{hi}')")
        return
    # Rows of this month already sit in DEFAULT: move them into a new table, then attach it.
    cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT} WHERE time >= %s AND time < %s RETURNING *) "  # noqa: S608
        f"INSERT INTO {name} SELECT * FROM moved",
        [lo, hi],
    )
    cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM ('{lo}') TO ('{hi}')")


def ensure_partitions(*, ahead: int = 3, start: date | None = None, today: date | None = None) -> list[str]:
    """Create the missing monthly partitions from ``start`` to ``ahead`` months after this month."""
    if connection.vendor != "postgresql":
        return []

    today = today or clock.today()
    first = (start or FIRST_MONTH).replace(day=1)
    last = add_months(today.replace(day=1), ahead)
    created = []
    with transaction.atomic(), connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return []
        have = existing_partitions(cursor)
        month = first
        while month <= last:
            if partition_name(month) not in have:
                create_month(cursor, month)
                created.append(partition_name(month))
            month = add_months(month, 1)
    return created


COLUMNS = "outlet_id, pollutant, kind, time, value, minimum, maximum, cou, flag"
CREATE_PARTITIONED = f"""
CREATE TABLE {TABLE}_p (
    outlet_id bigint NOT NULL,
    pollutant varchar(10) NOT NULL,
    kind varchar(4) NOT NULL,
    time timestamp with time zone NOT NULL,
    value double precision NULL,
    minimum double precision NULL,
    maximum double precision NULL,
    cou double precision NULL,
    flag varchar(2) NOT NULL,
    CONSTRAINT {TABLE}_p_pkey PRIMARY KEY (outlet_id, pollutant, kind, time)
) PARTITION BY RANGE (time)
"""


def partition_table(schema_editor, months_ahead: int = 3) -> None:
    """Migration step: recreate ``monitoring_reading`` partitioned by month (rows copied over)."""
    if schema_editor.connection.vendor != "postgresql":
        return

    with schema_editor.connection.cursor() as cursor:
        if is_partitioned(cursor):
            return
        cursor.execute(CREATE_PARTITIONED)
        cursor.execute(f"CREATE TABLE {DEFAULT}_p PARTITION OF {TABLE}_p DEFAULT")
        cursor.execute(f"INSERT INTO {TABLE}_p ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE}")  # noqa: S608
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE}_p RENAME TO {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {TABLE}_p_pkey TO {TABLE}_pkey")
        cursor.execute(f"ALTER TABLE {DEFAULT}_p RENAME TO {DEFAULT}")
        cursor.execute(f'CREATE INDEX "monitoring_reading_outlet_id_ac8c6213" ON {TABLE} (outlet_id)')
        last = add_months(clock.today().replace(day=1), months_ahead)
        month = FIRST_MONTH
        while month <= last:
            create_month(cursor, month)
            month = add_months(month, 1)


def unpartition_table(schema_editor) -> None:
    """Reverse of ``partition_table``: a plain table again, rows copied back."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return
        cursor.execute(f"CREATE TABLE {TABLE}_plain (LIKE {TABLE} INCLUDING DEFAULTS)")
        cursor.execute(f"INSERT INTO {TABLE}_plain ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE}")  # noqa: S608
        cursor.execute(f"DROP TABLE {TABLE} CASCADE")
        cursor.execute(f"ALTER TABLE {TABLE}_plain RENAME TO {TABLE}")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (outlet_id, pollutant, kind, time)"
        )
        cursor.execute(f'CREATE INDEX "monitoring_reading_outlet_id_ac8c6213" ON {TABLE} (outlet_id)')
