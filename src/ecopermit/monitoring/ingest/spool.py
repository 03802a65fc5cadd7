"""The on-disk spool: every accepted frame is here, fsync'd, before its answer goes out.

A spool directory holds segments ``seg-<12-digit sequence>.spool``. The listener appends to one live
segment and starts a new one every ``SEGMENT_SECONDS`` or ``SEGMENT_BYTES``; a new listener never appends to an
old segment, it starts after the highest sequence it finds. A segment is a run of records::

    u32 little-endian payload length | u32 CRC-32 (zlib) of the payload | payload

The payload is ``marshal`` of a tuple (format version 1)::

    (1, received_at epoch seconds, datalogger id, outlet id, peer "ip:port", raw frame bytes,
     header dict, cp dict, warning codes)

so the database writer need not decode the frame again. A record is written by one ``os.write`` of the whole
batch and made durable by one ``fsync`` (group commit). After a kill -9 the tail of the last segment may hold
a torn record (short, or a CRC that does not match): it was never acknowledged, the reader stops there.

The writer reads segments in order and deletes one once its records are in the database and the listener has
moved on to a later segment. Replaying a record twice is harmless: the database insert ignores duplicates.
"""

from __future__ import annotations

import marshal
import os
import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RECORD_HEADER = struct.Struct("<II")
FORMAT_VERSION = 1
SEGMENT_BYTES = 16 * 1024 * 1024
SEGMENT_SECONDS = 1.0
_PREFIX = "seg-"
_SUFFIX = ".spool"


@dataclass(frozen=True, slots=True)
class SpoolRecord:
    received_at: float
    datalogger_id: int
    outlet_id: int
    peer: str
    raw: bytes
    header: dict[str, str]
    cp: dict[str, str]
    warnings: list[str]


def encode_record(
    *,
    received_at: float,
    datalogger_id: int,
    outlet_id: int,
    peer: str,
    raw: bytes,
    header: dict[str, str],
    cp: dict[str, str],
    warnings: list[str],
) -> bytes:
    payload = marshal.dumps(
        (FORMAT_VERSION, received_at, datalogger_id, outlet_id, peer, raw, header, cp, warnings)
    )
    return RECORD_HEADER.pack(len(payload), zlib.crc32(payload)) + payload


def decode_payload(payload: bytes) -> SpoolRecord:
    version, received_at, dl, outlet, peer, raw, header, cp, warnings = marshal.loads(payload)  # noqa: S302 — written by us
    if version != FORMAT_VERSION:
        raise ValueError(f"spool record format {version} is not {FORMAT_VERSION}")
    return SpoolRecord(received_at, dl, outlet, peer, raw, header, cp, warnings)


def segment_name(seq: int) -> str:
    return f"{_PREFIX}{seq:012d}{_SUFFIX}"


