"""The suite can be run on any day (issue 10 §1): ECOPERMIT_TEST_DATE moves the whole run's clock."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ecopermit.core import clock
from ecopermit.testing import fixtures

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_the_date_is_read_as_ten_in_the_morning_beijing_time(monkeypatch):
    monkeypatch.setenv("ECOPERMIT_TEST_DATE", "2030-01-02")
    assert fixtures.test_date() == dt.datetime(2030, 1, 2, 10, tzinfo=BEIJING)
    monkeypatch.setenv("ECOPERMIT_TEST_DATE", "")
    assert fixtures.test_date() is None


@pytest.mark.parametrize("bad", ["2027-13-01", "01/07/2027", "tomorrow"])
def test_a_date_that_is_not_iso_is_refused_with_its_value(monkeypatch, bad):
    monkeypatch.setenv("ECOPERMIT_TEST_DATE", bad)
    with pytest.raises(pytest.UsageError, match=bad):
        fixtures.test_date()


@pytest.mark.skipif(not os.environ.get("ECOPERMIT_TEST_DATE"), reason="only when the run's clock is moved")
def test_the_business_clock_is_on_the_chosen_day():
    start = fixtures.test_date()
    assert start is not None
    # The run starts at 10:00 and lasts far less than the fourteen hours to midnight.
    assert clock.today() == start.date()
    assert dt.datetime.now(BEIJING).date() == start.date()
