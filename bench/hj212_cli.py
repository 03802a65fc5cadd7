"""`ecopermit hj212 decode --lines` against a plain reference decoder, both as processes in a pipe (issue 12).

.venv/bin/python bench/hj212_cli.py                   # 100,000 packets
BENCH_HJ212_PACKETS=20000 .venv/bin/python bench/hj212_cli.py

The packets are bench/hj212.py's district stream (its generator), one per line in a temporary file. Timed in
the same run, best of three, each a subprocess reading the file on stdin and writing to /dev/null:

- ``ecopermit hj212 decode --lines < file > /dev/null`` (the console script: the fast path, no Django);
- ``python bench/reference/hj212_decode.py < file > /dev/null`` (split, Appendix A CRC table, dicts,
  ``json.dumps`` per packet: the plain decoder the issue measured the command against);

and start-up: ``ecopermit hj212 decode --lines < /dev/null`` against ``ecopermit check`` (full Django).
Both decoders print one JSON object per packet; the command also checks every field the standard fixes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hj212 import N, build  # noqa: E402 - bench/hj212.py, beside this file

BIN = Path(sys.executable).parent
ECOPERMIT = str(BIN / "ecopermit")
REFERENCE = str(HERE / "reference" / "hj212_decode.py")
RUNS = 3


def best(argv: list[str], stdin_path: str, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        with open(stdin_path, "rb") as stdin, open(os.devnull, "wb") as devnull:
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=stdin, stdout=devnull, check=True)  # noqa: S603 - fixed arguments
            samples.append(time.perf_counter() - t0)
    return min(samples)


def main() -> None:
    t0 = time.perf_counter()
    packets = build(N)
    with tempfile.NamedTemporaryFile("wb", suffix=".hj212", delete=False) as f:
        f.write(b"\n".join(p.rstrip(b"\r\n") for p in packets) + b"\n")
        path = f.name
    try:
        size = Path(path).stat().st_size
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {len(packets):,} packets, "
            f"{size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s; best of {RUNS}"
        )
        # Both outputs: one line per packet (a sanity check, not timed).
        for argv in ([ECOPERMIT, "hj212", "decode", "--lines"], [sys.executable, REFERENCE]):
            with open(path, "rb") as stdin:
                out = subprocess.run(argv, stdin=stdin, capture_output=True, check=True).stdout  # noqa: S603
            assert out.count(b"\n") == len(packets), (argv, out.count(b"\n"))

        command = best([ECOPERMIT, "hj212", "decode", "--lines"], path)
        reference = best([sys.executable, REFERENCE], path)
        print(
            f"{'ecopermit hj212 decode --lines':<40} {command:6.2f} s {len(packets) / command:10,.0f} packets/s"
        )
        print(
            f"{'bench/reference/hj212_decode.py':<40} {reference:6.2f} s {len(packets) / reference:10,.0f} packets/s"
        )
        print(
            f"ratio command / reference time: {command / reference:.2f} (below 1: the command is faster, "
            f"{reference / command:.2f}× the reference's rate)"
        )

        start = best([ECOPERMIT, "hj212", "decode", "--lines"], os.devnull, runs=5)
        check = best([ECOPERMIT, "check"], os.devnull)
        python = best([sys.executable, "-c", "pass"], os.devnull, runs=5)
        print(f"{'start-up: ecopermit hj212 decode':<40} {start * 1000:7.0f} ms")
        print(
            f"{'start-up: ecopermit check (full Django)':<40} {check * 1000:7.0f} ms  "
            f"({check / start:.1f}× the fast path)"
        )
        print(f"{'start-up: python -c pass':<40} {python * 1000:7.0f} ms")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
