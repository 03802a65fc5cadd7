"""四罚: referring an overdue rectification case files a linked penalty case through the enforcement facade (E3, P6)."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.cases import services as cases
from ecopermit.cases.states import Status as CaseStatus
from ecopermit.cases.states import Who as CaseWho
from ecopermit.enforcement import facade
from ecopermit.enforcement.models import PenaltyCase, Source
from ecopermit.enforcement.states import Status

pytestmark = pytest.mark.django_db


def _overdue_case(personas):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    problem = cases.problem_raise(
        actor=officer,
        facility_id=personas["fish"].pk,
        kind="over_standard",
        description="废水总排口氨氮浓度超标",
        source="inspection",
    )
    cases.notice_issue(
        actor=officer, case=problem.case, deadline=dt.date(2027, 3, 31), served_on=dt.date(2026, 12, 1)
    )
    cases.case_transition(actor=None, case=problem.case, target=CaseStatus.OVERDUE, who=CaseWho.SYSTEM)
    return problem.case


def test_referral_opens_a_linked_penalty_case_with_the_suggested_article(personas, login):
    case = _overdue_case(personas)
    cases.case_transition(
        actor=personas["officer"], case=case, target=CaseStatus.REFERRED, who=CaseWho.OFFICER
    )
    penalty = PenaltyCase.objects.get(rectification_case=case)
    assert penalty.status == Status.FILED and penalty.source == Source.REFERRAL
    assert penalty.facility_id == personas["fish"].pk
    assert (penalty.article_no, penalty.item_no) == (34, 1)  # over_standard → 条例 Art. 34(1)
    assert "氨氮" in penalty.facts
    assert case.events.filter(kind="penalty.opened", data__penalty_case=penalty.pk).exists()
    # Opening again for the same rectification case returns the open penalty case.
    again = facade.penalty_case_open(
        actor=personas["officer"], facility_id=personas["fish"].pk, rectification_case_id=case.pk
    )
    assert again == penalty.pk and PenaltyCase.objects.count() == 1
    # The rectification case page links to it.
    page = login(personas["officer"]).get(f"/cases/{case.pk}/").content.decode()
    assert f"/enforcement/{penalty.pk}/" in page and penalty.number in page


def test_the_enterprise_sees_no_link_before_the_notice(personas, login):
    case = _overdue_case(personas)
    cases.case_transition(
        actor=personas["officer"], case=case, target=CaseStatus.REFERRED, who=CaseWho.OFFICER
    )
    penalty = PenaltyCase.objects.get(rectification_case=case)
    page = login(personas["fish_manager"]).get(f"/cases/{case.pk}/").content.decode()
    assert penalty.number not in page
