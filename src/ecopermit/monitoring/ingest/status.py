"""The listener's status snapshot: a JSON file rewritten every second (atomically: temp file + rename).

Fields: ``running``, ``pid``, ``listen``, ``started_at``/``updated_at`` (epoch seconds), ``connections`` (MN,
peer, since, frames; at most 500 listed), ``connection_count``, ``frames_total``, ``accepted_total``,
``acks_total``, ``frames_per_second``, ``errors`` (count by kind), ``paused``, ``spool`` (segments, bytes not
yet in the database), ``writer`` (db_ok, lag_seconds, uploads, duplicates, readings, db_errors, last_error,
pending_splits). The status page reads it; a snapshot older than ``STALE_SECONDS`` means the listener is
not running (killed, or never started).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

STALE_SECONDS = 10.0


def write(path: Path, snapshot: dict[str, Any]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(snapshot, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
