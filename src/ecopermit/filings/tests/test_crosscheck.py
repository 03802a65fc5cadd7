"""Cross-checks: report vs self-monitoring and online data, annual totals, shutdowns (条例 Arts. 34(1), 37(4))."""

import datetime as dt
import json
from decimal import Decimal
from importlib import resources
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.rules.crosscheck import (
    ARTICLE_OVER_PERMITTED,
    ARTICLE_UNTRUE_REPORT,
    Figure,
    HourlyValue,
    HourSignal,
    ShutdownPeriod,
    Tolerance,
    check_annual_total,
    check_concentration,
    check_shutdowns,
    compare,
    computed_total,
    figure_of,
    shutdown_flow_floor,
    tolerance_for,
)

SH = ZoneInfo("Asia/Shanghai")
D = Decimal
SO2 = "a21026"


def at(day, hour=0):
    return dt.datetime(2025, 1, day, hour, tzinfo=SH)


def report(value, unit="mg/m³", what="最大浓度"):
    return Figure(D(value), unit, f"执行报告2025年度 表3 {what}", "report:17#row4")


def test_the_falsification_pattern_is_caught():
    # the report says 0.13 where the monitoring report said 0.43
    lab = figure_of("max", ["0.43", "0.21"], unit="mg/m³", source="自行监测报告 HJ-2025-118", ref="result:88")
    online = figure_of("max", ["0.12", "0.13"], unit="mg/m³", source="在线监测小时数据")
    (d,) = check_concentration(report("0.13"), [lab, online], outlet="DA001", pollutant=SO2, statistic="max")
    assert (d.reported.value, d.other.value) == (D("0.13"), D("0.43"))
    assert d.reported.source.startswith("执行报告") and d.other.source == "自行监测报告 HJ-2025-118"
    assert d.other.ref == "result:88" and d.reported.ref == "report:17#row4"
    assert d.difference == D("-0.30") and d.reported_lower
    assert d.allowed == D("0.05")  # the floor beats 10 % of 0.43
    assert d.article == ARTICLE_UNTRUE_REPORT
    assert "非法定" in d.tolerance_source


def test_within_tolerance_no_finding():
    assert (
        check_concentration(
            report("20"), [report("21.9", what="x")], outlet="", pollutant=SO2, statistic="max"
        )
        == []
    )
    (d,) = check_concentration(
        report("20"), [report("22.3", what="x")], outlet="", pollutant=SO2, statistic="max"
    )
    assert d.allowed == D("2.23")


def test_missing_sources_are_skipped():
    assert check_concentration(report("1"), [None, None], outlet="", pollutant=SO2, statistic="avg") == []
    assert figure_of("avg", [], unit="mg/m³", source="x") is None


def test_average_is_the_arithmetic_mean():
    f = figure_of("avg", [1, "2", D("6")], unit="mg/L", source="自行监测")
    assert f is not None and f.value == 3


def test_units_must_match():
    with pytest.raises(ValueError, match="convert"):
        compare(
            report("1"),
            report("1", unit="mg/L"),
            tolerance_for(SO2),
            outlet="",
            pollutant=SO2,
            statistic="max",
        )


def test_tolerance_table_is_a_bureau_default():
    raw = json.loads(
        resources.files("ecopermit.filings").joinpath("data", "crosscheck_tolerances.json").read_text("utf-8")
    )
    assert "NOT LAW" in raw["status"]
    t = tolerance_for(SO2)
    assert (t.relative, t.absolute) == (D("0.10"), D("0.05"))
    ph = tolerance_for("w01001")
    assert (ph.relative, ph.absolute) == (D(0), D("0.2")) and "w01001" in ph.source
    total = tolerance_for(SO2, "total")
    assert (total.relative, total.absolute) == (D("0.10"), D("0.001"))
    assert shutdown_flow_floor() == 0


def test_edited_and_bad_tolerances():
    raw = {"concentration": {"default": {"relative": "0.2", "absolute": "0"}, "pollutants": {}}}
    assert tolerance_for(SO2, data=raw).relative == D("0.2")
    raw["concentration"]["default"]["relative"] = "-0.1"
    with pytest.raises(ValueError):
        tolerance_for(SO2, data=raw)
    raw["concentration"]["default"]["relative"] = "NaN"
    with pytest.raises(ValueError):
        tolerance_for(SO2, data=raw)


# --- annual totals ----------------------------------------------------------------------------------------------


