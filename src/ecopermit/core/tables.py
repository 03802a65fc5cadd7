"""Every list pages, filters and exports to XLSX, one way (issue 11 item 12; MISSION R6, G5).

A list view builds its rows (a queryset or a list, already scoped and filtered by its selector) and its columns,
then either returns ``export_response`` when the user asked for the spreadsheet (``?export=xlsx``, the filters of
the screen apply) or pages the rows with ``page_of`` for the template. ``includes/list_tools.html`` shows the
search box and the export button; ``includes/pagination.html`` the pages. Exports of data that is not public are
audited (等保 DJB-AUD-1), with the filters used.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

PER_PAGE = 30
#: A spreadsheet holds what the screen's filters select, up to this many rows (Excel's own limit is 1,048,576).
EXPORT_MAX_ROWS = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an exported list: its header (an English msgid, shown translated) and how to read a row."""

    header: str | Promise
    value: Callable[[Any], Any]
    width: int = 16


def page_of(request: HttpRequest, rows: Any, per_page: int = PER_PAGE) -> Page:
    """The page the request asks for (``?page=N``; out of range → the nearest page)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def search_term(request: HttpRequest) -> str:
    """The list's free-text search (``?q=``), trimmed; lists search names, codes and numbers with it."""
    return (request.GET.get("q") or "").strip()[:100]


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: datetimes in Beijing time without a zone (Excel has none), choices by their
    label, booleans in words, decimals as numbers, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, Enum) and hasattr(value, "label"):
        return str(value.label)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float | str | dt.date):
        return value
    return str(value)


def xlsx_bytes(title: str, columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """One sheet: a bold, frozen header row, then a row per item (write-only, so memory stays flat)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(title)[:31])
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    header = []
    for col in columns:
        c = WriteOnlyCell(ws, value=str(col.header))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="E8F3EE")
        header.append(c)
    ws.append(header)
    for n, row in enumerate(rows):
        if n >= EXPORT_MAX_ROWS:
            break
        ws.append([cell(col.value(row)) for col in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download named in Chinese (RFC 6266 ``filename*``), with an ASCII name for clients that cannot read it."""
    response = HttpResponse(content, content_type=content_type)
    stem, dot, ext = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = stem.encode("ascii", "ignore").decode().strip(" ._-") or "export"
    ascii_name = ascii_stem + dot + ext
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def export_filters(request: HttpRequest) -> dict[str, str]:
    """The filters a list was exported with, as the audit event records them."""
    return {k: request.GET[k] for k in request.GET if k not in ("export", "page")}


def export_response(
    request: HttpRequest, *, title: str | Promise, columns: Sequence[Column], rows: Iterable[Any], action: str
) -> HttpResponse:
    """The spreadsheet of a list as filtered on screen, named ``<title>_<date>.xlsx``; the export is audited."""
    from ecopermit.core import clock
    from ecopermit.core.audit.services import audit_record

    audit_record(actor=request.user, action=action, extra={"filters": export_filters(request)})
    content = xlsx_bytes(str(title), columns, rows)
    return attachment(content, f"{title}_{clock.today().isoformat()}.xlsx")
