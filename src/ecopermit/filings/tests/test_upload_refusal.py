"""The ``upload_allowed`` hook (issue 15 S7): a report's PDF is refused while the hook refuses the uploader (an
agency suspended from the district), and nothing is stored; ``reports_outstanding`` for the guide's reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from ecopermit.core.errors import DomainError
from ecopermit.filings import facade
from ecopermit.filings.models import ReportStatus, ReportVersion
from ecopermit.filings.tests.test_report_services import PDF, good_data, permitted, quarter  # noqa: F401

pytestmark = pytest.mark.django_db


def refuse_everyone(*, actor):  # type: ignore[no-untyped-def]
    return "停业整改中"


HOOKS = {"upload_allowed": ["ecopermit.filings.tests.test_upload_refusal.refuse_everyone"]}


def test_a_refused_uploader_stores_no_version(permitted):  # noqa: F811
    from ecopermit.filings import services

    report = quarter(permitted)
    with override_settings(ECOPERMIT_HOOKS=HOOKS), pytest.raises(DomainError, match="停业整改中"):
        services.report_submit(
            actor=permitted["agency"], report=report, data=good_data(), content=PDF, file_name="q1.pdf"
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not ReportVersion.objects.filter(report=report).exists()


def test_reports_outstanding_lists_due_and_returned(permitted):  # noqa: F811
    report = quarter(permitted)
    found = facade.reports_outstanding([report.facility_id], today=report.due_on)
    assert report.pk in [r.id for r in found]
    assert (
        facade.reports_outstanding([report.facility_id], today=report.due_on - dt.timedelta(days=400)) == []
    )
