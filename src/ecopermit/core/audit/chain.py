"""Pure hashing of audit rows: the canonical form that the chain commits to."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "before",
    "after",
    "extra",
    "prev_hash",
)


def _canonical_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(row: dict[str, Any]) -> str:
    payload = {name: row.get(name) for name in CHAINED_FIELDS}
    payload["created_at"] = _canonical_time(row["created_at"])
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
