"""HJ 212 decode throughput (never part of `make test`). Prints its figures.

.venv/bin/python bench/hj212.py                  # 100,000 packets
BENCH_HJ212_PACKETS=20000 .venv/bin/python bench/hj212.py

The stream is what a district's data loggers send: mostly real-time data (2011), some minute (2051) and hourly
(2061) data, wastewater and flue gas, a few HJ/T 212-2005 devices, a few packets with the usual deviations
(lower-case CRC, ';' inside items), a bad CRC now and then, split packets. It is decoded three ways, one core:

- Framer: the stream in 64 KiB reads, as the listener sees it (framing, CRC, header and CP parse, checks);
- decode(): one packet per line, as `ecopermit hj212 decode --lines` does;
- a plain reference decoder (split on CRLF, Appendix A's CRC with a 256-entry table, dict of fields), the
  kind of decoder the notes measured at about 56,000 packets/s, for comparison in the same run.

Each figure is the best of three runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ecopermit.monitoring.hj212 import Framer, decode, encode, encode_split

N = int(os.environ.get("BENCH_HJ212_PACKETS", "100000"))

WATER = ["w00000", "w01001", "w01018", "w21003", "w21011", "w21001"]
GAS = ["a00000", "a01011", "a01012", "a01013", "a01014", "a19001", "a21026", "a21002", "a34013"]
GAS_ZS = {"a21026", "a21002", "a34013"}  # converted (折算) values for SO2, NOx, dust
WATER_2005 = ["B01", "001", "011", "060", "101"]


def mn(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(24))


def packet(rng: random.Random, i: int, devices: list[str]) -> list[bytes]:
    kind = rng.random()
    t = f"2024{1 + i % 12:02d}{1 + i % 28:02d}{i % 24:02d}{i % 60:02d}00"
    header = {
        "QN": f"{t}{i % 1000:03d}",
        "ST": "32",
        "CN": "2011",
        "PW": "123456",
        "MN": devices[i % len(devices)],
    }
    header["Flag"] = "5"
    cp = {"DataTime": t}
    if kind < 0.02:  # an HJ/T 212-2005 device: no QN, no Flag, 14-character MN, 2005 codes
        header = {"ST": "32", "CN": "2011", "PW": "123456", "MN": header["MN"][:14]}
        for code in WATER_2005:
            cp[f"{code}-Rtd"] = f"{rng.uniform(0, 300):.3f}"
            cp[f"{code}-Flag"] = "N"
        return [encode(header, cp)]
    water = kind < 0.45
    codes = WATER if water else GAS
    header["ST"] = "32" if water else "31"
    if kind < 0.75:  # real-time data
        for code in codes:
            cp[f"{code}-Rtd"] = f"{rng.uniform(0, 300):.3f}"
            if not water and code in GAS_ZS:
                cp[f"{code}-ZsRtd"] = f"{rng.uniform(0, 300):.3f}"
            cp[f"{code}-Flag"] = rng.choice("NNNNNNNNND")
    else:  # minute or hourly data
        header["CN"] = "2051" if kind < 0.95 else "2061"
        for code in codes:
            for stat in ("Min", "Avg", "Max"):
                cp[f"{code}-{stat}"] = f"{rng.uniform(0, 300):.3f}"
            if code in ("w00000", "a00000") or code in GAS_ZS or code == "w01018":
                cp[f"{code}-Cou"] = f"{rng.uniform(0, 9000):.2f}"
            if not water and code in GAS_ZS:
                for stat in ("ZsMin", "ZsAvg", "ZsMax"):
                    cp[f"{code}-{stat}"] = f"{rng.uniform(0, 300):.3f}"
            cp[f"{code}-Flag"] = "N"
    if kind > 0.995:  # hourly flue gas with equipment states: split into two parts
        cp.update({f"SB{k}-RS": "1" for k in range(1, 9)})
        return encode_split(header, cp, max_data=700)
    raw = encode(header, cp)
    roll = rng.random()
    if roll < 0.01:  # a bad CRC now and then
        raw = raw[:-6] + b"0000\r\n"
    elif roll < 0.03:  # lower-case CRC
        raw = raw[:-6] + raw[-6:-2].lower() + b"\r\n"
    return [raw]


def build(n: int) -> list[bytes]:
    rng = random.Random(212)
    devices = [mn(rng) for _ in range(500)]
    out: list[bytes] = []
    i = 0
    while len(out) < n:
        out.extend(packet(rng, i, devices))
        i += 1
    return out[:n]


# -- the plain reference decoder --------------------------------------------------------------------


def _table() -> list[int]:
    table = []
    for x in range(256):
        crc = x
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_T = _table()


def plain_decode(line: bytes) -> dict[str, object]:
    declared = int(line[2:6])
    data = line[6:-4]
    crc = 0xFFFF
    for b in data:
        crc = _T[(crc >> 8) ^ b]
    text = data.decode("utf-8")
    head, _, cp = text.partition("CP=&&")
    fields = dict(f.split("=", 1) for f in head.rstrip(";").split(";") if "=" in f)
    cp_fields = dict(f.split("=", 1) for f in cp[:-2].replace(",", ";").split(";") if "=" in f)
    return {
        "crc_ok": crc == int(line[-4:], 16),
        "length_ok": declared == len(data),
        "header": fields,
        "cp": cp_fields,
    }


# -- runs -------------------------------------------------------------------------------------------


def best_of(runs: int, fn: Callable[[], int]) -> tuple[float, int]:
    samples = []
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        count = fn()
        samples.append(time.perf_counter() - t0)
    return min(samples), count


def main() -> None:
    t0 = time.perf_counter()
    packets = build(N)
    stream = b"".join(packets)
    lines = [p.rstrip(b"\r\n") for p in packets]
    sizes = [len(p) for p in packets]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, one core used")
    print(
        f"{len(packets)} packets, {len(stream) / 1e6:.1f} MB, mean {statistics.mean(sizes):.0f} bytes "
        f"(median {statistics.median(sizes):.0f}, max {max(sizes)}), built in {time.perf_counter() - t0:.1f} s"
    )

    def framer() -> int:
        f = Framer()
        count = 0
        for k in range(0, len(stream), 65536):
            count += len(f.feed(stream[k : k + 65536]))
        return count + len(f.close())

    def per_line() -> int:
        return sum(1 for line in lines if decode(line).header)

    def reference() -> int:
        return sum(1 for line in lines if plain_decode(line)["header"])

    def typed() -> int:
        return sum(len(decode(line).data_area().records) for line in lines)

    bad = sum(1 for line in lines if not decode(line).crc_ok)
    print(f"  (bad CRCs in the stream: {bad})")
    rates = {}
    for label, fn in [
        ("Framer (stream, 64 KiB reads)", framer),
        ("decode() per line", per_line),
        ("plain reference decoder per line", reference),
    ]:
        seconds, count = best_of(3, fn)
        assert count == len(packets), (label, count)
        rates[label] = count / seconds
        print(
            f"{label:<36} {seconds:6.2f} s {count / seconds:10,.0f} frames/s {len(stream) / seconds / 1e6:7.1f} MB/s"
        )
    reference_rate = rates["plain reference decoder per line"]
    print(
        f"ratio to the reference decoder, same run: Framer {rates['Framer (stream, 64 KiB reads)'] / reference_rate:.2f}×, "
        f"decode() {rates['decode() per line'] / reference_rate:.2f}×"
    )
    seconds, records = best_of(1, typed)
    print(
        f"{'decode() + typed records':<36} {seconds:6.2f} s {len(packets) / seconds:10,.0f} frames/s ({records:,} records)"
    )


if __name__ == "__main__":
    main()
