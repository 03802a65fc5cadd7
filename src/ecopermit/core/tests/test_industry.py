"""GB/T 4754-2017 table and code normalisation (pure Python: no database, no Django settings needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.core import industry as ind
from ecopermit.core.industry import (
    IndustryCode,
    IndustryCodeError,
    all_codes,
    industry,
    industry_name,
    industry_path,
    is_valid,
    normalize_industry_code,
    search,
    section_of,
)

# The counts GB/T 4754-2017 itself states; a truncated or hand-edited CSV fails here first.
EXPECTED_COUNTS = {"section": 20, "division": 97, "group": 473, "class": 1381}


@pytest.mark.parametrize(("level", "count"), EXPECTED_COUNTS.items())
def test_counts_per_level(level: str, count: int) -> None:
    assert len(all_codes(level)) == count  # type: ignore[arg-type]


def test_all_codes_without_level_is_the_whole_table_in_order() -> None:
    rows = all_codes()
    assert len(rows) == sum(EXPECTED_COUNTS.values())
    assert rows[0].code == "A"
    assert len({row.code for row in rows}) == len(rows)


def test_all_codes_rejects_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="未知的行业分类层级"):
        all_codes("subclass")  # type: ignore[arg-type]


def test_sections_are_a_to_t() -> None:
    assert [row.code for row in all_codes("section")] == list("ABCDEFGHIJKLMNOPQRST")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C3731", "3731"),
        ("3731", "3731"),
        ("c 3731", "3731"),
        ("c3731", "3731"),
        ("C-3731", "3731"),
        (" 3360 ", "3360"),
        ("\t3360\n", "3360"),
        ("336", "336"),
        ("C336", "336"),
        ("37", "37"),
        ("C37", "37"),
        ("0111", "0111"),
        ("A0111", "0111"),
        ("011", "011"),
        ("01", "01"),
        ("Ｃ３７３１", "3731"),  # full-width, as typed with a Chinese input method
        ("\u3000C3731\u3000", "3731"),  # ideographic spaces around it
        ("C", "C"),
        ("c", "C"),
        ("N7721", "7721"),
    ],
)
def test_normalize_accepts(raw: str, expected: str) -> None:
    assert normalize_industry_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("X12", "行业代码“X12”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("1", "行业代码“1”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("37311", "行业代码“37311”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("CC3731", "行业代码“CC3731”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("37 31", "行业代码“37 31”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("金属船舶制造", "行业代码“金属船舶制造”格式不正确：应为2至4位数字，可带门类字母前缀"),
        ("3798", "行业代码“3798”不在GB/T 4754-2017中"),
        ("C3798", "行业代码“C3798”不在GB/T 4754-2017中"),
        ("99", "行业代码“99”不在GB/T 4754-2017中"),
        ("A3731", "行业代码“A3731”的门类字母“A”与代码不符：3731属于门类“C”（制造业）"),
        ("b37", "行业代码“b37”的门类字母“B”与代码不符：37属于门类“C”（制造业）"),
        ("", "行业代码为空"),
        ("   ", "行业代码为空"),
    ],
)
def test_normalize_rejects_with_chinese_message(raw: str, message: str) -> None:
    with pytest.raises(IndustryCodeError) as excinfo:
        normalize_industry_code(raw)
    assert str(excinfo.value) == message
    assert not is_valid(raw)


def test_numbers_are_refused_because_leading_zeros_are_lost() -> None:
    with pytest.raises(IndustryCodeError, match="应以文本形式填写"):
        normalize_industry_code(111)  # type: ignore[arg-type]


def test_industry_code_error_is_a_value_error() -> None:
    # Callers that only know ValueError (forms, serializers) must still catch it.
    assert issubclass(IndustryCodeError, ValueError)


def test_industry_record() -> None:
    row = industry("c 3731")
    assert row == IndustryCode(code="3731", level="class", name="金属船舶制造", parent="373", section="C")
    assert row.full_code == "C3731"
    assert row.level_name == "小类"
    assert str(row) == "C3731 金属船舶制造"
    assert industry("C").full_code == "C"
    assert industry_name("3360") == "金属表面处理及热处理加工"
    assert section_of("3731") == "C"
    assert section_of("0111") == "A"
    assert section_of("T") == "T"


def test_industry_path_runs_from_section_to_the_code() -> None:
    assert [row.code for row in industry_path("C3731")] == ["C", "37", "373", "3731"]
    assert [row.code for row in industry_path("336")] == ["C", "33", "336"]
    assert [row.code for row in industry_path("C")] == ["C"]


def test_every_class_parent_chain_reaches_its_section() -> None:
    by_code = {row.code: row for row in all_codes()}
    for row in all_codes("class"):
        group = by_code[row.parent]  # type: ignore[index]
        division = by_code[group.parent]  # type: ignore[index]
        section = by_code[division.parent]  # type: ignore[index]
        assert (group.level, division.level, section.level) == ("group", "division", "section")
        # Codes nest by prefix: class 3731 sits in group 373, which sits in division 37.
        assert row.code.startswith(group.code) and group.code.startswith(division.code)
        assert section.parent is None
        assert row.section == group.section == division.section == section.code
        assert [r.code for r in industry_path(row.code)] == [
            section.code,
            division.code,
            group.code,
            row.code,
        ]


def test_search_by_code_prefix_then_name() -> None:
    codes = [row.code for row in search("373")]
    assert codes[:3] == ["373", "3731", "3732"]
    assert all(code.startswith("373") for code in codes)
    assert [row.code for row in search("C37", limit=2)] == ["37", "371"]
    assert [row.code for row in search("c", limit=2)] == ["C", "13"]
    by_name = search("船舶")
    assert "3731" in [row.code for row in by_name]
    assert all("船舶" in row.name for row in by_name)


def test_search_limits_and_blank_input() -> None:
    assert len(search("制造", limit=5)) == 5
    assert search("") == []
    assert search("   ") == []
    assert search("制造", limit=0) == []
    assert search("没有这种行业") == []


def test_table_is_loaded_once() -> None:
    # functools.cache: every look-up shares one parsed table instead of re-reading the CSV.
    assert ind._table() is ind._table()


_DIGIT_CODES = [row for row in all_codes() if row.level != "section"]


@given(
    row=st.sampled_from(_DIGIT_CODES),
    with_letter=st.booleans(),
    lower=st.booleans(),
    gap=st.sampled_from(["", " ", "  ", "-"]),
    pad_left=st.sampled_from(["", " ", "\t", "\u3000"]),
    pad_right=st.sampled_from(["", " ", "\n", "\u3000"]),
)
def test_every_code_round_trips_with_and_without_its_section_letter(
    row: IndustryCode, with_letter: bool, lower: bool, gap: str, pad_left: str, pad_right: str
) -> None:
    letter = row.section.lower() if lower else row.section
    body = f"{letter}{gap}{row.code}" if with_letter else row.code
    raw = f"{pad_left}{body}{pad_right}"
    assert normalize_industry_code(raw) == row.code
    assert industry(raw) == row


def test_every_code_round_trips_exhaustively() -> None:
    # The property test samples; this walks all 1,971 rows once, both spellings, so none is missed.
    for row in all_codes():
        assert normalize_industry_code(row.code) == row.code
        assert normalize_industry_code(row.full_code) == row.code
        assert normalize_industry_code(row.full_code.lower()) == row.code


@given(row=st.sampled_from(_DIGIT_CODES), letter=st.sampled_from(list("ABCDEFGHIJKLMNOPQRST")))
def test_a_wrong_section_letter_is_always_refused(row: IndustryCode, letter: str) -> None:
    raw = f"{letter}{row.code}"
    if letter == row.section:
        assert normalize_industry_code(raw) == row.code
    else:
        with pytest.raises(IndustryCodeError, match="门类字母"):
            normalize_industry_code(raw)
