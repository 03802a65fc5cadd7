"""One HJ 212 packet: decode it (encoding is in encoding.py, the typed view of its CP area in records.py).

Wire format [notes §1, STD p.6 表2/表3]::

    ##  dddd  QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&&...&&  XXXX  \\r\\n

The length ``dddd`` and the CRC ``XXXX`` cover the data segment in UTF-8 bytes. Decoding is strict about
integrity (length, CRC, truncation: those set ``error``) and lenient about everything else: each deviation
real devices are known to make is accepted and reported as a warning (security notes §4.1, "strict on
framing/CRC/auth, lenient on field formats"). Warnings and errors are ``Issue(code, message)``: a stable
machine-readable code plus an English message. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ecopermit.monitoring.hj212 import codes
from ecopermit.monitoring.hj212.crc import crc16, crc16_modbus
from ecopermit.monitoring.hj212.records import VALUE_KINDS, DataArea, as_int, data_area

SPEC_MAX_DATA = 1024  # data segment, bytes [STD p.6 表2]
SPEC_MAX_CP = 950  # "CP=&&...&&", bytes [STD p.6 表3]
WIRE_MAX_DATA = 9999  # what four decimal digits can declare
HEADER_FIELDS = ("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO")
_HEADER_RANK = {name: i for i, name in enumerate(HEADER_FIELDS)}
_HEX = b"0123456789abcdefABCDEF"
_NOT_DELIMITERS = bytes(b for b in range(256) if b not in b"=;,")

# Commands of HJ 212-2017 表9 plus those only HJ/T 212-2005 had [notes §2].
KNOWN_CN = frozenset(
    {
        "1000", "1011", "1012", "1013", "1061", "1062", "1063", "1064", "1072",
        "2011", "2012", "2021", "2022", "2031", "2041", "2051", "2061", "2081",
        "3011", "3012", "3013", "3014", "3015", "3016", "3017", "3018", "3019", "3020", "3021",
        "9011", "9012", "9013", "9014",
        # 2005 only
        "1001", "1021", "1022", "1031", "1032", "1041", "1042", "2071",
    }
)  # fmt: skip
# Uploads that carry measurements and therefore need a DataTime [STD p.8].
DATA_CN = frozenset({"2011", "2021", "2031", "2041", "2051", "2061"})


class Version(StrEnum):
    V2005 = "2005"
    V2017 = "2017"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Issue:
    """A warning or an error: a stable code for machines and an English message for people."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class HJ212Error(ValueError):
    """Raised by ``encode`` for input that cannot be put on the wire. Decoding never raises it."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass(frozen=True, slots=True)
class Flags:
    """The Flag byte: bits V5..V0 (version), D (split packet), A (answer requested) [STD p.6]."""

    value: int

    @property
    def ack(self) -> bool:
        return bool(self.value & 1)

    @property
    def split(self) -> bool:
        return bool(self.value & 2)

    @property
    def version_bits(self) -> int:
        return self.value >> 2

    @property
    def version(self) -> Version:
        return {0: Version.V2005, 1: Version.V2017}.get(self.version_bits, Version.UNKNOWN)

    @classmethod
    def build(cls, *, version: Version = Version.V2017, ack: bool = False, split: bool = False) -> Flags:
        bits = 1 if version == Version.V2017 else 0
        return cls(bits << 2 | (2 if split else 0) | (1 if ack else 0))


# ---------------------------------------------------------------------------------------------------
# The packet


@dataclass(slots=True, eq=False)
class Packet:
    header: dict[str, str]  # only the fields present, values as on the wire, wire order
    cp: dict[str, str]  # flat, values as on the wire; a repeated key keeps its last value
    crc_ok: bool
    length_ok: bool
    oversize: bool  # data segment over the standard's 1024 bytes (accepted, reported)
    error: Issue | None
    warnings: list[Issue]
    version: Version
    data: bytes  # the data segment the CRC covers, as received
    declared_length: int | None
    crc_wire: str | None  # the four CRC characters as received

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def qn(self) -> str | None:
        return self.header.get("QN")

    @property
    def st(self) -> str | None:
        return self.header.get("ST")

    @property
    def cn(self) -> str | None:
        return self.header.get("CN")

    @property
    def pw(self) -> str | None:
        return self.header.get("PW")

    @property
    def mn(self) -> str | None:
        return self.header.get("MN")

    @property
    def flags(self) -> Flags | None:
        value = as_int(self.header.get("Flag"))
        return Flags(value) if value is not None and value < 256 else None

    @property
    def pnum(self) -> int | None:
        return as_int(self.header.get("PNUM"))

    @property
    def pno(self) -> int | None:
        return as_int(self.header.get("PNO"))

    @property
    def is_split(self) -> bool:
        """A part of a split packet: PNUM and PNO present (the D bit is not required, notes §7)."""
        return self.pnum is not None and self.pno is not None

    @property
    def data_time_text(self) -> str | None:
        return self.cp.get("DataTime")

    def data_area(self) -> DataArea:
        return data_area(self.cp)

    def to_json(self) -> dict[str, Any]:
        """The object ``ecopermit hj212 decode`` prints (names fixed by the monitoring issue)."""
        return {
            "crc_ok": self.crc_ok,
            "length_ok": self.length_ok,
            "oversize": self.oversize,
            "error": None if self.error is None else str(self.error),
            "warnings": [str(w) for w in self.warnings],
            "header": dict(self.header),
            "cp": dict(self.cp),
            "version": str(self.version),
        }


def _failed(issue: Issue, warnings: list[Issue], data: bytes = b"", declared: int | None = None) -> Packet:
    return Packet(
        header={},
        cp={},
        crc_ok=False,
        length_ok=False,
        oversize=False,
        error=issue,
        warnings=warnings,
        version=Version.UNKNOWN,
        data=data,
        declared_length=declared,
        crc_wire=None,
    )


def is_hex4(b: bytes | bytearray) -> bool:
    return len(b) == 4 and not bytes(b).translate(None, _HEX)


def _digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


# ---------------------------------------------------------------------------------------------------
# Decoding


def decode_reference(raw: bytes, *, accept_modbus_crc: bool = False) -> Packet:
    """Decode one complete packet, e.g. one line of a log (``ecopermit hj212 decode --lines``).

    The packet may lack its CRLF and may carry bytes before ``##`` (reported). When the declared length does
    not fit, the line's own end decides where the data segment stops, so a packet with a wrong length still
    shows its fields (``length_ok`` false, error ``length_mismatch``). Never raises.
    """
    warnings: list[Issue] = []
    s = raw.strip(b" \t\r\n\x00")
    start = s.find(b"##")
    if start < 0:
        return _failed(Issue("not_a_packet", "no '##' packet header found"), warnings)
    if start:
        warnings.append(Issue("leading_garbage", f"{start} byte(s) before '##' ignored"))
    length_field = s[start + 2 : start + 6]
    if len(length_field) < 4 or not length_field.isdigit():
        return _failed(
            Issue("bad_length_field", f"'##' is not followed by four decimal digits ({length_field!r})"),
            warnings,
        )
    declared = int(length_field)
    body = s[start + 6 :]
    by_length = (
        (body[:declared], body[declared : declared + 4]) if is_hex4(body[declared : declared + 4]) else None
    )
    by_line = (body[:-4], body[-4:]) if is_hex4(body[-4:]) else None
    if by_length and len(body) == declared + 4:
        return decode_segment_reference(
            by_length[0], declared, by_length[1], warnings, accept_modbus_crc=accept_modbus_crc
        )
    # The length does not match the line: pick the reading whose CRC matches, else the one whose data ends
    # with CP's closing '&&', else whichever has a CRC field at all.
    candidates = [c for c in (by_length, by_line) if c is not None]
    chosen = next((c for c in candidates if _crc_matches(c[0], c[1], accept_modbus_crc)), None)
    if chosen is None:
        chosen = next((c for c in candidates if c[0].endswith(b"&&")), None)
    if chosen is None and len(body) < declared + 4:
        packet = decode_segment_reference(body, declared, None, warnings, accept_modbus_crc=accept_modbus_crc)
        packet.error = Issue(
            "truncated",
            f"the length field declares {declared} bytes of data but only {len(body)} byte(s) follow",
        )
        return packet
    if chosen is None and candidates:
        chosen = candidates[0]
    if chosen is None:
        return _failed(
            Issue(
                "bad_crc_field", "no four hex digits of CRC where the length field or the line end puts them"
            ),
            warnings,
            data=body,
            declared=declared,
        )
    if chosen is by_length and len(body) > declared + 4:
        warnings.append(Issue("trailing_data", f"{len(body) - declared - 4} byte(s) after the CRC ignored"))
    return decode_segment_reference(
        chosen[0], declared, chosen[1], warnings, accept_modbus_crc=accept_modbus_crc
    )


def _crc_matches(data: bytes, crc_field: bytes, accept_modbus_crc: bool) -> bool:
    wire = int(crc_field, 16)
    return crc16(data) == wire or (accept_modbus_crc and crc16_modbus(data) == wire)


def decode_segment_reference(
    data: bytes,
    declared: int | None,
    crc_field: bytes | None,
    warnings: list[Issue] | None = None,
    *,
    accept_modbus_crc: bool = False,
) -> Packet:
    """Decode a data segment whose boundaries are known (the framer and ``decode`` call this).

    ``crc_field`` is the four hex characters after the segment (None when the packet was cut off before it).
    """
    warnings = [] if warnings is None else warnings
    n = len(data)
    length_ok = declared == n
    crc_ok = False
    crc_wire = None
    error: Issue | None = None
    if crc_field is not None and not is_hex4(crc_field):
        # Callers pass four hex digits; anything else is refused here rather than raising.
        crc_wire = crc_field.decode("ascii", "replace")
        error = Issue("bad_crc_field", f"the CRC field {crc_wire!r} is not four hex digits")
    elif crc_field is not None:
        crc_wire = crc_field.decode("ascii")
        wire = int(crc_wire, 16)
        computed = crc16(data)
        if computed == wire:
            crc_ok = True
        elif crc16_modbus(data) == wire:
            crc_ok = accept_modbus_crc
            warnings.append(
                Issue(
                    "crc_modbus_variant",
                    f"CRC {crc_wire} is CRC-16/MODBUS, not the HJ 212 CRC ({computed:04X}) of Appendix A"
                    + ("; accepted as configured" if accept_modbus_crc else ""),
                )
            )
        if crc_ok and crc_wire != crc_wire.upper():
            warnings.append(
                Issue("crc_lowercase", f"CRC {crc_wire} in lower case; the standard writes upper case")
            )
        if not crc_ok:
            error = Issue("crc_mismatch", f"CRC on the wire {crc_wire}, computed {computed:04X}")
    if not length_ok and declared is not None:
        error = Issue(
            "length_mismatch",
            f"the length field declares {declared} bytes, the data segment has {n}"
            + ("" if crc_ok else " (and the CRC does not match)"),
        )
    oversize = n > SPEC_MAX_DATA
    if oversize:
        warnings.append(
            Issue("oversize", f"data segment of {n} bytes exceeds the standard's {SPEC_MAX_DATA}")
        )

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            warnings.append(Issue("not_utf8", "text is not UTF-8; decoded as GB 18030"))
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
            warnings.append(Issue("not_utf8", "text is not UTF-8; undecodable bytes replaced"))

    header, cp = _parse_segment(text, warnings)
    if not header and not cp and error is None and "CP=" not in text:
        error = Issue("unparseable", "neither header fields nor a CP area in the data segment")
    version = _check(header, cp, warnings)
    # Positional: measurably cheaper than keywords on the hot path; the order is Packet's field order.
    return Packet(header, cp, crc_ok, length_ok, oversize, error, warnings, version, data, declared, crc_wire)


_HEADER_COMMA = re.compile(r",(?=(?:QN|ST|CN|PW|MN|Flag|PNUM|PNO|CP)=)")
# One CP field: NAME, optional =VALUE (a //text// value may hold separators), and the separator after it.
_CP_FIELD = re.compile(r"([^;,=]*)(?:=(//.*?//(?=[;,]|$)|[^;,]*))?([;,]?)", re.DOTALL)


def _parse_segment(text: str, warnings: list[Issue]) -> tuple[dict[str, str], dict[str, str]]:
    cp_at = text.find("CP=&&")
    if cp_at < 0:
        cp_at = text.find("CP=")
        if cp_at < 0:
            warnings.append(Issue("missing_cp", "no CP=&&…&& data area"))
            return _parse_header(text, warnings), {}
        warnings.append(Issue("cp_unbracketed", "CP= is not followed by '&&'"))
        cp_body_at = cp_at + 3
    else:
        cp_body_at = cp_at + 5
    head = text[:cp_at]
    if head and not head.endswith(";"):
        # Flag=5CP=&& in the standard's own example [STD p.42 表C.19]
        warnings.append(Issue("cp_separator", "no ';' between the last header field and CP"))
    header = _parse_header(head, warnings)

    if text.endswith("&&") and len(text) - 2 >= cp_body_at:
        cp_text = text[cp_body_at:-2]
    else:
        rest = text[cp_body_at:]
        end = rest.rfind("&&")
        if end >= 0 and not rest[end + 2 :].strip():
            cp_text = rest[:end]
            warnings.append(Issue("cp_trailing_space", "whitespace after the closing '&&'"))
        else:
            cp_text = rest
            warnings.append(Issue("cp_unterminated", "the CP data area has no closing '&&'"))
    # 7 = len("CP=&&") + len("&&"). The limit is in bytes; an ASCII text (nearly every packet) has as many
    # characters as bytes and is measured without encoding it, any other text is encoded (a Chinese name can
    # take the CP over the limit with fewer characters than the limit).
    if len(cp_text) + 7 > SPEC_MAX_CP or not cp_text.isascii():
        cp_bytes = len(cp_text.encode("utf-8", "surrogateescape")) + 7
        if cp_bytes > SPEC_MAX_CP:
            warnings.append(
                Issue("cp_oversize", f"CP of {cp_bytes} bytes exceeds the standard's {SPEC_MAX_CP}")
            )
    return header, _parse_cp(cp_text, warnings)


# Header key sequences already seen without a deviation, with their delimiters (as for _SHAPES).
_HEADER_SHAPES: dict[tuple[str, ...], bytes] = {}


def _parse_header(text: str, warnings: list[Issue]) -> dict[str, str]:
    if not text.endswith(";"):
        return _parse_header_lenient(text, warnings)
    body = text[:-1]
    delimiters = body.encode().translate(None, _NOT_DELIMITERS)
    parts = body.replace(";", "=").split("=")
    keys = tuple(parts[0::2])
    if _HEADER_SHAPES.get(keys) == delimiters:
        return dict(zip(keys, parts[1::2], strict=False))  # equal lengths: the delimiters were checked
    before = len(warnings)
    header = _parse_header_lenient(text, warnings)
    if len(warnings) == before and delimiters == b"=;" * (len(delimiters) // 2) + b"=":
        if len(_HEADER_SHAPES) >= _SHAPES_MAX:
            _HEADER_SHAPES.clear()
        _HEADER_SHAPES[keys] = delimiters
    return header


def _parse_header_lenient(text: str, warnings: list[Issue]) -> dict[str, str]:
    header: dict[str, str] = {}
    if not text:
        return header
    if "," in text and _HEADER_COMMA.search(text):
        # QN=…534,ST=32 in the standard's own example [STD p.44 表C.22]
        warnings.append(Issue("header_separator", "',' between header fields where the standard uses ';'"))
        text = _HEADER_COMMA.sub(";", text)
    items = text.split(";")
    if items[-1] == "":
        items.pop()
    rank = -1
    out_of_order = False
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            warnings.append(Issue("header_field_malformed", f"header item {item[:40]!r} has no '='"))
            continue
        if key in header:
            warnings.append(Issue("header_duplicate", f"{key} appears twice; the last value is kept"))
            del header[key]
        header[key] = value
        r = _HEADER_RANK.get(key)
        if r is None:
            warnings.append(Issue("header_unknown_field", f"{key!r} is not a header field of the standard"))
        elif r < rank:
            out_of_order = True
        else:
            rank = r
    if out_of_order:
        warnings.append(
            Issue("header_order", "header fields not in the standard's order QN;ST;CN;PW;MN;Flag;PNUM;PNO")
        )
    return header


def _parse_cp(text: str, warnings: list[Issue]) -> dict[str, str]:
    """Parse the CP area. ``;`` separates items (pollutants), ``,`` the fields of one item [STD p.7 §6.3.3]."""
    if not text:
        return {}
    cp = _parse_cp_canonical(text)
    return cp if cp is not None else _parse_cp_lenient(text, warnings)


# Key sequences already seen in canonical form, with their delimiters ("=,=,=;=..."): a device sends the same
# keys in every packet, so after its first one only the values are new. Bounded; cleared when full.
_SHAPES: dict[tuple[str, ...], bytes] = {}
_SHAPES_MAX = 4096


def _parse_cp_canonical(text: str) -> dict[str, str] | None:
    """The fast path: the dict when ``text`` is exactly as the standard writes it, else None.

    Built from C-speed string methods plus one short loop over items (not fields), skipped for a key sequence
    seen before; it accepts only text on which the lenient parser reports nothing, so the two always agree
    (a property test checks it).
    """
    if "//" in text:
        return None  # //text// values may hold separators: the lenient parser reads them
    delimiters = text.encode().translate(None, _NOT_DELIMITERS)
    parts = text.replace(",", "=").replace(";", "=").split("=")
    keys = tuple(parts[0::2])
    if _SHAPES.get(keys) == delimiters:
        return dict(zip(keys, parts[1::2], strict=False))  # equal lengths: the delimiters were checked
    if " " in text or not text.isprintable():
        return None
    # Every field NAME=VALUE exactly: the delimiters alone must read "=;=;...=" (',' counted as ';').
    if delimiters.replace(b",", b";") != b"=;" * (len(delimiters) // 2) + b"=":
        return None  # a field without '=' or with two, or an empty field
    cp = dict(zip(keys, parts[1::2], strict=True))
    if len(cp) != len(keys):
        return None  # a repeated key
    prev = None
    for item in text.split(";"):
        dash = item.find("-")
        if 0 < dash < item.find("="):
            code = item[: dash + 1]  # "a21026-"
            commas = item.count(",")
            if code == prev or (commas and item.count("," + code) != commas):
                return None  # ';' inside an item, or ',' between items
            flag = item.find("Flag=")
            if flag >= 0 and "," in item[flag:] and _has_value_kind(item[flag:]):
                return None  # a value field after a -Flag or -EFlag
            prev = code
        elif "," in item or item.startswith("Flag="):
            return None  # a plain key followed by ',', or a bare Flag item
        else:
            prev = None
    if len(_SHAPES) >= _SHAPES_MAX:
        _SHAPES.clear()
    _SHAPES[keys] = delimiters
    return cp


def _has_value_kind(text: str) -> bool:
    # Rtd= also finds ZsRtd=, and so on: together these cover every kind in VALUE_KINDS.
    return "Rtd=" in text or "Avg=" in text or "Min=" in text or "Max=" in text or "Cou=" in text


def _parse_cp_lenient(text: str, warnings: list[Issue]) -> dict[str, str]:
    cp: dict[str, str] = {}
    if text[0].isspace():
        warnings.append(Issue("cp_whitespace", "whitespace after CP=&&"))
        text = text.lstrip()
        if not text:
            return cp
    seen: set[str] = set()
    examples: dict[str, str] = {}

    def note(code: str, example: str) -> None:
        if code not in seen:
            seen.add(code)
            examples[code] = example

    match = _CP_FIELD.match
    pos = 0
    size = len(text)
    prev_code: str | None = None  # code of the previous field ("" for a plain key such as DataTime)
    prev_sep = ""
    flag_seen = False  # a -Flag already seen in the current run of fields of prev_code
    while pos < size:
        m = match(text, pos)
        assert m is not None  # the pattern matches the empty string, so match() never fails
        key, value, sep = m.group(1, 2, 3)
        pos = m.end()
        if value is None:
            if key.strip():
                note("cp_field_malformed", key[:40])
            else:
                note("cp_empty_field", "")
            prev_sep = sep or prev_sep
            continue
        if key != key.strip():
            note("cp_whitespace", key)
            key = key.strip()
        if key in cp:
            note("cp_duplicate_key", key)
            del cp[key]
        cp[key] = value
        code, dash, kind = key.partition("-")
        if not dash:
            code = ""
        if key == "Flag":
            note("cp_bare_flag", key)
        elif prev_code is not None:
            if prev_sep == ";" and code and code == prev_code:
                note("cp_semicolon_in_item", key)
            elif prev_sep == "," and (code != prev_code or not code):
                note("cp_comma_between_items", key)
            if code != prev_code:
                flag_seen = False
        if kind in ("Flag", "EFlag"):
            flag_seen = True
        elif flag_seen and kind in VALUE_KINDS:
            note("cp_flag_before_value", key)
        if key != "Flag":
            prev_code = code
        prev_sep = sep
    if text[-1] in ";,":
        note("cp_empty_field", "")
    if seen:
        for code in sorted(seen):
            warnings.append(Issue(code, _CP_MESSAGES[code].format(examples[code])))
    return cp


_CP_MESSAGES = {
    "cp_field_malformed": "a CP field has no '=' ({!r})",
    "cp_empty_field": "empty CP field (doubled or trailing separator){}",
    "cp_whitespace": "whitespace around a CP field name ({!r})",
    "cp_duplicate_key": "{} appears more than once; the last value is kept",
    "cp_bare_flag": "a bare {} item without a pollutant code",
    "cp_semicolon_in_item": "';' between fields of the same pollutant ({}); the standard uses ','",
    "cp_comma_between_items": "',' between different items ({}); the standard uses ';'",
    "cp_flag_before_value": "-Flag before the value fields of its pollutant ({})",
}


def _check(header: dict[str, str], cp: dict[str, str], warnings: list[Issue]) -> Version:
    """Report deviations in the header and the CP area; return the protocol version."""
    qn = header.get("QN")
    if qn is None:
        warnings.append(Issue("missing_qn", "no QN request id"))
    elif not _digits(qn, 17):
        if _digits(qn, 13):
            warnings.append(Issue("qn_epoch_ms", f"QN {qn} is a millisecond epoch, not YYYYMMDDhhmmsszzz"))
        else:
            warnings.append(Issue("qn_format", f"QN {qn!r} is not 17 digits YYYYMMDDhhmmsszzz"))
    pw = header.get("PW")
    cn = header.get("CN")
    version, issues = _check_fields(
        header.get("ST"),
        cn,
        None if pw is None else bool(pw),
        header.get("Flag"),
        header.get("MN"),
        header.get("PNUM"),
        header.get("PNO"),
        _code_shape(cp),
    )
    warnings.extend(issues)
    if cn in DATA_CN:
        data_time = cp.get("DataTime")
        if data_time is None:
            warnings.append(Issue("missing_datatime", f"a {cn} upload without DataTime"))
        elif not _digits(data_time, 14):
            warnings.append(
                Issue("datatime_format", f"DataTime {data_time!r} is not 14 digits YYYYMMDDhhmmss")
            )
    return version


# A device sends the same ST, CN, MN, Flag... in every packet: the verdict on them is cached (pure, bounded).
@lru_cache(maxsize=4096)
def _check_fields(
    st: str | None,
    cn: str | None,
    pw: bool | None,  # None: no PW field; False: empty
    flag_text: str | None,
    mn: str | None,
    pnum: str | None,
    pno: str | None,
    shape: Version | None,  # the version the pollutant codes look like
) -> tuple[Version, tuple[Issue, ...]]:
    issues: list[Issue] = []
    warn = issues.append
    if st is None:
        warn(Issue("missing_st", "no ST system code"))
    elif (
        len(st) != 2
        or not st.isascii()
        or not (st.isdigit() or (st.isalnum() and st.isupper() and st[0].isalpha()))
    ):
        warn(Issue("st_format", f"ST {st!r} is not two characters 0-9/A-Z"))
    elif st.isdigit() and not (10 <= int(st) <= 69 or 91 <= int(st) <= 99):
        warn(Issue("st_unknown", f"ST {st} is outside the ranges of the standard"))

    if cn is None:
        warn(Issue("missing_cn", "no CN command code"))
    elif not _digits(cn, 4):
        warn(Issue("cn_format", f"CN {cn!r} is not four digits"))
    elif cn not in KNOWN_CN:
        warn(Issue("cn_unknown", f"CN {cn} is not a command of HJ 212-2017 or HJ/T 212-2005"))

    if pw is None:
        warn(Issue("missing_pw", "no PW password"))
    elif not pw:
        warn(Issue("empty_pw", "empty PW password"))

    flags: Flags | None = None
    version = Version.UNKNOWN
    if flag_text is not None:
        flag_value = as_int(flag_text)
        if flag_value is not None and flag_value < 256:
            flags = Flags(flag_value)
            version = flags.version
            if version is Version.UNKNOWN:
                warn(
                    Issue(
                        "flag_version_unknown",
                        f"Flag {flag_text} has version bits {flags.version_bits}; only 0 (2005) and 1 (2017) exist",
                    )
                )
        else:
            warn(Issue("flag_format", f"Flag {flag_text!r} is not an integer 0-255"))
    if version is Version.UNKNOWN:
        # No usable Flag: tell the version by the code shape, else by MN length; a missing Flag means 2005.
        if shape is not None:
            version = shape
        elif flag_text is None or len(mn or "") == 14:
            version = Version.V2005 if len(mn or "") != 24 else Version.V2017
        else:
            version = Version.V2017
    elif shape is not None and shape is not version:
        warn(Issue("version_mismatch", f"Flag says {version} but the pollutant codes are {shape} codes"))
    if flag_text is None and version is Version.V2017:
        warn(Issue("missing_flag", "no Flag field (required by HJ 212-2017)"))

    if mn is None:
        warn(Issue("missing_mn", "no MN device id"))
    else:
        expected = 24 if version is Version.V2017 else 14
        if len(mn) != expected or (version is Version.V2017 and mn.upper() != mn):
            warn(Issue("mn_format", f"MN {mn!r} is not {expected} characters as HJ 212-{version} specifies"))

    if pnum is not None or pno is not None:
        if pnum is None or pno is None:
            warn(Issue("split_incomplete", "only one of PNUM and PNO is present"))
        elif (total := as_int(pnum)) is None or (number := as_int(pno)) is None or not 1 <= number <= total:
            warn(Issue("split_numbering", f"PNO {pno!r} of PNUM {pnum!r} is not a part number 1..PNUM"))
        if flags is None or not flags.split:
            warn(Issue("pno_without_split_bit", "PNUM/PNO present but the Flag D bit (2) is not set"))
    elif flags is not None and flags.split:
        warn(Issue("split_bit_without_pno", "the Flag D bit (2) is set but PNUM/PNO are missing"))
    return version, tuple(issues)


def _code_shape(cp: Iterable[str]) -> Version | None:
    """The version the first pollutant code looks like: ``a21026`` is 2017, ``011``/``B01``/``S02`` are 2005."""
    for key in cp:
        code, dash, _ = key.partition("-")
        if dash and not code.startswith("SB"):
            return _shape_of(code)
    return None


@lru_cache(maxsize=4096)
def _shape_of(code: str) -> Version | None:
    if codes.looks_2017(code):
        return Version.V2017
    if codes.looks_2005(code):
        return Version.V2005
    return None


# The public names are the fast path (fast.py) in front of the reference decoder above; imported last
# because fast.py builds on this module.
from ecopermit.monitoring.hj212.fast import decode as decode  # noqa: E402
from ecopermit.monitoring.hj212.fast import decode_segment as decode_segment  # noqa: E402
