"""The HJ 212 listener's status page (issue 5: "its state on a status page for officers")."""

from __future__ import annotations

from django.shortcuts import render

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.core.tables import page_of
from ecopermit.monitoring.selectors_ingest import ingest_status


@allow(Role.BUREAU_OFFICER, Role.BUREAU_LEADER)
def ingest_status_page(request):
    status = ingest_status()
    # 400 connected loggers would make a page 15,000 px long: the table pages like every list (issue 11 item 12).
    return render(
        request,
        "monitoring/ingest_status.html",
        {"status": status, "page": page_of(request, list(status.connections))},
    )
