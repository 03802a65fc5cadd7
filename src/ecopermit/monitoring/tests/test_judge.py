"""Judging readings against limits (issue 5, "Readings and judgement"): pure, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.monitoring.judge import (
    HOUR,
    SHANGHAI,
    Average,
    Gap,
    Limit,
    PeriodResult,
    Sample,
    daily_averages,
    exceedances,
    flag_is_valid,
    hourly_averages,
    missing_data,
    period_average,
)

T0 = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
D = Decimal


def minute_samples(start: datetime, count: int, value="10", flag="N", step=timedelta(minutes=1)):
    return [Sample(start + i * step, D(value), flag) for i in range(count)]


def avg(start: datetime, mean, statistic="hourly", pollutant="a21026", valid=True) -> Average:
    length = HOUR if statistic == "hourly" else timedelta(days=1)
    result = PeriodResult(valid=valid, mean=D(mean), valid_count=60, expected_count=60)
    return Average(pollutant, statistic, start, start + length, result)


# --- flags [notes §4, STD p.13 表8] ------------------------------------------------------------------


def test_only_normal_flag_is_valid():
    assert flag_is_valid("N")
    for flag in ["F", "M", "S", "D", "C", "T", "B", "U", "n"]:
        assert not flag_is_valid(flag), flag


def test_missing_flag_counts_as_normal():
    assert flag_is_valid(None)
    assert flag_is_valid("")
    assert flag_is_valid(" N ")


# --- the 75 % rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("valid_count", "expected_valid"), [(74, False), (75, True), (76, True)])
def test_75_percent_rule(valid_count, expected_valid):
    step = timedelta(seconds=30)  # 100 samples fit in the hour
    samples = minute_samples(T0, valid_count, step=step) + minute_samples(
        T0 + valid_count * step, 100 - valid_count, value="999", flag="D", step=step
    )
    result = period_average(samples, T0, T0 + HOUR, expected_count=100)
    assert result.valid is expected_valid
    assert result.valid_count == valid_count
    assert result.expected_count == 100
    assert result.mean == D("10")  # the faulty 999s are left out


def test_75_percent_of_four_is_three():
    assert period_average(minute_samples(T0, 3), T0, T0 + HOUR, expected_count=4).valid
    assert not period_average(minute_samples(T0, 2), T0, T0 + HOUR, expected_count=4).valid


def test_invalid_flags_are_excluded_from_mean_and_count():
    samples = [
        Sample(T0, D("10"), "N"),
        Sample(T0 + timedelta(minutes=10), D("20"), "N"),
        Sample(T0 + timedelta(minutes=20), D("500"), "C"),
        Sample(T0 + timedelta(minutes=30), D("500"), "M"),
        Sample(T0 + timedelta(minutes=40), D("500"), "D"),
        Sample(T0 + timedelta(minutes=50), D("500"), "B"),
    ]
    result = period_average(samples, T0, T0 + HOUR, expected_count=6)
    assert result == PeriodResult(valid=False, mean=D("15"), valid_count=2, expected_count=6)


def test_over_range_samples_count_as_evidence_and_mark_the_period():
    """Issue 10: T (超测上限) is a lower bound of the truth: it counts (share and mean) and marks the period."""
    samples = [
        *minute_samples(T0, 4, "40", step=timedelta(minutes=10)),
        Sample(T0 + timedelta(minutes=40), D("200"), "T"),
        Sample(T0 + timedelta(minutes=50), D("200"), "T"),
    ]
    result = period_average(samples, T0, T0 + HOUR, expected_count=6)
    assert result == PeriodResult(True, D("560") / 6, 6, 6, over_range=True)
    assert not period_average(samples[:4], T0, T0 + HOUR, 6).over_range


def test_period_bounds_are_half_open():
    samples = [Sample(T0 - timedelta(seconds=1), D(1)), Sample(T0, D(2)), Sample(T0 + HOUR, D(3))]
    result = period_average(samples, T0, T0 + HOUR, expected_count=1)
    assert result.mean == D(2) and result.valid_count == 1


def test_no_valid_samples_no_mean():
    result = period_average([Sample(T0, D(5), "D")], T0, T0 + HOUR, expected_count=0)
    assert result == PeriodResult(valid=False, mean=None, valid_count=0, expected_count=0)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        period_average([], T0.replace(tzinfo=None), T0 + HOUR, 1)


def test_hourly_averages_per_hour():
    samples = minute_samples(T0, 6, "10", step=timedelta(minutes=10)) + minute_samples(
        T0 + HOUR, 4, "30", step=timedelta(minutes=10)
    )
    hours = hourly_averages(samples, "a21026", T0, T0 + 3 * HOUR, expected_per_hour=6)
    assert [h.period_start for h in hours] == [T0, T0 + HOUR, T0 + 2 * HOUR]
    assert [(h.valid, h.mean) for h in hours] == [(True, D(10)), (False, D(30)), (False, None)]
    assert all(h.statistic == "hourly" and h.pollutant == "a21026" for h in hours)


# --- limits and per-cent exceedance ------------------------------------------------------------------


def test_max_limit_percent():
    limit = Limit("a21026", "hourly", D("100"), "max", date(2026, 1, 1))
    found = exceedances([avg(T0, "150"), avg(T0 + HOUR, "100"), avg(T0 + 2 * HOUR, "99.9")], [limit])
    assert len(found) == 1
    assert found[0].percent == D("50")
    assert found[0].value == D("150") and found[0].limit is limit and found[0].statistic == "hourly"


def test_min_limit_percent_the_other_way():
    ph_min = Limit("w01001", "hourly", D("6"), "min", date(2026, 1, 1))
    ph_max = Limit("w01001", "hourly", D("9"), "max", date(2026, 1, 1))
    averages = [
        avg(T0, "4.5", pollutant="w01001"),
        avg(T0 + HOUR, "7", pollutant="w01001"),
        avg(T0 + 2 * HOUR, "10.8", pollutant="w01001"),
        avg(T0 + 3 * HOUR, "6", pollutant="w01001"),
    ]
    found = exceedances(averages, [ph_min, ph_max])
    assert [(e.period_start, e.limit.kind, e.percent) for e in found] == [
        (T0, "min", D("25")),  # (6 - 4.5) / 6 × 100
        (T0 + 2 * HOUR, "max", D("20")),  # (10.8 - 9) / 9 × 100
    ]


def test_invalid_averages_never_exceed():
    limit = Limit("a21026", "hourly", D("100"), "max", date(2026, 1, 1))
    assert exceedances([avg(T0, "500", valid=False)], [limit]) == []


def test_statistic_and_pollutant_must_match():
    hourly = Limit("a21026", "hourly", D("100"), "max", date(2026, 1, 1))
    other = Limit("a21002", "daily", D("1"), "max", date(2026, 1, 1))
    assert exceedances([avg(T0, "150", statistic="daily")], [hourly, other]) == []


def test_limit_changing_mid_month_picks_the_one_valid_each_day():
    old = Limit("a21026", "daily", D("200"), "max", date(2025, 1, 1), date(2026, 3, 14))
    new = Limit("a21026", "daily", D("100"), "max", date(2026, 3, 15))
    days = [datetime(2026, 3, d, tzinfo=SHANGHAI) for d in (14, 15)]
    found = exceedances([avg(days[0], "150", "daily"), avg(days[1], "150", "daily")], [old, new])
    assert [(e.period_start, e.limit, e.percent) for e in found] == [(days[1], new, D("50"))]


def test_hour_date_is_the_local_date():
    # 16:00 UTC on 14 March is 00:00 on 15 March in Shanghai: the new limit applies.
    old = Limit("a21026", "hourly", D("200"), "max", date(2025, 1, 1), date(2026, 3, 14))
    new = Limit("a21026", "hourly", D("100"), "max", date(2026, 3, 15))
    before, after = datetime(2026, 3, 14, 15, tzinfo=UTC), datetime(2026, 3, 14, 16, tzinfo=UTC)
    found = exceedances([avg(before, "150"), avg(after, "150")], [old, new])
    assert [(e.period_start, e.limit) for e in found] == [(after, new)]


def test_overlapping_limits_the_latest_wins():
    base = Limit("a21026", "hourly", D("200"), "max", date(2025, 1, 1))
    stricter = Limit("a21026", "hourly", D("100"), "max", date(2026, 2, 1))
    (found,) = exceedances([avg(T0, "150")], [stricter, base])
    assert found.limit is stricter


def test_limit_validation():
    with pytest.raises(ValueError, match="positive"):
        Limit("a21026", "hourly", D(0), "max", date(2026, 1, 1))
    with pytest.raises(ValueError, match="kind"):
        Limit("a21026", "hourly", D(1), "avg", date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="statistic"):
        Limit("a21026", "monthly", D(1), "max", date(2026, 1, 1))  # type: ignore[arg-type]


# --- daily averages: Asia/Shanghai days --------------------------------------------------------------


def test_day_boundary_is_16_utc():
    # Hourly averages from 15:00 UTC on 1 March to 16:00 UTC on 2 March: 26 hours.
    start = datetime(2026, 3, 1, 15, tzinfo=UTC)
    hourly = [avg(start, "1")] + [avg(start + (1 + i) * HOUR, "2") for i in range(24)]
    hourly.append(avg(start + 25 * HOUR, "3"))
    days = daily_averages(hourly, "a21026", date(2026, 3, 1), date(2026, 3, 3))
    assert [d.period_start for d in days] == [
        datetime(2026, 2, 28, 16, tzinfo=UTC),
        datetime(2026, 3, 1, 16, tzinfo=UTC),
        datetime(2026, 3, 2, 16, tzinfo=UTC),
    ]
    assert days[1].period_start == datetime(2026, 3, 2, tzinfo=SHANGHAI)
    assert [(d.result.valid_count, d.result.expected_count) for d in days] == [(1, 24), (24, 24), (1, 24)]
    assert [(d.valid, d.mean) for d in days] == [(False, D(1)), (True, D(2)), (False, D(3))]
    assert all(d.statistic == "daily" for d in days)


def test_daily_needs_75_percent_of_valid_hours():
    start = datetime(2026, 3, 2, tzinfo=SHANGHAI)
    eighteen = [avg(start + i * HOUR, "5") for i in range(18)]
    invalid = [avg(start + (18 + i) * HOUR, "5", valid=False) for i in range(6)]
    (day,) = daily_averages(eighteen + invalid, "a21026", date(2026, 3, 2), date(2026, 3, 2))
    assert day.valid and day.result.valid_count == 18
    (day,) = daily_averages(eighteen[:17] + invalid, "a21026", date(2026, 3, 2), date(2026, 3, 2))
    assert not day.valid


def test_daily_exceedance_from_hourly_pipeline():
    start = datetime(2026, 3, 2, tzinfo=SHANGHAI)
    samples = minute_samples(start, 24 * 6, "120", step=timedelta(minutes=10))
    hours = hourly_averages(samples, "a21026", start, start + 24 * HOUR, expected_per_hour=6)
    days = daily_averages(hours, "a21026", date(2026, 3, 2), date(2026, 3, 2))
    limit = Limit("a21026", "daily", D("100"), "max", date(2026, 1, 1))
    (found,) = exceedances(days, [limit])
    assert found.period_start == start and found.percent == D("20")


# --- missing data ------------------------------------------------------------------------------------


def hours_except(start: datetime, total: int, missing: range) -> list[datetime]:
    return [start + i * HOUR for i in range(total) if i not in missing]


def test_gap_exactly_at_threshold_is_not_a_finding():
    present = hours_except(T0, 24, range(5, 8))  # 3 hours missing
    assert missing_data(present, T0, T0 + 24 * HOUR, max_gap_hours=3) == []


def test_gap_one_hour_over_threshold_is_a_finding():
    present = hours_except(T0, 24, range(5, 9))  # 4 hours missing
    assert missing_data(present, T0, T0 + 24 * HOUR, max_gap_hours=3) == [
        Gap(T0 + 5 * HOUR, T0 + 9 * HOUR, 4)
    ]


def test_gaps_at_window_edges_and_several():
    present = hours_except(T0, 24, set(range(0, 2)) | set(range(10, 12)) | set(range(20, 24)))
    assert missing_data(present, T0, T0 + 24 * HOUR, max_gap_hours=1) == [
        Gap(T0, T0 + 2 * HOUR, 2),
        Gap(T0 + 10 * HOUR, T0 + 12 * HOUR, 2),
        Gap(T0 + 20 * HOUR, T0 + 24 * HOUR, 4),
    ]


def test_missing_data_accepts_local_times_and_floors_them():
    local = [(T0 + i * HOUR).astimezone(SHANGHAI) + timedelta(minutes=7) for i in range(24)]
    assert missing_data(local, T0, T0 + 24 * HOUR, max_gap_hours=0) == []


def test_window_must_be_on_whole_hours():
    with pytest.raises(ValueError, match="whole hour"):
        missing_data([], T0 + timedelta(minutes=5), T0 + HOUR, 1)


# --- properties --------------------------------------------------------------------------------------

limit_values = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
counts = st.integers(min_value=1, max_value=120)


@given(limit_values, counts, st.sampled_from(["max", "min"]))
def test_samples_all_equal_to_the_limit_never_exceed(value, count, kind):
    samples = minute_samples(T0, count, str(value), step=timedelta(seconds=30))
    hours = hourly_averages(samples, "a21026", T0, T0 + HOUR, expected_per_hour=count)
    assert hours[0].valid and hours[0].mean == value
    limit = Limit("a21026", "hourly", value, kind, date(2026, 1, 1))
    assert exceedances(hours, [limit]) == []


@given(
    limit_values,
    st.lists(st.decimals(min_value=0, max_value=D("100000"), places=3), min_size=1, max_size=60),
    st.data(),
)
def test_raising_every_sample_never_lowers_the_percent(limit_value, values, data):
    raises = data.draw(
        st.lists(
            st.decimals(min_value=0, max_value=D("1000"), places=3),
            min_size=len(values),
            max_size=len(values),
        )
    )
    times = [T0 + i * timedelta(seconds=30) for i in range(len(values))]
    before = [Sample(t, v) for t, v in zip(times, values, strict=True)]
    after = [Sample(t, v + r) for t, v, r in zip(times, values, raises, strict=True)]
    limits = [
        Limit("a21026", "hourly", limit_value, "max", date(2026, 1, 1)),
        Limit("a21026", "hourly", limit_value, "min", date(2026, 1, 1)),
    ]

    def percents(samples):
        hours = hourly_averages(samples, "a21026", T0, T0 + HOUR, expected_per_hour=len(values))
        return {e.limit.kind: e.percent for e in exceedances(hours, limits)}

    old, new = percents(before), percents(after)
    if "max" in old:
        assert "max" in new and new["max"] >= old["max"]
    if "min" in new:  # a minimum bound is the mirror image: raising never makes it worse
        assert "min" in old and old["min"] >= new["min"]


# --- over range (T) and converted values (issue 10) -----------------------------------------------------

from ecopermit.monitoring.judge import (  # noqa: E402
    ConversionFailure,
    convert_to_reference,
    converted_averages,
    hour_verdict,
    upload_average,
)

SO2_MAX = Limit("a21026", "hourly", D("50"), "max", date(2026, 1, 1))
SO2_ZS = Limit("a21026", "hourly", D("50"), "max", date(2026, 1, 1), converted=True, reference_o2=D("3.5"))


def test_over_range_hour_beyond_the_maximum_is_an_exceedance_marked_over_range():
    hour = upload_average("a21026", T0, D("60"), "T")
    (found,) = exceedances([hour], [SO2_MAX])
    assert found.over_range and found.value == D("60") and found.percent == D("20")
    assert hour_verdict(hour, SO2_MAX).verdict == "exceedance"


def test_over_range_within_the_maximum_is_abnormal_not_ok():
    hour = upload_average("a21026", T0, D("45"), "T")
    assert exceedances([hour], [SO2_MAX]) == []
    assert hour_verdict(hour, SO2_MAX).verdict == "abnormal"


def test_over_range_is_never_judged_against_a_minimum():
    """pH 'T' 14 says the pH is at least 14: never under the lower bound 6, whatever the value sent."""
    low = Limit("w01001", "hourly", D("6"), "min", date(2026, 1, 1))
    hour = upload_average("w01001", T0, D("5"), "T")
    assert exceedances([hour], [low]) == []


def test_over_range_hours_make_the_day_over_range():
    midnight = datetime(2026, 3, 1, tzinfo=SHANGHAI)
    hours = [upload_average("a21026", midnight + i * HOUR, D("30"), "N") for i in range(23)]
    hours.append(upload_average("a21026", midnight + 23 * HOUR, D("300"), "T"))
    day = daily_averages(hours, "a21026", date(2026, 3, 1), date(2026, 3, 1))[0]
    assert day.valid and day.result.over_range and day.mean == D("990") / 24


def test_conversion_formula_gb13271():
    """GB 13271-2014 §5.2: ρ = ρ' × (21 − φ(O2)) / (21 − φ'(O2)). 40 mg/m³ at 10.5 % O2 → 3.5 %: × 17.5/10.5."""
    assert convert_to_reference(D("40"), D("10.5"), D("3.5")) == D("40") * D("17.5") / D("10.5")
    assert convert_to_reference(D("42"), D("9"), D("9")) == D("42")  # at the reference: unchanged
    assert convert_to_reference(D("40"), D("2"), D("3.5")) < D("40")  # less O2 than the reference: lower


@pytest.mark.parametrize("o2", [D("21"), D("25"), D("-0.1")])
def test_conversion_impossible_at_or_above_air_or_negative(o2):
    assert convert_to_reference(D("40"), o2, D("3.5")) is None


def test_converted_series_prefers_the_loggers_value_then_converts_then_fails():
    measured = [upload_average("a21026", T0 + i * HOUR, D("40"), "N") for i in range(4)]
    sent = [upload_average("a21026", T0, D("70"), "N", "converted")]
    o2 = [
        upload_average("a19001", T0 + HOUR, D("10.5"), "N"),
        upload_average("a19001", T0 + 2 * HOUR, D("21"), "N"),
        upload_average("a19001", T0 + 3 * HOUR, D("10"), "D"),
    ]
    series, failures = converted_averages(measured, sent, o2, D("3.5"))
    assert [a.basis for a in series] == ["converted"] * 4
    assert series[0].mean == D("70")  # -ZsAvg as sent
    assert series[1].mean == D("40") * D("17.5") / D("10.5")  # 66.67: over 50 though 40 measured is not
    assert not series[2].valid and not series[3].valid
    assert failures == [
        ConversionFailure(T0 + 2 * HOUR, "o2_out_of_range"),
        ConversionFailure(T0 + 3 * HOUR, "o2_flagged"),
    ]
    found = exceedances(series, [SO2_MAX, SO2_ZS])
    assert [(e.period_start, e.basis) for e in found] == [(T0, "converted"), (T0 + HOUR, "converted")]
    assert exceedances(measured, [SO2_ZS]) == []  # a measured series is not judged on a converted limit


def test_missing_o2_is_abnormal_not_a_pass():
    measured = [upload_average("a21026", T0, D("80"), "N")]
    series, failures = converted_averages(measured, [], [], D("3.5"))
    assert failures == [ConversionFailure(T0, "o2_missing")]
    verdict = hour_verdict(series[0], SO2_ZS, failures[0])
    assert (verdict.verdict, verdict.reason, verdict.basis) == ("abnormal", "o2_missing", "converted")


def test_verdicts():
    assert hour_verdict(None, SO2_MAX).verdict == "missing"
    assert hour_verdict(upload_average("a21026", T0, D("50"), "N"), SO2_MAX).verdict == "ok"
    assert hour_verdict(upload_average("a21026", T0, D("50.01"), "N"), SO2_MAX).verdict == "exceedance"
    assert hour_verdict(upload_average("a21026", T0, D("90"), "D"), SO2_MAX).verdict == "abnormal"


def test_converted_limit_needs_a_reference_o2():
    with pytest.raises(ValueError, match="reference O2"):
        Limit("a21026", "hourly", D("50"), "max", date(2026, 1, 1), converted=True)
    with pytest.raises(ValueError, match="reference O2"):
        Limit("a21026", "hourly", D("50"), "max", date(2026, 1, 1), converted=True, reference_o2=D("21"))
