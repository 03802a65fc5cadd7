"""The demo district has penalty cases in different states, one with daily-penalty rounds and one transferred;
loading twice adds nothing (issue 6, E3 demo data)."""

from __future__ import annotations

import pytest

from ecopermit.demo.cases import demo_cases_load
from ecopermit.demo.enforcement import demo_enforcement_load
from ecopermit.demo.services import demo_load
from ecopermit.enforcement.models import PenaltyCase
from ecopermit.enforcement.rules import daily

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
    # issue 10: rounds only on the discharge case, each through its notice; round 2 counts on from round 1's
    # re-inspection (5 Aug … 2 Sep = 29 days) and awaits its hearing.
    assert [(r.status, r.days, bool(r.notice_number)) for r in first.daily_rounds.all()] == [
        ("decided", 29, True),
        ("hearing", 29, True),
    ]
    assert not cases.get(source_ref="demo:3").daily_rounds.exists()
    for case in PenaltyCase.objects.filter(daily_rounds__isnull=False).distinct():
        assert daily.eligibility(case.article_no, case.item_no).allowed, case.number
    assert cases.get(source_ref="demo:4").transfers.get().documents.count() == 2
    assert PenaltyCase.objects.filter(rectification_case__isnull=False).count() == referred
    assert first.facility.accesses.filter(user__username="enterprise1").exists()
