"""Coverage as a workbook: the missing list first, then the breakdowns by class, town and industry."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ecopermit.accounts.scope import Scope
from ecopermit.catalog import coverage_milestones, milestones, selectors


def coverage_xlsx(scope: Scope) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Missing")
    ws.append(
        [
            _("Facility"),
            _("Unified social credit code"),
            _("Town/street"),
            _("Park"),
            _("Main industry"),
            _("Management class"),
            _("Permit status"),
            _("Needs"),
        ]
    )
    needs = {"permit": _("Discharge permit"), "registration": _("Discharge registration")}
    for f in selectors.coverage_missing(scope).iterator(chunk_size=2000):
        ws.append(
            [
                f.name,
                f.credit_code,
                f.town.name,
                f.park.name if f.park else "",
                f.primary_industry,
                f.get_management_class_display(),
                f.get_permit_status_display(),
                needs[f.needs],
            ]
        )
    for title, rows in (
        (_("By class"), selectors.coverage_by_class(scope)),
        (_("By town"), selectors.coverage_by_town(scope)),
        (_("By industry"), selectors.coverage_by_industry(scope)),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(
            [
                title,
                _("Facilities"),
                _("Need a permit or registration"),
                _("Hold one"),
                _("Missing"),
                _("Coverage"),
            ]
        )
        for r in rows:
            rate = r["covered"] / r["required"] if r["required"] else None
            sheet.append([r["label"], r["total"], r["required"], r["covered"], r["missing"], rate])
            if rate is not None:
                sheet.cell(sheet.max_row, 6).number_format = "0.0%"
    _milestone_sheets(wb, scope)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 34
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _milestone_sheets(wb: Workbook, scope: Scope) -> None:
    """The plan's milestones: one row per facility (first obtained, on time / late / missing per milestone), then
    the counts by town and by industry."""
    marks = milestones.milestones()
    heads = [f"{m.label} {m.date.isoformat()}" for m in marks]
    rows = coverage_milestones.facility_milestones(scope)
    sheet = wb.create_sheet(_("Milestones"))
    sheet.append(
        [
            _("Facility"),
            _("Unified social credit code"),
            _("Town/street"),
            _("Main industry"),
            _("Management class"),
            _("First obtained"),
            *heads,
        ]
    )
    for r in rows:
        sheet.append(
            [
                r.name,
                r.credit_code,
                r.town,
                r.division,
                r.management_class_label,
                r.obtained_on,
                *(milestones.verdict_label(v) for v in r.verdicts),
            ]
        )
        if r.obtained_on is not None:
            sheet.cell(sheet.max_row, 6).number_format = "yyyy-mm-dd"
    for title, groups in (
        (_("Milestones by town"), coverage_milestones.milestones_by_town(rows)),
        (_("Milestones by industry"), coverage_milestones.milestones_by_industry(rows)),
    ):
        sheet = wb.create_sheet(title)
        sheet.append(
            [title, _("Need a permit or registration")]
            + [f"{h} · {milestones.verdict_label(v)}" for h in heads for v in milestones.VERDICTS]
        )
        for g in groups:
            sheet.append(
                [g["label"], g["required"]] + [c[v] for c in g["milestones"] for v in milestones.VERDICTS]
            )
