"""Exceedances during rectification proposed by online monitoring (P7, issue 10): the officer's list, and the
button that files a penalty case under Art. 34(1) through the enforcement service (or dismisses it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.enforcement.models import PenaltyCase
from ecopermit.monitoring.models_alarms import PenaltyProposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(personas):  # type: ignore[no-untyped-def]
    from ecopermit.cases import services as cases
    from ecopermit.monitoring.services import alarm_record
    from ecopermit.registry.models import Outlet

    shipyard = personas["shipyard"]
    problem = cases.problem_raise(
        actor=personas["officer"],
        facility_id=shipyard.pk,
        kind="no_permit",
        description="无证排污",
        source="survey",
    )
    today = clock.today()
    cases.notice_issue(
        actor=personas["officer"],
        case=problem.case,
        deadline=today + dt.timedelta(days=150),
        served_on=today - dt.timedelta(days=2),
    )
    outlet = Outlet.objects.create(facility=shipyard, code="DA001", name="锅炉", medium="gas", kind="main")
    hour = clock.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=3)
    alarm_record(
        kind="exceedance",
        facility_id=shipyard.pk,
        outlet_id=outlet.pk,
        pollutant="a21026",
        pollutant_name="二氧化硫",
        statistic="hourly",
        period_start=hour,
        period_end=hour + dt.timedelta(hours=1),
        value=Decimal("66.6667"),
        limit=Decimal("50"),
        bound="max",
        percent=Decimal("33.33"),
        unit="mg/m3",
        basis="converted",
        reference_o2=Decimal("3.5"),
        measured_value=Decimal("40"),
    )
    return PenaltyProposal.objects.get()


def test_officer_sees_the_proposal_and_files_the_case_under_art_34_1(personas, proposal, client, login):
    login(personas["officer"])
    page = client.get("/enforcement/proposals/")
    assert page.status_code == 200
    assert (
        "城东船舶修造有限公司" in page.content.decode()
        and f"/monitoring/alarms/{proposal.alarm_id}/" in page.content.decode()
    )
    response = client.post(f"/enforcement/proposals/{proposal.pk}/open/")
    case = PenaltyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/enforcement/{case.pk}/"
    assert (case.article_no, case.item_no, case.source) == (34, 1, "monitoring")
    assert case.source_ref == f"monitoring.proposal:{proposal.pk}" and "66.6667" in case.facts
    proposal.refresh_from_db()
    assert (proposal.status, proposal.penalty_case_id, proposal.decided_by) == (
        "opened",
        case.pk,
        personas["officer"],
    )
    assert AuditEvent.objects.filter(action="penalty.file", object_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(action="monitoring.penalty_proposal.resolve").exists()
    # Pressing the button again files nothing more.
    client.post(f"/enforcement/proposals/{proposal.pk}/open/")
    assert PenaltyCase.objects.count() == 1
    assert "城东船舶修造有限公司" not in client.get("/enforcement/proposals/").content.decode()


def test_dismissing_needs_a_reason(personas, proposal, client, login):
    login(personas["officer"])
    client.post(f"/enforcement/proposals/{proposal.pk}/dismiss/", {"reason": " "})
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    client.post(f"/enforcement/proposals/{proposal.pk}/dismiss/", {"reason": "已按日连续处罚案件处理"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == ("dismissed", "已按日连续处罚案件处理")
    assert not PenaltyCase.objects.exists()


@pytest.mark.parametrize("who", ["shipyard_manager", "town_chengdong"])
def test_only_bureau_officers_see_or_act_on_proposals(personas, proposal, client, login, who):
    login(personas[who])
    assert client.get("/enforcement/proposals/").status_code == 403
    assert client.post(f"/enforcement/proposals/{proposal.pk}/open/").status_code == 403
    assert not PenaltyCase.objects.exists()
