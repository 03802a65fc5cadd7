"""``ecopermit monitoring judge --limits FILE``: the judgement of hourly HJ 212 packets without a database.

Pure (no Django): the same rules as the evaluation (``judge``), so that they can be checked from the outside
as ``ecopermit classify`` lets the catalog be checked. Stable contract (docs/monitoring.md, "Judging packets
from the command line"):

- input: HJ 212 hourly uploads (CN=2061) on standard input, one packet per line (CRLF or LF; blank lines
  are skipped); FILE a JSON list of limits
  ``{"pollutant": "a21026", "statistic": "hourly", "max": 50, "converted": true, "reference_o2": 3.5}``
  (``"min"`` instead of ``"max"`` for a lower bound; ``converted`` false or absent: the measured value);
- output: per hour (in time order, the hours between the first and the last packet included) and limit
  (in the file's order) one JSON object on one line: ``{"time", "pollutant", "verdict", "value", "basis",
  "limit", "flag"}`` with ``verdict`` ok / exceedance / abnormal / missing, plus ``"reason"`` for abnormal
  and missing ones (``flag``, ``over_range``, ``over_range_within_limit``, ``o2_missing``, ``o2_flagged``,
  ``o2_out_of_range``, ``not_sent``);
- bad input (a limit, a packet that does not decode, another CN, no DataTime, an hour twice): nothing on
  standard output, one message naming the limit or the line and its byte offset, exit status 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ecopermit.monitoring import hj212, judge
from ecopermit.monitoring.hj212 import codes
from ecopermit.monitoring.hj212.records import CHINA_TZ, Record, data_area

HOURLY_CN = "2061"
# The judge needs a date for a limit's validity; limits given here have none, so they apply on every day.
ALWAYS = date(1, 1, 1)


class JudgeInputError(ValueError):
    """Input the command cannot judge; the message names where."""


@dataclass(frozen=True, slots=True)
class _Hour:
    start: datetime  # aware, Beijing time
    records: dict[str, Record]  # by 2017 code


def parse_limits(data: Any, where: str = "limits") -> list[judge.Limit]:
    """The limits of the JSON list ``data``; a ``JudgeInputError`` names the limit (1-based) and field."""
    if not isinstance(data, list) or not data:
        raise JudgeInputError(f"{where}: expected a non-empty JSON list of limits")
    limits = []
    for n, item in enumerate(data, 1):
        at = f"{where}: limit {n}"
        if not isinstance(item, dict):
            raise JudgeInputError(f"{at}: expected a JSON object")
        unknown = set(item) - {"pollutant", "statistic", "max", "min", "converted", "reference_o2"}
        if unknown:
            raise JudgeInputError(f"{at}: unknown field(s) {', '.join(sorted(unknown))}")
        pollutant = item.get("pollutant")
        if not isinstance(pollutant, str) or not pollutant.strip():
            raise JudgeInputError(f"{at}: 'pollutant' must be an HJ 212 code such as \"a21026\"")
        if item.get("statistic", "hourly") != "hourly":
            raise JudgeInputError(
                f"{at}: 'statistic' {item.get('statistic')!r}: hourly packets (CN=2061) are judged on hourly limits"
            )
        if ("max" in item) == ("min" in item):
            raise JudgeInputError(f"{at}: give exactly one of 'max' and 'min'")
        kind: judge.LimitKind = "max" if "max" in item else "min"
        value = _number(item[kind], f"{at}: '{kind}'")
        converted = item.get("converted", False)
        if not isinstance(converted, bool):
            raise JudgeInputError(f"{at}: 'converted' must be true or false")
        ref = item.get("reference_o2")
        if converted and ref is None:
            raise JudgeInputError(
                f"{at}: a converted limit needs 'reference_o2' (the reference O2 content, %)"
            )
        if not converted and ref is not None:
            raise JudgeInputError(f"{at}: 'reference_o2' is only for a converted limit (\"converted\": true)")
        ref_o2 = _number(ref, f"{at}: 'reference_o2'") if ref is not None else None
        code = codes.to_2017(pollutant.strip()) or pollutant.strip()
        try:
            limits.append(judge.Limit(code, "hourly", value, kind, ALWAYS, None, converted, ref_o2))
        except ValueError as exc:
            raise JudgeInputError(f"{at}: {exc}") from None
    return limits


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise JudgeInputError(f"{where} must be a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise JudgeInputError(f"{where} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise JudgeInputError(f"{where} must be a finite number")
    return number


def parse_packets(lines: Iterable[bytes]) -> list[_Hour]:
    """The hours of the packets, in time order; a ``JudgeInputError`` names the line and its byte offset."""
    hours: dict[datetime, tuple[int, _Hour]] = {}
    offset = 0
    for number, line in enumerate(lines, 1):
        at = f"line {number} (byte offset {offset})"
        offset += len(line)
        if not line.strip():
            continue
        packet = hj212.decode(line.rstrip(b"\r\n"))
        if not packet.ok:
            raise JudgeInputError(f"{at}: not a valid HJ 212 packet: {packet.error}")
        if packet.cn != HOURLY_CN:
            raise JudgeInputError(f"{at}: CN={packet.cn}, not an hourly upload (CN=2061)")
        area = data_area(packet.cp)
        start = area.data_time
        if start is None:
            raise JudgeInputError(f"{at}: no valid DataTime (YYYYMMDDhhmmss)")
        if (start.minute, start.second) != (0, 0):
            raise JudgeInputError(f"{at}: DataTime {area.data_time_text} is not the start of an hour")
        if start in hours:
            raise JudgeInputError(f"{at}: DataTime {area.data_time_text} repeats line {hours[start][0]}")
        records = {(r.code_2017 or code): r for code, r in area.pollutants.items()}
        hours[start] = (number, _Hour(start, records))
    return [h for _start, (_n, h) in sorted(hours.items())]


def _average(
    record: Record | None, code: str, start: datetime, field: str, basis: judge.Basis
) -> judge.Average | None:
    if record is None or field not in record.fields:
        return None
    return judge.upload_average(code, start, record.number(field), record.flag, basis)


def verdicts(hours: list[_Hour], limits: list[judge.Limit]) -> Iterator[dict[str, Any]]:
    """One verdict per hour (gaps between packets are missing hours) and limit."""
    if not hours:
        return
    by_start = {h.start: h for h in hours}
    start, last = hours[0].start, hours[-1].start
    while start <= last:
        hour = by_start.get(start)
        records = hour.records if hour else {}
        for limit in limits:
            yield _verdict(start, records, limit)
        start += judge.HOUR


def _verdict(start: datetime, records: dict[str, Record], limit: judge.Limit) -> dict[str, Any]:
    record = records.get(limit.pollutant)
    measured = _average(record, limit.pollutant, start, "Avg", "measured")
    failure = None
    if not limit.converted:
        average = measured
    else:
        assert limit.reference_o2 is not None  # judge.Limit refuses a converted limit without one
        sent = _average(record, limit.pollutant, start, "ZsAvg", "converted")
        o2 = _average(records.get(judge.O2), judge.O2, start, "Avg", "measured")
        if measured is None and sent is None:
            average = None
        else:
            series, failures = judge.converted_averages(
                [measured] if measured else [],
                [sent] if sent else [],
                [o2] if o2 else [],
                limit.reference_o2,
            )
            average, failure = series[0], (failures[0] if failures else None)
    result = judge.hour_verdict(average, limit, failure)
    out: dict[str, Any] = {
        "time": start.astimezone(CHINA_TZ).isoformat(),
        "pollutant": limit.pollutant,
        "verdict": result.verdict,
        "value": _json_number(result.value),
        "basis": result.basis,
        "limit": _json_number(limit.value),
        "flag": (record.flag.strip() or None) if record is not None and record.flag is not None else None,
    }
    if result.reason:
        out["reason"] = result.reason
    return out


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    rounded = value.quantize(Decimal("0.0001")).normalize()
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def run(lines: Iterable[bytes], limits_data: Any, limits_name: str = "limits") -> list[str]:
    """The output lines, all or none: input is checked completely before anything is judged."""
    limits = parse_limits(limits_data, limits_name)
    hours = parse_packets(lines)
    return [json.dumps(v, ensure_ascii=False) for v in verdicts(hours, limits)]
