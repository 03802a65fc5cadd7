"""Benchmark of the catalog engine (issue 3): profiles classified per second. Prints its figures.

    .venv/bin/python bench/classify.py            # 100,000 profiles
    BENCH_PROFILES=20000 .venv/bin/python bench/classify.py

The profiles are generated deterministically (fixed seed) to look like a district's inventory: one to three
GB/T 4754 codes (most of them in catalog rows 1–107, some outside), a few processes, boilers, furnaces,
yearly quantities around the catalog's thresholds, and a position in Dinghai (some inside the demo
water-source zones). Three figures: parse + classify (what ``ecopermit classify`` does per profile),
classify alone on parsed profiles, and parse + classify + to_json. Target: 100,000 in under 2 s.
No Django: the engine is pure.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ecopermit.catalog.engine import classify, compiled
from ecopermit.catalog.gate import zones
from ecopermit.catalog.profile import parse_profile, vocabulary
from ecopermit.core.industry import all_codes

N = int(os.environ.get("BENCH_PROFILES", "100000"))
ON = dt.date(2024, 6, 1)
SEED = 20200401  # the plan's survey started in April 2020


def generate(n: int) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    comp = compiled("2019")
    vocab = vocabulary()
    in_rows = sorted(comp.by_code)
    outside = sorted(c.code for c in all_codes("class") if c.code not in comp.by_code)
    groups = sorted({*comp.uniform, *comp.groups})
    processes = sorted(vocab.processes)
    products = sorted(vocab.products)
    features = sorted(vocab.features)
    quantities = sorted(vocab.quantities)
    amounts = [
        0,
        0.5,
        3,
        9.5,
        10,
        12,
        20,
        80,
        499,
        500,
        2000,
        10000,
        20000,
        100000,
        150000,
        500000,
        2_000_000,
    ]
    fuels = sorted(vocab.fuels)
    kinds, energies = sorted(vocab.furnace_kinds), sorted(vocab.furnace_energies)
    out = []
    for i in range(n):
        codes = []
        for _ in range(rng.choice((1, 1, 1, 1, 2, 2, 3))):
            pick = rng.random()
            codes.append(rng.choice(in_rows if pick < 0.75 else outside if pick < 0.95 else groups))
        p: dict[str, Any] = {"id": i, "industry_codes": codes}
        if rng.random() < 0.05:
            p["on_key_discharger_list"] = True
        if rng.random() < 0.1:
            p["in_industrial_building"] = False
        if rng.random() < 0.4:
            p["processes"] = rng.sample(processes, rng.randint(1, 3))
        if rng.random() < 0.1:
            p["products"] = rng.sample(products, 1)
        if rng.random() < 0.15:
            p["features"] = rng.sample(features, 1)
        if rng.random() < 0.3:
            p["boilers"] = [
                {"capacity_t_per_h": rng.choice((0.5, 1, 2, 4, 10, 20, 35)), "fuel": rng.choice(fuels)}
                for _ in range(rng.randint(1, 2))
            ]
        if rng.random() < 0.2:
            p["furnaces"] = [{"kind": rng.choice(kinds), "energy": rng.choice(energies)}]
        if rng.random() < 0.2:
            p["water_treatment_t_per_day"] = rng.choice((50, 300, 800, 5000, 25000))
        if rng.random() < 0.5:
            p["quantities"] = {
                k: [rng.choice(amounts) for _ in range(3)] if rng.random() < 0.5 else rng.choice(amounts)
                for k in rng.sample(quantities, rng.randint(1, 2))
            }
        if rng.random() < 0.1:
            p["annual_emissions_t"] = {"SO2": rng.choice((10, 100, 300)), "COD": rng.choice((5, 40))}
        if rng.random() < 0.8:
            p["location"] = {
                "lon": round(rng.uniform(121.85, 122.25), 6),
                "lat": round(rng.uniform(29.95, 30.12), 6),
            }
        if rng.random() < 0.002:
            p["eliminated"] = True
        out.append(p)
    return out


_RAW: list[dict[str, Any]] = []  # inherited by the forked workers of the two-core figure


def _classify_share(part: tuple[int, int]) -> Counter[str]:
    start, step = part
    gc.disable()
    return Counter(classify(parse_profile(p), "2019", ON).class_ for p in _RAW[start::step])


def timed(label: str, fn: Any, *, collector: bool = False) -> float:
    gc.collect()
    if not collector:
        gc.disable()
    try:
        t0 = time.perf_counter()
        fn()
        seconds = time.perf_counter() - t0
    finally:
        gc.enable()
    print(f"{label:<48} {seconds:7.3f} s  {N / seconds:>10,.0f} profiles/s")
    return seconds


def main() -> None:
    t0 = time.perf_counter()
    compiled("2019")
    zones()
    parse_profile({"industry_codes": ["3360"]})
    print(f"{'load edition, zones, GB/T 4754 table (once)':<48} {time.perf_counter() - t0:7.3f} s")
    t0 = time.perf_counter()
    raw = generate(N)
    print(f"{f'generate {N:,} profiles (seed {SEED}, not counted)':<48} {time.perf_counter() - t0:7.3f} s")
    load = os.getloadavg()[0]

    results: list[Any] = []
    parsed: list[Any] = []

    def parse_and_classify() -> None:
        results[:] = [classify(parse_profile(p), "2019", ON) for p in raw]

    def parse_only() -> None:
        parsed[:] = [parse_profile(p) for p in raw]

    def classify_only() -> None:
        results[:] = [classify(p, "2019", ON) for p in parsed]

    def full_json() -> None:
        results[:] = [classify(parse_profile(p), "2019", ON).to_json() for p in raw]

    # As `ecopermit classify` runs a list: the cyclic garbage collector paused (no cycles are made).
    headline = timed("parse + classify", parse_and_classify)
    timed("parse only", parse_only)
    timed("classify only (parsed profiles)", classify_only)
    by_class = Counter(r.class_ for r in results)
    timed("parse + classify + to_json", full_json)
    timed("parse + classify, cyclic GC running", parse_and_classify, collector=True)

    def two_cores() -> None:
        _RAW[:] = raw
        workers = os.cpu_count() or 1
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            counts = sum(pool.map(_classify_share, [(i, workers) for i in range(workers)]), Counter())
        assert counts == by_class, (counts, by_class)

    timed(f"parse + classify, {os.cpu_count()} worker processes (fork)", two_cores)
    print("classes:", ", ".join(f"{k} {v:,}" for k, v in by_class.most_common()))
    verdict = "within" if headline < 2.0 else "OVER"
    print(
        f"{N:,} profiles parsed and classified in {headline:.2f} s on one core: {verdict} the 2 s target "
        f"(python {sys.version.split()[0]}; load average {load:.2f} at start: other work on the machine slows it)"
    )


if __name__ == "__main__":
    main()
