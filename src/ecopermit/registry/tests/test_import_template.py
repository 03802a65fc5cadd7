"""The survey template: built from the schema, so what it asks for is what the parser reads (R5)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ecopermit.registry.importer.schema import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    SHEETS,
    TEXT_FORMAT_KINDS,
    Kind,
)
from ecopermit.registry.importer.template import build_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(district):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(build_template()))


def test_instructions_first_then_one_sheet_per_kind_of_record(workbook):
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, *(s.name for s in SHEETS), LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook.active.title == INSTRUCTIONS_SHEET


def test_each_data_sheet_has_only_its_styled_frozen_header(workbook):
    for sheet in SHEETS:
        ws = workbook[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.max_row == 1, f"{sheet.name} holds more than the header"
        assert ws.freeze_panes == "A2"
        for cell, column in zip(ws[1], sheet.columns, strict=True):
            assert cell.font.b
            assert cell.comment is not None and column.describe() in cell.comment.text
            if column.kind in TEXT_FORMAT_KINDS:
                assert ws.column_dimensions[cell.column_letter].number_format == "@", column.header


def test_choice_columns_have_drop_downs(workbook):
    lists = workbook[LISTS_SHEET]
    for sheet in SHEETS:
        ws = workbook[sheet.name]
        validated = {}
        for dv in ws.data_validations.dataValidation:
            for cell_range in dv.sqref.ranges:
                validated[cell_range.coord.split(":")[0][:-1]] = dv
        for index, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(1, index).column_letter
            if column.kind in (Kind.CHOICE, Kind.BOOL, Kind.TOWN, Kind.PARK):
                assert letter in validated, f"{sheet.name}/{column.header} has no drop-down"
            if column.kind == Kind.CHOICE:
                ref = validated[letter].formula1.split("!")[1].replace("$", "")
                values = [c.value for row in lists[ref] for c in row]
                assert values == list(column.choices or {})


def test_the_example_row_is_on_the_instructions_sheet_only(workbook):
    text = {
        str(c.value) for row in workbook[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value is not None
    }
    for sheet in SHEETS:
        assert f"工作表：{sheet.name}" in text
        for column in sheet.columns:
            assert column.header in text
            if column.example:
                assert column.example in text
    assert any("不删除" in t for t in text)  # the instructions say the import never deletes
    listed = {c.value for row in workbook[LISTS_SHEET].iter_rows() for c in row}
    assert {"盐仓街道", "干览镇", "定海工业园区"} <= listed  # the district's places, for the drop-downs
