"""The HJ 212 listener's status page (issue 5: "its state on a status page for officers")."""

from __future__ import annotations

from django.shortcuts import render

from ecopermit.accounts.access import allow
from ecopermit.accounts.roles import Role
from ecopermit.monitoring.selectors_ingest import ingest_status


@allow(Role.BUREAU_OFFICER, Role.BUREAU_LEADER)
def ingest_status_page(request):  # type: ignore[no-untyped-def]
    return render(request, "monitoring/ingest_status.html", {"status": ingest_status()})
