"""The execution report's rules (filings/report_checks.py): each names its table, row and field. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.filings.report_checks import (
    TOTAL_TOLERANCE_T,
    check_report,
    period_hours,
    whole_period_shutdown,
)
from ecopermit.filings.report_data import EmissionRow, Issue, OperationRow, ReportData, ShutdownRow, TotalRow

D = dt.date
Q1 = {"period_start": D(2024, 1, 1), "period_end": D(2024, 3, 31)}  # 91 days: 2184 hours
PERMIT = {"DA001": {"a21026", "a21002"}, "DA002": {"a21026"}, "DW001": {"w01018"}}


def emission(outlet="DA001", pollutant="a21026", high="20", low="10", tonnes="1.5") -> EmissionRow:
    return EmissionRow(
        outlet,
        pollutant,
        None if high is None else Decimal(high),
        None if low is None else Decimal(low),
        None if tonnes is None else Decimal(tonnes),
    )


GOOD = ReportData(
    emissions=(emission(), emission("DA002", tonnes="0.5"), emission("DW001", "w01018", "50", "30", None)),
    totals=(TotalRow("a21026", Decimal(2)),),
    operations=(
        OperationRow("1号锅炉", Decimal(2000), "天然气", Decimal(12), "万立方米", "蒸汽", Decimal(800), "吨"),
    ),
    shutdowns=(ShutdownRow(D(2024, 2, 8), D(2024, 2, 17), "春节"),),
    commitment=True,
)


def check(data: ReportData, outlets=PERMIT, **period) -> tuple[Issue, ...]:
    return check_report(data, **(period or Q1), outlets=outlets)


def where(issues) -> list[tuple[str, int | None, str]]:
    return [(i.table, i.row, i.field) for i in issues]


def test_a_report_in_order_has_no_issue():
    assert check(GOOD) == ()
    assert check(GOOD, outlets=None) == ()


# ---------------------------------------------------------------------------------------------------
# The permit


def test_an_outlet_not_in_the_permit():
    data = dataclasses.replace(GOOD, emissions=(*GOOD.emissions, emission("DA009", tonnes="0")))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放情况", 5, "排放口编号", "DA009")
    assert "DA001、DA002、DW001" in issue.message
    assert check(data, outlets=None) == ()  # the permit's outlets unknown: not judged


def test_a_pollutant_not_permitted_at_that_outlet():
    data = dataclasses.replace(GOOD, emissions=(*GOOD.emissions, emission("DA002", "a21002", tonnes="0")))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放情况", 5, "污染物代码", "a21002")
    assert "DA002" in issue.message and "a21026" in issue.message


# ---------------------------------------------------------------------------------------------------
# Figures


def test_a_maximum_below_the_average():
    data = dataclasses.replace(GOOD, emissions=(emission(high="9", low="10"), *GOOD.emissions[1:]))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放情况", 2, "最大浓度", "9")
    assert issue.message == "最大浓度小于平均浓度（10）"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (emission(high="-1", low=None), "最大浓度"),
        (emission(low="-1"), "平均浓度"),
        (emission(tonnes="-1.5"), "实际排放量（吨）"),
    ],
)
def test_negative_emission_figures(row, field):
    data = dataclasses.replace(GOOD, emissions=(row, *GOOD.emissions[1:]))
    issues = [i for i in check(data) if i.message == "不能为负数"]
    assert where(issues) == [("排放情况", 2, field)]


def test_negative_operation_figures_and_total():
    data = dataclasses.replace(
        GOOD,
        totals=(TotalRow("a21026", Decimal(-2)),),
        operations=(OperationRow("窑", Decimal(-1), "煤", Decimal(-3), "吨", "砖", Decimal(-4), "万块"),),
    )
    negative = [i for i in check(data, outlets=None) if i.message == "不能为负数"]
    assert where(negative) == [
        ("排放量合计", 2, "实际排放量（吨）"),
        ("生产运行", 2, "运行时间（小时）"),
        ("生产运行", 2, "燃料用量"),
        ("生产运行", 2, "产量"),
    ]


def test_a_row_with_no_figure():
    data = dataclasses.replace(
        GOOD, emissions=(*GOOD.emissions, emission("DA001", "a21002", None, None, None))
    )
    assert where(check(data)) == [("排放情况", 5, "实际排放量（吨）")]


def test_a_row_twice():
    data = dataclasses.replace(GOOD, emissions=(*GOOD.emissions, emission(tonnes="0")))
    (issue,) = check(data)
    assert (issue.row, issue.field, issue.message) == (
        5,
        "污染物代码",
        "与第2行重复（排放口编号、污染物代码相同）",
    )


# ---------------------------------------------------------------------------------------------------
# Totals


def test_a_total_that_does_not_add_up():
    data = dataclasses.replace(GOOD, totals=(TotalRow("a21026", Decimal("2.5")),))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放量合计", 2, "实际排放量（吨）", "2.5")
    assert issue.message == (
        "合计不等于各排放口实际排放量之和2吨（DA001 1.5吨 + DA002 0.5吨，见“排放情况”第2、3行），"
        "相差0.5吨，超过舍入容差0.001吨（本局默认值）"
    )


def test_a_total_within_the_rounding_tolerance():
    assert Decimal("0.001") == TOTAL_TOLERANCE_T
    for total in ("2.001", "1.999"):
        assert check(dataclasses.replace(GOOD, totals=(TotalRow("a21026", Decimal(total)),))) == ()
    (issue,) = check(dataclasses.replace(GOOD, totals=(TotalRow("a21026", Decimal("2.0011")),)))
    assert "相差0.0011吨" in issue.message


def test_emissions_without_a_total_row():
    (issue,) = check(dataclasses.replace(GOOD, totals=()))
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放量合计", None, "污染物代码", "a21026")
    assert "“排放情况”第2、3行" in issue.message


def test_zero_emissions_need_no_total_row():
    data = dataclasses.replace(GOOD, emissions=(emission(tonnes="0"),), totals=())
    assert check(data) == ()


def test_a_total_without_outlet_emissions():
    data = dataclasses.replace(GOOD, totals=(*GOOD.totals, TotalRow("w01018", Decimal("0.3"))))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("排放量合计", 3, "污染物代码", "w01018")
    assert "合计无从核对" in issue.message
    zero = dataclasses.replace(GOOD, totals=(*GOOD.totals, TotalRow("w01018", Decimal(0))))
    assert check(zero) == ()


def test_a_total_twice():
    data = dataclasses.replace(GOOD, totals=(*GOOD.totals, TotalRow("a21026", Decimal(2))))
    assert where(check(data)) == [("排放量合计", 3, "污染物代码")]


# ---------------------------------------------------------------------------------------------------
# Operation


def test_hours_beyond_the_period():
    assert period_hours(D(2024, 1, 1), D(2024, 3, 31)) == 2184
    data = dataclasses.replace(GOOD, operations=(OperationRow("窑", Decimal(2185)),))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("生产运行", 2, "运行时间（小时）", "2185")
    assert issue.message == "超过报告期（2024-01-01至2024-03-31）的2184小时"
    assert check(dataclasses.replace(GOOD, operations=(OperationRow("窑", Decimal(2184)),))) == ()


def test_emissions_while_every_unit_ran_zero_hours():
    data = dataclasses.replace(
        GOOD, operations=(OperationRow("窑", Decimal(0)), OperationRow("线", Decimal(0)))
    )
    issues = check(data)
    assert where(issues) == [("排放情况", 2, "实际排放量（吨）"), ("排放情况", 3, "实际排放量（吨）")]
    assert "本局合理性校验" in issues[0].message
    one_ran = dataclasses.replace(
        data, operations=(OperationRow("窑", Decimal(0)), OperationRow("线", Decimal(1)))
    )
    assert check(one_ran) == ()


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (OperationRow("窑", Decimal(100), "煤", Decimal(3), ""), "燃料单位"),
        (OperationRow("窑", Decimal(100), "", Decimal(3), "吨"), "燃料"),
        (OperationRow("窑", Decimal(100), product="砖", production_amount=Decimal(3)), "产量单位"),
        (OperationRow("窑", Decimal(100), production_amount=Decimal(3), production_unit="万块"), "产品"),
    ],
)
def test_an_amount_without_its_unit_or_name(row, field):
    (issue,) = check(dataclasses.replace(GOOD, operations=(row,)))
    assert (issue.table, issue.row, issue.field) == ("生产运行", 2, field)


def test_fuel_or_product_of_a_unit_that_did_not_run():
    data = dataclasses.replace(
        GOOD,
        operations=(
            OperationRow("窑", Decimal(0), "煤", Decimal(3), "吨", "砖", Decimal(5), "万块"),
            OperationRow("锅炉", Decimal(100)),
        ),
    )
    assert where(check(data)) == [("生产运行", 2, "燃料用量"), ("生产运行", 2, "产量")]


def test_a_unit_twice():
    data = dataclasses.replace(
        GOOD, operations=(OperationRow("窑", Decimal(1)), OperationRow("窑", Decimal(2)))
    )
    assert where(check(data)) == [("生产运行", 3, "生产设施名称")]


# ---------------------------------------------------------------------------------------------------
# Shutdowns


def test_a_shutdown_ending_before_it_starts():
    data = dataclasses.replace(GOOD, shutdowns=(ShutdownRow(D(2024, 2, 17), D(2024, 2, 8), "春节"),))
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("停产时段", 2, "结束日期", "2024-02-08")
    assert issue.message == "结束日期早于开始日期（2024-02-17）"


def test_a_shutdown_outside_the_period():
    data = dataclasses.replace(
        GOOD,
        shutdowns=(
            ShutdownRow(D(2023, 12, 20), D(2024, 1, 10), "检修"),
            ShutdownRow(D(2024, 3, 25), D(2024, 4, 2), "检修"),
        ),
    )
    issues = check(data)
    assert where(issues) == [("停产时段", 2, "开始日期"), ("停产时段", 3, "结束日期")]
    assert issues[0].message == "不在报告期（2024-01-01至2024-03-31）内" and issues[0].value == "2023-12-20"


def test_a_shutdown_without_a_reason():
    data = dataclasses.replace(GOOD, shutdowns=(ShutdownRow(D(2024, 2, 8), D(2024, 2, 17), " "),))
    assert where(check(data)) == [("停产时段", 2, "原因")]


SHUT = ReportData(
    shutdowns=(
        ShutdownRow(D(2024, 1, 1), D(2024, 1, 31), "订单不足"),
        ShutdownRow(D(2024, 2, 1), D(2024, 3, 31), "设备改造"),
    ),
    commitment=True,
)


def test_a_whole_period_shutdown_needs_only_the_shutdown_statement():
    assert whole_period_shutdown(SHUT.shutdowns, **Q1)
    assert check(SHUT) == ()


def test_a_unit_operating_during_a_whole_period_shutdown():
    data = dataclasses.replace(
        SHUT, operations=(OperationRow("窑", Decimal(5)), OperationRow("线", Decimal(0)))
    )
    (issue,) = check(data)
    assert (issue.table, issue.row, issue.field, issue.value) == ("生产运行", 2, "运行时间（小时）", "5")


def test_emissions_during_a_whole_period_shutdown():
    data = dataclasses.replace(SHUT, emissions=(emission(tonnes="0.2"), emission("DA002", tonnes="0")))
    issues = check(data, outlets=None)
    assert where(issues) == [("排放情况", 2, "实际排放量（吨）"), ("排放量合计", None, "污染物代码")]


def test_a_period_not_wholly_shut_down_needs_emissions_and_operation():
    gap = ReportData(shutdowns=(ShutdownRow(D(2024, 1, 1), D(2024, 3, 30), "检修"),), commitment=True)
    assert not whole_period_shutdown(gap.shutdowns, **Q1)
    assert where(check(gap)) == [("排放情况", None, ""), ("生产运行", None, "")]
    assert where(check(ReportData(commitment=True))) == [("排放情况", None, ""), ("生产运行", None, "")]


# ---------------------------------------------------------------------------------------------------
# Commitment, rows, the whole


def test_the_commitment_must_be_yes():
    (issue,) = check(dataclasses.replace(GOOD, commitment=False))
    assert (issue.table, issue.row, issue.field) == ("承诺书", 2, "法定代表人承诺本报告内容真实、准确、完整")
    assert "填写“是”" in issue.message


def test_rows_given_by_the_reader_are_kept():
    row = dataclasses.replace(emission(high="1", low="2"), row=7)
    (issue,) = check(dataclasses.replace(GOOD, emissions=(row, *GOOD.emissions[1:])))
    assert issue.row == 7


def test_several_problems_at_once_in_table_order():
    data = ReportData(
        emissions=(emission("DA009", high="1", low="2", tonnes="1"),),
        totals=(TotalRow("a21026", Decimal(3)),),
        operations=(OperationRow("窑", Decimal(3000), "煤", Decimal(1)),),
        shutdowns=(ShutdownRow(D(2024, 3, 1), D(2024, 2, 1), "检修"),),
    )
    assert where(check(data)) == [
        ("排放情况", 2, "排放口编号"),
        ("排放情况", 2, "最大浓度"),
        ("排放量合计", 2, "实际排放量（吨）"),
        ("生产运行", 2, "运行时间（小时）"),
        ("生产运行", 2, "燃料单位"),
        ("停产时段", 2, "结束日期"),
        ("承诺书", 2, "法定代表人承诺本报告内容真实、准确、完整"),
    ]


def test_a_period_ending_before_it_starts_is_a_programming_error():
    with pytest.raises(ValueError, match="before it starts"):
        check_report(GOOD, period_start=D(2024, 2, 1), period_end=D(2024, 1, 1), outlets=None)


# ---------------------------------------------------------------------------------------------------
# Properties

tonnes = st.decimals(min_value=0, max_value=10**5, places=6, allow_nan=False, allow_infinity=False)
pollutants = st.sampled_from(["a21026", "a21002", "a34013", "w01018"])
outlet_codes = st.sampled_from(["DA001", "DA002", "DA003", "DW001"])


@given(st.dictionaries(st.tuples(outlet_codes, pollutants), tonnes, min_size=1, max_size=12))
def test_totals_that_are_exact_sums_never_raise_the_sum_issue(amounts):
    emissions = tuple(EmissionRow(o, p, None, None, t) for (o, p), t in amounts.items())
    sums: dict[str, Decimal] = {}
    for (_o, p), t in amounts.items():
        sums[p] = sums.get(p, Decimal(0)) + t
    data = ReportData(
        emissions=emissions,
        totals=tuple(TotalRow(p, s) for p, s in sums.items()),
        operations=(OperationRow("窑", Decimal(1)),),
        commitment=True,
    )
    assert check_report(data, **Q1, outlets=None) == ()


@given(
    st.dictionaries(st.tuples(outlet_codes, pollutants), tonnes, min_size=1, max_size=12),
    st.decimals(min_value=Decimal("0.000001"), max_value=10, places=6).filter(
        lambda d: d > TOTAL_TOLERANCE_T
    ),
)
def test_a_total_off_by_more_than_the_tolerance_is_always_named(amounts, off):
    sums: dict[str, Decimal] = {}
    for (_o, p), t in amounts.items():
        sums[p] = sums.get(p, Decimal(0)) + t
    first = next(iter(sums))
    data = ReportData(
        emissions=tuple(EmissionRow(o, p, None, None, t) for (o, p), t in amounts.items()),
        totals=tuple(TotalRow(p, s + off if p == first else s) for p, s in sums.items()),
        operations=(OperationRow("窑", Decimal(1)),),
        commitment=True,
    )
    issues = check_report(data, **Q1, outlets=None)
    assert where(issues) == [("排放量合计", 2, "实际排放量（吨）")]


@given(st.lists(st.integers(min_value=0, max_value=90), max_size=6, unique=True))
def test_shutdowns_that_tile_the_period_cover_it(cuts):
    start, end = Q1["period_start"], Q1["period_end"]
    days = sorted({0, *cuts})
    rows = [
        ShutdownRow(start + dt.timedelta(a), start + dt.timedelta(b - 1), "停产")
        for a, b in zip(days, [*days[1:], (end - start).days + 1], strict=True)
    ]
    assert whole_period_shutdown(rows, start, end)
    assert whole_period_shutdown(list(reversed(rows)), start, end)
    if len(rows) > 1:  # a day missing anywhere: not the whole period
        assert not whole_period_shutdown(rows[1:], start, end)
        assert not whole_period_shutdown(rows[:-1], start, end)
