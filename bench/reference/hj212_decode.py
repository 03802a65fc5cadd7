"""A plain HJ 212 line decoder, the yardstick of bench/hj212_cli.py (issue 12): one packet per line on stdin,
one JSON object per packet on stdout, the way a 60-line script would do it.

Split the line into length, data segment and CRC; the CRC of HJ 212-2017 Appendix A (the register's high byte XOR
each data byte, eight shifts with 0xA001: a 256-entry table); a dict of the header fields and one of the CP
fields; ``json.dumps`` per packet. No checks beyond CRC and length. Standard library only.

    python bench/reference/hj212_decode.py < packets.txt > decoded.jsonl
"""

from __future__ import annotations

import json
import sys


def _table() -> list[int]:
    table = []
    for x in range(256):
        crc = x
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


TABLE = _table()


def crc16(data: bytes) -> int:
    crc = 0xFFFF
    for b in data:  # Appendix A: the high byte XOR the data byte, then eight shifts (the table holds them)
        crc = TABLE[(crc >> 8) ^ b]
    return crc


def fields(text: str) -> dict[str, str]:
    return dict(f.split("=", 1) for f in text.replace(",", ";").split(";") if "=" in f)


def decode(line: bytes) -> dict[str, object]:
    if not line.startswith(b"##") or not line[2:6].isdigit() or len(line) < 10:
        return {"crc_ok": False, "length_ok": False, "error": "not a packet", "header": {}, "cp": {}}
    data, crc = line[6:-4], line[-4:]
    try:
        crc_ok = crc16(data) == int(crc, 16)
    except ValueError:
        crc_ok = False
    text = data.decode("utf-8", "replace")
    head, _, cp = text.partition("CP=&&")
    return {
        "crc_ok": crc_ok,
        "length_ok": int(line[2:6]) == len(data),
        "error": None,
        "header": fields(head),
        "cp": fields(cp[:-2] if cp.endswith("&&") else cp),
    }


def main() -> None:
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        line = raw.strip()
        if line:
            packet = decode(line)
            packet["line"] = number
            print(json.dumps(packet, ensure_ascii=False))


if __name__ == "__main__":
    main()
