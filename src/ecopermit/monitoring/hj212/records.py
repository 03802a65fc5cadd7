"""The typed view of a CP data area: records per pollutant or equipment, numbers, timestamps.

The flat CP dict keeps the values exactly as on the wire; this view groups ``w01018-Avg``, ``w01018-Flag``…
into one ``Record`` and converts on demand (``Decimal`` for values, aware Beijing-time ``datetime`` for
times), so decoding stays cheap for callers that only need the flat fields. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from ecopermit.monitoring.hj212 import codes

# Beijing time: the standard's timestamps are local, and China has no daylight saving.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


class Kind(StrEnum):
    """Field-name suffixes of the CP area [STD p.7-9 表4, notes §1]."""

    RTD = "Rtd"
    MIN = "Min"
    AVG = "Avg"
    MAX = "Max"
    COU = "Cou"
    ZS_RTD = "ZsRtd"
    ZS_MIN = "ZsMin"
    ZS_AVG = "ZsAvg"
    ZS_MAX = "ZsMax"
    ZS_COU = "ZsCou"  # not in the standard, seen in the wild [notes §1]
    FLAG = "Flag"
    EFLAG = "EFlag"
    SAMPLE_TIME = "SampleTime"
    RS = "RS"  # equipment running state
    RT = "RT"  # equipment daily run hours
    DATA = "Data"  # noise
    DAY_DATA = "DayData"
    NIGHT_DATA = "NightData"
    INFO = "Info"
    SN = "SN"


VALUE_KINDS = frozenset(
    {
        Kind.RTD,
        Kind.MIN,
        Kind.AVG,
        Kind.MAX,
        Kind.COU,
        Kind.ZS_RTD,
        Kind.ZS_MIN,
        Kind.ZS_AVG,
        Kind.ZS_MAX,
        Kind.ZS_COU,
    }
)


def as_int(text: str | None) -> int | None:
    """A field of ASCII digits as an int (``str.isdigit`` alone also admits digits such as '²')."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def parse_time(text: str | None) -> datetime | None:
    """``YYYYMMDDhhmmss`` (extra millisecond digits tolerated) as an aware Beijing-time datetime."""
    if not text or len(text) < 14 or not text[:14].isdigit():
        return None
    try:
        return datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=CHINA_TZ)
    except ValueError:
        return None


def parse_number(text: str | None) -> Decimal | None:
    """A numeric field (``N14.2`` etc., sign and decimal point allowed) as a Decimal, or None."""
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True, slots=True)
class Record:
    """One item of the CP area: a pollutant or factor (``w01018``), or equipment (``SB1``)."""

    code: str  # as on the wire
    fields: dict[str, str]  # suffix → value as on the wire, e.g. {"Rtd": "7.1", "Flag": "N"}

    @property
    def code_2017(self) -> str | None:
        return codes.to_2017(self.code)

    @property
    def is_equipment(self) -> bool:
        return self.code.startswith("SB")

    def number(self, kind: str) -> Decimal | None:
        return parse_number(self.fields.get(kind))

    rtd = property(lambda self: self.number(Kind.RTD))
    min = property(lambda self: self.number(Kind.MIN))
    avg = property(lambda self: self.number(Kind.AVG))
    max = property(lambda self: self.number(Kind.MAX))
    cou = property(lambda self: self.number(Kind.COU))
    zs_rtd = property(lambda self: self.number(Kind.ZS_RTD))
    zs_min = property(lambda self: self.number(Kind.ZS_MIN))
    zs_avg = property(lambda self: self.number(Kind.ZS_AVG))
    zs_max = property(lambda self: self.number(Kind.ZS_MAX))
    rt = property(lambda self: self.number(Kind.RT))

    @property
    def flag(self) -> str | None:
        return self.fields.get(Kind.FLAG)

    @property
    def eflag(self) -> str | None:
        return self.fields.get(Kind.EFLAG)

    @property
    def sample_time(self) -> datetime | None:
        return parse_time(self.fields.get(Kind.SAMPLE_TIME))

    @property
    def rs(self) -> int | None:
        """Equipment running state: 0 off, 1 running, 2 calibration, 3 maintenance, 4 alarm, 5 back-blow."""
        return as_int(self.fields.get(Kind.RS))


@dataclass(frozen=True, slots=True)
class DataArea:
    data_time_text: str | None
    records: dict[str, Record]  # by wire code, in wire order; equipment (SBx) included
    params: dict[str, str]  # keys without a code: SystemTime, QnRtn, ExeRtn, RtdInterval, PolId, ...

    @property
    def data_time(self) -> datetime | None:
        """DataTime: the start of the period for 2031/2041/2051/2061, the instant for 2011/2021 [STD p.8]."""
        return parse_time(self.data_time_text)

    @property
    def pollutants(self) -> dict[str, Record]:
        return {c: r for c, r in self.records.items() if not r.is_equipment}

    @property
    def equipment(self) -> dict[str, Record]:
        return {c: r for c, r in self.records.items() if r.is_equipment}


def data_area(cp: Mapping[str, str]) -> DataArea:
    """Group a flat CP dict into records. A bare ``Flag`` item belongs to the record before it [notes §1]."""
    records: dict[str, dict[str, str]] = {}
    params: dict[str, str] = {}
    last: dict[str, str] | None = None
    for key, value in cp.items():
        code, dash, kind = key.partition("-")
        if dash and code:
            last = records.setdefault(code, {})
            last[kind] = value
        elif key == "Flag" and last is not None:
            last.setdefault("Flag", value)
        elif key != "DataTime":
            params[key] = value
    return DataArea(
        data_time_text=cp.get("DataTime"),
        records={c: Record(c, f) for c, f in records.items()},
        params=params,
    )
