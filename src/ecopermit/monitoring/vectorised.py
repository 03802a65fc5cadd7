"""The exceedance evaluation over many outlets at once, with polars (M2; bench/exceedance.py).

The same rules as ``judge.py``, on columns instead of objects, for hourly data (kind ``hour``) of many
series: an hour counts when its flag is valid; a day (Asia/Shanghai) is the mean of its valid hours and
counts with at least 75 % of them; each average is compared with the limit of its statistic and kind valid
on its local date (the latest ``valid_from`` wins where limits overlap, as ``judge.limit_for``).

Input frames:
- readings: ``outlet`` (int), ``pollutant`` (str or categorical), ``time`` (Datetime, UTC, hour start),
  ``value`` (float), ``valid`` (bool; see ``valid_flags``), and optionally ``over_range`` (bool: flag T, see
  ``over_range_flags``; counted as evidence, judged against maxima only, as in ``judge``);
- limits: ``outlet``, ``pollutant``, ``statistic`` ("hourly"/"daily"), ``kind`` ("max"/"min"), ``value``,
  ``valid_from`` (date), ``valid_to`` (date or null), and optionally ``converted`` (bool) with
  ``reference_o2`` (float, %): a converted limit is judged on the converted series, the readings of
  ``<pollutant>-Zs`` (the logger's ``-ZsAvg``) where there are some for the hour, else the measured value
  converted with the hour's ``a19001`` (GB 13271-2014 §5.2, ``judge.convert_to_reference``; no usable O2,
  no converted value). One reference O2 per outlet and pollutant.

Output: one frame of exceedances: ``outlet, pollutant, statistic, period_start, value, limit, kind, percent,
basis, over_range``.
Floats, not exact decimals: an average within 1e-9 (relative) of its limit counts as equal (no exceedance),
which is what the exact arithmetic of ``judge.py`` says for values given with a few decimals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from ecopermit.monitoring.judge import O2, OVER_RANGE_FLAG, Limit, limit_for

SHANGHAI_OFFSET_S = 8 * 3600  # Asia/Shanghai has kept UTC+8 since 1992
DAY_S = 86400
EPSILON = 1e-9
OUT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "outlet": pl.Int64,
    "pollutant": pl.String,
    "statistic": pl.String,
    "period_start": pl.Datetime("us", "UTC"),
    "value": pl.Float64,
    "limit": pl.Float64,
    "kind": pl.String,
    "percent": pl.Float64,
    "basis": pl.String,
    "over_range": pl.Boolean,
}
ZS = "-Zs"  # the converted series of a pollutant (ingest.convert stores the logger's -ZsAvg so)
AIR_O2 = 21.0


def valid_flags(flag: pl.Expr) -> pl.Expr:
    """``judge.flag_is_valid`` as an expression: N, empty or missing is valid."""
    stripped = flag.str.strip_chars()
    return flag.is_null() | (stripped == "") | (stripped == "N")


def over_range_flags(flag: pl.Expr) -> pl.Expr:
    """``judge.flag_is_over_range`` as an expression: T (超测上限)."""
    return flag.str.strip_chars().fill_null("") == OVER_RANGE_FLAG


def _converted(readings: pl.DataFrame, limits: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Readings with the derived converted series (pollutant ``<code>-Zs``) added, and the converted limits
    renamed to that series; the same rules as ``judge.converted_averages``."""
    if "converted" not in limits.columns or not limits.get_column("converted").fill_null(False).any():
        return readings, limits
    conv = limits.filter(pl.col("converted").fill_null(False))
    refs = conv.select(
        pl.col("outlet").cast(pl.Int64), pl.col("pollutant").cast(pl.String), "reference_o2"
    ).unique()
    if refs.select("outlet", "pollutant").is_duplicated().any():
        raise ValueError("one reference O2 per outlet and pollutant")
    base = readings.with_columns(pl.col("outlet").cast(pl.Int64), pl.col("pollutant").cast(pl.String))
    o2 = base.filter(pl.col("pollutant") == O2).select(
        "outlet", "time", o2=pl.col("value").cast(pl.Float64), o2_ok=pl.col("valid") & ~pl.col("over_range")
    )
    sent = base.filter(pl.col("pollutant").str.ends_with(ZS)).select("outlet", "pollutant", "time")
    measured = base.join(refs, on=["outlet", "pollutant"], how="inner").join(
        o2, on=["outlet", "time"], how="left"
    )
    usable = pl.col("o2_ok").fill_null(False) & (pl.col("o2") >= 0) & (pl.col("o2") < AIR_O2)
    derived = (
        measured.with_columns(
            pollutant=pl.col("pollutant") + ZS,
            value=pl.col("value").cast(pl.Float64)
            * (AIR_O2 - pl.col("reference_o2"))
            / (AIR_O2 - pl.col("o2")),
            valid=pl.col("valid") & usable,
            over_range=pl.col("over_range") & usable,
        )
        .join(sent, on=["outlet", "pollutant", "time"], how="anti")
        .select(base.columns)
    )
    readings = pl.concat(
        [base.with_columns(pl.col("value").cast(pl.Float64)), derived], how="vertical_relaxed"
    )
    limits = limits.with_columns(
        pollutant=pl.when(pl.col("converted").fill_null(False))
        .then(pl.col("pollutant").cast(pl.String) + ZS)
        .otherwise(pl.col("pollutant").cast(pl.String))
    )
    return readings, limits


