"""The asyncio TCP listener for HJ 212 data loggers (``ecopermit ingest``).

Per connection: the codec's ``Framer`` cuts the byte stream into frames (split and coalesced TCP segments
alike); each frame is checked (CRC and length by the codec, then MN registered and active, PW right, a data
upload has a DataTime) and archived. An accepted upload becomes a spool record; records are gathered for
``commit_window`` seconds, written with one ``os.write`` and made durable with one ``fsync`` (group commit),
and only then are their answers written: 9014 for an upload whose Flag has the A bit, 9013 for a
notification that asks for one [STD p.4 §6.1, notes §2]. A refused device gets 9011 with QnRtn 4 (MN error)
or 3 (PW error) [STD p.13 表7] and the connection is closed. Frames with a bad CRC or length get nothing
("接收到一条命令，如果 CRC 错误，执行结束").

Limits (``IngestConfig``): a frame must be complete within ``frame_deadline`` seconds of its first byte, a
connection that sends nothing for ``idle_timeout`` is closed, a declared length above ``max_data_length`` is
refused and closes the connection, ``bad_frames_close`` refused frames in a row close it, each connection may
have ``max_conn_pending`` frames awaiting their fsync (then its reading pauses), the bytes waiting for the
fsync are bounded by ``global_buffer`` and the spool by ``max_spool_bytes`` (then every connection pauses, so
the loggers keep their data: they retransmit what was not answered). Connections are capped in total and per
address; an address with ``auth_block_after`` refused logins is refused for ``auth_block_seconds``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecopermit.monitoring.hj212 import Frame, Framer, Rejected, crc16
from ecopermit.monitoring.ingest import status as status_file
from ecopermit.monitoring.ingest.archive import Archive
from ecopermit.monitoring.ingest.convert import STORED_CN, parse_data_time
from ecopermit.monitoring.ingest.spool import SpoolReader, SpoolWriter, encode_record
from ecopermit.monitoring.ingest.store import Device
from ecopermit.monitoring.ingest.writer import DbWriter, WriterProcess

log = logging.getLogger("ecopermit.ingest")

ANSWER_CN = frozenset({"9011", "9012", "9013", "9014"})
NOTIFY_CN = frozenset({"1013"})  # site → host notifications answered with 9013 [notes §2]


@dataclass
class IngestConfig:
    host: str = "127.0.0.1"
    port: int = 2120
    spool_dir: Path = Path("var/hj212-spool")
    archive_dir: Path = Path("var/hj212-archive")
    status_file: Path | None = Path("var/ingest-status.json")
    max_data_length: int = 4096  # the standard says 1024; real devices send up to ~1,600 (notes §1)
    frame_deadline: float = 30.0
    idle_timeout: float = 1800.0  # minute data every 10 min ⇒ 3× the longest usual interval
    max_connections: int = 2000
    per_ip_limit: int = 64  # 0 = no cap
    max_conn_pending: int = 256
    global_buffer: int = 64 * 1024 * 1024
    max_spool_bytes: int = 2 * 1024 * 1024 * 1024
    commit_window: float = 0.002
    bad_frames_close: int = 5
    auth_block_after: int = 5
    auth_block_seconds: float = 600.0
    split_timeout: float = 600.0
    writer_batch: int = 2000
    status_interval: float = 1.0
    devices_refresh: float = 30.0
    last_seen_flush: float = 10.0
    # Refused logins become audit events (等保 DJB-AUD-1: "auth failures on the ingest port"), one per
    # (address, MN, reason) and interval with the count, so a flood cannot flood the audit chain.
    refusal_audit_interval: float = 60.0
    refusal_audit_max_keys: int = 500
    # The database writer in a process of its own (its own GIL, the other core) rather than a thread.
    writer_process: bool = False


def answer(header: dict[str, str], cn: str, cp: str = "", *, v2005: bool = False) -> bytes:
    """An answer frame: the request's QN, ST=91, the device's PW and MN, Flag=4 (2017, no answer needed)."""
    parts = []
    if "QN" in header:
        parts.append(f"QN={header['QN']};")
    parts.append(f"ST=91;CN={cn};PW={header.get('PW', '')};MN={header.get('MN', '')};")
    parts.append("Flag=0;" if v2005 else "Flag=4;")
    data = f"{''.join(parts)}CP=&&{cp}&&".encode()
    return b"##%04d%s%04X\r\n" % (len(data), data, crc16(data))


class Connection(asyncio.Protocol):
    def __init__(self, server: IngestServer) -> None:
        self.server = server
        self.framer = Framer(max_data_length=server.config.max_data_length)
        self.transport: asyncio.Transport | None = None
        self.peer = "?"
        self.ip = "?"
        self.mn: str | None = None
        self.since = time.time()
        self.last_rx = time.monotonic()
        self.frame_started: float | None = None
        self.frames = 0
        self.pending = 0
        self.bad_run = 0
        self.paused = False
        self.closed = False
        self.authed: tuple[str, str | None] | None = None  # (MN, PW) it logged in with; a frame may omit PW

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # a stream server's protocol gets a stream transport
        self.transport = transport
        peer = transport.get_extra_info("peername") or ("?", 0)
        self.ip = str(peer[0])
        self.peer = f"{peer[0]}:{peer[1]}"
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self.server.connection_opened(self)

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return
        now = time.time()
        self.last_rx = time.monotonic()
        items = self.framer.feed(data)
        server = self.server
        for item in items:
            server.handle(self, item, now)
            if self.closed:
                return
        discarding = self.framer.discarding
        if discarding:
            # The framer reports a run of rejected bytes only when it ends; act on it now. The reason is read
            # from the framer's open run when it exposes one (an oversize declared length closes at once).
            issue = getattr(self.framer, "_run_issue", None)
            if getattr(issue, "code", None) == "frame_too_large":
                server.close(self, "closed_frame_too_large")
                return
            if discarding > server.max_garbage:
                server.close(self, "closed_garbage")
                return
        if self.framer.buffered:
            if items or self.frame_started is None:
                self.frame_started = self.last_rx
            if self.framer.buffered > server.max_buffer:
                server.close(self, "buffer_overflow")
        else:
            self.frame_started = None

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        now = time.time()
        for item in self.framer.close():  # a frame cut off mid-way: archived and counted, never stored
            if isinstance(item, Rejected):
                self.server.rejected(self, item, now)
        self.server.connection_closed(self)


class IngestServer:
    def __init__(
        self, config: IngestConfig, devices: dict[str, Device], *, shared_connection: Any = None
    ) -> None:
        self.config = config
        self.devices = devices
        self.max_buffer = config.max_data_length + 16
        self.max_garbage = max(16 * 1024, self.max_buffer)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.spool = SpoolWriter(config.spool_dir)
        self.reader = SpoolReader(config.spool_dir, live_seq=lambda: self.spool.live_seq)
        self.archive = Archive(config.archive_dir)
        self.writer: Any
        if config.writer_process:
            self.writer = WriterProcess(
                config.spool_dir,
                Path(config.spool_dir) / "writer-status.json",
                batch=config.writer_batch,
                split_timeout=config.split_timeout,
                last_seen_flush=config.last_seen_flush,
            )
        else:
            self.writer = DbWriter(
                self.reader,
                batch=config.writer_batch,
                split_timeout=config.split_timeout,
                devices_refresh=config.devices_refresh,
                last_seen_flush=config.last_seen_flush,
                on_devices=self._set_devices,
                last_seen_source=self._take_last_seen,
                shared_connection=shared_connection,
            )
        self.fsync_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-fsync")
        self.connections: set[Connection] = set()
        self.per_ip: dict[str, int] = defaultdict(int)
        self.auth_failures: dict[str, list[float]] = {}
        self.refusals: dict[tuple[str, str, str], list[Any]] = {}  # (ip, MN, reason) → [count, first, last]
        self._shared_connection = shared_connection
        self.blocked: dict[str, float] = {}
        self.last_seen: dict[str, tuple[float, str]] = {}
        self.errors: dict[str, int] = defaultdict(int)
        self.frames_total = 0
        self.accepted_total = 0
        self.acks_total = 0
        self.started_at = time.time()
        self._batch: list[bytes] = []
        self._batch_bytes = 0
        self._answers: list[tuple[Connection, bytes]] = []
        self._commit_handle: asyncio.TimerHandle | None = None
        self._committing: asyncio.Task[None] | None = None
        self._paused_all = False
        self._server: asyncio.base_events.Server | None = None
        self._stopping = False
        self._rate: tuple[float, int] = (time.monotonic(), 0)
        self.frames_per_second = 0.0
        self.bound_port: int | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.writer.start()  # replays whatever spool a previous run left, then follows the new one
        self._server = await self.loop.create_server(
            lambda: Connection(self), self.config.host, self.config.port, backlog=2048, reuse_address=True
        )
        self.bound_port = self._server.sockets[0].getsockname()[1]
        self._sweeper = self.loop.create_task(self._sweep())
        log.info("ingest: listening on %s:%s", self.config.host, self.bound_port)

    async def stop(self, *, drain_seconds: float = 5.0) -> None:
        """Stop accepting, answer what is already spooled, close connections, let the writer drain."""
        if self._stopping:
            return
        self._stopping = True
        if self._server is not None:
            self._server.close()
        for conn in list(self.connections):
            if conn.transport is not None and not conn.closed:
                with contextlib.suppress(RuntimeError):
                    conn.transport.pause_reading()
        if self._commit_handle is not None:
            self._commit_handle.cancel()
            self._commit_handle = None
        if self._committing is not None:
            await self._committing
        if self._batch or self._answers:
            await self._commit()
        for conn in list(self.connections):
            if conn.transport is not None:
                conn.transport.close()
        self._sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._sweeper
        assert self.loop is not None
        await self.loop.run_in_executor(self.fsync_pool, self.spool.close)
        self.writer.stop(drain_seconds=drain_seconds)
        await self.loop.run_in_executor(None, self.writer.join)
        if self.refusals:
            await self.loop.run_in_executor(None, self._audit_refusals, self._take_refusals())
        self.archive.close()
        self.fsync_pool.shutdown(wait=True)
        self._write_status(running=False)
        log.info("ingest: stopped (%s frames, %s answered)", self.frames_total, self.acks_total)

    # -- connections -------------------------------------------------------------------------------------

    def connection_opened(self, conn: Connection) -> None:
        transport = conn.transport
        assert transport is not None  # connection_made set it before telling the server
        cfg = self.config
        reason = None
        blocked_until = self.blocked.get(conn.ip)
        if blocked_until is not None and blocked_until > time.monotonic():
            reason = "blocked_address"
        elif len(self.connections) >= cfg.max_connections:
            reason = "too_many_connections"
        elif cfg.per_ip_limit and self.per_ip[conn.ip] >= cfg.per_ip_limit:
            reason = "too_many_from_address"
        elif self._stopping:
            reason = "stopping"
        if reason is not None:
            self.errors[reason] += 1
            conn.closed = True
            transport.abort()
            return
        self.connections.add(conn)
        self.per_ip[conn.ip] += 1
        if self._paused_all:
            transport.pause_reading()

    def connection_closed(self, conn: Connection) -> None:
        if conn in self.connections:
            self.connections.discard(conn)
            self.per_ip[conn.ip] -= 1
            if self.per_ip[conn.ip] <= 0:
                del self.per_ip[conn.ip]

    def close(self, conn: Connection, reason: str) -> None:
        if conn.closed:
            return
        self.errors[reason] += 1
        log.info("ingest: closing %s (%s): %s", conn.peer, conn.mn or "no MN yet", reason)
        conn.closed = True
        if conn.transport is not None:
            conn.transport.close()

    # -- frames ------------------------------------------------------------------------------------------

    def rejected(self, conn: Connection, item: Rejected, now: float) -> None:
        reason = item.reason
        self.errors[reason] += 1
        self.archive.write_reject(now, conn.peer, reason, item.offset, item.length)

    def handle(self, conn: Connection, item: Frame | Rejected, now: float) -> None:
        if isinstance(item, Rejected):
            self.rejected(conn, item, now)
            if item.reason == "frame_too_large":
                self.close(conn, "closed_frame_too_large")
                return
            conn.bad_run += 1
            if conn.bad_run >= self.config.bad_frames_close:
                self.close(conn, "closed_bad_frames")
            return
        self.frames_total += 1
        packet = item.packet
        raw = item.raw
        if packet.error is not None:
            code = packet.error.code
            self.errors[code] += 1
            self.archive.write(now, conn.peer, code, raw)
            conn.bad_run += 1
            if conn.bad_run >= self.config.bad_frames_close:
                self.close(conn, "closed_bad_frames")
            return
        header = packet.header
        mn = header.get("MN")
        pw = header.get("PW")
        if not mn:  # no device has an empty MN (an authenticated connection has one)
            self._refuse(conn, header, raw, now, "unknown_mn", 4)
            return
        if conn.authed is None or conn.authed != (mn, pw):
            device = self.devices.get(mn)
            if device is None:
                self._refuse(conn, header, raw, now, "unknown_mn", 4)
                return
            if not device.active:
                self._refuse(conn, header, raw, now, "inactive", 4)
                return
            if not device.password_ok(pw):
                self._refuse(conn, header, raw, now, "bad_password", 3)
                return
            conn.authed = (mn, pw)
            conn.mn = mn
        device = self.devices.get(mn)
        if device is None:  # removed by a reload since this connection logged in
            conn.authed = None
            self._refuse(conn, header, raw, now, "unknown_mn", 4)
            return
        conn.bad_run = 0
        conn.frames += 1
        self.last_seen[mn] = (now, conn.peer)
        cn = header.get("CN", "")
        flags = packet.flags
        wants_answer = flags is not None and flags.ack
        v2005 = str(packet.version) == "2005"
        if cn in STORED_CN:
            if parse_data_time(packet.cp.get("DataTime")) is None:
                # Never invent a measurement time (security notes §4.2): refused, counted, not answered.
                self.errors["no_datatime"] += 1
                self.archive.write(now, conn.peer, "no_datatime", raw)
                return
            record = encode_record(
                received_at=now,
                datalogger_id=device.id,
                outlet_id=device.outlet_id,
                peer=conn.peer,
                raw=raw,
                header=header,
                cp=packet.cp,
                warnings=[w.code for w in packet.warnings],
            )
            self.archive.write(now, conn.peer, "accepted", raw)
            self.accepted_total += 1
            self._enqueue(conn, record, answer(header, "9014", v2005=v2005) if wants_answer else None)
        elif cn in ANSWER_CN:
            self.archive.write(now, conn.peer, "answer", raw)
        elif cn in NOTIFY_CN:
            self.archive.write(now, conn.peer, "notify", raw)
            if wants_answer:
                self._enqueue(conn, None, answer(header, "9013", v2005=v2005))
        else:
            self.archive.write(now, conn.peer, "other", raw)
            if wants_answer:
                self._enqueue(conn, None, answer(header, "9014", v2005=v2005))

    def _refuse(
        self, conn: Connection, header: dict[str, str], raw: bytes, now: float, reason: str, qnrtn: int
    ) -> None:
        self.errors[reason] += 1
        self.archive.write(now, conn.peer, reason, raw)
        log.warning("ingest: refused %s from %s: %s", header.get("MN", "(no MN)"), conn.peer, reason)
        if conn.transport is not None and not conn.closed:
            conn.transport.write(answer(header, "9011", f"QnRtn={qnrtn}"))
        self._note_refusal(conn.ip, header.get("MN", ""), reason)
        failures = self.auth_failures.setdefault(conn.ip, [])
        mono = time.monotonic()
        failures[:] = [t for t in failures if mono - t < self.config.auth_block_seconds] + [mono]
        if self.config.auth_block_after and len(failures) >= self.config.auth_block_after:
            self.blocked[conn.ip] = mono + self.config.auth_block_seconds
            self.errors["address_blocked"] += 1
            log.warning(
                "ingest: %s blocked for %.0f s after %d refused logins",
                conn.ip,
                self.config.auth_block_seconds,
                len(failures),
            )
        self.close(conn, "closed_refused")

    def _note_refusal(self, ip: str, mn: str, reason: str) -> None:
        key = (ip, mn[:64], reason)
        if key not in self.refusals and len(self.refusals) >= self.config.refusal_audit_max_keys:
            key = (ip, "*", reason)  # past the bound: counted per address and reason only
        now = time.time()
        entry = self.refusals.get(key)
        if entry is None:
            self.refusals[key] = [1, now, now]
        else:
            entry[0] += 1
            entry[2] = now

    def _take_refusals(self) -> dict[tuple[str, str, str], list[Any]]:
        taken, self.refusals = self.refusals, {}
        return taken

    def _audit_refusals(self, batch: dict[tuple[str, str, str], list[Any]]) -> None:
        """In a worker thread: one audit event per (address, MN, reason) of the interval. When the database
        is away they go back into the next interval's batch (counts add up)."""
        from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

        from ecopermit.monitoring.ingest.store import audit_refusals

        if self._shared_connection is not None:  # tests: inside the test's transaction
            connections[DEFAULT_DB_ALIAS] = self._shared_connection
        try:
            audit_refusals(batch)
        except DatabaseError as exc:
            log.warning("ingest: refused logins not audited yet (%s); kept for the next try", exc)
            if self.loop is not None:
                self.loop.call_soon_threadsafe(self._merge_refusals, batch)
        finally:
            if self._shared_connection is None:
                connection.close()

    def _merge_refusals(self, batch: dict[tuple[str, str, str], list[Any]]) -> None:
        for key, (count, first, last) in batch.items():
            entry = self.refusals.get(key)
            if entry is None:
                self.refusals[key] = [count, first, last]
            else:
                entry[0] += count
                entry[1] = min(entry[1], first)
                entry[2] = max(entry[2], last)

    # -- group commit ------------------------------------------------------------------------------------

    def _enqueue(self, conn: Connection, record: bytes | None, ack: bytes | None) -> None:
        if record is not None:
            self._batch.append(record)
            self._batch_bytes += len(record)
        if ack is not None:
            self._answers.append((conn, ack))
            conn.pending += 1
            if (
                conn.pending >= self.config.max_conn_pending
                and not conn.paused
                and conn.transport is not None
            ):
                conn.paused = True
                conn.transport.pause_reading()
        if self._batch_bytes > self.config.global_buffer:
            self._pause_all("global_buffer")
        if self._committing is None and self._commit_handle is None:
            assert self.loop is not None
            self._commit_handle = self.loop.call_later(self.config.commit_window, self._start_commit)

    def _start_commit(self) -> None:
        self._commit_handle = None
        if self._committing is None:
            assert self.loop is not None
            self._committing = self.loop.create_task(self._commit_loop())

    async def _commit_loop(self) -> None:
        try:
            while self._batch or self._answers:
                await self._commit()
        finally:
            self._committing = None

    async def _commit(self) -> None:
        batch, self._batch = self._batch, []
        answers, self._answers = self._answers, []
        self._batch_bytes = 0
        assert self.loop is not None
        sync_archive = self.archive.flush()
        try:
            if batch:
                self.spool.append(b"".join(batch))
            await self.loop.run_in_executor(self.fsync_pool, self._sync, bool(batch), sync_archive)
        except OSError as exc:
            # Not durable, so not answered: the loggers will send these frames again.
            self.errors["spool_error"] += len(batch) or 1
            log.error("ingest: spool write failed (%s); %d frames not answered", exc, len(batch))
            for conn, _ack in answers:
                conn.pending -= 1
            self._resume_after_commit(answers)
            return
        by_conn: dict[Connection, list[bytes]] = {}
        for conn, ack in answers:
            conn.pending -= 1
            if not conn.closed:
                by_conn.setdefault(conn, []).append(ack)
        for conn, acks in by_conn.items():
            if conn.transport is not None and not conn.transport.is_closing():
                conn.transport.write(b"".join(acks) if len(acks) > 1 else acks[0])
                self.acks_total += len(acks)
        self._resume_after_commit(answers)

    def _sync(self, spool: bool, archive: bool) -> None:
        if spool:
            self.spool.sync()
        if archive:
            self.archive.sync()

    def _resume_after_commit(self, answers: list[tuple[Connection, bytes]]) -> None:
        for conn, _ack in answers:
            if conn.paused and conn.pending < self.config.max_conn_pending // 2 and not conn.closed:
                conn.paused = False
                if not self._paused_all and conn.transport is not None:
                    conn.transport.resume_reading()
        if (
            self._paused_all
            and self._batch_bytes <= self.config.global_buffer // 2
            and not self._spool_full()
        ):
            self._resume_all()

    def _pause_all(self, reason: str) -> None:
        if self._paused_all:
            return
        self._paused_all = True
        self.errors[f"paused_{reason}"] += 1
        log.warning("ingest: reading paused on every connection (%s)", reason)
        for conn in self.connections:
            if conn.transport is not None and not conn.closed:
                conn.transport.pause_reading()

    def _resume_all(self) -> None:
        self._paused_all = False
        for conn in self.connections:
            if conn.transport is not None and not conn.closed and not conn.paused:
                conn.transport.resume_reading()

    def _spool_full(self) -> bool:
        return self._spool_bytes > self.config.max_spool_bytes

    # -- periodic ----------------------------------------------------------------------------------------

    _spool_bytes = 0
    _spool_segments = 0

    async def _sweep(self) -> None:
        cfg = self.config
        interval = min(cfg.status_interval, max(0.05, min(cfg.frame_deadline, cfg.idle_timeout) / 4))
        next_status = 0.0
        next_devices = time.monotonic() + cfg.devices_refresh
        next_audit = time.monotonic() + cfg.refusal_audit_interval
        while True:
            await asyncio.sleep(interval)
            mono = time.monotonic()
            for conn in list(self.connections):
                if conn.closed or conn.paused or self._paused_all:
                    continue
                if conn.frame_started is not None and mono - conn.frame_started > cfg.frame_deadline:
                    self.close(conn, "frame_deadline")
                elif mono - conn.last_rx > cfg.idle_timeout:
                    self.close(conn, "idle_timeout")
            if self.archive.flush() and self.loop is not None:  # refusals and rejects commit nothing
                self.loop.run_in_executor(self.fsync_pool, self.archive.sync)
            for ip, until in list(self.blocked.items()):
                if until <= mono:
                    del self.blocked[ip]
            if mono >= next_audit:
                next_audit = mono + cfg.refusal_audit_interval
                if self.refusals and self.loop is not None:
                    self.loop.run_in_executor(None, self._audit_refusals, self._take_refusals())
            if cfg.writer_process and mono >= next_devices:
                next_devices = mono + cfg.devices_refresh
                assert self.loop is not None  # start() set it before starting this sweep
                self.loop.run_in_executor(None, self._reload_devices)
            if mono >= next_status:
                next_status = mono + cfg.status_interval
                if cfg.writer_process:
                    if not self.writer.is_alive() and not self._stopping:
                        self.errors["writer_restarted"] += 1
                        log.error("ingest: the database writer process died; starting a new one")
                        self.writer.restart()
                    _stats = self.writer.stats  # reads the writer's file, with its spool depth
                    self._spool_segments, self._spool_bytes = (
                        self.writer.spool_segments,
                        self.writer.spool_bytes,
                    )
                else:
                    self._spool_segments, self._spool_bytes = self.reader.depth()
                if self._spool_full():
                    self._pause_all("spool_full")
                elif self._paused_all and self._batch_bytes <= cfg.global_buffer // 2:
                    self._resume_all()
                self._write_status(running=True)

    # -- shared with the writer thread -------------------------------------------------------------------

    def _set_devices(self, devices: dict[str, Device]) -> None:
        self.devices = devices

    def _reload_devices(self) -> None:
        from django.db import DatabaseError, connection

        from ecopermit.monitoring.ingest.store import load_devices

        try:
            self.devices = load_devices()
        except DatabaseError as exc:
            log.warning("ingest: device table not reloaded (%s)", exc)
        finally:
            connection.close()

    def _take_last_seen(self) -> dict[str, tuple[float, str]]:
        seen, self.last_seen = self.last_seen, {}
        return seen

    # -- status ------------------------------------------------------------------------------------------

    def snapshot(self, *, running: bool = True) -> dict[str, Any]:
        mono = time.monotonic()
        last_mono, last_total = self._rate
        if mono - last_mono >= 0.5:
            self.frames_per_second = (self.frames_total - last_total) / (mono - last_mono)
            self._rate = (mono, self.frames_total)
        w = self.writer.stats
        return {
            "running": running,
            "pid": os.getpid(),
            "listen": f"{self.config.host}:{self.bound_port or self.config.port}",
            "started_at": self.started_at,
            "updated_at": time.time(),
            "connections": [
                {"mn": c.mn or "", "peer": c.peer, "since": c.since, "frames": c.frames}
                for c in sorted(self.connections, key=lambda c: (c.mn or "~", c.since))[:500]
            ],
            "connection_count": len(self.connections),
            "frames_total": self.frames_total,
            "accepted_total": self.accepted_total,
            "acks_total": self.acks_total,
            "frames_per_second": round(self.frames_per_second, 1),
            "errors": dict(sorted(self.errors.items())) | {f"db_{k}": v for k, v in w.errors_by_kind.items()},
            "paused": self._paused_all,
            "spool": {"segments": self._spool_segments, "bytes": self._spool_bytes},
            "writer": {
                "db_ok": w.db_ok,
                "lag_seconds": round(w.lag_seconds, 3),
                "uploads": w.uploads,
                "duplicates": w.duplicates,
                "readings": w.readings,
                "db_errors": w.db_errors,
                "last_error": w.last_error,
                "pending_splits": w.pending_splits,
            },
        }

    def _write_status(self, *, running: bool) -> None:
        if self.config.status_file is None:
            return
        try:
            status_file.write(self.config.status_file, self.snapshot(running=running))
        except OSError as exc:
            self.errors["status_write"] += 1
            log.warning("ingest: status file not written (%s)", exc)


