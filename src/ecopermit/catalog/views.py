from __future__ import annotations

import io
from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.catalog import selectors
from ecopermit.core.audit.services import audit_record

# Coverage is the bureau's and the leading group's figure; towns see their own share.
COVERAGE_READERS = (Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_OFFICER, Role.TOWN_OFFICER)


@allow(*COVERAGE_READERS)
def coverage(request):  # type: ignore[no-untyped-def]
    scope = request.scope
    totals = selectors.coverage_totals(scope)
    rate = totals["covered"] / totals["required"] if totals["required"] else None
    missing = Paginator(selectors.coverage_missing(scope), 30).get_page(request.GET.get("page"))
    context = {
        "totals": totals,
        "rate": rate,
        "by_class": selectors.coverage_by_class(scope),
        "by_town": selectors.coverage_by_town(scope),
        "by_industry": selectors.coverage_by_industry(scope),
        "page": missing,
    }
    return render(request, "catalog/coverage.html", context)


@allow(*COVERAGE_READERS)
def coverage_export(request):  # type: ignore[no-untyped-def]
    scope = request.scope
    wb = Workbook()
    ws = wb.active
    ws.title = _("Missing")
    ws.append([_("Facility"), _("Unified social credit code"), _("Town/street"), _("Park"), _("Main industry"),
               _("Management class"), _("Permit status"), _("Needs")])
    needs = {"permit": _("Discharge permit"), "registration": _("Discharge registration")}
    for f in selectors.coverage_missing(scope).iterator(chunk_size=2000):
        ws.append([f.name, f.credit_code, f.town.name, f.park.name if f.park else "", f.primary_industry,
                   f.get_management_class_display(), f.get_permit_status_display(), needs[f.needs]])
    for title, rows in (
        (_("By class"), selectors.coverage_by_class(scope)),
        (_("By town"), selectors.coverage_by_town(scope)),
        (_("By industry"), selectors.coverage_by_industry(scope)),
    ):
        sheet = wb.create_sheet(title)
        sheet.append([title, _("Facilities"), _("Need a permit or registration"), _("Hold one"), _("Missing"),
                      _("Coverage")])
        for r in rows:
            rate = r["covered"] / r["required"] if r["required"] else None
            sheet.append([r["label"], r["total"], r["required"], r["covered"], r["missing"], rate])
            if rate is not None:
                sheet.cell(sheet.max_row, 6).number_format = "0.0%"
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 34
    buf = io.BytesIO()
    wb.save(buf)
    audit_record(actor=request.user, action="coverage.export")
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_('coverage') + '.xlsx')}"
    return response
