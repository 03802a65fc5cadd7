"""The CRC of HJ 212-2017 Appendix A (pp. 19-20), used unchanged by HJ/T 212-2005.

Appendix A calls it "ANSI CRC16" (polynomial 0xA001, initial value 0xFFFF) but its per-byte step is
``crc = (crc >> 8) ^ byte`` followed by eight shift/xor rounds, where CRC-16/MODBUS does ``crc ^= byte``.
So only the old high byte survives each step: the result is ``T[(crc >> 8) ^ byte]`` with ``T`` the usual
256-entry table for 0xA001, and a library's MODBUS or ARC preset gives the wrong answer.

That step has a property this module exploits for speed. The byte carried from one step to the next,
``H(x) = T[x] >> 8``, is a linear map on GF(2)^8 (CRC tables are linear: ``T[a ^ b] == T[a] ^ T[b]``)
whose eighth power is the identity. Unrolled over a data segment of ``n`` bytes, the CRC is therefore
``T[XOR over bytes of H^(d mod 8)(byte) ^ H^((n-1) mod 8)(0xFF)]``, ``d`` being the byte's distance from
the end. The XOR of all bytes at the same distance mod 8 is what XOR-folding the segment, read as one big
integer, into 64 bits gives, and Python does that fold in C. ``crc16`` runs in a handful of operations
whatever the length; ``crc16_reference`` is Appendix A's loop, kept as the oracle the tests compare with.
"""

from __future__ import annotations


def _step_table() -> tuple[int, ...]:
    table = []
    for x in range(256):
        crc = x
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_T = _step_table()
_H = tuple(t >> 8 for t in _T)


def _power(k: int) -> bytes:
    """H applied k times, as a 256-byte translation table."""
    out = list(range(256))
    for _ in range(k):
        out = [_H[v] for v in out]
    return bytes(out)


# _H_POW[k][x] == H^k(x); k = 0..7 because H^8 is the identity (test_crc checks it).
_H_POW = tuple(_power(k) for k in range(8))
# What the initial register 0xFFFF contributes, by (n - 1) mod 8.
_INIT = tuple(_H_POW[k][0xFF] for k in range(8))


def _fold_plan(words: int) -> tuple[tuple[int, int], ...]:
    """The (shift, mask) steps that XOR-fold an integer of ``words`` 64-bit words down to one word."""
    span = 64 << (words - 1).bit_length()
    steps = []
    while span > 64:
        span >>= 1
        steps.append((span, (1 << span) - 1))
    return tuple(steps)


# The plan by number of 64-bit words, for data segments of up to 16 KiB (only a dozen distinct plans).
_PLANS_BY_CLASS = [_fold_plan(1 << k) for k in range(12)]
_PLANS = (
    (),
    *(_PLANS_BY_CLASS[(words - 1).bit_length()] for words in range(1, 2049)),
)


def _pair_table(k: int) -> bytes:
    """H^k on the low byte XOR H^(k+1) on the high byte of a 16-bit value: two lookups in one."""
    low, high = _H_POW[k], _H_POW[k + 1]
    identity = int.from_bytes(low)
    # Block h is low[] XOR high[h], built with big-integer XOR (a 65536-step loop would slow the import).
    return b"".join((identity ^ int.from_bytes(bytes((high[h],)) * 256)).to_bytes(256) for h in range(256))


_Q0, _Q2, _Q4, _Q6 = (_pair_table(k) for k in (0, 2, 4, 6))


def crc16_reference(data: bytes) -> int:
    """Appendix A's algorithm step by step: slow, obviously right, the oracle for ``crc16``."""
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ byte
        for _ in range(8):
            lsb = crc & 1
            crc >>= 1
            if lsb:
                crc ^= 0xA001
    return crc


def crc16(data: bytes) -> int:
    """HJ 212 CRC of ``data`` (the data segment: from after the 4-digit length up to the closing ``&&``)."""
    n = len(data)
    if not n:
        return 0xFFFF
    x = int.from_bytes(data)
    words = (n + 7) >> 3
    # XOR-fold the integer onto itself, halving the span each time, down to 64 bits; byte j of the result
    # (from the low end) is then the XOR of all bytes whose distance from the end is j mod 8.
    plan = _PLANS[words] if words < len(_PLANS) else _fold_plan(words)
    for span, mask in plan:
        x = (x >> span) ^ (x & mask)
    # H^j on byte j, two bytes per lookup.
    return _T[
        _Q0[x & 0xFFFF]
        ^ _Q2[(x >> 16) & 0xFFFF]
        ^ _Q4[(x >> 32) & 0xFFFF]
        ^ _Q6[x >> 48]
        ^ _INIT[(n - 1) & 7]
    ]


def crc16_modbus(data: bytes) -> int:
    """Standard CRC-16/MODBUS, only to recognise devices that send it instead of the HJ 212 CRC (notes §6)."""
    crc = 0xFFFF
    table = _T
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def crc_hex(data: bytes) -> str:
    """The four upper-case hex digits that go on the wire, high byte first (Appendix A)."""
    return f"{crc16(data):04X}"
