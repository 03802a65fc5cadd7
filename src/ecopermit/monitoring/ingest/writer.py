"""The database writer: a thread that moves spooled frames into the database in bulk.

It reads the spool from where it stopped (at start: from the oldest segment left, which replays whatever a
kill -9 left behind), converts up to ``batch`` records into Upload and Reading rows, stores them in one
transaction, and only then lets the spool delete the segments it has finished. When the database call fails
(server down, network gone) it keeps the rows, backs off, and retries the same rows until they go in; the
listener meanwhile keeps spooling and acknowledging, so the spool grows and drains when the database returns.

Split packets (PNUM/PNO) are put back together here, keyed as the codec's ``Reassembler`` keys them
(MN, CN, DataTime, PNUM; never QN, which changes per part): every part was already spooled and acknowledged
on its own. A group still incomplete after ``split_timeout`` seconds is stored with what arrived and a
``split_incomplete`` warning. Segments holding parts of a pending group are kept, so a restart rebuilds it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)

from ecopermit.monitoring.ingest import store
from ecopermit.monitoring.ingest.convert import BEIJING, STORED_CN, ReadingRow, parse_data_time, readings
from ecopermit.monitoring.ingest.spool import Position, SpoolReader, SpoolRecord

log = logging.getLogger("ecopermit.ingest")

GroupKey = tuple[str, str, str, int]


@dataclass
class WriterStats:
    uploads: int = 0  # new Upload rows
    duplicates: int = 0  # uploads already stored
    readings: int = 0
    records: int = 0  # spool records processed
    skipped: int = 0  # records not stored (not a stored CN)
    db_ok: bool = True
    db_errors: int = 0
    last_error: str = ""
    lag_seconds: float = 0.0
    pending_splits: int = 0
    last_batch_at: float = 0.0
    errors_by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class _Group:
    pnum: int
    first_seq: int
    first_seen: float
    parts: dict[int, SpoolRecord] = field(default_factory=dict)


class DbWriter(threading.Thread):
    def __init__(
        self,
        reader: SpoolReader,
        *,
        batch: int = 2000,
        idle_sleep: float = 0.01,
        split_timeout: float = 600.0,
        retry_max: float = 5.0,
        devices_refresh: float = 30.0,
        last_seen_flush: float = 10.0,
        on_devices: Any = None,
        last_seen_source: Any = None,
        shared_connection: Any = None,
    ) -> None:
        super().__init__(name="ingest-db-writer", daemon=True)
        self.reader = reader
        self.batch = batch
        self.idle_sleep = idle_sleep
        self.split_timeout = split_timeout
        self.retry_max = retry_max
        self.devices_refresh = devices_refresh
        self.last_seen_flush = last_seen_flush
        self.on_devices = on_devices  # callable(dict[str, Device]) when the device table was reloaded
        self.last_seen_source = last_seen_source  # callable() -> dict[mn, (epoch, peer)] since the last call
        # Tests run the writer inside the test's transaction: it then uses the test thread's connection
        # (as Django's live-server thread does) and never closes it.
        self.shared_connection = shared_connection
        self.stats = WriterStats()
        self._stop = threading.Event()
        self._drain_deadline: float | None = None
        self._groups: dict[GroupKey, _Group] = {}
        self._retry: tuple[list[store.UploadRow], list[ReadingRow], Position | None] | None = None
        self._backoff = 0.0
        self._devices_at = time.monotonic()
        self._seen_at = time.monotonic()
        self.idle = threading.Event()  # set whenever the writer has nothing left to read
        self._seen: dict[str, tuple[float, str]] = {}  # last frame per MN, when no listener supplies it

    # -- control -----------------------------------------------------------------------------------------

    def stop(self, *, drain_seconds: float = 5.0) -> None:
        """Finish what is in the spool (up to ``drain_seconds``), then end; what is left stays spooled."""
        self._drain_deadline = time.monotonic() + drain_seconds
        self._stop.set()

    def run(self) -> None:
        if self.shared_connection is not None:
            connections[DEFAULT_DB_ALIAS] = self.shared_connection
        try:
            while True:
                busy = self.step()
                if self._stop.is_set() and (not busy or time.monotonic() >= (self._drain_deadline or 0)):
                    break
                if not busy:
                    self._stop.wait(self.idle_sleep if self._backoff == 0 else self._backoff)
        finally:
            with contextlib.suppress(DatabaseError):
                self._flush_last_seen(force=True)
            self._close()

    def _close(self) -> None:
        if self.shared_connection is None:
            connection.close()

    # -- one round ---------------------------------------------------------------------------------------

    def step(self) -> bool:
        """One round: returns True when it did (or tried to do) work."""
        self._maintenance()
        if self._retry is not None:
            return self._store(*self._retry)
        items = self.reader.read(self.batch)
        now = time.time()
        uploads: list[store.UploadRow] = []
        rows: list[ReadingRow] = []
        for record, position in items:
            self._convert(record, position, uploads, rows)
        for group in self._expired(now):
            self._emit_group(group, uploads, rows, complete=False)
        if not items and not uploads:
            self.stats.lag_seconds = 0.0
            self.idle.set()
            return False
        self.idle.clear()
        last = items[-1][1] if items else None  # the spool position this round reaches
        if items:
            self.stats.lag_seconds = max(0.0, now - items[-1][0].received_at)
        return self._store(uploads, rows, last)

    def _store(
        self, uploads: list[store.UploadRow], rows: list[ReadingRow], position: Position | None
    ) -> bool:
        try:
            new_uploads, new_readings = store.store_batch(uploads, rows)
        except (OperationalError, InterfaceError) as exc:
            self._db_failed(exc, uploads, rows, position)
            return False
        except DatabaseError as exc:
            # Not an outage: a row the database refuses. Store row by row so one bad row cannot block the rest.
            log.error("ingest: batch refused by the database (%s); storing row by row", exc)
            new_uploads, new_readings = self._store_one_by_one(uploads, rows)
        self._retry = None
        self._backoff = 0.0
        if not self.stats.db_ok:
            log.warning("ingest: database reachable again; draining the spool")
        self.stats.db_ok = True
        self.stats.uploads += new_uploads
        self.stats.duplicates += len(uploads) - new_uploads
        self.stats.readings += new_readings
        self.stats.last_batch_at = time.time()
        if position is not None:
            keep = min((g.first_seq for g in self._groups.values()), default=None)
            self.reader.commit(position, keep_from_seq=keep)
        return True

    def _store_one_by_one(self, uploads: list[store.UploadRow], rows: list[ReadingRow]) -> tuple[int, int]:
        new_u = new_r = 0
        for u in uploads:
            mine = [r for r in rows if r.time == u.data_time]
            try:
                a, b = store.store_batch([u], mine)
            except (OperationalError, InterfaceError):
                raise
            except DatabaseError as exc:
                self._count("db_refused")
                log.error("ingest: upload %s %s %s refused: %s", u.mn, u.cn, u.data_time, exc)
                continue
            new_u += a
            new_r += b
        return new_u, new_r

    def _db_failed(
        self,
        exc: Exception,
        uploads: list[store.UploadRow],
        rows: list[ReadingRow],
        position: Position | None,
    ) -> None:
        self._retry = (uploads, rows, position)
        self.stats.db_errors += 1
        self.stats.last_error = f"{type(exc).__name__}: {exc}"[:300]
        if self.stats.db_ok:
            log.error("ingest: database unreachable (%s); frames stay in the spool", exc)
        self.stats.db_ok = False
        self._backoff = min(self.retry_max, max(0.05, self._backoff * 2))
        with contextlib.suppress(DatabaseError):
            self._close()

    # -- conversion --------------------------------------------------------------------------------------

    def _convert(
        self, record: SpoolRecord, position: Position, uploads: list[store.UploadRow], rows: list[ReadingRow]
    ) -> None:
        self.stats.records += 1
        header = record.header
        cn = header.get("CN", "")
        if cn not in STORED_CN:
            self.stats.skipped += 1
            return
        pnum, pno = header.get("PNUM"), header.get("PNO")
        if pnum and pno and pnum.isdigit() and pno.isdigit() and int(pnum) > 1:
            key = (header.get("MN", ""), cn, record.cp.get("DataTime", ""), int(pnum))
            group = self._groups.get(key)
            if group is None:
                group = self._groups[key] = _Group(int(pnum), position.seq, record.received_at)
            group.parts[int(pno)] = record  # a retransmitted part replaces the earlier copy
            if len(group.parts) >= group.pnum:
                del self._groups[key]
                self._emit_group(group, uploads, rows, complete=True)
            self.stats.pending_splits = len(self._groups)
            return
        self._emit(record, record.cp, record.raw.decode("utf-8", "replace"), record.warnings, uploads, rows)

    def _expired(self, now: float) -> list[_Group]:
        out = [g for g in self._groups.values() if now - g.first_seen >= self.split_timeout]
        if out:
            self._groups = {k: g for k, g in self._groups.items() if now - g.first_seen < self.split_timeout}
            self.stats.pending_splits = len(self._groups)
        return out

    def _emit_group(
        self, group: _Group, uploads: list[store.UploadRow], rows: list[ReadingRow], *, complete: bool
    ) -> None:
        parts = [group.parts[i] for i in sorted(group.parts)]
        cp: dict[str, str] = {}
        warnings: list[str] = []
        for part in parts:
            cp.update(part.cp)
            warnings.extend(w for w in part.warnings if w not in warnings)
        if not complete:
            missing = [i for i in range(1, group.pnum + 1) if i not in group.parts]
            warnings.append("split_incomplete:" + ",".join(map(str, missing)))
            self._count("split_incomplete")
        raw = "\n".join(p.raw.decode("utf-8", "replace") for p in parts)
        self._emit(parts[0], cp, raw, warnings, uploads, rows)

    def _emit(
        self,
        record: SpoolRecord,
        cp: dict[str, str],
        raw: str,
        warnings: list[str],
        uploads: list[store.UploadRow],
        rows: list[ReadingRow],
    ) -> None:
        header = record.header
        cn = header.get("CN", "")
        when = parse_data_time(cp.get("DataTime"))
        if when is None:  # the listener refuses these; an old spool might still hold one
            self._count("no_datatime")
            return
        received = datetime.fromtimestamp(record.received_at, BEIJING)
        if self.last_seen_source is None:
            self._seen[header.get("MN", "")] = (record.received_at, record.peer)
        uploads.append(
            store.UploadRow(
                record.datalogger_id, header.get("MN", "")[:24], cn, when, (header.get("QN") or "")[:20],
                received, record.peer[:64], raw, list(warnings),
            )
        )  # fmt: skip
        found, skipped = readings(record.outlet_id, cn, when, cp)
        rows.extend(found)
        if skipped:
            self._count("code_too_long", len(skipped))

    def _count(self, kind: str, n: int = 1) -> None:
        self.stats.errors_by_kind[kind] = self.stats.errors_by_kind.get(kind, 0) + n

    # -- housekeeping ------------------------------------------------------------------------------------

    def _maintenance(self) -> None:
        now = time.monotonic()
        if self.on_devices is not None and now - self._devices_at >= self.devices_refresh:
            self._devices_at = now
            try:
                if self.shared_connection is None:
                    close_old_connections()
                self.on_devices(store.load_devices())
            except DatabaseError as exc:
                log.warning("ingest: device table not reloaded (%s)", exc)
                self._close()
        self._flush_last_seen()

    def _flush_last_seen(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._seen_at < self.last_seen_flush:
            return
        if not force and not self.stats.db_ok:
            return
        self._seen_at = now
        if self.last_seen_source is not None:
            seen = self.last_seen_source()
        else:
            seen, self._seen = self._seen, {}
        if not seen:
            return
        converted = {mn: (datetime.fromtimestamp(t, BEIJING), peer) for mn, (t, peer) in seen.items()}
        try:
            store.touch_loggers(converted)
        except DatabaseError as exc:
            log.warning("ingest: last-seen times not recorded (%s)", exc)
            self._close()


class WriterProcess:
    """The listener's handle on the writer process: the thread writer's interface (start/stop/join/stats)."""

    def __init__(self, spool_dir: Path, stats_file: Path, **options: Any) -> None:
        import multiprocessing

        from ecopermit.monitoring.ingest.writer_process import process_main

        ctx = multiprocessing.get_context("spawn")
        self.stats_file = Path(stats_file)
        self.stats_file.unlink(missing_ok=True)
        self._stop = ctx.Event()
        self._options = options
        self._spool_dir = spool_dir
        self._process = ctx.Process(
            target=process_main,
            args=(str(spool_dir), str(self.stats_file), options, self._stop),
            name="ingest-db-writer",
            daemon=False,
        )
        self._stats = WriterStats()
        self.spool_bytes = 0
        self.spool_segments = 0

    def start(self) -> None:
        self._process.start()

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def restart(self) -> None:
        """Start a new writer process after one died (it replays the spool from the oldest segment)."""
        import multiprocessing

        from ecopermit.monitoring.ingest.writer_process import process_main

        ctx = multiprocessing.get_context("spawn")
        self._process = ctx.Process(
            target=process_main,
            args=(str(self._spool_dir), str(self.stats_file), self._options, self._stop),
            name="ingest-db-writer",
        )
        self._process.start()

    def stop(self, *, drain_seconds: float = 5.0) -> None:
        self._options["drain_seconds"] = drain_seconds
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._process.join(timeout if timeout is not None else 60)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)

    @property
    def stats(self) -> WriterStats:
        import json

        try:
            data = json.loads(self.stats_file.read_text())
        except (OSError, ValueError):
            return self._stats
        self.spool_bytes = int(data.pop("spool_bytes", 0))
        self.spool_segments = int(data.pop("spool_segments", 0))
        data.pop("at", None)
        known = {k: v for k, v in data.items() if k in WriterStats.__dataclass_fields__}
        self._stats = WriterStats(**known)
        return self._stats