def list_segments(directory: Path) -> list[tuple[int, Path]]:
    out = []
    for path in directory.glob(f"{_PREFIX}*{_SUFFIX}"):
        digits = path.name[len(_PREFIX) : -len(_SUFFIX)]
        if digits.isdigit():
            out.append((int(digits), path))
    return sorted(out)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SpoolWriter:
    """The listener's side: appends batches to the live segment; ``sync`` makes them durable.

    ``append`` is cheap (one ``os.write``) and runs on the event loop; ``sync`` (fsync) runs in a worker thread.
    Only one batch is written and synced at a time (the server guarantees it), so no lock is needed.
    """

    def __init__(
        self, directory: Path, *, segment_bytes: int = SEGMENT_BYTES, segment_seconds: float = SEGMENT_SECONDS
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.segment_bytes = segment_bytes
        self.segment_seconds = segment_seconds
        existing = list_segments(self.directory)
        self.current_seq = existing[-1][0] if existing else 0
        self._fd: int | None = None
        self._size = 0
        self._opened_at = 0.0
        self._new_segment = False

    def append(self, data: bytes) -> None:
        fd = self._fd
        if (
            fd is None
            or self._size >= self.segment_bytes
            or (self._size and time.monotonic() - self._opened_at >= self.segment_seconds)
        ):
            fd = self._rotate()
        written = 0
        view = memoryview(data)
        while written < len(data):
            written += os.write(fd, view[written:])
        self._size += len(data)

    def sync(self) -> None:
        """fsync the live segment (and the directory after a new segment was created)."""
        if self._fd is None:
            return
        os.fsync(self._fd)
        if self._new_segment:
            fsync_dir(self.directory)
            self._new_segment = False

    def _rotate(self) -> int:
        """Closes the live segment (if any) and opens the next one; returns its descriptor."""
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
        self.current_seq += 1
        path = self.directory / segment_name(self.current_seq)
        self._fd = fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._size = 0
        self._opened_at = time.monotonic()
        self._new_segment = True
        return fd

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None  # no live segment any more: the reader may delete them all once drained

    @property
    def live_seq(self) -> int | None:
        return self.current_seq if self._fd is not None else None


@dataclass(slots=True)
class Position:
    seq: int
    offset: int


class SpoolReader:
    """The database writer's side: reads complete records in order from where it stopped.

    ``read(max_records)`` returns ``(records, positions)``: each record with the position just after it.
    ``commit(position)`` records that everything before ``position`` is in the database; segments wholly
    before it that the listener no longer appends to are deleted.
    """

    def __init__(self, directory: Path, *, live_seq: Any = lambda: None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._live_seq = live_seq  # callable: the sequence the listener appends to (never deleted)
        self.position: Position | None = None  # the next record to read
        self.committed: Position | None = None  # everything before it is in the database
        self.corrupt_tails = 0
        self._torn: set[int] = set()  # closed segments whose tail is a torn record (read as far as it goes)

    def depth(self) -> tuple[int, int]:
        """(segments, bytes) not yet stored in the database."""
        segments = list_segments(self.directory)
        total = 0
        count = 0
        done = self.committed
        for seq, path in segments:
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                continue
            if done is not None and seq < done.seq:
                continue
            if done is not None and seq == done.seq:
                size -= done.offset
            if size > 0:
                count += 1
                total += size
        return count, total

    def read(self, max_records: int) -> list[tuple[SpoolRecord, Position]]:
        out: list[tuple[SpoolRecord, Position]] = []
        segments = list_segments(self.directory)
        if not segments:
            return out
        if self.position is None:
            self.position = Position(segments[0][0], 0)
        live = self._live_seq()
        for seq, path in segments:
            if seq < self.position.seq:
                continue
            if seq > self.position.seq:
                self.position = Position(seq, 0)
            records = self._read_segment(path, seq, self.position.offset, max_records - len(out), seq == live)
            for record, end in records:
                out.append((record, Position(seq, end)))
                self.position = Position(seq, end)
            if len(out) >= max_records:
                break
            if seq == live:
                break  # the live segment may still grow: wait for more
        return out

    def _read_segment(
        self, path: Path, seq: int, offset: int, limit: int, live: bool
    ) -> Iterator[tuple[SpoolRecord, int]]:
        try:
            with open(path, "rb") as fh:
                fh.seek(offset)
                data = fh.read()
        except FileNotFoundError:
            return
        pos = 0
        size = len(data)
        header = RECORD_HEADER
        count = 0
        while count < limit and size - pos >= header.size:
            length, crc = header.unpack_from(data, pos)
            end = pos + header.size + length
            if end > size:
                if not live:  # torn by a crash: never acknowledged
                    self._torn.add(seq)
                break  # or still being written
            payload = data[pos + header.size : end]
            if zlib.crc32(payload) != crc:
                if not live:
                    self.corrupt_tails += 1
                    self._torn.add(seq)
                break
            try:
                record = decode_payload(payload)
            except (ValueError, EOFError, TypeError):
                self.corrupt_tails += 1
                pos = end
                continue
            pos = end
            count += 1
            yield record, offset + pos
        if not live and count < limit and 0 < size - pos < header.size:
            self._torn.add(seq)

    def commit(self, position: Position, *, keep_from_seq: int | None = None) -> int:
        """Delete the segments wholly before ``position`` (and before ``keep_from_seq``); returns how many."""
        self.committed = position
        live = self._live_seq()
        removed = 0
        for seq, path in list_segments(self.directory):
            if seq >= position.seq or (keep_from_seq is not None and seq >= keep_from_seq):
                break
            if live is not None and seq >= live:
                break
            path.unlink(missing_ok=True)
            removed += 1
        # The position's own segment, when fully read and closed, goes too.
        if (live is None or position.seq < live) and (keep_from_seq is None or position.seq < keep_from_seq):
            path = self.directory / segment_name(position.seq)
            try:
                if path.stat().st_size <= position.offset or position.seq in self._torn:
                    path.unlink(missing_ok=True)
                    self._torn.discard(position.seq)
                    removed += 1
            except FileNotFoundError:
                pass
        return removed