def _segments(limits: pl.DataFrame) -> pl.DataFrame:
    """Limits cut into non-overlapping date segments per (outlet, pollutant, statistic, kind), each carrying
    the limit ``judge.limit_for`` gives on its days. Limits are few: this runs in Python."""
    rows: list[dict[str, Any]] = []
    groups: dict[tuple[Any, ...], list[Limit]] = {}
    for r in limits.iter_rows(named=True):
        key = (r["outlet"], str(r["pollutant"]), r["statistic"], r["kind"])
        groups.setdefault(key, []).append(
            Limit(str(r["pollutant"]), r["statistic"], r["value"], r["kind"], r["valid_from"], r["valid_to"])
        )
    far = dt.date(9999, 12, 30)
    for (outlet, pollutant, statistic, kind), group in groups.items():
        cuts = sorted(
            {lim.valid_from for lim in group}
            | {lim.valid_to + dt.timedelta(days=1) for lim in group if lim.valid_to}
        )
        for i, start in enumerate(cuts):
            end = cuts[i + 1] - dt.timedelta(days=1) if i + 1 < len(cuts) else far
            chosen = limit_for(group, pollutant, statistic, kind, start)
            if chosen is not None:
                rows.append(
                    {
                        "outlet": outlet,
                        "pollutant": pollutant,
                        "statistic": statistic,
                        "kind": kind,
                        "limit": float(chosen.value),
                        "day_from": _day_index(start),
                        "day_to": _day_index(end),
                    }
                )
    schema = {
        "outlet": pl.Int64,
        "pollutant": pl.String,
        "statistic": pl.String,
        "kind": pl.String,
        "limit": pl.Float64,
        "day_from": pl.Int32,
        "day_to": pl.Int32,
    }
    return pl.DataFrame(rows, schema=schema)


