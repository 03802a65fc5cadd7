"""Records kept at least 5 years (条例 Arts. 19 and 21); no deletion before that."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.rules.retention import (
    RETENTION,
    RetentionRefusedError,
    deletion_decision,
    earliest_deletion,
    require_deletable,
)

D = dt.date


def test_sources():
    assert RETENTION["monitoring"].article == "《排污许可管理条例》第十九条"
    assert RETENTION["ledger"].article == "《排污许可管理条例》第二十一条"
    assert {r.years for r in RETENTION.values()} == {5}  # the 条例 wins over HJ 944's 3 years


@pytest.mark.parametrize(
    ("record", "earliest"),
    [
        (D(2025, 3, 10), D(2030, 3, 11)),
        (D(2024, 2, 29), D(2029, 3, 1)),  # no 29 February 2029: kept through the 28th
        (
            D(2023, 2, 28),
            D(2028, 2, 29),
        ),  # 2028 is a leap year: kept through 28 February, deletable on the 29th
        (D(2024, 12, 31), D(2030, 1, 1)),
        (D(2025, 1, 1), D(2030, 1, 2)),
    ],
)
@pytest.mark.parametrize("kind", ["monitoring", "ledger"])
def test_earliest_deletion(kind, record, earliest):
    assert earliest_deletion(kind, record) == earliest
    assert deletion_decision(kind, record, earliest).allowed
    assert not deletion_decision(kind, record, earliest - dt.timedelta(days=1)).allowed


def test_refusal_names_the_article_and_the_date():
    with pytest.raises(RetentionRefusedError) as exc:
        require_deletable("ledger", D(2025, 3, 10), D(2030, 3, 10))
    assert "第二十一条" in str(exc.value) and "2030-03-11" in str(exc.value)
    assert exc.value.decision.earliest == D(2030, 3, 11) and not exc.value.decision.allowed
    ok = require_deletable("monitoring", D(2025, 3, 10), D(2030, 3, 11))
    assert ok.allowed and "第十九条" in ok.message_zh


def test_unknown_kind():
    with pytest.raises(ValueError):
        deletion_decision("report", D(2025, 1, 1), D(2031, 1, 1))  # type: ignore[arg-type]


@given(
    st.sampled_from(["monitoring", "ledger"]),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    st.integers(min_value=-4000, max_value=4000),
)
def test_never_before_five_years(kind, record, offset):
    earliest = earliest_deletion(kind, record)
    assert 5 * 365 + 1 <= (earliest - record).days <= 5 * 366 + 1  # at least five full years kept
    on = record + dt.timedelta(days=offset)
    assert deletion_decision(kind, record, on).allowed == (on >= earliest)
    later = record + dt.timedelta(days=1)
    assert earliest_deletion(kind, later) >= earliest  # a later record is never deletable earlier
