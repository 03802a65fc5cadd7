"""Self-monitoring frequencies (HJ 819, unverified table) and missing sampling periods (条例 Art. 36(5))."""

import datetime as dt
import itertools
import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.rules.monitoring_plan import (
    ARTICLE_MISSING,
    CLASSES,
    FREQUENCIES,
    INDICATORS,
    MEDIA,
    OUTLETS,
    frequency_table,
    missing_periods,
    sampling_periods,
    sampling_status,
)

D = dt.date


def raw_table():
    return json.loads(
        resources.files("ecopermit.filings")
        .joinpath("data", "self_monitoring_frequencies.json")
        .read_text("utf-8")
    )


def test_table_warns_it_is_not_verified():
    table = frequency_table()
    assert "NOT VERIFIED" in table.warning and "HJ 819" in table.warning and "permit" in table.warning


@pytest.mark.parametrize(
    ("cls", "medium", "outlet", "indicator"), list(itertools.product(CLASSES, MEDIA, OUTLETS, INDICATORS))
)
def test_every_combination_has_a_row_with_a_source(cls, medium, outlet, indicator):
    row = frequency_table().lookup(cls, medium, outlet, indicator)
    assert row.frequency in FREQUENCIES
    assert "HJ 819" in row.source and "[M]" in row.source


@pytest.mark.parametrize(
    ("key", "frequency"),
    [
        (("key", "gas", "main", "main"), "quarterly"),  # 月–季度: the less frequent end
        (("key", "gas", "main", "other"), "yearly"),
        (("key", "water", "main", "main"), "monthly"),  # 日–月
        (("key", "water", "main", "other"), "half-yearly"),
        (("simplified", "gas", "main", "main"), "yearly"),
        (("simplified", "water", "main", "main"), "quarterly"),
        (("simplified", "water", "general", "other"), "yearly"),
    ],
)
def test_shipped_defaults(key, frequency):
    assert frequency_table().lookup(*key).frequency == frequency


def test_key_class_never_less_frequent_than_simplified():
    order = {f: i for i, f in enumerate(FREQUENCIES)}  # daily … yearly
    table = frequency_table()
    for medium, outlet, indicator in itertools.product(MEDIA, OUTLETS, INDICATORS):
        key = table.lookup("key", medium, outlet, indicator).frequency
        simple = table.lookup("simplified", medium, outlet, indicator).frequency
        assert order[key] <= order[simple]


def test_lookup_of_an_unknown_key():
    with pytest.raises(KeyError, match="registration"):
        frequency_table().lookup("registration", "gas", "main", "main")


def test_bureau_edit_is_used():
    raw = raw_table()
    raw["rows"][0]["frequency"] = "monthly"
    assert frequency_table(raw).lookup("key", "gas", "main", "main").frequency == "monthly"


@pytest.mark.parametrize(
    "patch",
    [
        lambda r: r.update(warning=""),
        lambda r: r["rows"][0].update(frequency="weekly"),
        lambda r: r["rows"][0].update(medium="noise"),
        lambda r: r["rows"].append(dict(r["rows"][0])),
    ],
)
def test_bad_table_refused(patch):
    raw = raw_table()
    patch(raw)
    with pytest.raises(ValueError):
        frequency_table(raw)


# --- sampling periods -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "year", "count"),
    [
        ("daily", 2024, 366),
        ("daily", 2025, 365),
        ("monthly", 2025, 12),
        ("quarterly", 2025, 4),
        ("half-yearly", 2025, 2),
        ("yearly", 2025, 1),
    ],
)
def test_period_counts(frequency, year, count):
    periods = sampling_periods(frequency, year)
    assert len(periods) == count
    assert periods[0][0] == D(year, 1, 1) and periods[-1][1] == D(year, 12, 31)
    for (_, e1), (s2, _) in itertools.pairwise(periods):
        assert s2 == e1 + dt.timedelta(days=1)


def test_unknown_frequency():
    with pytest.raises(ValueError, match="weekly"):
        sampling_periods("weekly", 2025)


