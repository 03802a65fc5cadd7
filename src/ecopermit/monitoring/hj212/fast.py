"""The fast path of decoding: the common well-formed frame of a device already seen, in a few C-speed calls.

A data logger sends the same packet shape again and again: the same header after its QN (ST, CN, PW, MN,
Flag…) and the same CP keys with the same delimiters; only QN, DataTime and the values change. The first
packet of a shape goes through the reference decoder (``packet.decode_segment_reference``); when the result
is clean (CRC and length right, within the standard's sizes, UTF-8, no header or CP deviation) the shape is
kept as a ``_Template``: the header, the CP keys, a compiled pattern of the CP text (the keys and delimiters
as literals, one group per value) and what the checks of the fixed fields said (version, warnings). A later
packet with the same header text after its QN and a CP text the pattern matches is then decoded here: the
CRC, one UTF-8 decode, one regular-expression match, one ``dict(zip(...))``; only the QN format and a
lower-case CRC are checked per packet (DataTime's format is in the pattern). Anything else (a bad CRC, a new
shape, any deviation) goes to the reference decoder, and every template is checked against the reference
result of the packet it was learnt from before it is used; ``tests/test_codec_fast.py`` compares both paths
on generated and mutated frames.

Why a template decides everything the reference decoder would: the header text after the QN is compared
whole and the QN must be digits, so the header parse and its checks are those of the learnt packet; the CP
keys and delimiters, which the pattern fixes, decide the canonical CP parse and its checks; a value holds no
delimiter and does not start with ``//`` (site-information text, whose values may hold separators, is for the
reference decoder, as in ``packet._parse_cp_canonical``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ecopermit.monitoring.hj212.crc import crc16
from ecopermit.monitoring.hj212.packet import (
    _HEX,
    DATA_CN,
    SPEC_MAX_CP,
    SPEC_MAX_DATA,
    Issue,
    Packet,
    Version,
    _check_fields,
    _code_shape,
    _digits,
    decode_reference,
    decode_segment_reference,
)

_WHITESPACE = b" \t\r\n\x00"  # what ``decode`` strips from a line
_CP_ROOM = SPEC_MAX_CP - 7  # CP text characters that surely fit: 7 = len("CP=&&") + len("&&")
_CP_END = _CP_ROOM + 5  # the furthest the closing "&&" may be from "CP=&&" on the fast path


class _Template(NamedTuple):
    names: tuple[str, ...]  # the CP keys in wire order (their hashes are cached: the CP dict builds faster)
    # fullmatch(text, start, end) of a compiled pattern: these keys and delimiters, one group per value
    cp_match: Callable[[str, int, int], re.Match[str] | None]
    header: dict[str, str]  # the header of the packet the template was learnt from (QN first, if any)
    version: Version
    issues: tuple[Issue, ...]  # the warnings on what the template fixes (missing QN, ST, CN, MN, Flag…)


# The header text after the QN value (";ST=..;...;Flag=..;"), or the whole header text when there is no QN
# ("ST=..;...;"; it cannot start with ';'), → the templates of the CP key sequences seen with it, newest
# first. Bounded: the oldest header is dropped when full.
_TEMPLATES: dict[str, list[_Template]] = {}
_MAX_HEADERS = 8192
_MAX_PER_HEADER = 8
_UPPER_HEX = b"0123456789ABCDEF"


def _qn_issue(qn: str) -> Issue:
    if _digits(qn, 13):
        return Issue("qn_epoch_ms", f"QN {qn} is a millisecond epoch, not YYYYMMDDhhmmsszzz")
    return Issue("qn_format", f"QN {qn!r} is not 17 digits YYYYMMDDhhmmsszzz")


def decode(raw: bytes, *, accept_modbus_crc: bool = False) -> Packet:
    """``packet.decode_reference`` with the fast path in front: same arguments, same result."""
    s = raw.rstrip(_WHITESPACE)
    length_field = s[2:6]
    if s[:2] == b"##" and length_field.isdigit():
        n = int(length_field)
        crc_field = s[-4:]
        if len(s) == n + 10 and not crc_field.translate(None, _HEX):
            # decode_reference would hand exactly these to decode_segment_reference
            data = s[6:-4]
            return _fast(data, n, crc_field, None) or _reference(data, n, crc_field, None, accept_modbus_crc)
    return decode_reference(raw, accept_modbus_crc=accept_modbus_crc)


def decode_segment(
    data: bytes,
    declared: int | None,
    crc_field: bytes | None,
    warnings: list[Issue] | None = None,
    *,
    accept_modbus_crc: bool = False,
) -> Packet:
    """``packet.decode_segment_reference`` with the fast path in front: same arguments, same result."""
    if (
        crc_field is not None
        and declared == len(data)
        and len(crc_field) == 4
        and not crc_field.translate(None, _HEX)
    ):
        packet = _fast(data, declared, crc_field, warnings)
        if packet is not None:
            return packet
    return _reference(data, declared, crc_field, warnings, accept_modbus_crc)


def _fast(data: bytes, n: int, crc_field: bytes, warnings: list[Issue] | None) -> Packet | None:
    """The packet when ``data`` (``n`` bytes, four hex digits of CRC) fits a template, else None."""
    if n > SPEC_MAX_DATA or crc16(data) != int(crc_field, 16):
        return None
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return None
    cp_at = text.find("CP=&&")
    end = len(text) - 2
    if cp_at < 1 or text[cp_at - 1] != ";" or text[end:] != "&&" or not cp_at + 5 <= end <= cp_at + _CP_END:
        return None
    if len(text) != n and n - data.find(b"CP=&&") > SPEC_MAX_CP:
        return (
            None  # fewer characters than the limit, more bytes (a Chinese text): the reference decoder warns
        )
    qn: str | None
    if text[:3] == "QN=":
        q = text.find(";")
        qn = text[3:q]
        if not qn.isascii() or not qn.isdigit():
            return None  # a QN that may hold delimiters: the reference decoder reads it
        templates = _TEMPLATES.get(text[q:cp_at])
    elif text[0] != ";":
        qn = None
        templates = _TEMPLATES.get(text[:cp_at])
    else:
        return None
    if templates is None:
        return None
    for t in templates:
        m = t.cp_match(text, cp_at + 5, end)
        if m is not None:
            break
    else:
        return None
    crc_wire = crc_field.decode()
    header = t.header.copy()
    out = [] if warnings is None else warnings
    if crc_field.translate(None, _UPPER_HEX):
        out.append(Issue("crc_lowercase", f"CRC {crc_wire} in lower case; the standard writes upper case"))
    if qn is not None:
        header["QN"] = qn
        if len(qn) != 17:
            out.append(_qn_issue(qn))
    if t.issues:
        out.extend(t.issues)
    cp = dict(zip(t.names, m.groups()))  # noqa: B905 (one group per name)
    return Packet(header, cp, True, True, False, None, out, t.version, data, n, crc_wire)


def _reference(
    data: bytes, declared: int | None, crc_field: bytes | None, warnings: list[Issue] | None, modbus: bool
) -> Packet:
    before = 0 if warnings is None else len(warnings)
    packet = decode_segment_reference(data, declared, crc_field, warnings, accept_modbus_crc=modbus)
    if packet.error is None and packet.crc_ok and packet.length_ok and not packet.oversize:
        _learn(data, packet, before)
    return packet


def _split(data: bytes) -> tuple[str | None, str, str] | None:
    """(QN, template key, CP text) of a segment shaped as ``_fast`` wants it, or None."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return None
    cp_at = text.find("CP=&&")
    end = len(text) - 2
    if cp_at < 1 or text[cp_at - 1] != ";" or text[end:] != "&&" or not cp_at + 5 <= end <= cp_at + _CP_END:
        return None
    if len(text) != len(data) and len(data) - data.find(b"CP=&&") > SPEC_MAX_CP:
        return (
            None  # fewer characters than the limit, more bytes (a Chinese text): the reference decoder warns
        )
    if text[:3] == "QN=":
        q = text.find(";")
        return text[3:q], text[q:cp_at], text[cp_at + 5 : end]
    if text[0] == ";":
        return None
    return None, text[:cp_at], text[cp_at + 5 : end]


