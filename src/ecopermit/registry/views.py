from __future__ import annotations

from django.shortcuts import render

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import INVENTORY_READERS


@allow(*INVENTORY_READERS)
def facility_list(request):  # type: ignore[no-untyped-def]
    return render(request, "registry/facility_list.html", {})
