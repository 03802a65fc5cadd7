"""Working-day calendar: pure tests (no database)."""

from __future__ import annotations

import datetime as dt
import io
import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.core import workdays
from ecopermit.core.workdays import (
    Calendar,
    CalendarCoverageError,
    CalendarDataError,
    add_working_days,
    is_working_day,
    working_days_between,
)

D = dt.date
RAW = json.loads(
    resources.files("ecopermit.core.data").joinpath("cn_public_holidays.json").read_text("utf-8")
)
CAL = workdays.default_calendar()
FIRST, LAST = D(2020, 1, 1), D(2026, 12, 31)


def _days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def test_national_calendar_covers_the_years_of_the_file():
    assert RAW["_meta"]["years"] == [str(y) for y in range(2020, 2027)]
    assert (CAL.first, CAL.last) == (FIRST, LAST)
    assert CAL.covers(FIRST) and CAL.covers(LAST) and not CAL.covers(D(2027, 1, 1))


def test_every_covered_date_is_classified_as_the_file_says():
    holidays = {e["date"] for y in RAW if y != "_meta" for e in RAW[y].get("holidays", [])}
    makeup = {e["date"] for y in RAW if y != "_meta" for e in RAW[y].get("workdays", [])}
    assert holidays and makeup and not holidays & makeup
    days = _days(FIRST, LAST)
    assert len(days) == 2557
    for day in days:
        key = day.isoformat()
        if key in holidays:
            expected = False
        elif key in makeup:
            expected = True
        else:
            expected = day.weekday() < 5
        assert is_working_day(day) is expected, key
    # every listed date is inside the covered range, and every make-up day is a weekend
    assert all(FIRST <= D.fromisoformat(k) <= LAST for k in holidays | makeup)
    assert all(D.fromisoformat(k).weekday() >= 5 for k in makeup)


def test_2020_spring_festival_extension():
    # 国办发明电〔2020〕1号: holiday extended to Sun 2020-02-02, back to work Mon 2020-02-03;
    # the make-up Saturday 2020-02-01 was cancelled, the make-up Sunday 2020-01-19 stands.
    assert is_working_day(D(2020, 1, 19))  # Sunday, 春节调休
    assert is_working_day(D(2020, 1, 23))
    for day in _days(D(2020, 1, 24), D(2020, 2, 2)):
        assert not is_working_day(day), day
    assert CAL.holiday_name(D(2020, 2, 1)) == "春节"
    assert is_working_day(D(2020, 2, 3))
    assert add_working_days(D(2020, 1, 23), 1) == D(2020, 2, 3)
    # after Fri 01-17: Sun 01-19 (make-up), Mon–Thu 01-20..23, then nothing until Mon 02-03
    assert working_days_between(D(2020, 1, 17), D(2020, 2, 3)) == 6


def test_2024_national_day():
    # 国办发明电〔2023〕7号: 10-01..10-07 off; Sun 09-29 and Sat 10-12 are working days.
    assert is_working_day(D(2024, 9, 29)) and D(2024, 9, 29).weekday() == 6
    assert is_working_day(D(2024, 10, 12)) and D(2024, 10, 12).weekday() == 5
    assert not any(is_working_day(d) for d in _days(D(2024, 10, 1), D(2024, 10, 7)))
    assert not is_working_day(D(2024, 10, 13))  # ordinary Sunday
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_working_days(D(2024, 10, 11), 1) == D(2024, 10, 12)
    assert add_working_days(D(2024, 10, 11), 2) == D(2024, 10, 14)
    assert working_days_between(D(2024, 9, 27), D(2024, 10, 12)) == 7  # 09-29, 09-30, 10-08..10-12


