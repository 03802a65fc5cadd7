"""The database side of the listener: devices, bulk inserts of uploads and readings, last-seen updates.

Only the writer thread calls these (the event loop never waits on the database). Inserts are multi-row
``INSERT … ON CONFLICT DO NOTHING`` through ``executemany`` (what ``bulk_create(ignore_conflicts=True)`` emits,
without building a model instance per row: at 10,000 frames a second the instances alone would cost more
than a core): an Upload is stored once per (MN, CN, DataTime), a Reading once per (outlet, pollutant, kind,
time); a retransmitted frame changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from ecopermit.core.audit import context
from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.audit.services import audit_record
from ecopermit.monitoring.ingest.convert import ReadingRow
from ecopermit.monitoring.models import Datalogger, Reading, Upload


@dataclass(frozen=True, slots=True)
class Device:
    id: int
    mn: str
    outlet_id: int
    password_sha256: str
    active: bool

    def password_ok(self, password: str | None) -> bool:
        digest = hashlib.sha256((password or "").encode()).hexdigest()
        return hmac.compare_digest(digest, self.password_sha256)


def password_hash(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def load_devices() -> dict[str, Device]:
    return {
        mn: Device(pk, mn, outlet_id, pw, active)
        for pk, mn, outlet_id, pw, active in Datalogger.objects.values_list(
            "pk", "mn", "outlet_id", "password_sha256", "active"
        )
    }


@dataclass(frozen=True, slots=True)
class UploadRow:
    datalogger_id: int
    mn: str
    cn: str
    data_time: datetime
    qn: str
    received_at: datetime
    peer: str
    raw: str
    warnings: list[str]


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    qn = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING".format(  # noqa: S608 — names from model meta
        qn(table), ", ".join(qn(c) for c in columns), ", ".join(["%s"] * len(columns))
    )


_UPLOAD_COLUMNS = ("datalogger_id", "mn", "cn", "data_time", "qn", "received_at", "peer", "raw", "warnings")
_READING_COLUMNS = ("outlet_id", "pollutant", "kind", "time", "value", "minimum", "maximum", "cou", "flag")


def store_batch(uploads: Sequence[UploadRow], readings: Iterable[ReadingRow]) -> tuple[int, int]:
    """Insert in one transaction; returns (uploads inserted, readings inserted). Duplicates are ignored."""
    adapt = connection.ops.adapt_datetimefield_value
    times: dict[datetime, Any] = {}

    def t(value: datetime) -> Any:
        out = times.get(value)
        if out is None:
            out = times[value] = adapt(value)
        return out

    warnings_field = Upload._meta.get_field("warnings")
    upload_params = [
        (
            u.datalogger_id, u.mn, u.cn, t(u.data_time), u.qn, t(u.received_at), u.peer, u.raw,
            warnings_field.get_db_prep_save(u.warnings, connection),
        )
        for u in uploads
    ]  # fmt: skip
    reading_params = [
        (r.outlet_id, r.pollutant, r.kind, t(r.time), r.value, r.minimum, r.maximum, r.cou, r.flag)
        for r in readings
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        new_uploads = _insert(cursor, Upload._meta.db_table, _UPLOAD_COLUMNS, upload_params)
        new_readings = _insert(cursor, Reading._meta.db_table, _READING_COLUMNS, reading_params)
    return new_uploads, new_readings


# PostgreSQL column types, to insert a batch as arrays through unnest() (one statement, nine parameters).
_PG_TYPES = {
    "datalogger_id": "bigint", "outlet_id": "bigint", "mn": "text", "cn": "text", "data_time": "timestamptz",
    "qn": "text", "received_at": "timestamptz", "peer": "text", "raw": "text", "warnings": "text",
    "pollutant": "text", "kind": "text", "time": "timestamptz", "value": "float8", "minimum": "float8",
    "maximum": "float8", "cou": "float8", "flag": "text",
}  # fmt: skip


def _insert(cursor: Any, table: str, columns: Sequence[str], params: list[tuple[Any, ...]]) -> int:
    """Insert ignoring conflicts; returns the rows inserted. SQLite: ``executemany`` (a C loop in-process);
    PostgreSQL: one ``INSERT … SELECT FROM unnest(arrays)`` per batch (a multi-row VALUES with thousands of
    placeholders costs more to parse in the driver than to run)."""
    if not params:
        return 0
    if connection.vendor != "postgresql":
        cursor.executemany(_insert_sql(table, columns), params)
        return max(cursor.rowcount, 0)
    qn = connection.ops.quote_name
    arrays = [list(col) for col in zip(*params, strict=True)]
    if "warnings" in columns:
        at = columns.index("warnings")
        arrays[at] = [w if isinstance(w, str) else json.dumps(getattr(w, "obj", w)) for w in arrays[at]]
    names = [f"c{i}" for i in range(len(columns))]
    select = ", ".join(f"{n}::jsonb" if c == "warnings" else n for n, c in zip(names, columns, strict=True))
    unnest = ", ".join(f"%s::{_PG_TYPES[c]}[]" for c in columns)
    sql = "INSERT INTO {} ({}) SELECT {} FROM unnest({}) AS t({}) ON CONFLICT DO NOTHING".format(  # noqa: S608
        qn(table), ", ".join(qn(c) for c in columns), select, unnest, ", ".join(names)
    )
    cursor.execute(sql, arrays)
    return max(cursor.rowcount, 0)


def touch_loggers(seen: dict[str, tuple[datetime, str]]) -> None:
    """Record each device's last frame time and address (called every few seconds, not per frame)."""
    if not seen:
        return
    with transaction.atomic():
        for mn, (when, peer) in seen.items():
            Datalogger.objects.filter(mn=mn).update(last_seen_at=when, last_peer=peer[:64])


def audit_refusals(batch: dict[tuple[str, str, str], list[Any]]) -> int:
    """Audit events for refused device logins: ``(ip, MN, reason) → [count, first, last]`` (epoch seconds).
    All or none (one transaction); returns the number of events."""
    from datetime import UTC

    with transaction.atomic():
        for (ip, mn, reason), (count, first, last) in sorted(batch.items()):
            token = context.set_current(context.RequestContext(ip=ip if _is_ip(ip) else None))
            try:
                audit_record(
                    actor=None,
                    action="ingest.login_refused",
                    object_type="monitoring.datalogger",
                    object_id=mn,
                    outcome=AuditEvent.Outcome.FAILURE,
                    username=f"MN {mn}" if mn else "MN ?",
                    extra={
                        "reason": reason,
                        "count": count,
                        "first": datetime.fromtimestamp(first, UTC).isoformat(),
                        "last": datetime.fromtimestamp(last, UTC).isoformat(),
                        "address": ip,
                    },
                )
            finally:
                context.reset(token)
    return len(batch)


def _is_ip(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
