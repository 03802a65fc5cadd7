"""The quarter rule of the compliance history (pure; the definition is data, ECHO's shape)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.rules.history import (
    Event,
    Quarter,
    definition,
    judge_quarters,
    last_quarters,
    quarter_of,
)

Q = Quarter


def test_quarters_end_with_today_and_cross_years():
    qs = last_quarters(dt.date(2026, 2, 14), 12)
    assert [q.label for q in (qs[0], qs[-1])] == ["2023Q2", "2026Q1"]
    assert qs[-1].first_day == dt.date(2026, 1, 1) and qs[-1].last_day == dt.date(2026, 3, 31)
    assert Q(2025, 4).last_day == dt.date(2025, 12, 31)


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_day_is_in_its_quarter(day):
    q = quarter_of(day)
    assert q.first_day <= day <= q.last_day
    assert q.next().previous() == q


def test_the_shipped_definition():
    d = definition()
    assert d.quarters == 12 and d.consecutive_quarters == 2
    assert d.group("over_standard") == "exceedance" and d.group("report_missing") == "reporting"
    assert d.group("no_permit") == "other"
    assert "ECHO" in d.source


def _judge(events, today=dt.date(2026, 12, 1)):
    return {q.quarter.label: q for q in judge_quarters(last_quarters(today), events)}


def test_a_single_minor_violation_is_a_violation():
    out = _judge([Event(dt.date(2026, 5, 3), "report_missing", "other")])
    assert out["2026Q2"].status == "violation" and out["2026Q2"].reasons == ()
    assert {q.status for label, q in out.items() if label != "2026Q2"} == {"none"}


def test_significant_by_category_kind_or_group():
    out = _judge(
        [
            Event(dt.date(2025, 2, 1), "over_standard", "not_compliant"),
            Event(dt.date(2025, 8, 1), "untrue_report", "other"),
            Event(dt.date(2026, 11, 1), "rectification_overdue", ""),
        ]
    )
    assert out["2025Q1"].reasons == ("category:not_compliant",)
    assert out["2025Q3"].reasons == ("kind:untrue_report",)
    assert out["2026Q4"].reasons == ("group:overdue_rectification",)
    assert {out[q].status for q in ("2025Q1", "2025Q3", "2026Q4")} == {"significant"}


def test_the_same_group_in_consecutive_quarters_is_significant_from_the_second():
    events = [Event(dt.date(2026, m, 20), "monitoring_data_missing", "other") for m in (1, 4, 7)]
    events.append(Event(dt.date(2026, 10, 2), "report_missing", "other"))  # another group: no run
    out = _judge(events)
    assert [out[q].status for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")] == [
        "violation",
        "significant",
        "significant",
        "violation",
    ]
    assert out["2026Q2"].reasons == ("consecutive:monitoring",)


def test_a_run_that_began_before_the_strip_counts():
    today = dt.date(2026, 12, 1)
    first = last_quarters(today)[0]
    before = first.previous().first_day
    out = _judge([Event(before, "ledger_missing"), Event(first.first_day, "ledger_missing")], today)
    assert out[first.label].status == "significant"
    assert before.isoformat() not in str(out)  # the quarter before is not shown


def test_quarters_must_be_consecutive():
    with pytest.raises(ValueError):
        judge_quarters([Q(2026, 1), Q(2026, 3)], [])


def test_a_kind_in_two_groups_is_refused():
    raw = {
        "groups": {"a": {"kinds": ["x"]}, "b": {"kinds": ["x"]}},
        "other_group": "other",
        "significant": {},
    }
    with pytest.raises(ValueError):
        definition(raw)
