"""The demo district has notices and news, self-disclosures of enterprise3's and enterprise1's facilities, two open
days ahead with bookings and an answered data-error report; loading twice adds nothing."""

from __future__ import annotations

import pytest

from ecopermit.core import clock
from ecopermit.demo.disclosure import demo_disclosure_load
from ecopermit.demo.services import demo_load
from ecopermit.disclosure import facade
from ecopermit.disclosure.models import ErrorReport, Notice, OpenDay
from ecopermit.registry.models import FacilityAccess

pytestmark = pytest.mark.django_db


def test_demo_disclosure_and_loading_twice_adds_nothing():
    demo_load(facilities=60)
    assert demo_disclosure_load() > 0
    assert demo_disclosure_load() == 0
    assert len(facade.notices()) == 4
    assert set(Notice.objects.values_list("status", flat=True)) == {"published", "withdrawn", "draft"}
    holder = FacilityAccess.objects.get(user__username="enterprise3").facility_id
    items = facade.facility_disclosures(holder)
    assert {r.kind for r in items} == {"plan", "standards", "emissions", "facilities"}
    assert next(r for r in items if r.kind == "plan").version == 2
    assert next(r for r in items if r.kind == "emissions").file_url
    days = facade.open_days(upcoming_from=clock.today())
    assert len(days) == 2 and OpenDay.objects.get(facility_id=holder).booked == 5
    assert set(ErrorReport.objects.values_list("status", flat=True)) == {"corrected", "received"}
