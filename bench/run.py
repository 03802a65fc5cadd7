"""Benchmarks for the inventory (never part of `make test`). Prints its figures.

make bench                      # 50,000 facilities on SQLite in var/bench.sqlite3
BENCH_FACILITIES=5000 make bench
DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_FACILITIES", "50000"))
if not os.environ.get("DATABASE_URL"):
    db = ROOT / "var" / f"bench-{N}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(label: str, fn, repeat: int = 1) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    extra = f" (median of {repeat}, max {max(samples) * 1000:.1f} ms)" if repeat > 1 else ""
    print(f"{label:<55} {med * 1000:10.1f} ms{extra}")
    return med


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    print(f"database: {settings.DATABASES['default']['ENGINE']} {settings.DATABASES['default']['NAME']}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    timed(
        f"load_demo --facilities {N} (first run or no-op rerun)",
        lambda: call_command("load_demo", facilities=N, verbosity=0),
    )
    timed(
        "load_demo rerun (idempotent, creates nothing)",
        lambda: call_command("load_demo", facilities=N, verbosity=0),
    )

    from ecopermit.accounts.models import User
    from ecopermit.registry.models import Facility

    print(f"facilities in database: {Facility.objects.count()}")
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    s = client.session
    s["login_at"] = s["last_activity"] = time.time()
    s.save()

    def get(url: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)

        return run

    timed("facility list, first page", get("/inventory/"), repeat=20)
    timed("facility list, page 1000", get("/inventory/?page=1000"), repeat=20)
    timed("facility list, search by name fragment", get("/inventory/?q=%E8%88%B9%E8%88%B6"), repeat=20)
    timed(
        "facility list, filter industry 33 + permit none",
        get("/inventory/?industry=33&permit_status=none"),
        repeat=20,
    )
    timed("facility list, filter by town", get("/inventory/?town=3"), repeat=20)
    timed("API facility list, first page", get("/api/facilities/"), repeat=20)
    first = Facility.objects.order_by("pk").first()
    timed("facility page, outlets tab", get(f"/inventory/facilities/{first.pk}/outlets/"), repeat=20)
    timed("map data (all points)", get("/inventory/map/data/"), repeat=5)
    from django.db import transaction

    from ecopermit.core.audit.models import AuditEvent
    from ecopermit.core.audit.services import audit_record

    extra = int(os.environ.get("BENCH_AUDIT_EVENTS", "20000"))

    def append() -> None:
        with transaction.atomic():
            for i in range(extra):
                audit_record(
                    actor=None, action="bench.event", object_type="bench", object_id=i, after={"i": i}
                )

    seconds = timed(f"append {extra} audit events (one transaction)", append)
    print(f"{'  = audit events per second':<55} {extra / seconds:10.0f}")
    total = AuditEvent.objects.count()
    seconds = timed(
        f"audit chain verify ({total} events)", lambda: call_command("audit", "verify", verbosity=0)
    )
    print(f"{'  = events verified per second':<55} {total / seconds:10.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<55} {peak:10.1f} MB")


if __name__ == "__main__":
    main()
