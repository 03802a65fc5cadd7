"""Execution-report periods and due dates (条例 Art. 22; HJ 944 5.1.2; notes §3). No database, no clock."""

import datetime as dt
import itertools
import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.rules.reports import (
    KINDS,
    DeadlineRule,
    Override,
    add_months,
    held_at_least_months,
    kind_rules,
    periods_due,
    schedule,
)

D = dt.date


def kinds(periods):
    return [(p.kind, p.number) for p in periods]


def test_annual_for_every_permit_holder():
    due = periods_due(D(2020, 5, 1), None, [], 2025)
    assert kinds(due) == [("annual", 1)]
    (annual,) = due
    assert (annual.period_start, annual.period_end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert (annual.covers_start, annual.covers_end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert annual.due == D(2026, 1, 15)
    assert "1月15日" in annual.due_source
    assert annual.folded_from is None


def test_key_permit_with_quarterly_reports():
    due = periods_due(D(2020, 5, 1), None, ["quarterly"], 2025)
    assert kinds(due) == [
        ("annual", 1),
        ("quarterly", 1),
        ("quarterly", 2),
        ("quarterly", 3),
        ("quarterly", 4),
    ]
    assert [p.due for p in due[1:]] == [D(2025, 4, 15), D(2025, 7, 15), D(2025, 10, 15), D(2026, 1, 15)]
    assert [p.period_end for p in due[1:]] == [
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
        D(2025, 12, 31),
    ]


def test_monthly_due_the_15th_of_next_month():
    due = periods_due(D(2020, 5, 1), None, ["monthly"], 2024)
    months = [p for p in due if p.kind == "monthly"]
    assert len(months) == 12
    assert months[1].period_end == D(2024, 2, 29)  # leap year
    assert [p.due for p in months] == [D(2024, m + 1, 15) for m in range(1, 12)] + [D(2025, 1, 15)]


def test_semiannual_where_the_permit_says():
    due = periods_due(D(2020, 5, 1), None, ["semiannual"], 2025)
    assert [(p.kind, p.due) for p in due] == [
        ("annual", D(2026, 1, 15)),
        ("semiannual", D(2025, 7, 15)),
        ("semiannual", D(2026, 1, 15)),
    ]


def test_duplicate_and_order_of_frequencies_do_not_matter():
    a = periods_due(D(2020, 5, 1), None, ["monthly", "quarterly", "annual", "monthly"], 2025)
    b = periods_due(D(2020, 5, 1), None, ("quarterly", "monthly"), 2025)
    assert a == b
    assert [p.kind for p in a][:1] == ["annual"] and len(a) == 1 + 4 + 12


def test_unknown_frequency_refused():
    with pytest.raises(ValueError, match="weekly"):
        periods_due(D(2020, 5, 1), None, ["weekly"], 2025)


def test_until_before_from_refused():
    with pytest.raises(ValueError):
        periods_due(D(2025, 5, 1), D(2025, 4, 30), [], 2025)


# --- HJ 944 skip rules: the boundaries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "due"),
    [
        (D(2025, 3, 22), True),  # 22–31 March: 10 days held
        (D(2025, 3, 23), False),  # 9 days
        (D(2025, 4, 21), True),  # 21–30 April: 10 days
        (D(2025, 4, 22), False),  # 30-day month: the 22nd holds only 9 days
        (D(2025, 2, 19), True),  # 19–28 February 2025: 10 days
        (D(2025, 2, 20), False),
        (D(2024, 2, 20), True),  # leap year: 20–29 February is 10 days
        (D(2024, 2, 21), False),
        (D(2025, 12, 22), True),
        (D(2025, 12, 31), False),  # one day
    ],
)
def test_monthly_skip_less_than_ten_days(issued, due):
    s = schedule(issued, None, ["monthly"], issued.year)
    month = [p for p in s.due if p.kind == "monthly" and p.number == issued.month]
    skipped = [p for p in s.skipped if p.kind == "monthly" and p.number == issued.month]
    assert bool(month) is due and bool(skipped) is not due
    if skipped:
        assert "HJ 944" in skipped[0].source and "十日" in skipped[0].source
        assert "不足10日" in skipped[0].reason_zh
        assert skipped[0].held_start == issued


@pytest.mark.parametrize(
    ("issued", "due"),
    [
        (D(2025, 3, 1), True),  # 1–31 March: one month
        (D(2025, 3, 2), False),
        (D(2025, 6, 1), True),  # 1–30 June
        (D(2025, 6, 2), False),
        (D(2025, 2, 28), True),  # 28 Feb–27 Mar is a month; held to 31 March
        (D(2025, 12, 1), True),
        (D(2025, 12, 2), False),
    ],
)
def test_quarterly_skip_less_than_one_month(issued, due):
    quarter = (issued.month - 1) // 3 + 1
    s = schedule(issued, None, ["quarterly"], issued.year)
    assert any(p.kind == "quarterly" and p.number == quarter for p in s.due) is due
    assert any(p.kind == "quarterly" and p.number == quarter for p in s.skipped) is not due


@pytest.mark.parametrize(
    ("issued", "due"),
    [(D(2025, 10, 1), True), (D(2025, 10, 2), False), (D(2025, 9, 30), True), (D(2025, 12, 31), False)],
)
def test_annual_skip_less_than_three_months(issued, due):
    s = schedule(issued, None, [], 2025)
    assert bool(s.due) is due and bool(s.skipped) is not due


def test_skipped_year_folds_into_the_next_annual_report():
    s2024 = schedule(D(2024, 11, 5), None, [], 2024)
    assert not s2024.due and s2024.skipped[0].held_start == D(2024, 11, 5)
    (annual,) = periods_due(D(2024, 11, 5), None, [], 2025)
    assert annual.folded_from == D(2024, 11, 5)
    assert (annual.covers_start, annual.covers_end) == (D(2024, 11, 5), D(2025, 12, 31))
    assert (annual.period_start, annual.due) == (D(2025, 1, 1), D(2026, 1, 15))


def test_skipped_month_folds_into_next_month_across_the_year_end():
    s = schedule(D(2025, 12, 25), None, ["monthly"], 2026)
    january = next(p for p in s.due if p.kind == "monthly" and p.number == 1)
    assert january.folded_from == D(2025, 12, 25)
    assert january.covers_start == D(2025, 12, 25)


def test_short_last_period_is_due():
    # revoked (last day in force) on 5 March: nothing to fold into, so the short stubs are reported
    s = schedule(D(2020, 1, 1), D(2025, 3, 5), ["monthly", "quarterly"], 2025)
    assert not s.skipped
    by = {(p.kind, p.number): p for p in s.due}
    assert (by["monthly", 3].covers_start, by["monthly", 3].covers_end) == (D(2025, 3, 1), D(2025, 3, 5))
    assert by["quarterly", 1].covers_end == D(2025, 3, 5)
    assert by["annual", 1].covers_end == D(2025, 3, 5)
    assert ("monthly", 4) not in by and ("quarterly", 2) not in by


def test_permit_held_a_few_days_only_is_due():
    s = schedule(D(2025, 6, 10), D(2025, 6, 12), ["monthly"], 2025)
    assert kinds(s.due) == [("annual", 1), ("monthly", 6)]
    assert all((p.covers_start, p.covers_end) == (D(2025, 6, 10), D(2025, 6, 12)) for p in s.due)


def test_no_periods_outside_the_permit():
    assert periods_due(D(2026, 1, 1), None, ["monthly"], 2025) == []
    assert periods_due(D(2020, 1, 1), D(2024, 12, 31), ["monthly"], 2025) == []


# --- deadlines: permit rule and overrides ----------------------------------------------------------------------


def test_ministry_notice_moves_an_annual_deadline():
    notice = Override("annual", 2024, 1, D(2025, 2, 28), "生态环境部通知：2024年度执行报告2025年2月底前提交")
    (annual,) = periods_due(D(2020, 1, 1), None, [], 2024, [notice])
    assert annual.due == D(2025, 2, 28)
    assert annual.due_source == notice.source
    (other_year,) = periods_due(D(2020, 1, 1), None, [], 2025, [notice])
    assert other_year.due == D(2026, 1, 15)


def test_override_of_one_quarter_only():
    o = Override("quarterly", 2025, 3, D(2025, 10, 31), "分局通知（国庆假期顺延）")
    due = {(p.kind, p.number): p.due for p in periods_due(D(2020, 1, 1), None, ["quarterly"], 2025, [o])}
    assert due["quarterly", 3] == D(2025, 10, 31)
    assert due["quarterly", 2] == D(2025, 7, 15)


def test_permit_rule_end_of_january():
    own = {"annual": DeadlineRule(1, None, "许可证副本：次年1月底前")}
    (annual,) = periods_due(D(2020, 1, 1), None, [], 2025, permit_rules=own)
    assert annual.due == D(2026, 1, 31) and annual.due_source == "许可证副本：次年1月底前"
    # an override still wins over the permit's own rule
    o = Override("annual", 2025, 1, D(2026, 2, 28), "通知")
    (moved,) = periods_due(D(2020, 1, 1), None, [], 2025, [o], permit_rules=own)
    assert moved.due == D(2026, 2, 28)


def test_deadline_rule_clamps_day_to_month_end():
    assert DeadlineRule(1, 31, "s").due(D(2025, 1, 31)) == D(2025, 2, 28)
    assert DeadlineRule(1, 31, "s").due(D(2024, 1, 31)) == D(2024, 2, 29)
    assert DeadlineRule(2, None, "s").due(D(2025, 11, 30)) == D(2026, 1, 31)


def test_due_date_not_after_period_end_refused():
    with pytest.raises(ValueError, match="not after"):
        periods_due(D(2020, 1, 1), None, [], 2025, [Override("annual", 2025, 1, D(2025, 12, 31), "x")])
    with pytest.raises(ValueError):
        periods_due(D(2020, 1, 1), None, [], 2025, permit_rules={"annual": DeadlineRule(0, 15, "x")})


def test_two_overrides_for_one_period_refused():
    o = Override("annual", 2025, 1, D(2026, 2, 1), "a")
    with pytest.raises(ValueError, match="two"):
        periods_due(D(2020, 1, 1), None, [], 2025, [o, o])


# --- the data file ---------------------------------------------------------------------------------------------


def test_data_file_has_a_source_beside_every_rule():
    raw = json.loads(
        resources.files("ecopermit.filings").joinpath("data", "report_deadlines.json").read_text("utf-8")
    )
    assert set(raw["kinds"]) == set(KINDS)
    for kind in raw["kinds"].values():
        for key in ("required_source", "skip_source", "due_source"):
            assert kind[key].strip()
    rules = kind_rules()
    assert rules["annual"].required_for_every_permit
    assert (rules["annual"].skip_months, rules["quarterly"].skip_months, rules["monthly"].skip_days) == (
        3,
        1,
        10,
    )
    assert rules["semiannual"].skip_months is None and rules["semiannual"].skip_days is None


def test_bureau_edited_rules_are_used():
    raw = json.loads(
        resources.files("ecopermit.filings").joinpath("data", "report_deadlines.json").read_text("utf-8")
    )
    raw["kinds"]["annual"]["due"] = {"month_after_period_end": 2, "day": "last"}
    (annual,) = periods_due(D(2020, 1, 1), None, [], 2025, rules=kind_rules(raw))
    assert annual.due == D(2026, 2, 28)


@pytest.mark.parametrize(
    "patch",
    [
        {"months": 5},
        {"skip_if_held_less_than": {"weeks": 2}},
        {"skip_if_held_less_than": {"days": 10, "months": 1}},
    ],
)
def test_bad_data_refused(patch):
    raw = json.loads(
        resources.files("ecopermit.filings").joinpath("data", "report_deadlines.json").read_text("utf-8")
    )
    raw["kinds"]["monthly"].update(patch)
    with pytest.raises(ValueError):
        kind_rules(raw)


def test_unknown_kind_in_data_refused():
    with pytest.raises(ValueError, match="weekly"):
        kind_rules({"kinds": {"weekly": {}}})


# --- month arithmetic ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "held"),
    [
        (D(2025, 1, 15), D(2025, 2, 14), 1, True),
        (D(2025, 1, 15), D(2025, 2, 13), 1, False),
        (D(2025, 1, 31), D(2025, 2, 28), 1, True),  # no 31 February: to the end of February
        (D(2025, 1, 31), D(2025, 2, 27), 1, False),
        (D(2024, 1, 30), D(2024, 2, 29), 1, True),
        (D(2025, 10, 1), D(2025, 12, 31), 3, True),
        (D(2025, 10, 2), D(2025, 12, 31), 3, False),
        (D(2025, 11, 30), D(2026, 2, 28), 3, True),  # no 30 February
    ],
)
def test_held_at_least_months(start, end, months, held):
    assert held_at_least_months(start, end, months) is held


