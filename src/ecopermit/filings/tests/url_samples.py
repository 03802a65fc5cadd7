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
        "filings:report_enter": report.pk,
        "filings:version_download": version.pk,
        **_selfmon(facility, personas),
        **crosscheck_url_samples.samples(personas, user),
    }


def _selfmon(facility: Any, personas: dict[str, Any]) -> dict[str, Any]:
    """A plan line with a result (and its report file), and a ledger entry, on the facility."""
    from django.core.files.base import ContentFile

    from ecopermit.core import clock, evidence
    from ecopermit.filings.models import LedgerEntry, MonitoringPlanItem, MonitoringResult
    from ecopermit.registry.models import Outlet

    now = clock.now()
    outlet = Outlet.objects.filter(facility=facility).first() or Outlet.objects.create(
        facility=facility, code="DA901", name="样例排放口", medium="gas", kind="main"
    )
    item, _created = MonitoringPlanItem.objects.get_or_create(
        outlet=outlet,
        pollutant_code="a21026",
        defaults={
            "facility": facility,
            "frequency": "quarterly",
            "source": "样例",
            "valid_from": clock.today(),
            "created_at": now,
        },
    )
    result = item.results.first()
    if result is None:
        content = b"%PDF-1.4 sample"
        result = MonitoringResult(
            plan_item=item,
            sampled_on=clock.today(),
            value=1,
            unit="mg/m3",
            entered_at=now,
            original_name="r.pdf",
        )
        result.file.save("sample.pdf", ContentFile(content), save=False)
        result.sha256 = evidence.digest(content)
        result.save()
    entry = LedgerEntry.objects.filter(facility=facility).first() or LedgerEntry.objects.create(
        facility=facility,
        category="production",
        subject="主要生产线",
        occurred_on=clock.today(),
        content="正常运行",
        entered_by=personas["officer"],
        entered_at=now,
    )
    return {
        "filings:monitoring_item_change": item.pk,
        "filings:monitoring_result_file": result.pk,
        "filings:ledger_correct": entry.pk,
    }