class ServerThread:
    """Runs a listener on its own event loop in a thread (tests, the benchmark).

    ``share_connection``: the database writer uses this thread's connection (inside a test's transaction).
    """

    def __init__(
        self,
        config: IngestConfig,
        devices: dict[str, Device] | None = None,
        *,
        share_connection: bool = False,
    ) -> None:
        from ecopermit.monitoring.ingest.store import load_devices

        if devices is None:
            devices = load_devices()
        shared = None
        if share_connection:
            from django.db import DEFAULT_DB_ALIAS, connections

            shared = connections[DEFAULT_DB_ALIAS]
            shared.inc_thread_sharing()
        self._shared = shared
        self.server = IngestServer(config, devices, shared_connection=shared)
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ingest-loop", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self.server.start())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> ServerThread:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error
        return self

    @property
    def port(self) -> int:
        assert self.server.bound_port is not None
        return self.server.bound_port

    def call(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(*args)`` on the loop and return its result."""
        done = threading.Event()
        box: list[Any] = []

        def run() -> None:
            box.append(fn(*args))
            done.set()

        self.loop.call_soon_threadsafe(run)
        done.wait(10)
        return box[0] if box else None

    def stop(self, *, drain_seconds: float = 5.0) -> None:
        fut = asyncio.run_coroutine_threadsafe(self.server.stop(drain_seconds=drain_seconds), self.loop)
        fut.result(timeout=drain_seconds + 20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()
        if self._shared is not None:
            self._shared.dec_thread_sharing()
            self._shared = None
