"""Editions of the permit catalog (固定污染源排污许可分类管理名录) as data, one folder per edition (MISSION C3).

Each folder (``2019/``, a later ``2025/``…) holds:

``meta.json``
    id, title, issuing order, the date it came into force (and the date it stopped, once a later edition
    replaces it), the articles the engine applies, the footnotes, the EIA advice of the bureau's plan, and the
    interpretive decisions taken where the text is ambiguous.
``rows.json``
    every row of the table, each cell split into clauses; each clause keeps its criterion text exactly as
    printed and carries a structured condition (``when``) that the engine compiles.
``profile.schema.json``
    JSON Schema of the facility profile the edition reads; each field says which rows read it (``x-rows``).

Adding an edition: copy the folder under the new edition's id, edit its rows, schema and meta (set its
``in_force_from``, and the previous edition's ``in_force_until`` to the same day), and write its row tests;
``classify(profile, on=date)`` then picks the edition in force on that date. No code changes unless the new
text needs a kind of condition the engine does not compile yet (``engine._compile`` lists them).

A folder named ``2019`` cannot be a Python package, so the editions are read as package data through
:mod:`importlib.resources`. Nothing here imports Django: the engine, the command line and the benchmark load
editions without settings.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Edition", "EditionError", "edition", "edition_in_force", "editions"]

_PACKAGE = "ecopermit.catalog.editions"


class EditionError(LookupError):
    """No edition with that id, or none in force on that date."""


@dataclass(frozen=True, slots=True, eq=False)
class Edition:
    """One edition as loaded from its folder. The mappings are the parsed JSON: treat them as read-only."""

    id: str
    title: str
    in_force_from: dt.date
    in_force_until: dt.date | None
    meta: Mapping[str, Any]
    rows: tuple[Mapping[str, Any], ...]
    schema: Mapping[str, Any]

    def in_force_on(self, on: dt.date) -> bool:
        return self.in_force_from <= on and (self.in_force_until is None or on < self.in_force_until)

    def row(self, no: int) -> Mapping[str, Any]:
        return self.rows[no - 1]

    def __repr__(self) -> str:
        return f"<Edition {self.id} in force from {self.in_force_from}>"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _load(folder: Any) -> Edition:
    meta = json.loads(folder.joinpath("meta.json").read_text(encoding="utf-8"))
    data = json.loads(folder.joinpath("rows.json").read_text(encoding="utf-8"))
    schema = json.loads(folder.joinpath("profile.schema.json").read_text(encoding="utf-8"))
    rows = tuple(data["rows"])
    # A wrong file would misclassify enterprises quietly: refuse it at load time instead.
    if data.get("edition") != meta["edition"] or folder.name != meta["edition"]:
        raise RuntimeError(f"catalog edition folder {folder.name}: edition ids disagree")
    if [r["no"] for r in rows] != list(range(1, len(rows) + 1)):
        raise RuntimeError(f"catalog edition {meta['edition']}: rows must be numbered 1..n without gaps")
    in_force_from = _date(meta["in_force_from"])
    assert in_force_from is not None
    return Edition(
        id=meta["edition"],
        title=meta["title"],
        in_force_from=in_force_from,
        in_force_until=_date(meta.get("in_force_until")),
        meta=meta,
        rows=rows,
        schema=schema,
    )


@cache
def editions() -> tuple[Edition, ...]:
    """All editions shipped with the package, oldest first."""
    root = resources.files(_PACKAGE)
    found = [
        _load(entry) for entry in root.iterdir() if entry.is_dir() and entry.joinpath("meta.json").is_file()
    ]
    return tuple(sorted(found, key=lambda e: e.in_force_from))


def edition(edition_id: str) -> Edition:
    for e in editions():
        if e.id == edition_id:
            return e
    known = ", ".join(e.id for e in editions())
    raise EditionError(f"no catalog edition {edition_id!r} (known: {known})")


def edition_in_force(on: dt.date) -> Edition:
    """The edition in force on ``on``: the latest one that started on or before that day and had not ended."""
    for e in reversed(editions()):
        if e.in_force_on(on):
            return e
    first = editions()[0].in_force_from if editions() else None
    raise EditionError(f"no catalog edition in force on {on.isoformat()} (the first shipped starts {first})")