def test_gas_total_units():
    # 10,000 m³/h × 50 mg/m³ for 24 h = 12,000,000 mg = 12 kg = 0.012 t
    hours = [HourlyValue(at(1, h), D(10_000), D(50)) for h in range(24)]
    t = computed_total(hours, "gas", expected_hours=24)
    assert (t.kg, t.tonnes, t.hours_used, t.complete) == (D(12), D("0.012"), 24, True)
    assert t.figure.unit == "t" and t.figure.value == D("0.012") and "24/24" in t.figure.source
    assert "mg/m³" in t.formula_zh and "10⁻⁶" in t.formula_zh


def test_water_total_units():
    # 100 m³/h × 30 mg/L (= 30 g/m³) for 10 h = 30,000 g = 30 kg
    hours = [HourlyValue(at(1, h), D(100), D(30)) for h in range(10)]
    t = computed_total(hours, "water")
    assert (t.kg, t.tonnes) == (D(30), D("0.03"))
    assert "mg/L" in t.formula_zh


def test_invalid_and_missing_hours_make_it_incomplete():
    hours = [
        HourlyValue(at(1, 0), D(100), D(30)),
        HourlyValue(at(1, 1), D(100), D(30), valid=False),
        HourlyValue(at(1, 2), None, D(30)),
    ]
    t = computed_total(hours, "water", expected_hours=3)
    assert (t.hours_used, t.hours_unusable, t.complete, t.kg) == (1, 2, False, D(3))
    assert not computed_total(hours[:1], "water", expected_hours=3).complete


@pytest.mark.parametrize(
    "hours",
    [
        [HourlyValue(at(1), D(1), D(1)), HourlyValue(at(1), D(1), D(1))],
        [HourlyValue(at(1), D(-1), D(1))],
        [HourlyValue(dt.datetime(2025, 1, 1), D(1), D(1))],
    ],
)
def test_bad_hours_refused(hours):
    with pytest.raises(ValueError):
        computed_total(hours, "gas")


def test_bad_medium_refused():
    with pytest.raises(ValueError):
        computed_total([], "noise")  # type: ignore[arg-type]


def permit_total(value):
    return Figure(D(value), "t", "排污许可证副本 许可年排放量", "permit:5")


def online_total(tonnes_hourly, n=10, expected=10):
    # flow 1,000,000 m³/h × C mg/m³ × 1 h = C kg; C = tonnes_hourly × 1000
    hours = [HourlyValue(at(1, h), D(1_000_000), D(tonnes_hourly) * 1000) for h in range(n)]
    return computed_total(hours, "gas", expected_hours=expected)


def test_report_below_the_online_total_and_over_the_permit():
    check = check_annual_total(
        Figure(D("8"), "t", "执行报告2025年度 实际排放量"),
        pollutant=SO2,
        computed=online_total("1.2"),  # 12 t
        permitted=permit_total("10"),
    )
    assert check.verified_from == "online" and check.verified.value == D(12)
    assert check.discrepancy is not None and check.discrepancy.statistic == "total"
    assert (check.discrepancy.reported.value, check.discrepancy.other.value) == (D(8), D(12))
    over = check.over_permitted
    assert over is not None and over.excess == D(2) and over.article == ARTICLE_OVER_PERMITTED
    assert over.permitted.source == "排污许可证副本 许可年排放量" and over.verified.unit == "t"
    assert len(check.findings) == 2


def test_incomplete_online_total_uses_the_report():
    check = check_annual_total(
        Figure(D("9"), "t", "执行报告"),
        pollutant=SO2,
        computed=online_total("0.5", n=8),
        permitted=permit_total("10"),
    )
    assert check.verified_from == "report" and check.verified.value == 9
    assert (
        check.discrepancy is None
    )  # 4 t from 8 of 10 hours is a lower bound: a 9 t report is not contradicted
    assert check.over_permitted is None


def test_incomplete_online_total_still_shows_a_report_below_it():
    check = check_annual_total(
        Figure(D("2"), "t", "执行报告"), pollutant=SO2, computed=online_total("0.5", n=8)
    )
    assert check.discrepancy is not None and check.discrepancy.reported_lower


def test_exactly_at_the_permitted_total_is_not_over():
    check = check_annual_total(Figure(D("10"), "t", "执行报告"), pollutant=SO2, permitted=permit_total("10"))
    assert check.over_permitted is None and check.findings == ()
    check = check_annual_total(
        Figure(D("10.0001"), "t", "执行报告"), pollutant=SO2, permitted=permit_total("10")
    )
    assert check.over_permitted is not None


def test_totals_in_t_only():
    with pytest.raises(ValueError):
        check_annual_total(Figure(D(1), "kg", "执行报告"), pollutant=SO2)


