from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import INVENTORY_READERS, INVENTORY_WRITERS
from ecopermit.core import hooks
from ecopermit.core.errors import DomainError
from ecopermit.core.industry import industry_name, is_valid
from ecopermit.core.tables import export_response
from ecopermit.registry import exports, selectors, services
from ecopermit.registry.forms import FacilityEditForm, FacilityFilterForm

TABS = ("basics", "production", "outlets", "paperwork", "history")


def _filtered(request):
    """The filter form and the scoped, filtered queryset; invalid input shows nothing, never everything."""
    scope = request.scope
    form = FacilityFilterForm(
        request.GET or None, towns=selectors.facility_towns(scope), parks=selectors.facility_parks(scope)
    )
    if request.GET and not form.is_valid():
        return form, selectors.facility_list(scope).none()
    return form, selectors.facility_list(scope, form.to_filter() if request.GET else None)


@allow(*INVENTORY_READERS)
def facility_list(request):
    if request.GET.get("export") == "xlsx":  # the one way every list exports (core/tables.py)
        return facility_export(request)
    form, qs = _filtered(request)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [(f, industry_name(f.primary_industry) if is_valid(f.primary_industry) else "") for f in page]
    counts = selectors.facility_counts(qs)
    return render(
        request, "registry/facility_list.html", {"form": form, "page": page, "rows": rows, "counts": counts}
    )


@allow(*INVENTORY_READERS)
def facility_export(request):
    _form, qs = _filtered(request)
    # Exports of non-public data are audited (等保 DJB-AUD-1).
    return export_response(
        request,
        title=_("Facilities"),
        columns=exports.COLUMNS,
        rows=qs.select_related("town", "park").iterator(chunk_size=2000),
        action="facility.export",
    )


@allow(*INVENTORY_READERS)
def facility_detail(request, pk: int, tab: str = "basics"):
    facility = selectors.facility_get(request.scope, pk)
    if tab not in TABS:
        tab = "basics"
    context = {"facility": facility, "tab": tab, "tabs": TABS}
    context.update(selectors.facility_tab_data(facility, tab))
    if (
        tab == "basics"
    ):  # the classification, the case and the problem form, from the apps above (core/hooks.py)
        context.update(hooks.context("facility_page", request=request, facility=facility))
    return render(request, "registry/facility_detail.html", context)


@allow(*INVENTORY_WRITERS)
def facility_edit(request, pk: int):
    facility = selectors.facility_get(request.scope, pk)
    codes = ", ".join(facility.industries.order_by("-is_primary", "code").values_list("code", flat=True))
    form = FacilityEditForm(request.POST or None, instance=facility, initial={"industry_codes": codes})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in FacilityEditForm.Meta.fields}
        try:
            changed = services.facility_update(
                actor=request.user,
                facility=selectors.facility_get(request.scope, pk),
                changes=changes,
                industry_codes=form.cleaned_data["industry_codes"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if changed:
                messages.success(request, _("Saved: %(n)d field(s) changed.") % {"n": len(changed)})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("registry:facility_detail", pk=pk)
    return render(request, "registry/facility_edit.html", {"facility": facility, "form": form})


@allow(*INVENTORY_READERS)
def facility_map(request):
    return render(request, "registry/facility_map.html", {"towns": selectors.facility_towns(request.scope)})


@allow(*INVENTORY_READERS)
def facility_map_data(request):
    return JsonResponse(selectors.facility_map_points(request.scope))
