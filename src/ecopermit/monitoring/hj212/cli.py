"""``ecopermit hj212 decode [--lines]`` and ``ecopermit hj212 encode``, without Django (issue 12).

decode reads bytes on stdin and prints one JSON object per frame (names fixed by the monitoring issue)::

    {"crc_ok": bool, "length_ok": bool, "oversize": bool, "error": null | "code: message",
     "warnings": ["code: message", ...], "header": {...}, "cp": {...}, "version": "2017" | "2005" | "unknown",
     "offset": N}                                     # "line": N instead of "offset" with --lines

Without ``--lines`` stdin is a byte stream cut by the length field; bytes that are not a frame come out as
objects with an ``error`` and empty ``header``/``cp`` (``length`` says how many bytes were skipped). With
``--lines`` each non-blank line is one packet and gives exactly one object. The exit status is 0 either way.

encode reads the same objects (only ``header`` and ``cp`` are used), one JSON object per line or a JSON list,
and writes the packets, each ending in CRLF; decode's rejections (an error, no header, no cp) are skipped.

``ecopermit.cli`` calls ``main`` (no ``django.setup()``); the management command ``hj212`` wraps the same
``add_arguments`` and ``handle`` for ``call_command``. The output is the same bytes either way.
"""

from __future__ import annotations

import argparse
import json
import json.encoder
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from ecopermit.core.commandline import CliError, run
from ecopermit.monitoring.hj212.encoding import encode
from ecopermit.monitoring.hj212.fast import decode
from ecopermit.monitoring.hj212.framing import Frame, Framer, Rejected
from ecopermit.monitoring.hj212.packet import WIRE_MAX_DATA, HJ212Error, Issue, Packet

HELP = "HJ 212 codec: `hj212 decode [--lines]` bytes on stdin → JSON lines; `hj212 encode` JSON → packets."

_CHUNK = 65536
_BATCH = 2000  # JSON lines per write with --lines: one write per frame costs more than the decoding

Write = Callable[[str], object]
WriteBytes = Callable[[bytes], object]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="verb", required=True)
    dec = sub.add_parser("decode", help="decode packets from stdin")
    dec.add_argument("--lines", action="store_true", help="one packet per line instead of a byte stream")
    dec.add_argument(
        "--accept-modbus-crc",
        action="store_true",
        help="count a CRC-16/MODBUS checksum as valid (devices that compute the wrong CRC, notes §6)",
    )
    dec.add_argument(
        "--max-length",
        type=int,
        default=WIRE_MAX_DATA,
        help="reject frames declaring a longer data segment (stream mode; default %(default)s)",
    )
    sub.add_parser("encode", help="encode JSON objects from stdin into packets")


def handle(options: argparse.Namespace, stdin: IO[bytes], write: Write, write_bytes: WriteBytes) -> None:
    """Runs the verb: JSON text goes to ``write`` (whole lines), packets to ``write_bytes``."""
    if options.verb == "encode":
        encode_objects(stdin.read(), write_bytes)
    elif options.lines:
        decode_lines(stdin, write, accept_modbus_crc=options.accept_modbus_crc)
    else:
        decode_stream(
            stdin, write, max_length=options.max_length, accept_modbus_crc=options.accept_modbus_crc
        )


def main(argv: Sequence[str]) -> int:
    """``ecopermit hj212 ...`` (``argv``: the arguments after ``hj212``); raises ``NotFast`` for Django's path."""
    out = sys.stdout.buffer

    def write(text: str) -> None:
        out.write(text.encode())

    def run_verb(options: argparse.Namespace) -> None:
        try:
            handle(options, sys.stdin.buffer, write, out.write)
        finally:
            out.flush()

    return run("ecopermit hj212", add_arguments, run_verb, argv)


# -- decode ---------------------------------------------------------------------------------------

# The C encoder json.JSONEncoder.encode would make afresh for every object, made once: compact separators,
# UTF-8 text (ensure_ascii=False), the exact output of JSONEncoder(ensure_ascii=False, separators=(",", ":")).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _make_dumps() -> Callable[[Any], str]:
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python without the C accelerator
        return _ENCODER.encode
    # No circular check (markers None): decoded packets hold only strings, numbers and flat dicts.
    encode_c = make(
        None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )

    def dumps(obj: Any) -> str:
        return "".join(encode_c(obj, 0))

    return dumps


_dumps = _make_dumps()

