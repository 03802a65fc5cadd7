"""The list toolkit: cells, sheets and download names (issue 11 item 12)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import translation
from openpyxl import load_workbook

from ecopermit.core.tables import EXPORT_MAX_ROWS, Column, attachment, cell, xlsx_bytes


class Colour(models.TextChoices):
    RED = "red", "Red"


def test_cells_are_beijing_time_labels_words_and_numbers():
    utc = dt.datetime(2026, 12, 3, 6, 46, tzinfo=dt.UTC)
    assert cell(utc) == dt.datetime(2026, 12, 3, 14, 46)
    assert cell(dt.datetime(2026, 12, 3, 14, 46, tzinfo=ZoneInfo("Asia/Shanghai"))) == dt.datetime(
        2026, 12, 3, 14, 46
    )
    assert cell(Colour.RED) == "Red"
    assert cell(Decimal("1.50")) == 1.5 and cell(None) == "" and cell(7) == 7
    with translation.override("zh-hans"):
        assert (cell(True), cell(False)) == ("是", "否")


def test_a_sheet_has_its_translated_header_and_one_row_per_item():
    columns = (Column("Name", lambda r: r[0]), Column("When", lambda r: r[1]))
    data = xlsx_bytes("清单", columns, [("甲", dt.date(2026, 1, 2)), ("乙", None)])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "清单"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "When")
    assert rows[1][0] == "甲" and rows[1][1].date() == dt.date(2026, 1, 2)
    assert rows[2] == ("乙", None)


def test_a_sheet_stops_at_the_export_limit():
    import ecopermit.core.tables as tables

    saved = tables.EXPORT_MAX_ROWS
    tables.EXPORT_MAX_ROWS = 3
    try:
        data = xlsx_bytes("t", (Column("n", lambda r: r),), range(10))
    finally:
        tables.EXPORT_MAX_ROWS = saved
    assert len(list(load_workbook(io.BytesIO(data)).active.iter_rows())) == 4
    assert saved == EXPORT_MAX_ROWS


def test_a_download_is_named_in_chinese_with_an_ascii_fallback():
    response = attachment(b"x", "数采仪_2026-12-03.xlsx")
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="2026-12-03.xlsx"; ')
    assert "filename*=UTF-8''%E6%95%B0%E9%87%87%E4%BB%AA_2026-12-03.xlsx" in header
    assert 'filename="export.xlsx"' in attachment(b"x", "数采仪.xlsx")["Content-Disposition"]