def test_quarterly_plan_with_one_missing_quarter():
    # the shipyard's main gas outlet, SO2 sampled quarterly; no result in Q3 2025
    results = [D(2025, 2, 10), D(2025, 5, 20), D(2025, 12, 1), D(2024, 8, 1)]
    status = sampling_status("quarterly", 2025, results, as_of=D(2026, 1, 5), in_force_from=D(2020, 1, 1))
    assert [p.status for p in status] == ["met", "met", "missing", "met"]
    assert status[0].results == (D(2025, 2, 10),)
    (missing,) = missing_periods("quarterly", 2025, results, as_of=D(2026, 1, 5), in_force_from=D(2020, 1, 1))
    assert (missing.start, missing.end) == (D(2025, 7, 1), D(2025, 9, 30))
    assert missing.article == ARTICLE_MISSING == "《排污许可管理条例》第三十六条第（五）项"
    assert missing.is_finding


def test_period_not_ended_is_open_not_missing():
    status = sampling_status("quarterly", 2025, [], as_of=D(2025, 9, 30), in_force_from=D(2020, 1, 1))
    assert [p.status for p in status] == ["missing", "missing", "open", "open"]
    status = sampling_status("quarterly", 2025, [], as_of=D(2025, 10, 1), in_force_from=D(2020, 1, 1))
    assert [p.status for p in status] == ["missing", "missing", "missing", "open"]


def test_result_on_the_period_boundaries_counts():
    status = sampling_status(
        "monthly", 2025, [D(2025, 1, 1), D(2025, 2, 28)], as_of=D(2025, 3, 1), in_force_from=D(2020, 1, 1)
    )
    assert [p.status for p in status[:3]] == ["met", "met", "open"]


def test_partial_period_is_never_a_finding():
    # permit issued 15 May: May (monthly) and Q2 (quarterly) are partial, June on is whole
    status = sampling_status("monthly", 2025, [], as_of=D(2026, 1, 1), in_force_from=D(2025, 5, 15))
    assert status[0].start == D(2025, 5, 1)
    assert [p.status for p in status] == ["partial"] + ["missing"] * 7
    status = sampling_status(
        "quarterly", 2025, [D(2025, 6, 1)], as_of=D(2026, 1, 1), in_force_from=D(2025, 5, 15)
    )
    assert [p.status for p in status] == ["met", "missing", "missing"]
    # revoked 10 November (last day in force): November partial, December not listed
    status = sampling_status(
        "monthly", 2025, [], as_of=D(2026, 1, 1), in_force_from=D(2020, 1, 1), in_force_until=D(2025, 11, 10)
    )
    assert len(status) == 11 and status[-1].status == "partial"


def test_automatic_monitoring_replaces_manual_sampling():
    status = sampling_status(
        "monthly", 2025, [], as_of=D(2026, 1, 1), in_force_from=D(2020, 1, 1), automatic=True
    )
    assert {p.status for p in status} == {"automatic"}
    assert (
        missing_periods("monthly", 2025, [], as_of=D(2026, 1, 1), in_force_from=D(2020, 1, 1), automatic=True)
        == []
    )


def test_in_force_until_before_from_refused():
    with pytest.raises(ValueError):
        sampling_status(
            "yearly", 2025, [], as_of=D(2026, 1, 1), in_force_from=D(2025, 2, 1), in_force_until=D(2025, 1, 1)
        )


# --- properties -------------------------------------------------------------------------------------------------

years = st.integers(min_value=2019, max_value=2031)
days = st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31))


@given(
    st.sampled_from([f for f in FREQUENCIES if f != "daily"]),
    years,
    st.lists(days, max_size=30),
    days,
    days,
)
def test_statuses_are_consistent(frequency, year, results, as_of, in_force_from):
    status = sampling_status(frequency, year, results, as_of=as_of, in_force_from=in_force_from)
    for p in status:
        assert p.end >= in_force_from  # nothing needed before the plan came into force
        assert all(p.start <= d <= p.end for d in p.results)
        assert (p.status == "met") == bool(p.results)
        if p.status == "missing":
            assert as_of > p.end and p.start >= in_force_from and p.article == ARTICLE_MISSING
        else:
            assert p.article is None
    # adding results never creates a finding
    more = sampling_status(frequency, year, [*results, as_of], as_of=as_of, in_force_from=in_force_from)
    assert {(p.start, p.end) for p in more if p.is_finding} <= {
        (p.start, p.end) for p in status if p.is_finding
    }
    # a later as_of never turns a finding back
    later = sampling_status(
        frequency, year, results, as_of=as_of + dt.timedelta(days=40), in_force_from=in_force_from
    )
    assert {(p.start, p.end) for p in status if p.is_finding} <= {
        (p.start, p.end) for p in later if p.is_finding
    }
