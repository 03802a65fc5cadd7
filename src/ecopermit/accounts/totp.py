"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), the second factor of 等保 2.0 8.1.4.1 d
(security-notes DJB-AUTH-4: "password + TOTP" for bureau staff and the three administrators).

Pure: no Django. HMAC-SHA1, 6 digits, 30-second steps: what every authenticator app (Google/Microsoft
Authenticator, 腾讯身份验证器, FreeOTP…) reads from an ``otpauth://`` QR code. A code is accepted for the
current step and one step either side (clock drift), and never twice: the caller keeps the last step used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
WINDOW = 1


def new_secret() -> str:
    """160 random bits in base32 (RFC 4226 recommends at least 128; 160 is the HMAC-SHA1 block size)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def hotp(secret: str, counter: int, digits: int = DIGITS) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_of(unix_time: float) -> int:
    return int(unix_time // STEP)


def code_at(secret: str, unix_time: float, digits: int = DIGITS) -> str:
    return hotp(secret, step_of(unix_time), digits)


def verify(secret: str, code: str, unix_time: float, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to when it is valid now and newer than ``last_step``, else None."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    now = step_of(unix_time)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def otpauth_uri(secret: str, account: str, issuer: str) -> str:
    """The URI an authenticator app reads from the QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{query}"
