"""The CRC of HJ 212-2017 Appendix A, checked against the standard's example and published packets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.monitoring.hj212 import crc as crc_module
from ecopermit.monitoring.hj212.crc import crc16, crc16_modbus, crc16_reference, crc_hex
from ecopermit.monitoring.tests import vectors


def segment(packet: bytes) -> tuple[bytes, str]:
    """Data segment and wire CRC of a well-framed packet."""
    body = packet.rstrip(b"\r\n")
    return body[6:-4], body[-4:].decode()


def test_appendix_a_example_is_1c80_not_the_prose_typo():
    data, wire = segment(vectors.OFFICIAL)
    assert wire == "1C80"
    assert crc_hex(data) == "1C80"
    assert crc16_reference(data) == 0x1C80 != 0x1C08


@pytest.mark.parametrize(
    ("packet", "expected"),
    [
        (vectors.HJT212_PARSER, 0x4980),
        (vectors.ALLTOBS, 0x7D00),
        (vectors.WATER_2005, 0xA9C1),
        (vectors.RESTART_EMPTY_PW, 0x47C0),
        (vectors.RX_0234, 0x3300),
        (vectors.SPLIT_PART, 0xAE41),
    ],
)
def test_published_packets_carry_the_appendix_a_crc(packet, expected):
    data, wire = segment(packet)
    assert int(wire, 16) == expected
    assert crc16(data) == crc16_reference(data) == expected


def test_it_is_not_crc16_modbus():
    data, _ = segment(vectors.OFFICIAL)
    assert crc16_modbus(data) == 0x0759  # what a MODBUS library would put there
    assert crc16(data) != crc16_modbus(data)
    # The alltobs and hj-t212-parser samples: MODBUS gives C170 and 264D (security notes §4.1).
    assert crc16_modbus(segment(vectors.ALLTOBS)[0]) == 0xC170
    assert crc16_modbus(segment(vectors.HJT212_PARSER)[0]) == 0x264D


def test_a_device_sending_modbus_crc_fails_the_hj212_check():
    data, wire = segment(vectors.MODBUS_VARIANT)
    assert crc16_modbus(data) == int(wire, 16) == 0xE476
    assert crc16(data) != 0xE476


def test_empty_segment_keeps_the_initial_value():
    assert crc16(b"") == crc16_reference(b"") == 0xFFFF


def test_the_carried_byte_map_has_order_eight():
    # The folding shortcut in crc16 rests on H^8 being the identity.
    assert crc_module._power(8) == bytes(range(256))
    assert all(crc_module._power(k) != bytes(range(256)) for k in range(1, 8))


@given(st.binary(max_size=3000))
def test_fast_crc_equals_appendix_a_loop(data):
    assert crc16(data) == crc16_reference(data)


@given(st.binary(min_size=1, max_size=600))
def test_only_eight_low_bytes_are_possible(data):
    # Only the old high byte survives each step, so the CRC is a table entry T[x] (notes §6, consequence 2).
    assert crc16(data) & 0xFF in {0x00, 0x01, 0x40, 0x41, 0x80, 0x81, 0xC0, 0xC1}


@given(st.binary(min_size=1, max_size=200))
def test_hex_is_four_upper_case_digits(data):
    text = crc_hex(data)
    assert len(text) == 4
    assert text == text.upper()
    assert int(text, 16) == crc16(data)


def _modbus_bitwise(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@given(st.binary(max_size=300))
def test_table_modbus_equals_the_bitwise_definition(data):
    assert crc16_modbus(data) == _modbus_bitwise(data)


def test_long_input_beyond_the_precomputed_masks():
    data = bytes(range(256)) * 400  # 100 KiB, e.g. a very long line given to decode()
    assert crc16(data) == crc16_reference(data)