def test_2025_national_day_and_mid_autumn():
    # 2025 国庆节、中秋节: 10-01..10-08 off; Sun 09-28 and Sat 10-11 are working days.
    assert is_working_day(D(2025, 9, 28)) and D(2025, 9, 28).weekday() == 6
    assert is_working_day(D(2025, 10, 11)) and D(2025, 10, 11).weekday() == 5
    assert not any(is_working_day(d) for d in _days(D(2025, 10, 1), D(2025, 10, 8)))
    assert CAL.holiday_name(D(2025, 10, 6)) == "国庆节、中秋节"
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    # 20 working days for publishing a result produced on Fri 2025-09-26:
    # 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, then 14 more from Mon 10-13 -> Thu 10-30
    assert add_working_days(D(2025, 9, 26), 20) == D(2025, 10, 30)


def test_start_day_does_not_count():
    assert add_working_days(D(2024, 3, 4), 1) == D(2024, 3, 5)  # Monday -> Tuesday
    assert add_working_days(D(2024, 3, 8), 1) == D(2024, 3, 11)  # Friday -> Monday
    assert add_working_days(D(2024, 3, 9), 0) == D(2024, 3, 9)
    assert working_days_between(D(2024, 3, 4), D(2024, 3, 4)) == 0
    assert working_days_between(D(2024, 3, 4), D(2024, 3, 5)) == 1
    assert working_days_between(D(2024, 3, 5), D(2024, 3, 4)) == -1


def test_year_boundary_entry_from_the_next_years_notice():
    # the 2023 notice's 元旦 range starts Sat 2022-12-31; it is under key "2023" but must be found
    assert CAL.holiday_name(D(2022, 12, 31)) == "元旦"
    assert not is_working_day(D(2022, 12, 31))


@pytest.mark.parametrize("day", [D(2019, 12, 31), D(2027, 1, 1), D(1999, 10, 1)])
def test_outside_coverage_raises(day):
    with pytest.raises(CalendarCoverageError, match="outside the national working-day calendar"):
        is_working_day(day)


def test_counting_past_the_last_covered_day_raises():
    with pytest.raises(CalendarCoverageError):
        add_working_days(D(2026, 12, 30), 5)
    with pytest.raises(CalendarCoverageError):
        working_days_between(D(2026, 12, 1), D(2027, 1, 5))


def test_bad_arguments():
    with pytest.raises(TypeError):
        is_working_day(dt.datetime(2024, 3, 4, 12, 0))
    with pytest.raises(TypeError):
        is_working_day("2024-03-04")
    with pytest.raises(ValueError):
        add_working_days(D(2024, 3, 4), -1)


def test_custom_calendar_for_a_district_or_year(tmp_path):
    data = {
        "_meta": {"years": ["2030"]},
        "2030": {
            "holidays": [{"date": "2030-03-05", "name": "地方假日"}],
            "workdays": [{"date": "2030-03-09", "name": "地方假日调休"}],
        },
    }
    path = tmp_path / "district.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    cal = Calendar.from_path(path)
    assert cal.name == "district"
    assert not is_working_day(D(2030, 3, 5), calendar=cal)
    assert is_working_day(D(2030, 3, 9), calendar=cal)  # Saturday
    assert add_working_days(D(2030, 3, 4), 1, calendar=cal) == D(2030, 3, 6)
    assert working_days_between(D(2030, 3, 4), D(2030, 3, 11), calendar=cal) == 5
    with pytest.raises(CalendarCoverageError):
        is_working_day(D(2024, 3, 4), calendar=cal)


@pytest.mark.parametrize(
    "data",
    [
        {"2030": {"holidays": [], "workdays": [{"date": "2030-03-04", "name": "x"}]}},  # Monday make-up day
        {"2030": {"holidays": [{"date": "2030-03-09"}], "workdays": [{"date": "2030-03-09"}]}},  # both
        {"2030": {"holidays": [{"date": "2030-02-30"}]}},  # invalid date
        {"_meta": {"years": ["2028", "2030"]}, "2028": {}, "2030": {}},  # gap
        {"_meta": {}},  # no years
    ],
)
def test_inconsistent_calendar_data_is_refused(data):
    with pytest.raises(CalendarDataError):
        Calendar(data, name="bad")


