"""The fast path (hj212/fast.py) gives exactly the reference decoder's result (issue 5, M1)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ecopermit.monitoring.hj212 import encode, fast
from ecopermit.monitoring.hj212.packet import decode_reference, decode_segment_reference
from ecopermit.monitoring.tests.strategies import cp_dicts, headers


def same(a, b) -> bool:
    return (
        list(a.header.items()) == list(b.header.items())
        and list(a.cp.items()) == list(b.cp.items())
        and (a.crc_ok, a.length_ok, a.oversize, a.error, a.warnings, a.version, a.data, a.crc_wire)
        == (b.crc_ok, b.length_ok, b.oversize, b.error, b.warnings, b.version, b.data, b.crc_wire)
    )


def mutate(raw: bytes, at: int, byte: int) -> bytes:
    at %= len(raw)
    return raw[:at] + bytes([byte]) + raw[at + 1 :]


@settings(max_examples=300)
@given(headers(), cp_dicts(), st.integers(0, 10_000), st.sampled_from(b"0123456789;,=&#/ aNx\xe4"))
def test_fast_decode_agrees_with_reference_on_generated_and_mutated_frames(header, cp, at, byte):
    """M1: a frame, then the same shape with a mutated byte (template hit, miss or deviation)."""
    raw = encode(header, cp, crlf=False)
    for line in (raw, raw, mutate(raw, at, byte), raw.lower()):
        assert same(fast.decode(line), decode_reference(line))
        data, crc = line[6:-4], line[-4:]
        assert same(fast.decode_segment(data, len(data), crc), decode_segment_reference(data, len(data), crc))


def test_template_is_used_and_new_values_still_agree():
    header = {"QN": "20240301101500123", "ST": "31", "CN": "2061", "PW": "1", "MN": "A" * 24, "Flag": "5"}
    first = encode(header, {"DataTime": "20240301100000", "a21026-Avg": "1.5", "a21026-Flag": "N"})
    fast.decode(first)
    assert any(k.startswith(";ST=31") for k in fast._TEMPLATES)
    for dt, value in (("20240301110000", "2.5"), ("2024030111", "x y"), ("20240301120000", "//i")):
        raw = encode(
            {**header, "QN": "1617936069734"}, {"DataTime": dt, "a21026-Avg": value, "a21026-Flag": "N"}
        )
        assert same(fast.decode(raw), decode_reference(raw))


def test_a_crc_field_that_is_not_hex_is_an_error_not_an_exception():
    """Found by the property test above: a mutated CRC field (";0C0") made the reference decoder raise."""
    raw = encode({"ST": "32", "CN": "2011", "PW": "1", "MN": "M"}, {"DataTime": "20240101000000"}, crlf=False)
    data = raw[6:-4]
    for decoder in (fast.decode_segment, decode_segment_reference):
        packet = decoder(data, len(data), b";0C0")
        assert not packet.crc_ok and packet.error.code == "bad_crc_field"
        assert packet.header["MN"] == "M"
