"""Fixtures of the registry tests. The personas and the district come from ``ecopermit.testing.fixtures``."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from ecopermit.accounts.roles import Role
from ecopermit.registry.credit_code import make_credit_code


def survey_code(n: int) -> str:
    """A well-formed credit code for survey rows, distinct from the personas' codes."""
    return make_credit_code(f"MA{n:06d}")


def facility_row(n: int, **overrides: Any) -> dict[str, Any]:
    """A valid 排污单位 row (headers → values) for facility number ``n``, in 盐仓街道."""
    row = {
        "统一社会信用代码": survey_code(n),
        "单位名称": f"定海测试船舶修造有限公司{n}",
        "法定代表人": "张三",
        "地址": f"定海区盐仓街道海港路{n}号",
        "所属镇（街道）": "盐仓街道",
        "纬度": 30.03,
        "经度": 122.04,
        "行业代码": "3731、3360",
        "生产状态": "正常生产",
        "占地面积（亩）": 35.5,
        "年产值（万元）": 12000,
        "联系人": "李四",
        "联系电话": "0580-8000000",
        "是否列入重点排污单位名录": "否",
        "是否在工业厂房内生产": "是",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


@pytest.fixture
def survey_book(district) -> Callable[..., bytes]:  # type: ignore[no-untyped-def]
    """Fills the real template: ``survey_book({"排污单位": [row, ...], "锅炉": [...]})`` → XLSX bytes.

    Rows are written from row 2 down, in order; a key not among the sheet's headers fails loudly.
    """
    from ecopermit.registry.importer.template import build_template

    template = build_template()

    def build(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
        wb = load_workbook(io.BytesIO(template))
        for name, rows in sheets.items():
            ws = wb[name]
            headers = {cell.value: cell.column for cell in ws[1]}
            for offset, row in enumerate(rows):
                for header, value in row.items():
                    ws.cell(2 + offset, headers[header], value)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    return build


@pytest.fixture
def officer(make_user):  # type: ignore[no-untyped-def]
    """王科长, a bureau officer who runs the survey import."""
    return make_user(Role.BUREAU_OFFICER, "officer_wang", display_name="王科长")
