"""Benchmark of the exceedance evaluation (issue 5 "Figures"): one year of hourly data for 1,000 outlets ×
6 pollutants (52.6 million readings), hourly and daily averages against the limits, the exceedance list.
Target: under 10 s and under 4 GB of memory. Prints its figures.

    .venv/bin/python bench/exceedance.py
    BENCH_OUTLETS=100 .venv/bin/python bench/exceedance.py

The readings are generated (fixed seed) as one polars frame — outlet (Int16), pollutant (Enum), hour start
(UTC), value (Float32), valid (the flag judged: about 2 % of hours flagged D/C/M…) — with values around 60 %
of the limit and rare spikes, so a realistic few thousand hours and days exceed. Each outlet has an hourly
and a daily limit per pollutant (pH: both bounds), and a tighter hourly limit from 1 July for a tenth of the
outlets. ``ecopermit.monitoring.vectorised.exceedances`` does the evaluation; then three outlets are judged
again by the exact reference (``judge.py``) and the two lists must be equal. No database, no Django settings.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import numpy as np
import polars as pl

from ecopermit.monitoring import judge
from ecopermit.monitoring.vectorised import exceedances

N_OUTLETS = int(os.environ.get("BENCH_OUTLETS", "1000"))
HOURS = 8760
SEED = 2017  # HJ 212-2017
START = dt.datetime(2025, 12, 31, 16, tzinfo=dt.UTC)  # 2026-01-01 00:00 Asia/Shanghai
# pollutant, hourly limit, daily limit, typical level (share of the hourly limit), relative spread
POLLUTANTS = [
    ("a21026", 50.0, 35.0, 0.55, 0.18),  # SO2, mg/m³
    ("a21002", 100.0, 80.0, 0.6, 0.18),  # NOx
    ("a34013", 10.0, 8.0, 0.5, 0.2),  # dust
    ("w01018", 60.0, 50.0, 0.55, 0.18),  # COD, mg/L
    ("w21003", 8.0, 6.0, 0.5, 0.2),  # NH3-N
    ("w01001", 9.0, 9.0, 0.8, 0.05),  # pH 6-9 (lower bound 6 too)
]
CODES = [p[0] for p in POLLUTANTS]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n_outlets: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(SEED)
    per_outlet = len(POLLUTANTS) * HOURS
    n = n_outlets * per_outlet
    outlet = pl.Series("outlet", np.repeat(np.arange(1, n_outlets + 1, dtype=np.int16), per_outlet))
    index = np.tile(np.repeat(np.arange(len(POLLUTANTS), dtype=np.uint32), HOURS), n_outlets)
    pollutant = pl.Series(CODES, dtype=pl.Enum(CODES)).gather(pl.Series(index)).alias("pollutant")
    level = np.array([p[1] * p[3] for p in POLLUTANTS], dtype=np.float32)[index]
    spread = np.array([p[4] for p in POLLUTANTS], dtype=np.float32)[index]
    del index
    hours = START.timestamp() * 1_000_000 + np.arange(HOURS, dtype=np.int64) * 3_600_000_000
    time_col = pl.Series("time", np.tile(hours, n_outlets * len(POLLUTANTS))).cast(pl.Datetime("us", "UTC"))
    noise = rng.standard_normal(n, dtype=np.float32)
    noise *= spread
    noise += np.float32(1.0)
    value = level * noise
    # every 25th outlet runs hot (about 30 % higher): its daily means cross the daily limits
    hot = (outlet.to_numpy() % 25) == 0
    value[hot] *= np.float32(1.3)
    del hot
    del noise, level, spread
    spikes = rng.random(n, dtype=np.float32) < np.float32(0.0015)
    value[spikes] *= np.float32(2.2)
    del spikes
    np.round(value, 2, out=value)
    valid = pl.Series("valid", rng.random(n, dtype=np.float32) >= np.float32(0.02))
    readings = pl.DataFrame([outlet, pollutant, time_col, pl.Series("value", value), valid])
    del value
    rows = []
    for o in range(1, n_outlets + 1):
        for code, hourly, daily, _level, _spread in POLLUTANTS:
            rows.append((o, code, "hourly", "max", hourly, dt.date(2020, 1, 1), None))
            rows.append((o, code, "daily", "max", daily, dt.date(2020, 1, 1), None))
            if code == "w01001":
                rows.append((o, code, "hourly", "min", 6.0, dt.date(2020, 1, 1), None))
            if o % 10 == 0 and code == "a21002":
                rows.append((o, code, "hourly", "max", 80.0, dt.date(2026, 7, 1), None))
    limits = pl.DataFrame(
        rows,
        schema={
            "outlet": pl.Int64,
            "pollutant": pl.String,
            "statistic": pl.String,
            "kind": pl.String,
            "value": pl.Float64,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
        },
        orient="row",
    )
    return readings, limits


MONTHS = (1, 7)  # January, and July when a tenth of the outlets get a tighter NOx limit


def _in_months(column: str) -> pl.Expr:
    return pl.col(column).dt.convert_time_zone("Asia/Shanghai").dt.month().is_in(MONTHS)


def reference(readings: pl.DataFrame, limits: pl.DataFrame, outlet: int) -> set[tuple]:
    """The exact judge.py result for one outlet over MONTHS (the exact reference is slow on a whole year)."""
    mine = readings.filter((pl.col("outlet") == outlet) & _in_months("time")).with_columns(
        pl.col("value").cast(pl.Float64).round(2)
    )
    lims = [
        judge.Limit(
            r["pollutant"],
            r["statistic"],
            Decimal(repr(r["value"])),
            r["kind"],
            r["valid_from"],
            r["valid_to"],
        )
        for r in limits.filter(pl.col("outlet") == outlet).iter_rows(named=True)
    ]
    found = set()
    for code in CODES:
        series = mine.filter(pl.col("pollutant") == code)
        for month in MONTHS:
            first = dt.date(2026, month, 1)
            last = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
            averages = [
                judge.Average(
                    code,
                    "hourly",
                    t,
                    t + judge.HOUR,
                    judge.PeriodResult(ok, Decimal(repr(v)) if ok else None, int(ok), 1),
                )
                for t, v, ok in series.select("time", "value", "valid").iter_rows()
                if first <= judge.shanghai_day(t) <= last
            ]
            days = judge.daily_averages(averages, code, first, last)
            for e in judge.exceedances(averages + days, lims):
                found.add((outlet, code, e.statistic, e.period_start, e.limit.kind))
    return found


def main() -> None:
    t0 = time.perf_counter()
    readings, limits = generate(N_OUTLETS)
    gen_s = time.perf_counter() - t0
    gen_rss = peak_rss_mb()
    print(
        f"generated {readings.height:,} readings ({N_OUTLETS} outlets × {len(POLLUTANTS)} pollutants × {HOURS} h), "
        f"{readings.estimated_size() / 2**20:,.0f} MB in memory, in {gen_s:.1f} s"
    )
    gc.collect()
    t0 = time.perf_counter()
    found = exceedances(readings, limits)
    eval_s = time.perf_counter() - t0
    hourly = found.filter(pl.col("statistic") == "hourly").height
    daily = found.filter(pl.col("statistic") == "daily").height
    print(
        f"evaluated in {eval_s:.2f} s: {hourly:,} hourly and {daily:,} daily exceedances "
        f"({readings.height / eval_s / 1e6:.1f} M readings/s)"
    )
    print(
        f"peak RSS {peak_rss_mb():,.0f} MB (after generation {gen_rss:,.0f} MB); targets: < 10 s, < 4096 MB"
    )
    t0 = time.perf_counter()
    sample = sorted({1, min(25, N_OUTLETS), min(30, N_OUTLETS)})  # a plain, a hot and a tighter-NOx outlet
    for outlet in sample:
        exact = reference(readings, limits, outlet)
        fast = {
            (r["outlet"], r["pollutant"], r["statistic"], r["period_start"], r["kind"])
            for r in found.filter((pl.col("outlet") == outlet) & _in_months("period_start")).iter_rows(
                named=True
            )
        }
        if exact != fast:
            print(f"MISMATCH on outlet {outlet}: {len(exact ^ fast)} differences", file=sys.stderr)
            sys.exit(1)
    print(
        f"outlets {sample}, months {MONTHS}: judged again by judge.py (exact decimals), identical "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    if eval_s > 10 or peak_rss_mb() > 4096:
        print("target missed", file=sys.stderr)


if __name__ == "__main__":
    main()