# The start of a frame's object, by (crc_ok, length_ok, oversize), when it has no error and no warnings: the
# common case, written without building a dict per frame.
_CLEAN_HEAD = {
    (crc, length, over): _dumps(
        {"crc_ok": crc, "length_ok": length, "oversize": over, "error": None, "warnings": []}
    )[:-1]
    + ',"header":'
    for crc in (False, True)
    for length in (False, True)
    for over in (False, True)
}
_CP = ',"cp":'
_VERSION = {v: f',"version":{_dumps(v)},' for v in ("2017", "2005", "unknown")}


def _issue(issue: Issue) -> str:
    return f"{issue.code}: {issue.message}"


def packet_json(packet: Packet, where: str, value: int) -> str:
    """``Packet.to_json()`` plus the line number or offset (``where``), as one compact JSON text."""
    error, warnings = packet.error, packet.warnings
    if error is None and not warnings:
        head = _CLEAN_HEAD[packet.crc_ok, packet.length_ok, packet.oversize]
    else:
        head = (
            _dumps(
                {
                    "crc_ok": packet.crc_ok,
                    "length_ok": packet.length_ok,
                    "oversize": packet.oversize,
                    "error": None if error is None else _issue(error),
                    "warnings": [_issue(w) for w in warnings],
                }
            )[:-1]
            + ',"header":'
        )
    version = packet.version.value
    tail = _VERSION.get(version) or f',"version":{_dumps(version)},'
    return f'{head}{_dumps(packet.header)}{_CP}{_dumps(packet.cp)}{tail}"{where}":{value}}}'


def decode_lines(stdin: Iterable[bytes], write: Write, *, accept_modbus_crc: bool = False) -> None:
    """One packet per non-blank line; the objects go out in batches of lines."""
    batch: list[str] = []
    append = batch.append
    for number, line in enumerate(stdin, start=1):
        if line.strip():
            append(packet_json(decode(line, accept_modbus_crc=accept_modbus_crc), "line", number))
            if len(batch) >= _BATCH:
                append("")
                write("\n".join(batch))
                batch.clear()
    if batch:
        append("")
        write("\n".join(batch))


def _item_json(item: Frame | Rejected) -> str:
    if isinstance(item, Frame):
        return packet_json(item.packet, "offset", item.offset)
    return _dumps(
        {
            "crc_ok": False,
            "length_ok": False,
            "oversize": False,
            "error": str(item.issue),
            "warnings": [],
            "header": {},
            "cp": {},
            "version": "unknown",
            "offset": item.offset,
            "length": item.length,
        }
    )


def decode_stream(
    stdin: IO[bytes], write: Write, *, max_length: int = WIRE_MAX_DATA, accept_modbus_crc: bool = False
) -> None:
    """A byte stream cut by the length field; one write per chunk read, so that a live pipe sees each frame as
    soon as it has arrived (``read1``: whatever the pipe holds, not a full chunk)."""
    framer = Framer(max_data_length=max_length, accept_modbus_crc=accept_modbus_crc)
    read = getattr(stdin, "read1", stdin.read)
    while chunk := read(_CHUNK):
        _write_items(framer.feed(chunk), write)
    _write_items(framer.close(), write)


def _write_items(items: list[Frame | Rejected], write: Write) -> None:
    if items:
        write("".join([f"{_item_json(item)}\n" for item in items]))


# -- encode ---------------------------------------------------------------------------------------


def encode_objects(raw: bytes, write_bytes: WriteBytes) -> None:
    """Decode's objects (a JSON list, one object, or one per line) back into packets, each ending in CRLF."""
    for where, obj in _json_objects(raw.decode("utf-8-sig")):
        if not isinstance(obj, dict) or not isinstance(obj.get("header"), dict):
            raise CliError(f"{where}: expected an object with a 'header' object (and a 'cp' object)")
        if obj.get("error") and not obj["header"] and not obj.get("cp"):
            continue  # a rejection printed by decode: there is no packet to rebuild
        try:
            packet = encode(_strings(obj["header"], where), _strings(obj.get("cp") or {}, where))
        except HJ212Error as exc:
            raise CliError(f"{where}: {exc}") from exc
        write_bytes(packet)


def _json_objects(text: str) -> list[tuple[str, Any]]:
    """A JSON list, a single JSON object, or one JSON value per line."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        pass  # not one JSON document: one per line
    else:
        if isinstance(whole, list):
            return [(f"item {i}", obj) for i, obj in enumerate(whole, start=1)]
        return [("input", whole)]
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                out.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise CliError(f"line {number}: not JSON ({exc.msg})") from exc
    return out


def _strings(mapping: dict[str, Any], where: str) -> dict[str, str]:
    out = {}
    for key, value in mapping.items():
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise CliError(f"{where}: value of {key} must be a string, got {value!r}")
        out[key] = str(value)
    return out
