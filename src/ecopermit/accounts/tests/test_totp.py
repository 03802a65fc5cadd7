"""RFC 6238 TOTP: the RFC's own test vectors, the drift window, replay refusal, input hygiene (DJB-AUTH-4)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.accounts import totp

# RFC 6238 Appendix B: the SHA-1 key is the ASCII string "12345678901234567890"; 8-digit codes.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("unix_time", "expected"), RFC_VECTORS)
def test_rfc_6238_vectors(unix_time, expected):
    assert totp.code_at(RFC_SECRET, unix_time, digits=8) == expected


def test_rfc_4226_hotp_vectors():
    # RFC 4226 Appendix D, counters 0..3, 6 digits.
    assert [totp.hotp(RFC_SECRET, c) for c in range(4)] == ["755224", "287082", "359152", "969429"]


def test_drift_window_and_replay():
    secret = totp.new_secret()
    t = 1_800_000_000
    step = totp.step_of(t)
    assert totp.verify(secret, totp.code_at(secret, t), t, None) == step
    assert totp.verify(secret, totp.code_at(secret, t - 30), t, None) == step - 1  # one step late: accepted
    assert totp.verify(secret, totp.code_at(secret, t + 30), t, None) == step + 1  # one step early: accepted
    assert totp.verify(secret, totp.code_at(secret, t - 60), t, None) is None  # two steps: refused
    assert totp.verify(secret, totp.code_at(secret, t), t, step) is None  # the same code again: refused
    assert totp.verify(secret, totp.code_at(secret, t - 30), t, step) is None  # an older one: refused


@given(st.text(max_size=12))
def test_anything_but_six_digits_is_refused(code):
    secret = totp.new_secret()
    if (
        len("".join(code.split())) == 6
        and "".join(code.split()).isascii()
        and "".join(code.split()).isdigit()
    ):
        return
    assert totp.verify(secret, code, 1_800_000_000, None) is None


def test_secret_and_uri():
    secret = totp.new_secret()
    assert len(base64.b32decode(secret)) == 20
    uri = totp.otpauth_uri(secret, "officer", "定海区排污许可")
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri and "period=30" in uri
