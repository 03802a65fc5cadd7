from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import INVENTORY_READERS
from ecopermit.registry import selectors
from ecopermit.registry.forms import FacilityFilterForm
from ecopermit.registry.industry import industry_name, is_valid

TABS = ("basics", "production", "outlets", "paperwork", "history")


@allow(*INVENTORY_READERS)
def facility_list(request):  # type: ignore[no-untyped-def]
    scope = request.scope
    form = FacilityFilterForm(
        request.GET or None, towns=selectors.facility_towns(scope), parks=selectors.facility_parks(scope)
    )
    if request.GET and not form.is_valid():
        qs = selectors.facility_list(scope).none()
    else:
        qs = selectors.facility_list(scope, form.to_filter() if request.GET else None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [(f, industry_name(f.primary_industry) if is_valid(f.primary_industry) else "") for f in page]
    counts = selectors.facility_counts(qs)
    return render(
        request, "registry/facility_list.html", {"form": form, "page": page, "rows": rows, "counts": counts}
    )


@allow(*INVENTORY_READERS)
def facility_detail(request, pk: int, tab: str = "basics"):  # type: ignore[no-untyped-def]
    facility = selectors.facility_get(request.scope, pk)
    if tab not in TABS:
        tab = "basics"
    context = {"facility": facility, "tab": tab, "tabs": TABS}
    context.update(selectors.facility_tab_data(facility, tab))
    return render(request, "registry/facility_detail.html", context)


@allow(*INVENTORY_READERS)
def facility_map(request):  # type: ignore[no-untyped-def]
    return render(request, "registry/facility_map.html", {"towns": selectors.facility_towns(request.scope)})


@allow(*INVENTORY_READERS)
def facility_map_data(request):  # type: ignore[no-untyped-def]
    return JsonResponse(selectors.facility_map_points(request.scope))