def _day_index(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _local_day(time: pl.Expr) -> pl.Expr:
    """Days since 1970-01-01 of the Asia/Shanghai date of a UTC instant (UTC+8, no DST since 1992)."""
    micros = time.dt.cast_time_unit("us").to_physical()
    return ((micros + SHANGHAI_OFFSET_S * 1_000_000) // (DAY_S * 1_000_000)).cast(pl.Int32)


def _judge(averages: pl.DataFrame, segs: pl.DataFrame, statistic: str) -> pl.DataFrame:
    """Candidate averages (sid, period_start, day, value, over_range) against the exact segments of one
    statistic; an average over range only against maxima."""
    return (
        averages.join(segs, on="sid", how="inner")
        .filter(pl.col("day").is_between(pl.col("day_from"), pl.col("day_to")))
        .filter(~pl.col("over_range") | (pl.col("kind") == "max"))
        .with_columns(
            percent=pl.when(pl.col("kind") == "max")
            .then((pl.col("value") - pl.col("limit")) / pl.col("limit") * 100)
            .otherwise((pl.col("limit") - pl.col("value")) / pl.col("limit") * 100)
        )
        .filter(pl.col("percent") > EPSILON * 100)
        .with_columns(statistic=pl.lit(statistic))
    )


def _loose(segs: pl.DataFrame, size: int) -> tuple[pl.Series, pl.Series]:
    """Per series id the loosest bounds of any segment (+inf / -inf where there is none), for a cheap
    prefilter by array lookup; the exact judgement then runs on the few rows that pass it."""
    max_lo = np.full(size + 1, np.inf)
    min_hi = np.full(size + 1, -np.inf)
    for sid, kind, limit in segs.select("sid", "kind", "limit").iter_rows():
        if kind == "max":
            max_lo[sid] = min(max_lo[sid], limit * (1 + EPSILON))
        else:
            min_hi[sid] = max(min_hi[sid], limit * (1 - EPSILON))
    return pl.Series(max_lo), pl.Series(min_hi)


def _beyond(value: pl.Expr, sid: pl.Expr, bounds: tuple[pl.Series, pl.Series]) -> pl.Expr:
    return (value > pl.lit(bounds[0]).gather(sid)) | (value < pl.lit(bounds[1]).gather(sid))


def exceedances(
    readings: pl.DataFrame, limits: pl.DataFrame, *, min_valid_share: float = 0.75
) -> pl.DataFrame:
    """Hourly and daily exceedances of hourly readings, sorted by outlet, pollutant, statistic, period.

    A series (outlet × pollutant) is numbered densely, ``sid = (outlet − first outlet) × P + pollutant``, so
    that limits are found by array lookup rather than by joining millions of rows. Give ``pollutant`` as a
    ``pl.Enum`` for big frames (a String column is converted). Daily means are grouped on one integer key;
    when the frame is sorted by outlet, pollutant and time (as stored) the grouping takes the sorted path."""
    if "over_range" not in readings.columns:
        readings = readings.with_columns(over_range=pl.lit(False))
    # Most frames have no over-range hour at all: then the day's aggregation skips that column (it would
    # cost as much as the rest of the evaluation on the bench's 52 M rows).
    has_over = bool(readings.get_column("over_range").any())
    readings, limits = _converted(readings, limits)
    segments = _segments(limits)
    pollutant_type = readings.schema["pollutant"]
    if not isinstance(pollutant_type, pl.Enum):
        seen = readings.get_column("pollutant").cast(pl.String).unique().drop_nulls().to_list()
        pollutant_type = pl.Enum(sorted(set(seen) | set(segments.get_column("pollutant").to_list())))
        readings = readings.with_columns(pl.col("pollutant").cast(pl.String).cast(pollutant_type))
    cats = pollutant_type.categories.to_list()
    segments = segments.filter(pl.col("pollutant").is_in(cats))
    if segments.is_empty() or readings.is_empty():
        return pl.DataFrame(schema=OUT_SCHEMA)
    n_cats = len(cats)
    first, last = segments.get_column("outlet").min(), segments.get_column("outlet").max()
    assert isinstance(first, int) and isinstance(last, int)  # an Int64 column (_segments), not empty
    # Outlet slots: 0 = below the first outlet with limits, last − first + 2 = above the last: no limits.
    size = (last - first + 3) * n_cats
    segments = segments.with_columns(
        sid=(pl.col("outlet") - first + 1) * n_cats
        + pl.col("pollutant").cast(pollutant_type).to_physical().cast(pl.Int64)
    )
    slot = (pl.col("outlet").cast(pl.Int64) - (first - 1)).clip(0, last - first + 2)
    columns = readings.select(
        sid=slot * n_cats + pl.col("pollutant").to_physical().cast(pl.Int64),
        day=_local_day(pl.col("time")),
    )
    frame = pl.DataFrame(
        [
            columns.get_column("sid"),
            columns.get_column("day"),
            readings.get_column("time"),
            readings.get_column("value"),
            (
                readings.get_column("valid") | readings.get_column("over_range")
                if has_over
                else readings.get_column("valid")
            ).alias("counts"),
            readings.get_column("over_range"),
        ]
    )
    del columns
    parts = []
    hourly_segs = segments.filter(pl.col("statistic") == "hourly")
    if not hourly_segs.is_empty():
        bounds = _loose(hourly_segs, size)
        candidates = frame.filter(
            pl.col("counts") & _beyond(pl.col("value").cast(pl.Float64), pl.col("sid"), bounds)
        ).select(
            "sid", pl.col("time").alias("period_start"), "day", pl.col("value").cast(pl.Float64), "over_range"
        )
        parts.append(_judge(candidates, hourly_segs, "hourly"))
    daily_segs = segments.filter(pl.col("statistic") == "daily")
    if not daily_segs.is_empty():
        key = frame.select(pl.col("sid") * 100_000 + pl.col("day")).to_series().alias("key")
        if key.is_sorted():
            key = key.set_sorted()
        needed = min_valid_share * 24  # Shanghai days have 24 hours since 1992
        day_columns = [key, frame.get_column("value"), frame.get_column("counts")]
        aggregates = [
            pl.col("value").filter(pl.col("counts")).cast(pl.Float64).sum().alias("total"),
            pl.col("counts").sum().alias("n"),
        ]
        if has_over:
            day_columns.append(frame.get_column("over_range"))
            aggregates.append((pl.col("over_range") & pl.col("counts")).any().alias("over_range"))
        days = (
            pl.DataFrame(day_columns)
            .lazy()
            .group_by("key")
            .agg(*aggregates)
            .filter((pl.col("n") >= needed) & (pl.col("n") > 0))
            .select(
                (pl.col("key") // 100_000).alias("sid"),
                (pl.col("key") % 100_000).cast(pl.Int32).alias("day"),
                (pl.col("total") / pl.col("n")).alias("value"),
                pl.col("over_range") if has_over else pl.lit(False).alias("over_range"),
            )
            .with_columns(
                period_start=(pl.col("day").cast(pl.Int64) * DAY_S - SHANGHAI_OFFSET_S)
                .mul(1_000_000)
                .cast(pl.Datetime("us", "UTC"))
            )
            .collect()
        )
        del key
        bounds = _loose(daily_segs, size)
        parts.append(
            _judge(days.filter(_beyond(pl.col("value"), pl.col("sid"), bounds)), daily_segs, "daily")
        )
    del frame
    found = pl.concat(parts, how="diagonal_relaxed")
    names = pl.Series(cats)
    series = pl.lit(names).gather(pl.col("sid") % n_cats)
    return found.select(
        (pl.col("sid") // n_cats + first - 1).alias("outlet"),
        series.str.strip_suffix(ZS).alias("pollutant"),
        "statistic",
        pl.col("period_start").cast(pl.Datetime("us", "UTC")),
        "value",
        "limit",
        "kind",
        "percent",
        pl.when(series.str.ends_with(ZS))
        .then(pl.lit("converted"))
        .otherwise(pl.lit("measured"))
        .alias("basis"),
        "over_range",
    ).sort("outlet", "pollutant", "statistic", "period_start", "kind")
