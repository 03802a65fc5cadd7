"""Electricity monitoring (E4): treatment equipment off while production runs. Pure: no database.

A meter's sample (time, kW) states the equipment's state from its time until the next sample, but for at
most ``max_hold``: past that, with no newer sample, the state is unknown and nothing is concluded (a
silent meter is missing data, not proof that treatment stopped). Equipment runs when its power is at or
above the meter's threshold and is off below it.

Production runs when any production meter runs. Each treatment meter is judged on its own: a finding is
a stretch longer than ``min_duration`` in which production runs and that treatment meter is known to be off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

# Marks messages for translation without importing a translation catalogue (this module stays pure).
from django.utils.translation import gettext_noop as N_

Span = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class PowerPoint:
    time: datetime
    kw: float


@dataclass(frozen=True, slots=True)
class MeterSeries[K]:
    key: K  # the caller's meter id
    points: Sequence[PowerPoint]
    threshold_kw: float


@dataclass(frozen=True, slots=True)
class Finding[K]:
    meter: K  # the treatment meter's key
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def state_spans[K](series: MeterSeries[K], *, running: bool, max_hold: timedelta) -> list[Span]:
    """The spans in which the meter is known to be running (``running=True``) or known to be off."""
    points = sorted(series.points, key=lambda p: p.time)
    spans = []
    for i, point in enumerate(points):
        if (point.kw >= series.threshold_kw) != running:
            continue
        hold_end = point.time + max_hold
        if i + 1 < len(points):
            hold_end = min(hold_end, points[i + 1].time)
        spans.append((point.time, hold_end))
    return _merge(spans)


def _intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def treatment_off_while_producing[K](
    production: Sequence[MeterSeries[K]],
    treatment: Sequence[MeterSeries[K]],
    *,
    min_duration: timedelta,
    max_hold: timedelta = timedelta(minutes=30),
) -> list[Finding[K]]:
    """Stretches longer than ``min_duration`` (strictly) with production running and a treatment meter off."""
    if min_duration < timedelta(0) or max_hold <= timedelta(0):
        raise ValueError("min_duration must not be negative and max_hold must be positive")
    producing = _merge(s for m in production for s in state_spans(m, running=True, max_hold=max_hold))
    findings = []
    for meter in treatment:
        off = state_spans(meter, running=False, max_hold=max_hold)
        for start, end in _intersect(producing, off):
            if end - start > min_duration:
                findings.append(Finding(meter.key, start, end))
    return sorted(findings, key=lambda f: (f.start, str(f.meter)))


# --- CSV export of a metering system ---------------------------------------------------------------------

# Header names accepted for each column (metering systems export either Chinese or English headers).
CSV_COLUMNS = {
    "meter_id": ("meter_id", "meter", "表号", "电表编号", "计量点编号"),
    "time": ("time", "timestamp", "时间", "采集时间", "数据时间"),
    "kw": ("kw", "power_kw", "power", "功率", "功率(kw)", "功率（kw）", "有功功率", "有功功率(kw)"),
}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d%H%M%S")


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    meter_id: str
    time: datetime
    kw: float


@dataclass(frozen=True, slots=True)
class CsvError:
    line: int  # 1-based line of the file (the header is line 1)
    column: str  # the header as written in the file, or "" for the whole row
    message: str  # an English msgid with %(value)s, translated by the caller
    value: str = ""


def parse_power_csv(text: str, tz: tzinfo) -> tuple[list[CsvRow], list[CsvError]]:
    """Rows of a metering system's CSV export: meter number, time (local, ``tz``), power in kW.

    Returns the rows and every error found (all of them, so the user can fix the file in one go); the
    caller stores nothing when there is any error. A naive time is read in ``tz`` (Asia/Shanghai)."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        return [], [CsvError(1, "", N_("The file is empty."))]
    wanted = {}
    normalised = [h.strip().lower().replace(" ", "") for h in header]
    for key, names in CSV_COLUMNS.items():
        for i, h in enumerate(normalised):
            if h in names:
                wanted[key] = i
                break
    errors = [
        CsvError(1, key, N_("Column missing: expected one of %(value)s."), " / ".join(CSV_COLUMNS[key]))
        for key in CSV_COLUMNS
        if key not in wanted
    ]
    if errors:
        return [], errors
    rows = []
    seen: dict[tuple[str, datetime], int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {k: (record[i].strip() if i < len(record) else "") for k, i in wanted.items()}
        col = {k: header[i].strip() for k, i in wanted.items()}
        meter = cells["meter_id"]
        if not meter:
            errors.append(CsvError(line, col["meter_id"], N_("The meter number is empty.")))
        moment = _parse_time(cells["time"], tz)
        if moment is None:
            errors.append(CsvError(line, col["time"], N_("Not a date and time: %(value)s."), cells["time"]))
        try:
            kw = float(cells["kw"])
            if kw != kw or kw < 0 or kw == float("inf"):
                raise ValueError
        except ValueError:
            errors.append(
                CsvError(
                    line, col["kw"], N_("Not a power in kW (a number, not negative): %(value)s."), cells["kw"]
                )
            )
            continue
        if meter and moment is not None:
            if (meter, moment) in seen:
                errors.append(
                    CsvError(
                        line,
                        col["time"],
                        N_("Same meter and time as line %(value)s."),
                        str(seen[(meter, moment)]),
                    )
                )
                continue
            seen[(meter, moment)] = line
            rows.append(CsvRow(line, meter, moment, kw))
    return rows, errors


def _parse_time(text: str, tz: tzinfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
        for fmt in TIME_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
