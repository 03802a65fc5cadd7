"""Survey import of converted (折算) flue-gas limits, ``a21026-Zs`` (issue 10, M2): accepted, marked converted,
with the reference O2 of the standard named in 依据 (GB 13271-2014 表6, §5.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ecopermit.registry.importer.parse import ImportIssue
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import ImportBatch, OutletLimit
from ecopermit.registry.tests.conftest import facility_row, survey_code

pytestmark = pytest.mark.django_db

OUTLET = {
    "统一社会信用代码": survey_code(1),
    "排放口编号": "DA001",
    "排放口名称": "锅炉废气",
    "排放介质": "废气",
    "排放口类型": "一般排放口",
}


def _limit(code: str, source: str = "GB 13271-2014 表2", o2: object = None) -> dict[str, object]:
    row: dict[str, object] = {
        "统一社会信用代码": survey_code(1),
        "排放口编号": "DA001",
        "污染物代码": code,
        "统计方式": "小时均值",
        "限值": 50,
        "单位": "mg/m³",
        "依据（标准或许可条款）": source,
        "起始日期": "2024-01-01",
    }
    if o2 is not None:
        row["基准氧含量（%）"] = o2
    return row


def _preview(survey_book, officer, *limits):  # type: ignore[no-untyped-def]
    content = survey_book({"排污单位": [facility_row(1)], "排放口": [OUTLET], "排放限值": list(limits)})
    return survey_preview(actor=officer, file_name="survey.xlsx", content=content)


def _messages(batch: ImportBatch) -> list[tuple[str, str]]:
    return [(i.header, i.message) for i in map(ImportIssue.from_dict, batch.errors)]


def test_converted_limit_is_imported_with_its_reference_o2(survey_book, officer):
    batch = _preview(
        survey_book, officer, _limit("a21026-Zs", o2=3.5), _limit("A21002-ZS", o2="3.5"), _limit("a01010")
    )
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors
    survey_apply(actor=officer, batch_id=batch.pk)
    rows = {r.pollutant_code: (r.converted, r.reference_o2) for r in OutletLimit.objects.all()}
    assert rows == {
        "a21026": (True, Decimal("3.5")),
        "a21002": (True, Decimal("3.5")),
        "a01010": (False, None),  # 林格曼黑度: not converted
    }
    assert OutletLimit.objects.get(pollutant_code="a21026").pollutant_name == "二氧化硫"


def test_reference_o2_is_filled_in_when_the_basis_names_the_plant(survey_book, officer):
    """GB 13271-2014 表6: 燃气锅炉 3.5 %, 燃煤锅炉 9 %; 依据 naming the kind of boiler settles it."""
    batch = _preview(
        survey_book,
        officer,
        _limit("a21026-Zs", source="GB 13271-2014 表2 燃气锅炉"),
        _limit("a34013-Zs", source="GB 13271-2014 表1 燃煤锅炉"),
    )
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors
    survey_apply(actor=officer, batch_id=batch.pk)
    rows = {r.pollutant_code: r.reference_o2 for r in OutletLimit.objects.all()}
    assert rows == {"a21026": Decimal("3.5"), "a34013": Decimal("9")}


def test_converted_limit_without_reference_o2_names_the_standards_values(survey_book, officer):
    batch = _preview(survey_book, officer, _limit("a21026-Zs"))
    assert _messages(batch) == [
        ("基准氧含量（%）", "折算限值（a21026-Zs）须填写基准氧含量（GB 13271-2014规定3.5%、9%）")
    ]


def test_reference_o2_not_of_the_standard_is_refused(survey_book, officer):
    batch = _preview(survey_book, officer, _limit("a21026-Zs", o2=6))
    assert _messages(batch) == [
        ("基准氧含量（%）", "GB 13271-2014对该污染物规定的基准氧含量为3.5%、9%，不是6%")
    ]


def test_reference_o2_of_a_standard_not_in_the_table_is_taken_as_given(survey_book, officer):
    batch = _preview(survey_book, officer, _limit("a21026-Zs", source="舟环许可〔2024〕3号", o2=6))
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors


@pytest.mark.parametrize("o2", [21, 25])
def test_reference_o2_at_or_above_air_is_refused(survey_book, officer, o2):
    batch = _preview(survey_book, officer, _limit("a21026-Zs", source="许可证", o2=o2))
    assert _messages(batch) == [("基准氧含量（%）", "基准氧含量应不小于0且小于21%")]


def test_reference_o2_on_a_measured_limit_is_refused(survey_book, officer):
    batch = _preview(survey_book, officer, _limit("a21026", o2=3.5))
    ((header, message),) = _messages(batch)
    assert header == "基准氧含量（%）" and "a21026-Zs" in message


def test_unknown_code_with_zs_is_still_refused(survey_book, officer):
    batch = _preview(survey_book, officer, _limit("x99999-Zs", o2=3.5))
    ((header, message),) = _messages(batch)
    assert header == "污染物代码" and "不在HJ 212-2017污染物编码表中" in message
