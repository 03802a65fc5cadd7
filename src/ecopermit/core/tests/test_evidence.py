"""The evidence store's naming (issue 12: one suffix rule instead of four)."""

from __future__ import annotations

import pytest

from ecopermit.core import evidence


@pytest.mark.parametrize(
    ("content", "name", "suffix"),
    [
        (b"%PDF-1.7 ...", "整改方案.pdf", ".pdf"),
        (b"%PDF-1.7 ...", "photo.jpg", ".pdf"),  # the bytes decide, not the name
        (b"\x89PNG\r\n\x1a\n...", "", ".png"),
        (b"\xff\xd8\xff\xe0...", "IMG_0001.JPEG", ".jpg"),
        (b"PK\x03\x04...", "笔录.DOCX", ".docx"),
        (b"PK\x03\x04...", "台账.xlsx", ".xlsx"),
        (b"PK\x03\x04...", "evil.exe", ".zip"),
        (b"MZ\x90\x00", "evil.pdf", ".bin"),
    ],
)
def test_the_stored_extension_follows_the_bytes(content, name, suffix):
    assert evidence.suffix_for(content, name) == suffix
