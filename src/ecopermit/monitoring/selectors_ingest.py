"""Reads for the listener's status page: the snapshot the listener writes every second (ingest/status.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecopermit.monitoring.ingest import status as status_file
from ecopermit.monitoring.models import Datalogger

# Why frames or connections were refused, in the officer's words (the codes are the listener's counters).
ERROR_LABELS = {
    "unknown_mn": _("Unknown device number (MN)"),
    "inactive": _("Device deactivated"),
    "bad_password": _("Wrong access password"),
    "no_datatime": _("Data upload without DataTime"),
    "crc_mismatch": _("CRC check failed"),
    "length_mismatch": _("Length field does not match"),
    "frame_too_large": _("Frame over the size limit"),
    "garbage": _("Bytes outside any packet"),
    "truncated": _("Frame cut off"),
    "bad_length_field": _("Malformed length field"),
    "bad_crc_field": _("Malformed CRC field"),
    "frame_deadline": _("Frame not completed in time"),
    "idle_timeout": _("Silent connection closed"),
    "too_many_connections": _("Connection limit reached"),
    "too_many_from_address": _("Too many connections from one address"),
    "blocked_address": _("Address temporarily blocked"),
    "address_blocked": _("Addresses blocked after refused logins"),
    "spool_error": _("Spool write failed"),
}


@dataclass(frozen=True)
class ConnectedDevice:
    mn: str
    peer: str
    since: datetime
    frames: int
    facility: str
    outlet: str


@dataclass(frozen=True)
class IngestStatus:
    state: str  # running / stopped / stale / absent
    age_seconds: float | None
    snapshot: dict[str, Any]
    connections: tuple[ConnectedDevice, ...]
    errors: tuple[tuple[str, str, int], ...]  # (code, label, count)
    started_at: datetime | None

    @property
    def running(self) -> bool:
        return self.state == "running"


def _when(epoch: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(epoch), tz=timezone.get_current_timezone())
    except (TypeError, ValueError, OverflowError):
        return None


def ingest_status(path: Path | None = None, *, now: float | None = None) -> IngestStatus:
    path = Path(path or settings.ECOPERMIT_INGEST_STATUS_FILE)
    snap = status_file.read(path)
    if snap is None:
        return IngestStatus("absent", None, {}, (), (), None)
    age = (now if now is not None else time.time()) - float(snap.get("updated_at") or 0)
    if not snap.get("running"):
        state = "stopped"
    elif age > status_file.STALE_SECONDS:
        state = "stale"
    else:
        state = "running"
    raw = snap.get("connections") or []
    mns = [c.get("mn") for c in raw if c.get("mn")]
    loggers = {d.mn: d for d in Datalogger.objects.filter(mn__in=mns).select_related("facility", "outlet")}
    connections = []
    for c in raw:
        d = loggers.get(c.get("mn") or "")
        connections.append(
            ConnectedDevice(
                mn=c.get("mn") or "",
                peer=str(c.get("peer") or ""),
                since=_when(c.get("since")) or timezone.now(),
                frames=int(c.get("frames") or 0),
                facility=d.facility.name if d else "",
                outlet=f"{d.outlet.code} {d.outlet.name}" if d else "",
            )
        )
    errors = tuple(
        (code, str(ERROR_LABELS.get(code, code)), int(count))
        for code, count in sorted((snap.get("errors") or {}).items(), key=lambda kv: -int(kv[1]))
        if count
    )
    return IngestStatus(state, age, snap, tuple(connections), errors, _when(snap.get("started_at")))