def test_add_months():
    assert add_months(D(2025, 1, 31), 1) is None
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
    assert add_months(D(2024, 2, 29), 12) is None


# --- properties ------------------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31))
freqs = st.lists(st.sampled_from(["monthly", "quarterly", "semiannual"]), max_size=3)


@st.composite
def permits(draw):
    start = draw(dates)
    until = draw(
        st.none() | st.integers(min_value=0, max_value=5 * 366).map(lambda n: start + dt.timedelta(n))
    )
    return start, until


@given(permits(), freqs, st.integers(min_value=2018, max_value=2033))
def test_periods_stay_within_the_permit_and_due_after_their_end(permit, frequencies, year):
    start, until = permit
    for p in periods_due(start, until, frequencies, year):
        assert p.period_end >= start and p.covers_start >= start  # nothing due before the permit started
        assert until is None or (p.covers_end <= until and p.period_start <= until)
        assert p.period_start <= p.covers_end <= p.period_end
        assert p.covers_start <= p.covers_end
        assert p.due > p.period_end
        assert p.year == year == p.period_start.year
        assert p.due_source


@given(permits(), freqs)
def test_every_held_day_is_reported_exactly_once_per_kind(permit, frequencies):
    start, until = permit
    end = until or D(start.year + 2, 12, 31)
    covered: dict[str, list[tuple[dt.date, dt.date]]] = {}
    skipped = []
    for year in range(start.year, end.year + 1):
        s = schedule(start, until, frequencies, year)
        skipped.extend(s.skipped)
        for p in s.due:
            covered.setdefault(p.kind, []).append((p.covers_start, p.covers_end))
    for kind in {"annual", *frequencies}:
        spans = sorted(covered.get(kind, []))
        if until is None:
            spans = [sp for sp in spans if sp[1] <= end]
        assert spans, kind
        assert spans[0][0] == start  # the first report covers the first held day (a stub folded into it)
        assert spans[-1][1] == end
        for (_, e1), (s2, _) in itertools.pairwise(spans):
            assert s2 == e1 + dt.timedelta(days=1)  # no gap, no overlap
    assert all(sk.held_start == start for sk in skipped)  # only the first stub of a permit is skipped


@given(dates, st.integers(min_value=1, max_value=12))
def test_month_span_is_monotone(start, months):
    end = start
    held = [held_at_least_months(start, end + dt.timedelta(d), months) for d in range(0, 400, 7)]
    assert held == sorted(held)  # once held long enough, longer holding stays long enough
    assert held_at_least_months(start, start + dt.timedelta(days=31 * months), months)
    assert not held_at_least_months(start, start + dt.timedelta(days=28 * months - 2), months)