# A value on the fast path: no delimiter, and not starting with "//" (site-information text, whose values
# may hold separators, is read by the reference decoder) [STD p.31 表B.10].
_VALUE = "((?!//)[^;,=]*)"
_DATATIME = "([0-9]{14})"  # in a data upload; any other DataTime is reported by the reference decoder
_FIELD_SEPARATORS = re.compile("([;,])")


def _cp_pattern(cp_text: str, data_upload: bool) -> tuple[tuple[str, ...], re.Pattern[str]] | None:
    """The keys of a CP text and the pattern of the texts with the same keys and delimiters."""
    names = []
    pattern = []
    for piece in _FIELD_SEPARATORS.split(cp_text) if cp_text else ():
        if piece in (";", ","):
            pattern.append(piece)
            continue
        key, eq, value = piece.partition("=")
        if not eq or "=" in value:
            return None
        names.append(key)
        pattern.append(re.escape(key) + "=" + (_DATATIME if data_upload and key == "DataTime" else _VALUE))
    return tuple(names), re.compile("".join(pattern), re.DOTALL)


def _learn(data: bytes, packet: Packet, before: int) -> None:
    """Keep the shape of a clean packet as a template, once it has reproduced the reference result."""
    split = _split(data)
    if split is None or packet.crc_wire is None:
        return
    qn, key, cp_text = split
    header = packet.header
    if (qn is not None) != ("QN" in header) or (qn is not None and next(iter(header)) != "QN"):
        return
    cn = header.get("CN")
    data_upload = cn in DATA_CN
    shape = _cp_pattern(cp_text, data_upload)
    if shape is None:
        return
    names, pattern = shape
    pw = header.get("PW")
    version, issues = _check_fields(
        header.get("ST"),
        cn,
        None if pw is None else bool(pw),
        header.get("Flag"),
        header.get("MN"),
        header.get("PNUM"),
        header.get("PNO"),
        _code_shape(names),  # the keys of the fast path's CP; checked below
    )
    if qn is None:
        issues = (Issue("missing_qn", "no QN request id"), *issues)
    if data_upload and "DataTime" not in names:
        issues = (*issues, Issue("missing_datatime", f"a {cn} upload without DataTime"))
    template = _Template(names, pattern.fullmatch, dict(header), version, issues)
    # Try the template alone on the packet it comes from; keep it only if it gives the reference result.
    previous = _TEMPLATES.get(key)
    _TEMPLATES[key] = [template]
    fast = _fast(data, len(data), packet.crc_wire.encode(), None)
    if fast is not None and _same(fast, packet, before):
        kept = [t for t in previous or () if t.names != names]
        _TEMPLATES[key] = [template, *kept][:_MAX_PER_HEADER]
        if previous is None and len(_TEMPLATES) > _MAX_HEADERS:
            del _TEMPLATES[next(iter(_TEMPLATES))]  # the oldest header
    elif previous is None:
        del _TEMPLATES[key]
    else:
        _TEMPLATES[key] = previous


def _same(fast: Packet, ref: Packet, before: int) -> bool:
    return (
        list(fast.header.items()) == list(ref.header.items())
        and list(fast.cp.items()) == list(ref.cp.items())
        and fast.warnings == ref.warnings[before:]
        and fast.version is ref.version
        and (fast.crc_ok, fast.length_ok, fast.oversize, fast.error, fast.crc_wire)
        == (ref.crc_ok, ref.length_ok, ref.oversize, ref.error, ref.crc_wire)
    )
