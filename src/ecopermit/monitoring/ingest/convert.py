"""Frames → database rows (pure: no Django).

- CN 2011 → kind ``rtd`` (value = Rtd); 2051 → ``min``, 2061 → ``hour``, 2031 → ``day`` (value = Avg, with Min,
  Max, Cou when sent); 2021 (equipment state) → ``rtd``, 2041 (daily run time) → ``day``.
- Pollutant codes go through ``hj212.codes.to_2017`` (a 2005 code becomes its 2017 code; an unknown code is
  kept as sent).
- Converted (折算) values ``ZsRtd``/``ZsAvg``/``ZsMin``/``ZsMax``/``ZsCou`` become a reading of their own with the
  pollutant ``<code>-Zs`` (``a21026-Zs``): flue-gas limits apply to converted concentrations.
- Equipment fields (``SB1-RS``, ``SB1-RT``…) are stored with the field name as sent as the pollutant, the
  number as the value (electricity/equipment monitoring reads them).
- DataTime is Beijing time (the standard's timestamps are local); the start of the period for 2031/2051/2061.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from ecopermit.monitoring.hj212 import codes

BEIJING = timezone(timedelta(hours=8))
KIND_BY_CN = {"2011": "rtd", "2051": "min", "2061": "hour", "2031": "day", "2021": "rtd", "2041": "day"}
# Uploads stored as Upload rows (they carry a DataTime); those in KIND_BY_CN also give readings.
STORED_CN = frozenset({*KIND_BY_CN, "2081"})
POLLUTANT_MAX = 10  # Reading.pollutant max_length
FLAG_MAX = 2


class ReadingRow(NamedTuple):
    """One Reading row, in the table's column order (a tuple: built ~10 times per frame, kept cheap)."""

    outlet_id: int
    pollutant: str
    kind: str
    time: datetime
    value: float | None
    minimum: float | None
    maximum: float | None
    cou: float | None
    flag: str


@lru_cache(maxsize=65536)
def parse_data_time(text: str | None) -> datetime | None:
    """``YYYYMMDDhhmmss`` (millisecond digits after it tolerated) in Beijing time, or None."""
    if not text or len(text) < 14 or not text[:14].isdigit():
        return None
    try:
        return datetime(
            int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]), int(text[12:14]),
            tzinfo=BEIJING,
        )  # fmt: skip
    except ValueError:
        return None


def number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value - value == 0 else None  # NaN and ±inf are not measurements


@lru_cache(maxsize=8192)
def pollutant_code(code: str) -> str:
    try:
        mapped = codes.to_2017(code)
    except Exception:
        mapped = None
    return mapped or code


def group_cp(cp: dict[str, str]) -> dict[str, dict[str, str]]:
    """CP fields by code: ``{"w01018": {"Avg": "12", "Flag": "N"}, "SB1": {"RS": "1"}}``; a bare Flag joins the
    record before it [notes §1]."""
    records: dict[str, dict[str, str]] = {}
    last: dict[str, str] | None = None
    get = records.get
    for key, value in cp.items():
        code, dash, suffix = key.partition("-")
        if dash and code:
            last = get(code)
            if last is None:
                last = records[code] = {suffix: value}
            else:
                last[suffix] = value
        elif key == "Flag" and last is not None:
            last.setdefault("Flag", value)
    return records


def readings(
    outlet_id: int, cn: str, when: datetime, cp: dict[str, str]
) -> tuple[list[ReadingRow], list[str]]:
    """The readings in one upload's CP area, and the codes skipped (too long for the column)."""
    kind = KIND_BY_CN.get(cn)
    if kind is None:
        return [], []
    rows: list[ReadingRow] = []
    skipped: list[str] = []
    main = "Rtd" if kind == "rtd" else "Avg"
    zs_main = "ZsRtd" if kind == "rtd" else "ZsAvg"
    for code, fields in group_cp(cp).items():
        flag = fields.get("Flag") or ""
        if len(flag) > FLAG_MAX:
            flag = flag[:FLAG_MAX]
        if code[:2] == "SB":
            for suffix, text in fields.items():
                if suffix == "Flag":
                    continue
                name = f"{code}-{suffix}"
                if len(name) > POLLUTANT_MAX:
                    skipped.append(name)
                    continue
                rows.append(ReadingRow(outlet_id, name, kind, when, number(text), None, None, None, flag))
            continue
        value = fields.get(main)
        if value is None:
            value = fields.get("Rtd")
        has_plain = value is not None or "Min" in fields or "Max" in fields or "Cou" in fields
        has_zs = (
            "ZsRtd" in fields
            or "ZsAvg" in fields
            or "ZsMin" in fields
            or "ZsMax" in fields
            or "ZsCou" in fields
        )
        if not (has_plain or has_zs):
            continue  # -Info, -SN, -SampleTime, -Flag only: nothing to store as a reading
        pollutant = pollutant_code(code)
        if len(pollutant) > POLLUTANT_MAX:
            skipped.append(code)
            continue
        get = fields.get
        if has_plain:
            rows.append(
                ReadingRow(
                    outlet_id, pollutant, kind, when, number(value),
                    number(get("Min")), number(get("Max")), number(get("Cou")), flag,
                )
            )  # fmt: skip
        if has_zs:
            zs_value = get(zs_main)
            if zs_value is None:
                zs_value = get("ZsRtd")
            name = f"{pollutant}-Zs"
            if len(name) > POLLUTANT_MAX:
                skipped.append(name)
                continue
            rows.append(
                ReadingRow(
                    outlet_id, name, kind, when, number(zs_value),
                    number(get("ZsMin")), number(get("ZsMax")), number(get("ZsCou")), flag,
                )
            )  # fmt: skip
    return rows, skipped
