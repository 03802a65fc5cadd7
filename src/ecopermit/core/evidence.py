"""The evidence store of the workflow kernel (issue 12): a file kept as evidence — a case document, penalty
evidence, a transfer document, an inspection photo — is hashed (SHA-256) when written, named by its hash, and its
hash is verified on every read: a stored file that no longer matches is never served (404), and the mismatch is
an audit event (等保: integrity of records). The apps keep their own size and type rules and their own models;
each model has a ``FileField`` and a ``sha256`` field.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest

from ecopermit.core.audit.services import audit_record

#: File signatures of the types the platform accepts as evidence.
MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",  # DOCX, XLSX, ZIP
}


def sniff(content: bytes) -> str | None:
    """The content type the file's first bytes show, or None."""
    return next((ctype for magic, ctype in MAGIC.items() if content.startswith(magic)), None)


#: The stored file's extension by its sniffed type; a ZIP container keeps the extension of its name when that
#: is one of these (DOCX and XLSX are ZIP files).
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
ZIP_EXTENSIONS = (".docx", ".xlsx", ".zip")


def suffix_for(content: bytes, name: str = "") -> str:
    """The extension a stored evidence file gets: from what its bytes are (never from the name alone: a name is
    the uploader's claim), ``.bin`` for anything else. The original name stays in the app's own model."""
    ctype = sniff(content)
    if ctype == "application/zip":
        ext = name[name.rfind(".") :].lower() if "." in name else ""
        return ext if ext in ZIP_EXTENSIONS else ".zip"
    return EXTENSIONS.get(ctype or "", ".bin")


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def store(field_file: Any, content: bytes, *, suffix: str) -> str:
    """Writes ``content`` into ``field_file`` (not saving the model) under a name made of its hash; the hash."""
    sha256 = digest(content)
    field_file.save(f"{sha256[:16]}{suffix}", ContentFile(content), save=False)
    return sha256


def read_verified(field_file: Any, sha256: str) -> bytes | None:
    """The stored bytes when they still match ``sha256``, else None."""
    with field_file.open("rb") as handle:
        content = handle.read()
    return content if digest(content) == sha256 else None


def download(
    request: HttpRequest, obj: Any, *, field_file: Any, sha256: str, filename: str, content_type: str
) -> FileResponse:
    """The evidence as a download after its hash is checked; a file that no longer matches is refused (404) and
    the mismatch audited on ``obj``."""
    content = read_verified(field_file, sha256)
    if content is None:
        audit_record(actor=request.user, action="evidence.mismatch", obj=obj, extra={"expected": sha256})
        raise Http404
    return FileResponse(iter([content]), content_type=content_type, as_attachment=True, filename=filename)
