"""Rectification rules (plan 二(一)2: 3 months to 1 year; registration class by the programme deadline)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.cases.rules import add_months, check_deadline, is_overdue, reminder_due

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
    ],
)
def test_add_months(day, months, expected):  # type: ignore[no-untyped-def]
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("deadline", "ok"),
    [
        (D(2027, 1, 31), False),  # 2 months
        (D(2027, 2, 27), False),  # one day short of 3 months
        (D(2027, 2, 28), True),  # exactly 3 months (30 Nov + 3 months = 28 Feb)
        (D(2027, 6, 1), True),
        (D(2027, 11, 30), True),  # exactly 12 months
        (D(2027, 12, 1), False),  # one day over
        (D(2027, 12, 30), False),  # 13 months
    ],
)
def test_three_to_twelve_months(deadline, ok):  # type: ignore[no-untyped-def]
    assert check_deadline(D(2026, 11, 30), deadline).ok is ok


def test_programme_deadline_caps_registration_class():
    served = D(2021, 8, 1)
    programme = D(2021, 9, 30)
    check = check_deadline(served, D(2021, 9, 30), programme_deadline=programme)
    assert check.ok and check.latest == programme and check.earliest == programme
    assert not check_deadline(served, D(2021, 11, 1), programme_deadline=programme).ok
    # A passed programme deadline no longer applies: the general rule governs.
    assert check_deadline(D(2026, 1, 5), D(2026, 6, 5), programme_deadline=programme).ok


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 1, 1)), st.integers(min_value=0, max_value=400))
def test_deadline_ok_iff_within_bounds(served, days):  # type: ignore[no-untyped-def]
    deadline = served + dt.timedelta(days=days)
    check = check_deadline(served, deadline)
    assert check.ok == (add_months(served, 3) <= deadline <= add_months(served, 12))
    assert 89 <= (check.earliest - served).days <= 92 and 365 <= (check.latest - served).days <= 366


def test_reminders_and_overdue():
    deadline = D(2027, 3, 31)
    assert reminder_due(deadline, D(2027, 3, 1)) == 30
    assert reminder_due(deadline, D(2027, 3, 24)) == 7
    assert reminder_due(deadline, deadline) == 0
    assert reminder_due(deadline, D(2027, 3, 2)) is None
    assert not is_overdue(deadline, deadline)
    assert is_overdue(deadline, D(2027, 4, 1))


@pytest.mark.parametrize(
    ("categories", "management_class", "path"),
    [
        ({"incomplete", "other"}, "simplified", "as_built_eia"),
        ({"not_compliant"}, "key", "fix_and_rights"),
        ({"not_compliant", "incomplete"}, "key", "as_built_eia"),
        ({"other"}, "simplified", "fix"),
        ({"incomplete"}, "registration", "improvement_plan"),  # P4
        (set(), "unknown", "fix"),
    ],
)
def test_default_exit_path(categories, management_class, path):  # type: ignore[no-untyped-def]
    from ecopermit.cases.rules import default_exit_path

    assert default_exit_path(categories, management_class) == path


def test_acceptance_needs_the_paths_documents_and_no_open_problem():
    from ecopermit.cases.rules import missing_for_acceptance

    assert missing_for_acceptance("improvement_plan", {"improvement_plan"}, 0) == ["acceptance_report"]
    assert missing_for_acceptance("improvement_plan", {"improvement_plan", "acceptance_report"}, 0) == []
    assert missing_for_acceptance("as_built_eia", {"as_built_eia"}, 2) == ["open_problems"]
    assert missing_for_acceptance("fix", set(), 0) == []
