"""The 12-quarter strip on the facility's page: the officer of the bureau opens 城东船舶修造 and sees which quarters
were violations, which significant, each linking to the case that holds the problems."""

import datetime as dt

import pytest

from ecopermit.cases import services as cases
from ecopermit.core import clock
from ecopermit.filings import facade
from ecopermit.filings.rules.history import last_quarters

pytestmark = pytest.mark.django_db


def _raise(personas, kind, on, source="manual", facility="shipyard"):
    return cases.problem_raise(
        actor=personas["officer"],
        facility_id=personas[facility].pk,
        kind=kind,
        description=f"{kind} {on}",
        source=source,
        found_on=on,
    )


def test_the_strip_marks_the_right_quarters_and_links(personas):
    today = clock.today()
    quarters = last_quarters(today)
    q_minor, q_major = quarters[2], quarters[7]
    late = _raise(personas, "report_missing", q_minor.first_day + dt.timedelta(days=3), "overdue_filing")
    over = _raise(personas, "over_total", q_major.last_day, "filing_check")
    withdrawn = _raise(personas, "ledger_missing", quarters[9].first_day)
    withdrawn.status = "withdrawn"
    withdrawn.save()
    _raise(personas, "over_standard", quarters[5].first_day, facility="fish")  # another facility

    h = facade.compliance_history(personas["shipyard"].pk, today=today)

    assert len(h.cells) == 12
    assert h.code == "__V____S____"
    minor, major = h.cells[2], h.cells[7]
    assert minor.status == "violation" and major.status == "significant"
    (group,) = minor.groups
    assert group.group == "reporting"
    assert group.links[0].url == f"/cases/{late.case_id}/" and minor.url == group.links[0].url
    assert major.groups[0].group == "exceedance" and major.groups[0].links[0].url == f"/cases/{over.case_id}/"
    assert major.reasons  # says why


def test_overdue_rectification_is_significant(personas):
    from ecopermit.cases.models import CaseEvent

    today = clock.today()
    problem = _raise(personas, "no_auto_monitoring", today - dt.timedelta(days=400), "survey")
    CaseEvent.objects.create(
        case_id=problem.case_id,
        at=clock.now(),
        kind="transition",
        from_status="in_progress",
        to_status="overdue",
    )
    h = facade.compliance_history(personas["shipyard"].pk, today=today)
    last = h.cells[-1]
    assert last.status == "significant"
    assert last.groups[0].group == "overdue_rectification" and last.url == f"/cases/{problem.case_id}/"


def test_the_facility_page_shows_the_strip(personas, login):
    today = clock.today()
    _raise(personas, "report_missing", today, "overdue_filing")
    client = login(personas["officer"])
    page = client.get(f"/inventory/facilities/{personas['shipyard'].pk}/").content.decode()
    assert 'data-compliance-history="' + "_" * 11 + 'V"' in page
    assert "history-violation" in page and "history-legend" in page
    # The enterprise sees its own facility's strip too.
    page = login(personas["shipyard_manager"]).get(f"/inventory/facilities/{personas['shipyard'].pk}/")
    assert b"data-compliance-history" in page.content
