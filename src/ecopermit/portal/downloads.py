"""Downloads of every public list (issue 14): facilities, inspection results, penalty decisions and rectification
notices, as CSV (UTF-8 with a byte-order mark, so Excel opens it in Chinese) or XLSX (``core.tables``), of one
town (``?town=<division code>``) and one year (``?year=``) or all. The columns are the public fields
(``public_fields.PUBLIC_FIELDS``) and nothing else. Public data: not audited (core.tables audits the non-public
exports only)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopermit.accounts.access import allow_public
from ecopermit.core import clock
from ecopermit.core.tables import Column, attachment, cell, xlsx_bytes
from ecopermit.portal import reads
from ecopermit.portal.public_fields import PUBLIC_FIELDS
from ecopermit.registry import facade as registry

#: dataset → (record kind, title, rows(town, year)). A facility has no year: ``year`` is ignored for it.
DATASETS: dict[str, tuple[str, Any, Callable[[str, int | None], Iterable[dict[str, Any]]]]] = {
    "facilities": (
        "facility",
        gettext_lazy("Facilities"),
        lambda town, year: reads.facilities_public(reads.facility_rows(reads.Filters(town=town)).iterator()),
    ),
    "inspections": (
        "inspection",
        gettext_lazy("Inspection results"),
        lambda town, year: reads.inspection_rows(town=town, year=year),
    ),
    "decisions": (
        "penalty",
        gettext_lazy("Penalty decisions"),
        lambda town, year: reads.penalty_rows(town=town, year=year),
    ),
    "notices": (
        "rectification",
        gettext_lazy("Rectification notices"),
        lambda town, year: reads.rectification_rows(town=town, year=year),
    ),
}


def _reader(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row[key]


def columns(kind: str) -> list[Column]:
    return [Column(label, _reader(key)) for key, label in PUBLIC_FIELDS[kind]]


def csv_bytes(cols: list[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.header) for c in cols])
    for row in rows:
        writer.writerow([cell(c.value(row)) for c in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _filters(request: Any) -> tuple[str, int | None]:
    town = (request.GET.get("town") or "").strip()[:12]
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    return town, year


def _filename(title: str, town: str, year: int | None, ext: str) -> str:
    towns = dict(registry.public_towns())
    parts = [title, towns.get(town, ""), str(year) if year else ""]
    return "_".join(p for p in parts if p) + f"_{clock.today().isoformat()}.{ext}"


def download(dataset: str, fmt: str) -> Any:
    kind, title, rows = DATASETS[dataset]

    def view(request):
        town, year = _filters(request)
        cols = columns(kind)
        found = rows(town, year)
        if fmt == "csv":
            return attachment(
                csv_bytes(cols, found), _filename(str(title), town, year, "csv"), "text/csv; charset=utf-8"
            )
        return attachment(xlsx_bytes(str(title), cols, found), _filename(str(title), town, year, "xlsx"))

    view.__name__ = f"download_{dataset}_{fmt}"
    return allow_public(view)


@allow_public
def downloads(request):
    return render(
        request,
        "portal/downloads.html",
        {
            "datasets": [(key, title) for key, (_kind, title, _rows) in DATASETS.items()],
            "towns": registry.public_towns(),
            "years": reads.years_back(clock.today()),
            "note": _("Facilities are listed as they are today; the other lists by the year of publication."),
        },
    )
