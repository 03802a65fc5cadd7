"""The ledger recording frequencies (HJ 944 as copied into permits, unverified) and the periods missing a record
(pure: ``filings.rules.ledger``, no database)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from ecopermit.filings.models import LedgerCategory, LedgerFrequency
from ecopermit.filings.rules import ledger as rules

D = dt.date
JUNE = (D(2025, 6, 1), D(2025, 6, 30))


def _data() -> dict:
    text = resources.files("ecopermit.filings").joinpath("data", rules.DATA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def test_the_data_file_names_every_category_with_its_source_and_tag():
    d = rules.defaults()
    assert set(d.categories) == set(LedgerCategory.values) == set(rules.CATEGORIES)
    assert set(rules.FREQUENCIES) == set(LedgerFrequency.values)
    assert d.categories["production"].frequency == "daily"
    assert d.categories["treatment"].frequency == "daily"
    assert d.categories["monitoring"].frequency == "per_event"
    assert d.categories["production_abnormal"].frequency == "per_event"
    assert d.categories["treatment_abnormal"].frequency == "per_event"
    assert d.categories["reagent"].frequency == "per_event"  # 1/日 or per batch: the looser end
    assert all(c.tag in ("S", "M") and "HJ 944" in c.source for c in d.categories.values())  # nothing [V]
    assert d.facility_frequency == "monthly" and "局默认" in d.facility_source
    assert "NOT VERIFIED" in _data()["warning"]


def test_a_broken_data_file_is_refused():
    data = _data()
    with pytest.raises(ValueError, match="missing or unknown"):
        rules.parse_defaults(data, [*rules.CATEGORIES, "basic_info"])
    bad = json.loads(json.dumps(data))
    bad["categories"]["production"]["frequency"] = "hourly"
    with pytest.raises(ValueError, match="unknown ledger frequency"):
        rules.parse_defaults(bad, rules.CATEGORIES)
    bad = json.loads(json.dumps(data))
    bad["categories"]["other"]["source"] = " "
    with pytest.raises(ValueError, match="source"):
        rules.parse_defaults(bad, rules.CATEGORIES)
    bad = json.loads(json.dumps(data))
    bad["facility_default"]["frequency"] = "per_event"
    with pytest.raises(ValueError, match="periodic"):
        rules.parse_defaults(bad, rules.CATEGORIES)


def test_daily_names_each_day_without_a_record():
    dates = [D(2025, 6, d) for d in range(1, 31) if d not in (3, 17, 30)]
    missing = rules.missing_periods("daily", *JUNE, dates)
    assert [p.start for p in missing] == [D(2025, 6, 3), D(2025, 6, 17), D(2025, 6, 30)]
    assert all(p.start == p.end and p.days == 1 for p in missing)
    assert (
        rules.missing_periods("daily", *JUNE, [*dates, D(2025, 6, 3), D(2025, 6, 17), D(2025, 6, 30)]) == []
    )
    assert len(rules.missing_periods("daily", *JUNE, [])) == 30
    # dates outside the period neither count nor are judged; duplicates are one record
    assert len(rules.missing_periods("daily", *JUNE, [D(2025, 5, 31), D(2025, 7, 1)])) == 30
    assert len(rules.missing_periods("daily", *JUNE, [D(2025, 6, 2)] * 3)) == 29


def test_february_of_a_leap_year_has_29_days():
    assert len(rules.missing_periods("daily", D(2028, 2, 1), D(2028, 2, 29), [])) == 29
    assert len(rules.periods("daily", D(2025, 2, 1), D(2025, 2, 28))) == 28


def test_a_week_belongs_to_the_month_its_sunday_falls_in():
    # June 2025: Sunday 1 June (week from Monday 26 May), then 8, 15, 22, 29 June
    weeks = rules.periods("weekly", *JUNE)
    assert [(w.start, w.end) for w in weeks] == [
        (D(2025, 5, 26), D(2025, 6, 1)),
        (D(2025, 6, 2), D(2025, 6, 8)),
        (D(2025, 6, 9), D(2025, 6, 15)),
        (D(2025, 6, 16), D(2025, 6, 22)),
        (D(2025, 6, 23), D(2025, 6, 29)),
    ]
    assert rules.window("weekly", *JUNE) == (D(2025, 5, 26), D(2025, 6, 29))
    # 30 June (Monday) starts a week judged with July
    dates = [D(2025, 5, 27), D(2025, 6, 8), D(2025, 6, 16), D(2025, 6, 30)]
    assert [(w.start, w.end) for w in rules.missing_periods("weekly", *JUNE, dates)] == [
        (D(2025, 6, 9), D(2025, 6, 15)),
        (D(2025, 6, 23), D(2025, 6, 29)),
    ]
    # every week is 7 days, whatever the month
    assert all(w.days == 7 for w in rules.periods("weekly", D(2025, 1, 1), D(2025, 12, 31)))
    assert len(rules.periods("weekly", D(2025, 1, 1), D(2025, 12, 31))) == 52


def test_monthly_judges_whole_months_only():
    assert rules.missing_periods("monthly", *JUNE, [D(2025, 6, 30)]) == []
    (june,) = rules.missing_periods("monthly", *JUNE, [D(2025, 5, 31), D(2025, 7, 1)])
    assert (june.start, june.end, june.days) == (D(2025, 6, 1), D(2025, 6, 30), 30)
    # December to January, and a month cut short by the period is not judged
    months = rules.periods("monthly", D(2024, 12, 1), D(2025, 2, 27))
    assert [(m.start, m.end) for m in months] == [
        (D(2024, 12, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 1, 31)),
    ]


@pytest.mark.parametrize("frequency", ["daily", "weekly", "monthly", "per_event"])
def test_an_empty_or_reversed_period_judges_nothing(frequency):
    assert rules.periods(frequency, D(2025, 6, 2), D(2025, 6, 1)) == []
    assert rules.window(frequency, D(2025, 6, 2), D(2025, 6, 1)) is None


def test_as_it_happens_is_never_missing():
    assert rules.periods("per_event", *JUNE) == []
    assert rules.missing_periods("per_event", *JUNE, []) == []
    assert rules.window("per_event", *JUNE) is None
    assert "per_event" not in rules.PERIODIC


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="hourly"):
        rules.missing_periods("hourly", *JUNE, [])


def test_abnormal_operation_records_count_for_the_facility_they_concern():
    assert rules.counts_for("production") == ("production", "production_abnormal")
    assert rules.counts_for("treatment") == ("treatment", "treatment_abnormal")
    assert rules.counts_for("reagent") == ("reagent",)
    assert rules.counts_for("monitoring") == ("monitoring",)
