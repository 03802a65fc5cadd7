"""``ecopermit hj212 decode [--lines]`` and ``ecopermit hj212 encode``.

decode reads bytes on stdin and prints one JSON object per frame (names fixed by the monitoring issue)::

    {"crc_ok": bool, "length_ok": bool, "oversize": bool, "error": null | "code: message",
     "warnings": ["code: message", ...], "header": {...}, "cp": {...}, "version": "2017" | "2005" | "unknown",
     "offset": N}                                     # "line": N instead of "offset" with --lines

Without ``--lines`` stdin is a byte stream cut by the length field; bytes that are not a frame come out as
objects with an ``error`` and empty ``header``/``cp`` (``length`` says how many bytes were skipped). With
``--lines`` each non-blank line is one packet and gives exactly one object. The exit status is 0 either way.

encode reads the same objects (only ``header`` and ``cp`` are used), one JSON object per line or a JSON list,
and writes the packets, each ending in CRLF; decode's rejections (an error, no header, no cp) are skipped.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ecopermit.monitoring.hj212 import Frame, Framer, HJ212Error, Packet, Rejected, decode, encode
from ecopermit.monitoring.hj212.packet import WIRE_MAX_DATA

_CHUNK = 65536
_BATCH = 1000  # JSON lines per write with --lines
# One encoder, made once (json.dumps with arguments builds a new one per call); compact separators.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class Command(BaseCommand):
    help = (
        "HJ 212 codec: `hj212 decode [--lines]` bytes on stdin → JSON lines; `hj212 encode` JSON → packets."
    )

    def add_arguments(self, parser):
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

    def handle(self, *args, **options):
        if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
            sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8 (RFC 8259); names may be Chinese
        if options["verb"] == "decode":
            self._decode(options)
        else:
            self._encode()

    # -- decode -----------------------------------------------------------------------------------

    def _write_lines(self, lines: list[str]) -> None:
        if lines:
            self.stdout.write("\n".join(lines))  # OutputWrapper adds the last newline

    def _decode(self, options: dict[str, Any]) -> None:
        stdin = sys.stdin.buffer
        modbus = options["accept_modbus_crc"]
        dumps = _ENCODER.encode
        batch: list[str] = []
        if options["lines"]:
            # Output goes out in batches: one write per frame costs more than the decoding.
            for number, line in enumerate(stdin, start=1):
                if line.strip():
                    batch.append(dumps(_packet_json(decode(line, accept_modbus_crc=modbus), "line", number)))
                    if len(batch) >= _BATCH:
                        self._write_lines(batch)
                        batch.clear()
            self._write_lines(batch)
            return
        framer = Framer(max_data_length=options["max_length"], accept_modbus_crc=modbus)
        read = getattr(stdin, "read1", stdin.read)  # read1: print frames as they arrive on a live pipe
        while chunk := read(_CHUNK):
            # One write per chunk read, so a live pipe still sees each frame as soon as it has arrived.
            self._write_lines([dumps(_item_json(item)) for item in framer.feed(chunk)])
        self._write_lines([dumps(_item_json(item)) for item in framer.close()])

    # -- encode -----------------------------------------------------------------------------------

    def _encode(self) -> None:
        text = sys.stdin.buffer.read().decode("utf-8-sig")
        for where, obj in _json_objects(text):
            if not isinstance(obj, dict) or not isinstance(obj.get("header"), dict):
                raise CommandError(f"{where}: expected an object with a 'header' object (and a 'cp' object)")
            if obj.get("error") and not obj["header"] and not obj.get("cp"):
                continue  # a rejection printed by decode: there is no packet to rebuild
            try:
                packet = encode(_strings(obj["header"], where), _strings(obj.get("cp") or {}, where))
            except HJ212Error as exc:
                raise CommandError(f"{where}: {exc}") from exc
            self._write_bytes(packet)

    def _write_bytes(self, data: bytes) -> None:
        target = getattr(self.stdout, "_out", None)
        buffer = getattr(target, "buffer", None)
        if buffer is None:  # captured output (call_command(stdout=StringIO()))
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        target.flush()  # type: ignore[union-attr]
        buffer.write(data)
        buffer.flush()


def _packet_json(packet: Packet, where: str, value: int) -> dict[str, Any]:
    """``Packet.to_json()`` plus the line number or offset, without copying the header and CP dicts."""
    error = packet.error
    return {
        "crc_ok": packet.crc_ok,
        "length_ok": packet.length_ok,
        "oversize": packet.oversize,
        "error": None if error is None else f"{error.code}: {error.message}",
        "warnings": [f"{w.code}: {w.message}" for w in packet.warnings],
        "header": packet.header,
        "cp": packet.cp,
        "version": packet.version.value,
        where: value,
    }


def _item_json(item: Frame | Rejected) -> dict[str, Any]:
    if isinstance(item, Frame):
        return _packet_json(item.packet, "offset", item.offset)
    return {
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
                raise CommandError(f"line {number}: not JSON ({exc.msg})") from exc
    return out


def _strings(mapping: dict[str, Any], where: str) -> dict[str, str]:
    out = {}
    for key, value in mapping.items():
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise CommandError(f"{where}: value of {key} must be a string, got {value!r}")
        out[key] = str(value)
    return out
