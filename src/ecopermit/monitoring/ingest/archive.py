"""The raw-frame archive: every frame the listener sees, accepted or not, one line each, a file per day.

``<archive dir>/YYYY-MM-DD.log`` (the Beijing date of receipt), lines of four tab-separated fields::

    2026-11-28T17:50:01.123+08:00 <TAB> 10.0.0.7:51234 <TAB> accepted <TAB> ##0494QN=2026...&&4C81

1. the receive time, ISO 8601 with milliseconds, Beijing time;
2. the peer address ``ip:port``;
3. the verdict: ``accepted`` (spooled), ``answer`` (a 9011-9014 from the device), ``notify``, ``other`` (not
   stored), or the reason it was refused: ``unknown_mn``, ``inactive``, ``bad_password``, ``no_datatime``,
   ``crc_mismatch``, ``length_mismatch``, …, ``frame_too_large``, ``garbage``, ``truncated`` (framing);
4. the raw frame from ``##`` through the CRC, escaped as a Python bytes literal without the quotes
   (``codecs.escape_encode``: ``\\\\``, ``\\t``, ``\\n``, ``\\r``, ``\\xNN`` for other bytes outside printable
   ASCII), so a line is one frame whatever the frame holds; ``codecs.escape_decode`` gives the bytes back.
   Framing rejects keep no bytes (the framer counts them): their field is ``@<stream offset>+<length>``.

Duplicates are archived like any accepted frame (the database keeps one). The archive is flushed with every
group commit and fsync'd at most once a second and at shutdown; the spool, not the archive, is what makes an
acknowledged frame durable.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

BEIJING = timezone(timedelta(hours=8))
_escape = codecs.escape_encode


def escape(raw: bytes) -> bytes:
    return _escape(raw)[0]


def unescape(text: bytes) -> bytes:
    return codecs.escape_decode(text)[0]


def parse_line(line: bytes) -> tuple[str, str, str, bytes]:
    """(time, peer, verdict, raw bytes) of one archive line (for tests and tools)."""
    when, peer, verdict, raw = line.rstrip(b"\n").split(b"\t", 3)
    return when.decode(), peer.decode(), verdict.decode(), unescape(raw)


class Archive:
    def __init__(self, directory: Path, *, fsync_interval: float = 1.0) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.fsync_interval = fsync_interval
        self._fh: BinaryIO | None = None
        self._day = ""
        self._second = -1
        self._stamp = b""
        self._synced_at = time.monotonic()
        self._dirty = False

    def _stamp_for(self, when: float) -> bytes:
        second = int(when)
        if second != self._second:
            dt = datetime.fromtimestamp(second, BEIJING)
            day = dt.strftime("%Y-%m-%d")
            if day != self._day:
                self._open(day)
            self._second = second
            self._stamp = dt.strftime("%Y-%m-%dT%H:%M:%S").encode()
        ms = int((when - second) * 1000)
        return b"%s.%03d+08:00" % (self._stamp, ms)

    def _open(self, day: str) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        self._fh = open(self.directory / f"{day}.log", "ab", buffering=256 * 1024)  # noqa: SIM115 — kept open
        self._day = day

    def write(self, when: float, peer: str, verdict: str, raw: bytes) -> None:
        stamp = self._stamp_for(when)
        assert self._fh is not None, "the archive is closed"  # _stamp_for opened the day's file
        self._fh.write(b"%s\t%s\t%s\t%s\n" % (stamp, peer.encode(), verdict.encode(), _escape(raw)[0]))
        self._dirty = True

    def write_reject(self, when: float, peer: str, reason: str, offset: int, length: int) -> None:
        stamp = self._stamp_for(when)
        assert self._fh is not None, "the archive is closed"  # _stamp_for opened the day's file
        self._fh.write(b"%s\t%s\t%s\t@%d+%d\n" % (stamp, peer.encode(), reason.encode(), offset, length))
        self._dirty = True

    def flush(self, *, force_sync: bool = False) -> bool:
        """Flush to the OS; returns True when an fsync is due (the caller runs ``sync`` off the event loop)."""
        if self._fh is None or not self._dirty:
            return False
        self._fh.flush()
        self._dirty = False
        now = time.monotonic()
        if force_sync or now - self._synced_at >= self.fsync_interval:
            self._synced_at = now
            return True
        return False

    def sync(self) -> None:
        fh = self._fh
        if fh is not None:
            with contextlib.suppress(OSError, ValueError):
                os.fsync(fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
