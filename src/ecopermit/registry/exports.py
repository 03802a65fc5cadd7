"""The facility list as a spreadsheet, with the same scope and filters as the screen."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ecopermit.registry.industry import industry_name, is_valid
from ecopermit.registry.models import Facility


def facility_list_xlsx(qs: QuerySet[Facility]) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = _("Facilities")
    headers = [
        _("Facility"),
        _("Unified social credit code"),
        _("Legal representative"),
        _("Town/street"),
        _("Park"),
        _("Address"),
        _("Main industry"),
        _("Operating status"),
        _("Management class"),
        _("Permit status"),
        _("Key discharger list"),
        _("Land area"),
        _("Annual output value"),
        _("Demo data"),
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F3EE")
    yes, no = _("yes"), _("no")
    for f in qs.select_related("town", "park").iterator(chunk_size=2000):
        ind = (
            f"{f.primary_industry} {industry_name(f.primary_industry)}"
            if is_valid(f.primary_industry)
            else ""
        )
        ws.append(
            [
                f.name,
                f.credit_code,
                f.legal_representative,
                f.town.name,
                f.park.name if f.park else "",
                f.address,
                ind,
                f.get_status_display(),
                f.get_management_class_display(),
                f.get_permit_status_display(),
                yes if f.on_key_list else no,
                float(f.land_area_mu) if f.land_area_mu is not None else None,
                float(f.output_value_10k) if f.output_value_10k is not None else None,
                yes if f.is_demo else no,
            ]
        )
    for i, width in enumerate([36, 22, 12, 12, 14, 36, 28, 10, 12, 16, 10, 10, 12, 8], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
