"""The vectorised evaluation (polars, bench/exceedance.py) gives the same exceedances as judge.py (M2)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import polars as pl
import pytest

from ecopermit.monitoring import judge
from ecopermit.monitoring.vectorised import exceedances, over_range_flags, valid_flags

UTC = dt.UTC
START = dt.datetime(2026, 2, 27, 16, tzinfo=UTC)  # 2026-02-28 00:00 Shanghai
HOURS = 24 * 9
FLAGS = ["N"] * 14 + ["D", "C", "M", "T", "F", "", None]


def _limits(rng: random.Random) -> list[judge.Limit]:
    limits = [
        judge.Limit("a21026", "hourly", Decimal("50"), "max", dt.date(2026, 1, 1)),
        # a stricter limit from 3 March, and a temporary one that ends on 5 March
        judge.Limit("a21026", "hourly", Decimal("35"), "max", dt.date(2026, 3, 3)),
        judge.Limit("a21026", "daily", Decimal("40"), "max", dt.date(2026, 1, 1), dt.date(2026, 3, 5)),
        judge.Limit("a21002", "daily", Decimal("45.5"), "max", dt.date(2026, 3, 1)),
        judge.Limit("a21002", "hourly", Decimal("60"), "max", dt.date(2026, 1, 1)),
        judge.Limit("w01001", "hourly", Decimal("9"), "max", dt.date(2026, 1, 1)),
        judge.Limit("w01001", "hourly", Decimal("6"), "min", dt.date(2026, 1, 1)),
        judge.Limit("w01001", "daily", Decimal("6.5"), "min", dt.date(2026, 1, 1)),
    ]
    if rng.random() < 0.5:
        limits.append(
            judge.Limit("a21002", "hourly", Decimal("55"), "max", dt.date(2026, 3, 2), dt.date(2026, 3, 4))
        )
    # Converted limits (issue 10): SO2 has a measured and a converted one, NOx a converted daily one.
    ref = Decimal(rng.choice(["3.5", "9"]))
    limits += [
        judge.Limit("a21026", "hourly", Decimal("70"), "max", dt.date(2026, 1, 1), None, True, ref),
        judge.Limit("a21026", "daily", Decimal("55"), "max", dt.date(2026, 1, 1), None, True, ref),
        judge.Limit("a21002", "daily", Decimal("60"), "max", dt.date(2026, 1, 1), None, True, Decimal("3.5")),
    ]
    return limits


POLLUTANTS = ("a21026", "a21002", "w01001", "a19001", "a21026-Zs")


def _series(rng: random.Random, pollutant: str) -> list[tuple[dt.datetime, float, str | None]]:
    centre, spread = {
        "a21026": (38, 14),
        "a21002": (45, 12),
        "w01001": (7.5, 1.6),
        "a19001": (10, 3.5),  # O2 %: now and then 21 or more, which cannot be converted
        "a21026-Zs": (55, 15),  # the logger's converted SO2, for some hours only
    }[pollutant]
    out = []
    for h in range(HOURS):
        if rng.random() < (0.5 if pollutant.endswith("-Zs") else 0.12):  # missing hour
            continue
        value = round(rng.gauss(centre, spread), 1 if pollutant != "w01001" else 2)
        if pollutant == "a19001" and rng.random() < 0.03:
            value = rng.choice([21.0, 22.5])
        out.append((START + dt.timedelta(hours=h), abs(value), rng.choice(FLAGS)))
    return out


def _reference(data, limits_by_outlet):  # type: ignore[no-untyped-def]
    """What judge.py finds, hour by hour as the evaluation builds them (upload_average, converted_averages)."""
    found = set()
    first, last = judge.shanghai_day(START), judge.shanghai_day(START + dt.timedelta(hours=HOURS - 1))

    def uploads(outlet, code, basis="measured"):  # type: ignore[no-untyped-def]
        return [
            judge.upload_average(code.removesuffix("-Zs"), t, v, f, basis) for t, v, f in data[(outlet, code)]
        ]

    for outlet, limits in limits_by_outlet.items():
        for pollutant in ("a21026", "a21002", "w01001"):
            averages = uploads(outlet, pollutant)
            series = averages + judge.daily_averages(averages, pollutant, first, last)
            refs = {lim.reference_o2 for lim in limits if lim.converted and lim.pollutant == pollutant}
            for ref in refs:
                sent = uploads(outlet, "a21026-Zs", "converted") if pollutant == "a21026" else []
                conv, _failures = judge.converted_averages(averages, sent, uploads(outlet, "a19001"), ref)
                series += conv + judge.daily_averages(conv, pollutant, first, last, basis="converted")
            for e in judge.exceedances(series, limits):
                found.add(
                    (
                        outlet,
                        pollutant,
                        e.statistic,
                        e.period_start,
                        e.limit.kind,
                        round(float(e.percent), 4),
                        e.basis,
                        e.over_range,
                    )
                )
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_matches_judge_on_random_data(seed):
    rng = random.Random(seed)
    data = {(o, p): _series(rng, p) for o in range(1, 6) for p in POLLUTANTS}
    limits_by_outlet = {o: _limits(rng) for o in range(1, 6)}
    readings = pl.DataFrame(
        [(o, p, t, v, f) for (o, p), rows in data.items() for t, v, f in rows],
        schema={
            "outlet": pl.Int32,
            "pollutant": pl.String,
            "time": pl.Datetime("us", "UTC"),
            "value": pl.Float32 if seed == 3 else pl.Float64,
            "flag": pl.String,
        },
        orient="row",
    ).with_columns(valid=valid_flags(pl.col("flag")), over_range=over_range_flags(pl.col("flag")))
    if seed == 3:  # float32 values, as the bench stores them: compare at float32 precision
        readings = readings.with_columns(pl.col("value").cast(pl.Float64).round(2))
    limits = pl.DataFrame(
        [
            {
                "outlet": o,
                "pollutant": lim.pollutant,
                "statistic": lim.statistic,
                "kind": lim.kind,
                "value": float(lim.value),
                "valid_from": lim.valid_from,
                "valid_to": lim.valid_to,
                "converted": lim.converted,
                "reference_o2": float(lim.reference_o2) if lim.reference_o2 is not None else None,
            }
            for o, lims in limits_by_outlet.items()
            for lim in lims
        ],
        schema={
            "outlet": pl.Int64,
            "pollutant": pl.String,
            "statistic": pl.String,
            "kind": pl.String,
            "value": pl.Float64,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "converted": pl.Boolean,
            "reference_o2": pl.Float64,
        },
    )
    got = {
        (
            r["outlet"],
            r["pollutant"],
            r["statistic"],
            r["period_start"],
            r["kind"],
            round(r["percent"], 4),
            r["basis"],
            r["over_range"],
        )
        for r in exceedances(readings, limits).iter_rows(named=True)
    }
    expected = _reference(data, limits_by_outlet)
    assert len(expected) > 50  # the data exceeds often enough to test something
    # ... and each new rule is exercised: converted hours and days, over-range hours
    assert {(k[2], k[6]) for k in expected} >= {("hourly", "converted"), ("daily", "converted")}
    assert any(k[7] for k in expected)
    assert {k[:5] + k[6:] for k in got} == {k[:5] + k[6:] for k in expected}
    assert got == expected


def test_flag_expression_matches_flag_is_valid():
    flags = ["N", " N ", "", None, "D", "n", "U", "C", "T", " T"]
    got = pl.DataFrame({"f": flags}).select(valid_flags(pl.col("f")))["f"].to_list()
    assert got == [judge.flag_is_valid(f) for f in flags]
    over = pl.DataFrame({"f": flags}).select(over_range_flags(pl.col("f")))["f"].to_list()
    assert over == [judge.flag_is_over_range(f) for f in flags]
