"""The database writer as a process of its own (``ecopermit ingest`` runs it so; tests use the thread).

This module imports nothing of Django at import time: the spawned process unpickles ``process_main`` from
here before ``django.setup()`` has run.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any


def _highest_live(directory: Path) -> Any:
    from ecopermit.monitoring.ingest.spool import list_segments

    def live() -> int | None:
        segments = list_segments(directory)
        return segments[-1][0] if segments else None  # the listener appends to the newest segment only

    return live


def process_main(spool_dir: str, stats_file: str, options: dict[str, Any], stop: Any) -> None:
    """Entry point of the writer process: the same writer, reading the spool the listener fills.

    ``stop`` is a ``multiprocessing.Event`` the listener sets at shutdown; the process also stops when the
    listener dies (kill -9): a new listener starts its own writer, which replays the spool.
    """
    import json
    import os
    import signal

    import django

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the listener decides
    django.setup()
    from django.db import DatabaseError

    from ecopermit.monitoring.ingest.spool import SpoolReader
    from ecopermit.monitoring.ingest.writer import DbWriter

    parent = os.getppid()
    options = dict(options)
    drain_seconds = float(options.pop("drain_seconds", 5.0))
    directory = Path(spool_dir)
    reader = SpoolReader(directory, live_seq=_highest_live(directory))
    writer = DbWriter(reader, **options)
    path = Path(stats_file)
    last = 0.0
    drain_until: float | None = None
    while True:
        busy = writer.step()
        now = time.monotonic()
        if now - last >= 0.5:
            last = now
            segments, depth = reader.depth()
            payload = {
                **vars(writer.stats),
                "spool_segments": segments,
                "spool_bytes": depth,
                "at": time.time(),
            }
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps(payload))
            os.replace(tmp, path)
        if drain_until is None and (stop.is_set() or os.getppid() != parent):
            drain_until = now + drain_seconds
        if drain_until is not None and (not busy or now >= drain_until):
            break
        if not busy:
            time.sleep(writer.idle_sleep if writer._backoff == 0 else writer._backoff)
    with contextlib.suppress(DatabaseError):
        writer._flush_last_seen(force=True)
    segments, depth = reader.depth()
    path.write_text(
        json.dumps(
            {**vars(writer.stats), "spool_segments": segments, "spool_bytes": depth, "at": time.time()}
        )
    )