# --- shutdowns --------------------------------------------------------------------------------------------------


def test_flow_during_a_reported_shutdown():
    period = ShutdownPeriod(at(10), at(13), "执行报告2025年第1季度 停产情况", "report:20#shutdown1")
    signals = [
        HourSignal(at(9, 23), D(500)),  # before: not counted
        HourSignal(at(10, 0), D(0)),
        HourSignal(at(11, 3), D(800)),
        HourSignal(at(12, 5), D(0), power_on=True),
        HourSignal(at(12, 6), D(900), power_on=True),
        HourSignal(at(13, 0), D(1000)),  # the end is excluded
    ]
    (c,) = check_shutdowns([period], signals)
    assert (c.hours_with_flow, c.hours_with_power) == (2, 2)
    assert c.observed.value == 3 and c.observed.unit == "h" and c.reported.value == 0
    assert c.reported.source == period.source and c.reported.ref == "report:20#shutdown1"
    assert (c.first_hour, c.last_hour, c.max_flow) == (at(11, 3), at(12, 6), D(900))
    assert c.article == ARTICLE_UNTRUE_REPORT


def test_shutdown_reported_by_days():
    period = ShutdownPeriod.from_dates(dt.date(2025, 1, 10), dt.date(2025, 1, 12), "执行报告 停产时段")
    assert (period.start, period.end) == (at(10), at(13))
    (c,) = check_shutdowns([period], [HourSignal(at(12, 23), D(5)), HourSignal(at(13, 0), D(5))])
    assert c.first_hour == c.last_hour == at(12, 23)


def test_quiet_shutdown_and_flow_floor():
    period = ShutdownPeriod(at(10), at(13), "执行报告")
    assert (
        check_shutdowns([period], [HourSignal(at(10, 1), D(0), power_on=False), HourSignal(at(11, 1))]) == []
    )
    noisy = [HourSignal(at(10, 1), D("3.5"))]
    assert len(check_shutdowns([period], noisy)) == 1
    assert check_shutdowns([period], noisy, flow_floor=D(5)) == []


@pytest.mark.parametrize(
    ("period", "signals"),
    [
        (ShutdownPeriod(at(13), at(10), "x"), []),
        (ShutdownPeriod(dt.datetime(2025, 1, 10), at(13), "x"), []),
        (ShutdownPeriod(at(10), at(13), "x"), [HourSignal(dt.datetime(2025, 1, 11), D(1))]),
    ],
)
def test_bad_shutdown_input(period, signals):
    with pytest.raises(ValueError):
        check_shutdowns([period], signals)


# --- properties -------------------------------------------------------------------------------------------------

values = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False, allow_infinity=False)
tolerances = st.builds(
    Tolerance,
    st.decimals(min_value=0, max_value=1, places=3, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10, places=3, allow_nan=False, allow_infinity=False),
    st.just("test"),
)


@given(values, values, tolerances)
def test_tolerance_is_symmetric(a, b, tol):
    assert tol.agrees(a, b) == tol.agrees(b, a)
    assert tol.allowed(a, b) == tol.allowed(b, a)
    assert tol.agrees(a, a)
    fa = compare(Figure(a, "u", "r"), Figure(b, "u", "o"), tol, outlet="", pollutant=SO2, statistic="max")
    fb = compare(Figure(b, "u", "r"), Figure(a, "u", "o"), tol, outlet="", pollutant=SO2, statistic="max")
    assert (fa is None) == (fb is None)
    if fa is not None and fb is not None:
        assert fa.difference == -fb.difference and abs(fa.difference) > fa.allowed


@given(values, values, tolerances, tolerances)
def test_a_wider_tolerance_never_adds_a_finding(a, b, t1, t2):
    wide = Tolerance(max(t1.relative, t2.relative), max(t1.absolute, t2.absolute), "wide")
    if t1.agrees(a, b):
        assert wide.agrees(a, b)


@given(st.lists(st.tuples(values, values), max_size=48), st.sampled_from(["gas", "water"]))
def test_total_is_additive_and_non_negative(pairs, medium):
    hours = [HourlyValue(at(1) + dt.timedelta(hours=i), q, c) for i, (q, c) in enumerate(pairs)]
    whole = computed_total(hours, medium)
    half = len(hours) // 2
    parts = computed_total(hours[:half], medium).kg + computed_total(hours[half:], medium).kg
    assert whole.kg == parts >= 0
    assert whole.tonnes * 1000 == whole.kg
    assert whole.hours_used == len(hours) and whole.complete
