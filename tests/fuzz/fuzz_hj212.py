"""Coverage-guided fuzzing of the HJ 212 codec with atheris (issue 5 "Tests"; M1). Not part of `make test`.

    make fuzz                       # 60 seconds, corpus in var/fuzz-hj212
    FUZZ_SECONDS=600 make fuzz

Each input is taken three ways, and any exception is a finding:
- as one packet: ``decode`` must answer (never raise), its JSON must serialise, and the fast path must give
  exactly what the reference decoder gives (``packet.decode_reference``);
- as a TCP stream cut at the positions the input's first byte chooses: the ``Framer`` must answer every
  byte with frames or rejections, and the same stream fed in one piece must give the same frames;
- reassembly of the frames that are split packets must not raise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

with atheris.instrument_imports():
    from ecopermit.monitoring.hj212 import Frame, Framer, Reassembler, decode, encode, encode_split
    from ecopermit.monitoring.hj212.packet import decode_reference

SEEDS = [
    encode(
        {
            "QN": "20240101120000001",
            "ST": "32",
            "CN": "2011",
            "PW": "123456",
            "MN": "88888880000001",
            "Flag": "5",
        },
        {"DataTime": "20240101120000", "w01018-Rtd": "36.5", "w01018-Flag": "N", "w00000-Rtd": "12.1"},
    ),
    encode(
        {"ST": "31", "CN": "2061", "PW": "123456", "MN": "010000A8900016F000169DC0", "Flag": "4"},
        {"DataTime": "20240101120000", "a21026-Avg": "22.4", "a21026-ZsAvg": "31.0", "a21026-Flag": "N"},
    ),
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n",
    *encode_split(
        {"QN": "20240101120000001", "ST": "31", "CN": "2061", "PW": "1", "MN": "M1", "Flag": "5"},
        {"DataTime": "20240101120000", **{f"SB{k}-RS": "1" for k in range(1, 40)}},
        max_data=200,
    ),
]


def frames_of(stream: bytes, cuts: list[int]) -> list[tuple[str, int, bytes | int]]:
    framer = Framer()
    out = []
    last = 0
    for cut in [*cuts, len(stream)]:
        out += framer.feed(stream[last:cut])
        last = cut
    out += framer.close()
    return [(type(f).__name__, f.offset, f.raw if isinstance(f, Frame) else f.length) for f in out]


def test_one_input(data: bytes) -> None:
    packet = decode(data)
    json.dumps(packet.to_json())
    packet.data_area()
    assert packet.to_json() == decode_reference(data).to_json(), data
    if len(data) > 1:
        step = 1 + data[0] % 97
        cuts = list(range(1, len(data), step))
        assert frames_of(data, cuts) == frames_of(data, []), data
        assembler = Reassembler()
        for kind, _offset, raw in frames_of(data, []):
            if kind == "Frame":
                assembler.add(decode(raw), 0.0)


def main() -> None:
    corpus = Path(sys.argv[-1]) if len(sys.argv) > 1 and not sys.argv[-1].startswith("-") else None
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(SEEDS):
            (corpus / f"seed-{i}").write_bytes(seed)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