covered_days = st.dates(min_value=FIRST, max_value=D(2026, 9, 30))


@given(day=covered_days, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_a_working_day_and_round_trips(day, n):
    end = add_working_days(day, n)
    assert end > day
    assert is_working_day(end)
    assert working_days_between(day, end) == n
    # and it is the first such day: the day before has one fewer working day after start
    assert working_days_between(day, end - dt.timedelta(days=1)) == n - 1


@given(a=covered_days, b=covered_days)
def test_working_days_between_is_antisymmetric_and_bounded(a, b):
    count = working_days_between(a, b)
    assert count == -working_days_between(b, a)
    assert abs(count) <= abs((b - a).days)


# A year added by the bureau (ECOPERMIT_WORKDAY_CALENDAR). The dates are made up for the test: they are
# not the State Council's arrangement for 2027.
EXTRA_2027 = {
    "_meta": {"years": ["2027"]},
    "2027": {
        "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-01-04", "name": "测试假日"}],
        "workdays": [{"date": "2027-01-09", "name": "测试调休"}],
    },
}


def test_a_file_adds_a_year_and_deadlines_run_into_it(tmp_path, monkeypatch):
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(EXTRA_2027), "utf-8")
    monkeypatch.setenv(workdays.EXTRA_ENV, str(path))
    workdays.default_calendar.cache_clear()
    try:
        cal = workdays.default_calendar()
        assert (cal.first, cal.last) == (FIRST, D(2027, 12, 31))
        assert not cal.is_working_day(D(2027, 1, 4)) and cal.is_working_day(D(2027, 1, 9))
        # From Thursday 2026-12-31: 1 Jan off, 2–3 weekend, 4 Jan off, then 5, 6, 7, 8 Jan, Sat 9 Jan worked.
        assert add_working_days(D(2026, 12, 31), 5) == D(2027, 1, 9)
        # The years of the package data are unchanged.
        assert all(
            cal.is_working_day(d) == CAL.is_working_day(d) for d in _days(D(2026, 9, 25), D(2026, 10, 12))
        )
    finally:
        workdays.default_calendar.cache_clear()


def test_a_file_that_replaces_a_year_wins_and_a_bad_file_is_refused(tmp_path, monkeypatch):
    merged = Calendar.merged(RAW, {"2026": {"holidays": [], "workdays": []}}, name="t")
    assert merged.is_working_day(D(2026, 10, 1))  # the file's 2026 has no holidays
    with pytest.raises(CalendarDataError, match="not a Saturday or Sunday"):
        Calendar.merged(RAW, {"2027": {"holidays": [], "workdays": [{"date": "2027-01-06"}]}}, name="t")
    with pytest.raises(CalendarDataError, match="contiguous"):
        Calendar.merged(RAW, {"2029": {"holidays": [], "workdays": []}}, name="t")
    monkeypatch.setenv(workdays.EXTRA_ENV, str(tmp_path / "missing.json"))
    workdays.default_calendar.cache_clear()
    try:
        with pytest.raises(CalendarDataError, match="cannot read"):
            workdays.default_calendar()
    finally:
        workdays.default_calendar.cache_clear()


def test_calendar_command_checks_a_file(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good = tmp_path / "cal2027.json"
    good.write_text(json.dumps(EXTRA_2027), "utf-8")
    out = io.StringIO()
    call_command("calendar", check=str(good), stdout=out)
    assert "2020-01-01 至 2027-12-31" in out.getvalue() and "放假 2 天，调休上班 1 天" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text('{"2027": {"workdays": [{"date": "2027-01-06"}]}}', "utf-8")
    with pytest.raises(CommandError, match="2027-01-06"):
        call_command("calendar", check=str(bad))
