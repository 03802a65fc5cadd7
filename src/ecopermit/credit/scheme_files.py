"""The scheme files (``credit/schemes/<id>.json``): listed, loaded and validated. A wrong file fails with the file's
name and the key that is wrong (``scoring.SchemeError``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ecopermit.credit.scoring import Scheme, SchemeError, parse_scheme
from ecopermit.credit.vocab import EventKind

SCHEME_DIR = Path(__file__).with_name("schemes")
DEFAULT_SCHEME = "national_2013"


def scheme_ids() -> list[str]:
    return sorted(p.stem for p in SCHEME_DIR.glob("*.json"))


def load_path(path: Path) -> Scheme:
    """A scheme from a file; ``SchemeError`` naming the file and key when it is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SchemeError(path.name, f"line {exc.lineno}", f"not JSON: {exc.msg}") from None
    scheme = parse_scheme(data, path.name, EventKind.values)
    if scheme.id != path.stem:
        raise SchemeError(path.name, "id", f"{scheme.id!r} differs from the file name {path.stem!r}")
    return scheme


@cache
def load(scheme_id: str) -> Scheme:
    path = SCHEME_DIR / f"{scheme_id}.json"
    if scheme_id not in scheme_ids():
        raise SchemeError(f"{scheme_id}.json", "(file)", "no such scheme file")
    return load_path(path)


def raw(scheme_id: str) -> dict[str, object]:
    """The file as written (the scheme page shows its notes and disputed cut-offs)."""
    data: dict[str, object] = json.loads(
        (SCHEME_DIR / f"{load(scheme_id).id}.json").read_text(encoding="utf-8")
    )
    return data
