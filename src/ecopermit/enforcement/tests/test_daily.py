"""按日连续处罚 per 环境保护部令第28号 (notes §5). No database."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.enforcement.rules.daily import (
    QUALIFYING_VIOLATIONS,
    REINSPECTION_DAYS,
    accumulate,
    daily_penalty,
)

D = dt.date


def test_worked_example():
    # served 1 March, re-inspection finds it on 15 March: 2..15 March inclusive = 14 days
    p = daily_penalty(200_000, D(2025, 3, 1), D(2025, 3, 15))
    assert p.days == 14
    assert p.start == D(2025, 3, 2) and p.end == D(2025, 3, 15)
    assert p.daily_amount == Decimal(200_000)
    assert p.total == Decimal(2_800_000)
    assert "第十七条" in p.basis_zh and "第十九条" in p.basis_zh and "14日" in p.basis_zh
    assert p.reinspection_in_time


def test_same_day_reinspection_counts_nothing():
    p = daily_penalty(100_000, D(2025, 3, 1), D(2025, 3, 1))
    assert (p.days, p.total, p.start, p.end) == (0, 0, None, None)


def test_next_day_counts_one():
    p = daily_penalty(100_000, D(2025, 3, 1), D(2025, 3, 2))
    assert p.days == 1 and p.start == p.end == D(2025, 3, 2)
    assert p.total == 100_000


@pytest.mark.parametrize(
    ("served", "found", "days"),
    [
        (D(2025, 1, 31), D(2025, 2, 1), 1),  # month end
        (D(2025, 1, 31), D(2025, 3, 1), 29),  # Feb 2025 has 28 days: 1 Feb..1 Mar
        (D(2024, 1, 31), D(2024, 3, 1), 30),  # leap year: 29 Feb counted
        (D(2024, 2, 28), D(2024, 2, 29), 1),  # leap day itself
        (D(2024, 2, 28), D(2024, 3, 1), 2),  # 29 Feb and 1 Mar
        (D(2025, 2, 28), D(2025, 3, 1), 1),  # non-leap
        (D(2024, 2, 29), D(2024, 3, 30), 30),  # served on the leap day
        (D(2025, 4, 30), D(2025, 5, 30), 30),  # 30-day month, last in-time re-inspection
        (D(2024, 12, 31), D(2025, 1, 1), 1),  # year end
        (D(2024, 12, 15), D(2025, 1, 14), 30),
        (D(2100, 2, 28), D(2100, 3, 1), 1),  # 2100 is not a leap year
        (D(2000, 2, 28), D(2000, 3, 1), 2),  # 2000 is
    ],
)
def test_day_counts_calendar(served, found, days):
    p = daily_penalty(10_000, served, found)
    assert p.days == days
    assert p.start == served + dt.timedelta(days=1)
    assert p.end == found
    assert p.total == 10_000 * days


def test_reinspection_deadline_flag():
    served = D(2025, 1, 31)
    assert daily_penalty(1, served, served + dt.timedelta(days=REINSPECTION_DAYS)).reinspection_in_time
    late = daily_penalty(1, served, served + dt.timedelta(days=REINSPECTION_DAYS + 1))
    assert not late.reinspection_in_time
    assert late.days == 31  # counted per Art. 17 anyway


def test_corrected_before_reinspection_no_penalty():
    p = daily_penalty(200_000, D(2025, 3, 1), D(2025, 3, 15), corrected_on=D(2025, 3, 10))
    assert (p.days, p.total) == (0, 0)
    assert "第十二条" in p.basis_zh


def test_corrected_on_or_after_reinspection_keeps_count():
    same = daily_penalty(200_000, D(2025, 3, 1), D(2025, 3, 15), corrected_on=D(2025, 3, 15))
    later = daily_penalty(200_000, D(2025, 3, 1), D(2025, 3, 15), corrected_on=D(2025, 4, 20))
    assert same.days == later.days == 14
    assert later.end == D(2025, 3, 15)  # the count ends at the re-inspection, not at the correction


def test_repeated_reinspections_accumulate():
    first = daily_penalty(50_000, D(2025, 3, 1), D(2025, 3, 20))  # 19 days
    second = daily_penalty(50_000, D(2025, 3, 21), D(2025, 4, 10))  # new order served 21 Mar: 20 days
    assert accumulate([first, second]) == (39, Decimal(50_000 * 39))


def test_invalid_inputs():
    with pytest.raises(ValueError):
        daily_penalty(1, D(2025, 3, 2), D(2025, 3, 1))
    with pytest.raises(ValueError):
        daily_penalty(-1, D(2025, 3, 1), D(2025, 3, 2))


def test_decimal_fine():
    p = daily_penalty("12345.67", D(2025, 3, 1), D(2025, 3, 4))
    assert p.total == Decimal("37037.01")


def test_qualifying_violations():
    assert len(QUALIFYING_VIOLATIONS) == 5
    assert "违法倾倒危险废物" in QUALIFYING_VIOLATIONS


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
fines = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)
offsets = st.integers(min_value=0, max_value=400)


@given(fines, dates, offsets)
def test_total_is_daily_times_days(fine, served, off):
    p = daily_penalty(fine, served, served + dt.timedelta(days=off))
    assert p.days == off >= 0
    assert p.daily_amount == fine
    assert p.total == p.daily_amount * p.days


@given(
    fines, dates, offsets, st.integers(min_value=-10, max_value=410), st.integers(min_value=0, max_value=400)
)
def test_later_correction_never_lowers_total(fine, served, off, c1, delta):
    found = served + dt.timedelta(days=off)
    earlier = served + dt.timedelta(days=c1)
    later = earlier + dt.timedelta(days=delta)
    a = daily_penalty(fine, served, found, corrected_on=earlier)
    b = daily_penalty(fine, served, found, corrected_on=later)
    none = daily_penalty(fine, served, found)
    assert a.days >= 0 and b.days >= 0
    assert a.total <= b.total <= none.total
