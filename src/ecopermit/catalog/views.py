from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.catalog import coverage_milestones, milestones, selectors
from ecopermit.catalog.exports import coverage_xlsx
from ecopermit.core.audit.services import audit_record

# Coverage is the bureau's and the leading group's figure; towns see their own share.
COVERAGE_READERS = (Role.BUREAU_OFFICER, Role.BUREAU_LEADER, Role.DEPARTMENT_OFFICER, Role.TOWN_OFFICER)


@allow(*COVERAGE_READERS)
def coverage(request):
    scope = request.scope
    totals = selectors.coverage_totals(scope)
    rate = totals["covered"] / totals["required"] if totals["required"] else None
    missing = Paginator(selectors.coverage_missing(scope), 30).get_page(request.GET.get("page"))
    context = {
        "totals": totals,
        "rate": rate,
        "reconciled": selectors.coverage_reconciliation(scope),
        "by_class": selectors.coverage_by_class(scope),
        "by_town": selectors.coverage_by_town(scope),
        "by_industry": selectors.coverage_by_industry(scope),
        "page": missing,
        **_milestone_context(scope, request.GET.get("mpage")),
    }
    return render(request, "catalog/coverage.html", context)


def _milestone_context(scope, page):
    rows = coverage_milestones.facility_milestones(scope)
    marks = milestones.milestones()
    return {
        "milestones": marks,
        "milestone_columns": 2 + 3 * len(marks),
        "milestone_totals": coverage_milestones.milestones_totals(rows),
        "milestones_by_town": coverage_milestones.milestones_by_town(rows),
        "milestones_by_industry": coverage_milestones.milestones_by_industry(rows),
        "milestone_page": Paginator(rows, 30).get_page(page),
    }


@allow(*COVERAGE_READERS)
def coverage_export(request):
    content = coverage_xlsx(request.scope)
    audit_record(actor=request.user, action="coverage.export")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(_('coverage') + '.xlsx')}"
    return response


@allow(Role.BUREAU_OFFICER, Role.BUREAU_LEADER)
def zones(request):
    """The protection areas in force, and (officers) the upload of a new GeoJSON file that replaces them."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from ecopermit.catalog.zones_io import ZoneFileError
    from ecopermit.catalog.zones_store import zones_current, zones_load

    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a GeoJSON file.")]
        elif upload.size > 20 * 1024 * 1024:
            errors = [_("The file is larger than 20 MB.")]
        else:
            try:
                result = zones_load(actor=request.user, file_name=upload.name, content=upload.read())
            except ZoneFileError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _("%(n)d protection-area polygons loaded; %(x)d facilities excluded by the gate.")
                    % {"n": result.zones, "x": result.excluded},
                )
                return redirect("catalog:zones")
    from ecopermit.catalog.gate import package_zones

    loaded = zones_current()
    return render(
        request,
        "catalog/zones.html",
        {
            "loaded": loaded,
            "file": loaded[0].file if loaded else None,
            "package": [] if loaded else package_zones(),
            "errors": errors,
        },
    )
