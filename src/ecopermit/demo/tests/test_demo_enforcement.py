"""The demo district has penalty cases in different states, one with daily-penalty rounds and one transferred;
loading twice adds nothing (issue 6, E3 demo data)."""

from __future__ import annotations

import pytest

from ecopermit.demo.cases import demo_cases_load
from ecopermit.demo.enforcement import demo_enforcement_load
from ecopermit.demo.services import demo_load
from ecopermit.enforcement.models import PenaltyCase

pytestmark = pytest.mark.django_db


def test_penalty_cases_in_several_states_and_loading_twice_adds_nothing():
    demo_load(facilities=60)
    demo_cases_load(count=12)
    referred = PenaltyCase.objects.filter(rectification_case__isnull=False).count()
    assert demo_enforcement_load() == 6
    assert demo_enforcement_load() == 0
    cases = PenaltyCase.objects.filter(source_ref__startswith="demo:")
    assert set(cases.values_list("status", flat=True)) == {
        "executing",
        "notified",
        "closed",
        "investigating",
        "no_penalty",
        "filed",
    }
    assert all(cases.values_list("is_demo", flat=True))
    first = cases.get(source_ref="demo:1")
    assert first.daily_rounds.count() == 2 and first.daily_rounds.first().days == 29
    assert cases.get(source_ref="demo:4").transfers.get().documents.count() == 2
    assert PenaltyCase.objects.filter(rectification_case__isnull=False).count() == referred
    assert first.facility.accesses.filter(user__username="enterprise1").exists()
