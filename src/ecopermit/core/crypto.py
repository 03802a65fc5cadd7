"""Encryption of secrets kept in the database (等保 8.1.4.8 数据保密性): today the TOTP keys of the
authenticators. Fernet (AES-128-CBC + HMAC-SHA256) from ``cryptography``.

The key comes from ``FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys, the first encrypts, all decrypt, so
a key can be rotated), or, when that is empty, is derived from ``SECRET_KEY``; a database dump alone then no
longer yields the secrets. Changing ``SECRET_KEY`` without listing a field key makes the stored secrets
unreadable (the accounts set up their authenticator again).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _keys() -> list[bytes]:
    configured = [k.strip().encode() for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if k.strip()]
    if configured:
        return configured
    digest = hashlib.sha256(b"ecopermit field encryption\x00" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The text; raises ``ValueError`` when no configured key opens the token."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise ValueError("the stored secret cannot be decrypted with the configured keys") from exc
