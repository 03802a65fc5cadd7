"""A correcting notice never stretches the rectification past 12 months from the FIRST notice's service (P2, P5,
issue 10 §5; plan 二(一)2(1): "排污许可整改期限原则上为三个月至一年")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ecopermit.cases import rules, services
from ecopermit.cases.models import RectificationCase, RectificationNotice
from ecopermit.cases.vocab import Kind, Source
from ecopermit.core.errors import DomainError

D = dt.date


@pytest.mark.parametrize(
    ("first", "served", "deadline", "ok"),
    [
        (
            D(2027, 1, 31),
            D(2027, 2, 1),
            D(2028, 1, 31),
            True,
        ),  # the last day: 12 months after the first service
        (D(2027, 1, 31), D(2027, 2, 1), D(2028, 2, 1), False),  # one day past
        (D(2027, 1, 31), D(2027, 2, 1), D(2027, 4, 30), True),  # 3 months after the first (no 31 April)
        (D(2027, 1, 31), D(2027, 2, 1), D(2027, 4, 29), False),  # under 3 months of the first service
        (
            D(2027, 1, 1),
            D(2027, 11, 20),
            D(2027, 12, 31),
            True,
        ),  # a late correction, under 3 months of its own
        (D(2027, 1, 1), D(2027, 11, 20), D(2027, 11, 19), False),  # never before the correction is served
        (
            D(2027, 1, 1),
            D(2027, 12, 1),
            D(2028, 1, 1),
            True,
        ),  # served on the same day of the month: 12 months
        (D(2027, 1, 1), D(2027, 12, 1), D(2028, 1, 2), False),
    ],
)
def test_correction_window(first, served, deadline, ok):  # type: ignore[no-untyped-def]
    check = rules.check_correction(first, served, deadline)
    assert check.ok is ok
    assert check.latest == rules.add_months(first, 12)


def test_correction_window_under_the_programme_deadline():
    check = rules.check_correction(
        D(2021, 3, 1), D(2021, 4, 1), D(2021, 10, 1), programme_deadline=D(2021, 9, 30)
    )
    assert not check.ok and check.latest == D(2021, 9, 30)


@pytest.fixture
def served(personas):  # type: ignore[no-untyped-def]
    officer = personas["officer"]
    problem = services.problem_raise(
        actor=officer,
        facility_id=personas["shipyard"].pk,
        kind=Kind.NO_AUTO_MONITORING,
        description="喷涂废气排放口未安装在线监测",
        source=Source.SURVEY,
    )
    first = services.notice_issue(
        actor=officer, case=problem.case, deadline=D(2027, 5, 31), served_on=D(2027, 1, 31)
    )
    return personas, problem.case, first


def test_a_chain_of_corrections_is_counted_from_the_first_service(served):
    personas, case, first = served
    officer = personas["officer"]
    second = services.notice_issue(
        actor=officer, case=case, deadline=D(2027, 10, 31), served_on=D(2027, 3, 1), supersede=first
    )
    # 12 months from the second notice's service would allow 2028-03-01; the first one's service decides
    with pytest.raises(DomainError) as exc:
        services.notice_issue(
            actor=officer, case=case, deadline=D(2028, 2, 1), served_on=D(2027, 9, 1), supersede=second
        )
    assert exc.value.field == "deadline"
    message = str(exc.value.message)
    assert first.number in message and "2027-01-31" in message and "2028-01-31" in message
    assert RectificationNotice.objects.filter(case=case).count() == 2  # nothing half-written
    second.refresh_from_db()
    assert second.superseded_by is None
    assert RectificationCase.objects.get(pk=case.pk).deadline == D(2027, 10, 31)
    third = services.notice_issue(
        actor=officer, case=case, deadline=D(2028, 1, 31), served_on=D(2027, 9, 1), supersede=second
    )
    assert RectificationCase.objects.get(pk=case.pk).deadline == third.deadline == D(2028, 1, 31)


def test_the_refusal_is_in_chinese(served):
    personas, case, first = served
    with translation.override("zh-hans"), pytest.raises(DomainError) as exc:
        services.notice_issue(
            actor=personas["officer"],
            case=case,
            deadline=D(2028, 3, 1),
            served_on=D(2027, 3, 1),
            supersede=first,
        )
    message = str(exc.value.message)
    assert "首份通知书" in message and "2027-01-31" in message and "2028-01-31" in message
    assert "三个月至一年" in message


def test_a_correction_below_three_months_of_the_first_service_is_refused(served):
    personas, case, first = served
    with pytest.raises(DomainError) as exc:
        services.notice_issue(
            actor=personas["officer"],
            case=case,
            deadline=D(2027, 4, 29),
            served_on=D(2027, 2, 1),
            supersede=first,
        )
    assert "2027-04-30" in str(exc.value.message) and "2028-01-31" in str(exc.value.message)
