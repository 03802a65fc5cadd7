"""The shared workbook engine (core/sheets.py): safe opening, header matching, cell readers. No database."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.core.sheets import (
    CellError,
    FileRejected,
    ImportIssue,
    column_letter,
    column_number,
    map_headers,
    open_workbook,
    read_bool,
    read_choice,
    read_code,
    read_date,
    read_decimal,
    read_number,
    read_text,
    shown,
)


def test_files_that_are_not_workbooks_are_rejected_with_a_reason():
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    cases = {
        b"": "文件为空",
        b"x" * 2048: "超过上限",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest": ".xls",
        b"plain text": "不是Excel工作簿",
        zipped.getvalue(): "WPS/Word",
    }
    for content, reason in cases.items():
        with pytest.raises(FileRejected, match=reason.replace(".", r"\.")):
            open_workbook(content, 1024)


def test_cell_readers():
    assert read_text(12.0) == "12" and read_text(" 甲 ") == "甲"
    assert read_code(" ｄａ 001 ", 10) == "DA001"
    assert read_number("1,234.5") == Decimal("1234.5")
    assert read_decimal("0.0005", decimal_places=3) == Decimal("0.001")  # rounded half up
    assert (
        read_date("2024年5月1日")
        == read_date(20240501)
        == read_date(dt.datetime(2024, 5, 1))
        == dt.date(2024, 5, 1)
    )
    assert read_bool("是") is True and read_bool("否") is False
    assert read_choice("重点管理", {"重点管理": "key"}) == "key"
    for reader, value, reason in (
        (read_text, True, "应填写文本"),
        (lambda v: read_code(v, 3), "DA001", "超过上限3个字符"),
        (read_decimal, "12吨", "不能带单位"),
        (read_decimal, -1, "不能为负数"),
        (read_decimal, float("nan"), "应为数字"),
        (read_date, "明天", "应为日期"),
        (read_date, "1900-01-01", "超出合理范围"),
        (read_bool, "对", "应填写“是”或“否”"),
        (lambda v: read_choice(v, {"甲": "a"}), "乙", "可选：甲"),
    ):
        with pytest.raises(CellError, match=reason):
            reader(value)


def test_shown_repeats_a_value_as_the_report_does():
    assert shown(None) == "" and shown(3.0) == "3" and shown(dt.datetime(2024, 5, 1)) == "2024-05-01"
    assert len(shown("长" * 500)) == 100


def test_headers_are_matched_and_each_problem_named():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Col:
        header: str
        field: str
        required: bool

    cols = (Col("编号", "code", True), Col("名称", "name", False), Col("日期", "on", True))
    issues: list[ImportIssue] = []
    assert map_headers("表", cols, ["*编号", None, " 名称 "], issues) is None
    assert [(i.row, i.column, i.header, i.message) for i in issues] == [
        (1, "", "日期", "缺少必填列“日期”；请使用导入模板")
    ]
    issues.clear()
    found = map_headers("表", cols, ["编号", "日期", "编号", "别的"], issues)
    assert found is None and [(i.column, i.header) for i in issues] == [("C", "编号"), ("D", "别的")]
    issues.clear()
    found = map_headers("表", cols, ["日期", "编号"], issues)
    assert found == {0: cols[2], 1: cols[0]} and issues == []


@given(st.integers(min_value=0, max_value=18277))  # XFD, the last column of an XLSX sheet
def test_column_letters_and_numbers_agree(index):
    assert column_number(column_letter(index)) == index + 1
    assert column_number("") == 0


def test_an_issue_says_where_it_is():
    issue = ImportIssue("排污单位", 7, "C", "统一社会信用代码", "123", "长度不对")
    assert str(issue) == "工作表“排污单位”第7行C列（统一社会信用代码），值“123”：长度不对"
    assert str(ImportIssue("", None, "", "", "", "文件为空")) == "文件：文件为空"
    assert ImportIssue.from_dict(issue.as_dict()) == issue
