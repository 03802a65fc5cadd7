"""Encoding HJ 212 packets: ``encode`` one packet, ``encode_split`` a CP area too long for one packet into
parts (PNUM/PNO), ``format_cp`` the canonical CP text. The inverse of ``packet.decode``; nothing here
imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from ecopermit.monitoring.hj212.crc import crc16
from ecopermit.monitoring.hj212.packet import SPEC_MAX_DATA, WIRE_MAX_DATA, HJ212Error, Issue


def _check_text(what: str, text: str, *, allow_empty: bool = False, allow_info: bool = False) -> None:
    if allow_info and len(text) >= 4 and text.startswith("//") and text.endswith("//") and "&&" not in text:
        return  # a //text// value may hold separators [STD p.31 表B.10]
    bad = [c for c in (";", ",", "=", "&&", "\r", "\n") if c in text]
    if bad or (not text and not allow_empty):
        raise HJ212Error(
            Issue("encode_bad_text", f"{what} {text!r} cannot be written (empty or contains {bad})")
        )


def format_cp(cp: Mapping[str, str]) -> str:
    """The CP area text: ',' between the fields of one pollutant, ';' between items [STD p.7 §6.3.3]."""
    parts: list[str] = []
    prev_code: str | None = None
    for key, value in cp.items():
        _check_text("CP field name", key)
        _check_text(f"value of {key}", value, allow_empty=True, allow_info=True)
        code, dash, _ = key.partition("-")
        code = code if dash else ""
        if parts:
            parts.append("," if code and code == prev_code else ";")
        parts.append(f"{key}={value}")
        prev_code = code
    return "".join(parts)


def encode(header: Mapping[str, str], cp: Mapping[str, str] | str = "", *, crlf: bool = True) -> bytes:
    """Encode a packet: header fields in the order given, values as given; CP as a dict or ready text.

    The length and CRC are computed here. Raises HJ212Error when a field cannot be written or the data
    segment would not fit the four-digit length field.
    """
    head = []
    for key, value in header.items():
        _check_text("header field name", key)
        _check_text(f"value of {key}", value, allow_empty=True)
        head.append(f"{key}={value};")
    cp_text = cp if isinstance(cp, str) else format_cp(cp)
    data = f"{''.join(head)}CP=&&{cp_text}&&".encode()
    if len(data) > WIRE_MAX_DATA:
        raise HJ212Error(
            Issue(
                "encode_too_long", f"data segment of {len(data)} bytes does not fit the 4-digit length field"
            )
        )
    return b"##%04d%s%04X%s" % (len(data), data, crc16(data), b"\r\n" if crlf else b"")


def encode_split(
    header: Mapping[str, str], cp: Mapping[str, str], *, max_data: int = SPEC_MAX_DATA, crlf: bool = True
) -> list[bytes]:
    """Encode CP data as one packet, or as split packets when it does not fit ``max_data`` [notes §7].

    Each part repeats DataTime, carries whole items (all fields of a pollutant stay together), sets the D bit
    in Flag and PNUM/PNO after Flag, and gets its own QN (the spec's example adds one millisecond per part).
    """
    single = encode(header, cp, crlf=crlf)
    if len(single) - 6 - 4 - (2 if crlf else 0) <= max_data:
        return [single]
    items: list[dict[str, str]] = []
    for key, value in cp.items():
        if key == "DataTime":
            continue
        code = key.partition("-")[0] if "-" in key else None
        if items and code is not None and _item_code(items[-1]) == code:
            items[-1][key] = value
        else:
            items.append({key: value})
    common = {"DataTime": cp["DataTime"]} if "DataTime" in cp else {}
    flag = int(header.get("Flag", "4") or "4") | 2
    # Reserve room for PNUM/PNO with up to four digits each, then fill parts greedily.
    base_header = {**header, "Flag": str(flag), "PNUM": "9999", "PNO": "9999"}
    overhead = len(encode(base_header, common, crlf=False)) - 10
    parts: list[dict[str, str]] = []
    current: dict[str, str] = {}
    size = overhead
    for item in items:
        item_size = len(format_cp(item).encode()) + 1
        if current and size + item_size > max_data:
            parts.append(current)
            current, size = {}, overhead
        if size + item_size > max_data:
            raise HJ212Error(
                Issue("encode_too_long", f"item {next(iter(item))} alone exceeds {max_data} bytes")
            )
        current.update(item)
        size += item_size
    if current:
        parts.append(current)
    out = []
    qn_time = _qn_datetime(header.get("QN"))
    for i, part in enumerate(parts, start=1):
        part_header = dict(header)
        if qn_time is not None:
            part_header["QN"] = (qn_time + timedelta(milliseconds=i - 1)).strftime("%Y%m%d%H%M%S%f")[:17]
        part_header["Flag"] = str(flag)
        part_header.pop("PNUM", None)
        part_header.pop("PNO", None)
        part_header = _insert_after(part_header, "Flag", {"PNUM": str(len(parts)), "PNO": str(i)})
        out.append(encode(part_header, {**common, **part}, crlf=crlf))
    return out


def _item_code(item: Mapping[str, str]) -> str | None:
    key = next(iter(item))
    return key.partition("-")[0] if "-" in key else None


def _qn_datetime(qn: str | None) -> datetime | None:
    if qn is None or len(qn) != 17 or not qn.isdigit():
        return None
    try:
        return datetime.strptime(qn, "%Y%m%d%H%M%S%f")
    except ValueError:
        return None


def _insert_after(mapping: Mapping[str, str], anchor: str, extra: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in mapping.items():
        out[key] = value
        if key == anchor:
            out.update(extra)
    if anchor not in mapping:
        out.update(extra)
    return out
