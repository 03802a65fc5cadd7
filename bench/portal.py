"""The public portal on a district of 50,000 facilities (issue 14): time and queries of its pages, cold (cache
cleared) and warm (cached). Prints its figures. Never part of `make test`.

    DATABASE_URL=sqlite:////tmp/bench/db.sqlite3 ECOPERMIT_VAR=/tmp/bench/var \\
        .venv/bin/python bench/portal.py           # a migrated database with a district loaded (load_demo)
    BENCH_FACILITIES=20000 ... bench/portal.py

Facilities are added (bulk) until the database holds BENCH_FACILITIES; run it on a throwaway database.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopermit.config.settings.dev")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from ecopermit.core.models import Town  # noqa: E402
from ecopermit.registry.models import Facility  # noqa: E402

WANTED = int(os.environ.get("BENCH_FACILITIES", "50000"))


def grow() -> None:
    have = Facility.objects.count()
    towns = list(Town.objects.all())
    rng = random.Random(14)
    batch = []
    for n in range(have, WANTED):
        town = rng.choice(towns)
        batch.append(
            Facility(
                name=f"压测企业{n:06d}有限公司",
                credit_code=f"9133BENCH{n:09d}"[:18],
                town=town,
                primary_industry=rng.choice(["3731", "1361", "3391", "2641", "4620"]),
                management_class=rng.choice(["key", "simplified", "registration"]),
                permit_status=rng.choice(["permit_valid", "registered", "none"]),
                lat=(town.lat or 30.0) + rng.uniform(-0.03, 0.03),
                lon=(town.lon or 122.1) + rng.uniform(-0.03, 0.03),
                legal_representative="压测法人",
                contact_phone="13900000000",
            )
        )
        if len(batch) == 5000:
            Facility.objects.bulk_create(batch)
            batch = []
    if batch:
        Facility.objects.bulk_create(batch)


def measure(client: Client, url: str) -> None:
    cache.clear()
    t0 = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    client.get(url)
    warm = time.perf_counter() - t0
    assert response.status_code == 200, (url, response.status_code)
    print(f"{url:60s} cold {cold * 1000:7.1f} ms  warm {warm * 1000:6.1f} ms")


def main() -> None:
    grow()
    print(f"{Facility.objects.count()} facilities ({connection.vendor})")
    client = Client(HTTP_HOST="127.0.0.1")
    town = Town.objects.order_by("code").first()
    some = Facility.objects.order_by("-pk").first()
    client.get("/public/decisions/?warm-up")  # templates, translations, the industry table: once per process
    for url in (
        "/public/",
        "/public/facilities/",
        "/public/facilities/?page=1000",
        "/public/facilities/?q=压测企业04",
        "/public/facilities/?q=9133BENCH00000123",
        f"/public/facilities/?town={town.code if town else ''}&class=key&credit=unrated",
        f"/public/facilities/{some.pk if some else 1}/",
        "/public/map/facilities.geojson",
        "/public/api/facilities/?page=50",
        "/public/inspections/",
        "/public/decisions/",
    ):
        measure(client, url)


if __name__ == "__main__":
    main()
