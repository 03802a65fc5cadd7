"""Days accumulate over repeated re-inspections (Order 28 Art. 17: 再次复查仍拒不改正的，计罚日数累计执行), read as one
uninterrupted period from the day after the first order's service to the last re-inspection that finds the
violation continuing (``rules.daily`` docstring). Worked examples for one, two and three rounds, by the rule and by
the command line, and properties. Fine 200,000 yuan under 条例 Art. 34(1) throughout.

1 round  — served 2 Mar 2026, found 31 Mar:            3 Mar … 31 Mar = 29 days; 29 × 200,000 = 5,800,000.
2 rounds — round 1 as above;
           round 2 served 3 Apr, found 20 Apr:          1 Apr … 20 Apr = 20 days (1–3 Apr between the first
                                                        re-inspection and the second order included);
           together 29 + 20 = 49 days = 20 Apr − 2 Mar;  49 × 200,000 = 9,800,000.
           (Counting each order on its own would give 29 + 17 = 46: the 3 gap days are what 累计执行 adds.)
3 rounds — rounds 1, 2 as above;
           round 3 served 20 Apr on the spot, found 15 May: 21 Apr … 15 May = 25 days;
           together 29 + 20 + 25 = 74 days = 15 May − 2 Mar; 74 × 200,000 = 14,800,000.
3 rounds, corrected 10 May (before the third re-inspection): round 3 counts 0 (Art. 12) → 49 days, 9,800,000.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.enforcement.rules.daily import count_rounds, daily_penalty

D = dt.date
FINE = 200_000
R1 = (D(2026, 3, 2), D(2026, 3, 31))
R2 = (D(2026, 4, 3), D(2026, 4, 20))
R3 = (D(2026, 4, 20), D(2026, 5, 15))


def test_one_round():
    s = count_rounds(FINE, [R1])
    assert (s.days, s.total) == (29, Decimal(5_800_000))
    assert (s.rounds[0].start, s.rounds[0].end) == (D(2026, 3, 3), D(2026, 3, 31))


def test_two_rounds_count_the_days_between_the_reinspection_and_the_next_order():
    s = count_rounds(FINE, [R1, R2])
    assert [r.days for r in s.rounds] == [29, 20]
    assert (s.rounds[1].start, s.rounds[1].end) == (D(2026, 4, 1), D(2026, 4, 20))
    assert (s.days, s.total) == (49, Decimal(9_800_000))
    assert s.days == (R2[1] - R1[0]).days
    assert "累计执行" in s.rounds[1].basis_zh and "其中3日" in s.rounds[1].basis_zh
    per_order = daily_penalty(FINE, *R1).days + daily_penalty(FINE, *R2).days
    assert per_order == 46 < s.days  # the reading this rule rejects


def test_three_rounds():
    s = count_rounds(FINE, [R1, R2, R3])
    assert [r.days for r in s.rounds] == [29, 20, 25]
    assert s.rounds[2].start == D(2026, 4, 21)
    assert "其中" not in s.rounds[2].basis_zh  # served on the spot at the re-inspection: no gap
    assert (s.days, s.total) == (74, Decimal(14_800_000))
    assert [r.total for r in s.rounds] == [Decimal(5_800_000), Decimal(4_000_000), Decimal(5_000_000)]


def test_three_rounds_corrected_before_the_last_reinspection():
    s = count_rounds(FINE, [R1, R2, R3], corrected_on=D(2026, 5, 10))
    assert [r.days for r in s.rounds] == [29, 20, 0]
    assert (s.days, s.total) == (49, Decimal(9_800_000))
    assert "第十二条" in s.rounds[2].basis_zh


def test_a_correction_that_an_earlier_reinspection_contradicts_is_refused():
    with pytest.raises(ValueError, match="第2轮复查"):
        count_rounds(FINE, [R1, R2, R3], corrected_on=D(2026, 4, 10))


@pytest.mark.parametrize(
    ("rounds", "why"),
    [
        ([], "at least one round"),
        ([(D(2026, 3, 31), D(2026, 3, 2))], "第1轮：复查"),
        ([R1, (D(2026, 3, 30), D(2026, 4, 20))], "第2轮：责令改正违法行为决定书送达"),
        ([R1, R2, (D(2026, 4, 25), D(2026, 4, 24))], "第3轮：复查"),
    ],
)
def test_rounds_out_of_order_are_refused(rounds, why):
    with pytest.raises(ValueError, match=why):
        count_rounds(FINE, rounds)


def _cli(*args: str) -> dict:
    out = io.StringIO()
    call_command("enforcement", "daily-penalty", "--fine", str(FINE), "--article", "34(1)", *args, stdout=out)
    return json.loads(out.getvalue())


def _r(pair: tuple[dt.date, dt.date]) -> tuple[str, str]:
    return "--round", f"{pair[0].isoformat()}:{pair[1].isoformat()}"


@pytest.mark.parametrize(
    ("rounds", "corrected", "days", "amount", "per_round"),
    [
        ([R1], None, 29, 5_800_000, [29]),
        ([R1, R2], None, 49, 9_800_000, [29, 20]),
        ([R1, R2, R3], None, 74, 14_800_000, [29, 20, 25]),
        ([R1, R2, R3], "2026-05-10", 49, 9_800_000, [29, 20, 0]),
    ],
)
def test_worked_examples_on_the_command_line(rounds, corrected, days, amount, per_round):
    args = [a for pair in rounds for a in _r(pair)] + (["--corrected", corrected] if corrected else [])
    out = _cli(*args)
    assert (out["days"], out["amount"]) == (days, amount)
    assert [r["days"] for r in out["rounds"]] == per_round
    assert [r["amount"] for r in out["rounds"]] == [FINE * n for n in per_round]
    assert out["rounds"][0]["from"] == "2026-03-03"
    if len(rounds) > 1:
        assert out["rounds"][1]["from"] == "2026-04-01" and out["rounds"][1]["served"] == "2026-04-03"


def test_the_one_round_form_equals_one_round():
    assert _cli("--served", "2026-03-02", "--found", "2026-03-31") == _cli(*_r(R1))


def test_the_command_line_refuses_mixed_or_missing_rounds():
    with pytest.raises(CommandError, match="只能选一种"):
        _cli("--served", "2026-03-02", "--found", "2026-03-31", *_r(R2))
    with pytest.raises(CommandError, match="--served 与 --found"):
        _cli("--served", "2026-03-02")
    with pytest.raises(CommandError, match="第2轮"):
        _cli(*_r(R2), *_r(R1))
    with pytest.raises(CommandError, match="--corrected"):
        _cli(*_r(R1), "--corrected", "2026-03-01")


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
fines = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)
# A round: days from the previous re-inspection to the new order's service, then to its re-inspection.
steps = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 60)), min_size=1, max_size=8)


def _series(start: dt.date, gaps: list[tuple[int, int]]) -> list[tuple[dt.date, dt.date]]:
    out, day = [], start
    for gap, length in gaps:
        served = day + dt.timedelta(days=gap if out else 0)
        found = served + dt.timedelta(days=length)
        out.append((served, found))
        day = found
    return out


@given(fines, dates, steps)
def test_days_never_negative_amount_is_fine_times_days_and_no_gap(fine, start, gaps):
    rounds = _series(start, gaps)
    s = count_rounds(fine, rounds)
    assert all(r.days >= 0 for r in s.rounds)
    assert all(r.total == fine * r.days for r in s.rounds)
    assert s.total == fine * s.days
    assert s.days == (rounds[-1][1] - rounds[0][0]).days  # one period: first service to last re-inspection
    assert s.days >= sum(daily_penalty(fine, *r).days for r in rounds)  # never less than per order


@given(fines, dates, steps)
def test_monotone_in_rounds(fine, start, gaps):
    rounds = _series(start, gaps)
    totals = [count_rounds(fine, rounds[:n]) for n in range(1, len(rounds) + 1)]
    assert all(a.days <= b.days and a.total <= b.total for a, b in itertools.pairwise(totals))


@given(fines, dates, steps, st.integers(0, 60))
def test_a_correction_only_touches_the_last_round(fine, start, gaps, back):
    rounds = _series(start, gaps)
    previous_found = rounds[-2][1] if len(rounds) > 1 else rounds[0][0]
    corrected = max(previous_found, rounds[-1][1] - dt.timedelta(days=back))
    with_correction = count_rounds(fine, rounds, corrected_on=corrected)
    without = count_rounds(fine, rounds)
    assert with_correction.rounds[:-1] == without.rounds[:-1]
    last = 0 if corrected < rounds[-1][1] else without.rounds[-1].days
    assert with_correction.rounds[-1].days == last
    assert 0 <= with_correction.total <= without.total
