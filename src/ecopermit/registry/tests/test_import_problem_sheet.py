"""The survey's 问题 sheet (P1, issue 10 §6): towns and departments report problems found on the ground, with
the same sheet/row/column errors as the other sheets, and a file with any error imports nothing. The 监测结果
sheet hangs on outlets like the limits do."""

from __future__ import annotations

import pytest

from ecopermit.cases.models import Problem
from ecopermit.registry.importer.parse import ImportIssue
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import Facility, ImportBatch, OutletMeasurement, SurveyProblem
from ecopermit.registry.tests.conftest import facility_row, survey_code

pytestmark = pytest.mark.django_db


def _problem(**overrides):  # type: ignore[no-untyped-def]
    row = {
        "统一社会信用代码": survey_code(1),
        "问题编号": "P001",
        "问题类型": "排放口未规范化设置",
        "问题描述": "雨水排放口未设置标志牌",
        "发现日期": "2026-05-20",
        "报告单位": "盐仓街道",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def _issues(batch: ImportBatch) -> list[str]:
    return [str(ImportIssue.from_dict(e)) for e in batch.errors]


def test_a_reported_problem_is_stored_and_raised(survey_book, officer):
    content = survey_book({"排污单位": [facility_row(1)], "问题": [_problem()]})
    batch = survey_preview(actor=officer, file_name="盐仓街道问题.xlsx", content=content)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors
    survey_apply(actor=officer, batch_id=batch.pk)
    reported = SurveyProblem.objects.get()
    assert (reported.number, reported.kind, reported.reported_by) == (
        "P001",
        "outlet_not_standard",
        "盐仓街道",
    )
    problem = Problem.objects.get(source="survey")
    assert problem.source_ref == "survey:P001" and problem.kind == "outlet_not_standard"
    assert problem.description == "雨水排放口未设置标志牌" and problem.category == "other"
    assert SurveyProblem.history.get().history_user_id == officer.pk


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"问题类型": "乱排"}, "工作表“问题”第2行C列（问题类型），值“乱排”：不是可选值"),
        ({"问题描述": None}, "工作表“问题”第2行D列（问题描述）：必填项，不能为空"),
        ({"发现日期": "去年"}, "工作表“问题”第2行F列（发现日期），值“去年”：应为日期"),
        ({"排放口编号": "DW009"}, "工作表“问题”第2行E列（排放口编号），值“DW009”：单位"),
        ({"统一社会信用代码": survey_code(2)}, "工作表“问题”第2行A列（统一社会信用代码）"),
    ],
)
def test_errors_name_sheet_row_and_column_and_nothing_is_written(survey_book, officer, overrides, expected):
    content = survey_book({"排污单位": [facility_row(1)], "问题": [_problem(**overrides)]})
    batch = survey_preview(actor=officer, file_name="x.xlsx", content=content)
    assert batch.status == ImportBatch.Status.REJECTED
    assert any(i.startswith(expected) for i in _issues(batch)), _issues(batch)
    assert not Facility.objects.exists() and not SurveyProblem.objects.exists()


def test_a_duplicate_problem_number_is_an_error(survey_book, officer):
    content = survey_book(
        {"排污单位": [facility_row(1)], "问题": [_problem(), _problem(问题描述="另一问题")]}
    )
    batch = survey_preview(actor=officer, file_name="x.xlsx", content=content)
    assert any("工作表“问题”第3行B列（问题编号）" in i and "与第2行重复" in i for i in _issues(batch)), (
        _issues(batch)
    )


def test_a_measurement_needs_its_outlet(survey_book, officer):
    row = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA009",
        "污染物代码": "a24088",
        "采样日期": "2026-06-12",
        "监测值": 72,
        "单位": "mg/m³",
    }
    batch = survey_preview(
        actor=officer,
        file_name="x.xlsx",
        content=survey_book({"排污单位": [facility_row(1)], "监测结果": [row]}),
    )
    assert any(i.startswith("工作表“监测结果”第2行B列（排放口编号）") for i in _issues(batch)), _issues(batch)
    assert not OutletMeasurement.objects.exists()
