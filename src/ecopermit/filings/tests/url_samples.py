"""Objects the every-URL walk needs for the self-proof pages (tests/test_every_url.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.core import clock
    from ecopermit.filings.models import ExecutionReport, ReportVersion
    from ecopermit.filings.services import reports_schedule
    from ecopermit.registry.models import Permit
    from ecopermit.registry.selectors import facilities_visible

    facility = (facilities_visible(scope_of(user)).order_by("pk").first() if user else None) or personas[
        "shipyard"
    ]
    today = clock.today()
    if not Permit.objects.filter(facility=facility).exists():
        Permit.objects.create(
            facility=facility,
            number=f"SAMPLE{facility.pk:06d}",
            management_class="key",
            issued_on=today - dt.timedelta(days=400),
            valid_until=today + dt.timedelta(days=1400),
        )
        reports_schedule(year=today.year, facility_ids=[facility.pk])
    report = ExecutionReport.objects.filter(facility=facility).order_by("pk").first()
    version = report.versions.first() or ReportVersion.objects.create(
        report=report, version=1, data={}, submitted_by=personas["officer"], submitted_at=clock.now()
    )
    from ecopermit.filings.tests import crosscheck_url_samples

    return {
        "filings:report_detail": report.pk,
        "filings:version_download": version.pk,
        **crosscheck_url_samples.samples(personas, user),
    }
