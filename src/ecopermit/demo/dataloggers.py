"""Demo data loggers (数采仪): one per outlet of a demo facility whose automatic monitoring is networked.

Deterministic and idempotent: the MN is the first 24 hex digits (upper case) of SHA-256 of
``"<credit code>:<outlet code>"``, and the access password is the MN's last six characters (documented in
the README; demo only — a real device gets its own password when it is registered). A second run creates
nothing. ``ecopermit simulate-loggers`` finds the loggers and their passwords the same way.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from ecopermit.monitoring.ingest.store import password_hash
from ecopermit.monitoring.models import Datalogger, Protocol
from ecopermit.registry.models import Outlet


def demo_mn(credit_code: str, outlet_code: str) -> str:
    return hashlib.sha256(f"{credit_code}:{outlet_code}".encode()).hexdigest()[:24].upper()


def demo_password(mn: str) -> str:
    return mn[-6:]


def demo_dataloggers_load() -> int:
    """Registers the missing demo data loggers; returns how many were created."""
    outlets = (
        Outlet.objects.filter(
            facility__is_demo=True, auto_monitoring_installed=True, auto_monitoring_networked=True
        )
        .select_related("facility")
        .order_by("facility__credit_code", "code")
    )
    existing = set(Datalogger.objects.values_list("mn", flat=True))
    new = []
    for outlet in outlets:
        mn = demo_mn(outlet.facility.credit_code, outlet.code)
        if mn in existing:
            continue
        new.append(
            Datalogger(
                mn=mn,
                facility_id=outlet.facility_id,
                outlet=outlet,
                password_sha256=password_hash(demo_password(mn)),
                protocol=Protocol.HJ212_2017,
                expected_interval_minutes=60,
            )
        )
    with transaction.atomic():
        Datalogger.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
