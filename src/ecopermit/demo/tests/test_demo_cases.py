"""The demo district has rectification cases in every status of the five-step method (issue 4, demo data)."""

from __future__ import annotations

import pytest

from ecopermit.cases.models import RectificationCase
from ecopermit.cases.states import Status
from ecopermit.demo.cases import demo_cases_load
from ecopermit.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_every_status_is_shown_and_loading_twice_adds_nothing():
    demo_load(facilities=120)
    created = demo_cases_load()
    assert created == 36
    assert set(RectificationCase.objects.values_list("status", flat=True)) == set(Status.values)
    assert all(RectificationCase.objects.values_list("is_demo", flat=True))
    assert demo_cases_load() == 0
    enterprise_cases = RectificationCase.objects.filter(facility__accesses__user__username="enterprise1")
    assert enterprise_cases.filter(notices__isnull=False).exists()
