"""Ledger entries by XLSX upload (issue 13 M5): the template (HJ 944 categories as a drop-down of their Chinese
names) and its reader (filings/ledger_sheets.py), and ``ledger_import``: every row appended through
``ledger_entry_add`` (abnormal rows reported to the officers as on screen) or none, each error named by sheet, row
and column."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from ecopermit.filings import ledger_services as services
from ecopermit.filings import ledger_sheets
from ecopermit.filings.models import LedgerCategory, LedgerEntry
from ecopermit.filings.tests.selfmon_kit import audit, notes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]

SHEET = ledger_sheets.SHEET


def fill(rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(ledger_sheets.build_template()))
    ws = wb[SHEET]
    for values in rows:
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def where(issues) -> list[tuple[str, int | None, str]]:
    return [(i.sheet, i.row, i.column) for i in issues]


def do_import(personas, content: bytes):
    return services.ledger_import(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        content=content,
        file_name="台账.xlsx",
    )


def test_the_categories_are_the_screens_chinese_names():
    with translation.override("zh-hans"):
        screen = {str(label): value for value, label in LedgerCategory.choices}
    assert dict(ledger_sheets.CATEGORIES) == screen


def test_template_round_trip():
    wb = load_workbook(io.BytesIO(ledger_sheets.build_template()))
    ws = wb[SHEET]
    assert [c.value for c in ws[1]] == ["类别", "设施或排放口", "日期", "记录内容", "是否异常"]
    formulas = {str(v.formula1) for v in ws.data_validations.dataValidation}
    lists = wb[wb.sheetnames[-1]]
    assert wb.sheetnames[-1] == "下拉选项" and lists.sheet_state == "hidden"
    assert [r[0] for r in lists.iter_rows(min_row=2, values_only=True) if r[0]] == list(
        ledger_sheets.CATEGORIES
    )
    assert len(formulas) == 2
    rows, issues = ledger_sheets.read_ledger(
        fill(
            [
                ["生产设施运行管理信息", "1号船坞", "2025-06-30", "坞修2艘", "否"],
                ["污染防治设施非正常工况信息", "TA001 RTO", dt.date(2025, 6, 29), "停炉检修4小时", None],
                ["监测记录信息", "DA001", "2025/6/28", "手工监测一次", "是"],
            ]
        )
    )
    assert issues == []
    assert [r.values for r in rows] == [
        {
            "category": "production",
            "subject": "1号船坞",
            "occurred_on": dt.date(2025, 6, 30),
            "content": "坞修2艘",
            "abnormal": False,
        },
        {
            "category": "treatment_abnormal",
            "subject": "TA001 RTO",
            "occurred_on": dt.date(2025, 6, 29),
            "content": "停炉检修4小时",
        },
        {
            "category": "monitoring",
            "subject": "DA001",
            "occurred_on": dt.date(2025, 6, 28),
            "content": "手工监测一次",
            "abnormal": True,
        },
    ]


def test_each_error_is_named_and_a_file_with_an_error_stores_nothing(personas):
    content = fill(
        [
            ["生产设施运行管理信息", "1号船坞", "2025-06-30", "正常", "否"],  # fine
            ["生产设施", "1号船坞", "2025-06-30", "正常", "否"],  # not a category
            ["其他", "", "2025-06-30", "正常", "否"],  # no subject
            ["其他", "1号船坞", "昨天", "正常", "否"],  # not a date
            ["其他", "1号船坞", "2025-06-30", "正常", "也许"],  # not 是/否
        ]
    )
    outcome = do_import(personas, content)
    assert where(outcome.issues) == [(SHEET, 3, "A"), (SHEET, 4, "B"), (SHEET, 5, "C"), (SHEET, 6, "E")]
    assert "可选" in outcome.issues[0].message
    assert LedgerEntry.objects.count() == 0
    # a row the service refuses (a date after today) rolls back the rows before it, abnormal notices included
    content = fill(
        [
            ["生产设施非正常工况信息", "1号船坞", "2025-06-30", "停电2小时", "是"],
            ["其他", "1号船坞", "2025-07-02", "正常", "否"],
        ]
    )
    outcome = do_import(personas, content)
    assert where(outcome.issues) == [(SHEET, 3, "C")]
    assert LedgerEntry.objects.count() == 0 and notes(personas["officer"]) == []
    assert audit("filings.ledger.add") == [] and audit("filings.ledger.import") == []


def test_a_valid_file_appends_every_row_and_reports_the_abnormal_ones(personas, login):
    client = login(personas["shipyard_manager"])
    pk = personas["shipyard"].pk
    template = client.get(f"/filings/ledger/{pk}/template/")
    assert template.status_code == 200
    content = fill(
        [
            ["生产设施运行管理信息", "1号船坞", "2025-06-30", "坞修2艘", "否"],
            ["污染防治设施非正常工况信息", "TA001 RTO", "2025-06-29", "停炉检修4小时", ""],
            ["药剂及原辅料使用信息", "DW001", "2025-06-28", "PAC 120 kg", "是"],
        ]
    )
    response = client.post(f"/filings/ledger/{pk}/import/", {"file": SimpleUploadedFile("t.xlsx", content)})
    assert response.status_code == 302
    entries = list(LedgerEntry.objects.order_by("pk"))
    assert [(e.category, e.subject, e.abnormal, e.entered_by) for e in entries] == [
        ("production", "1号船坞", False, personas["shipyard_manager"]),
        ("treatment_abnormal", "TA001 RTO", True, personas["shipyard_manager"]),
        ("reagent", "DW001", True, personas["shipyard_manager"]),
    ]
    officer_notes = notes(personas["officer"])
    assert len(officer_notes) == 2 and "停炉检修4小时" in officer_notes[0].text
    assert officer_notes[0].link == "/filings/ledger/abnormal/"
    assert len(audit("filings.ledger.add")) == 3
    (event,) = audit("filings.ledger.import")
    assert event.after["entries"] == [e.pk for e in entries] and event.after["abnormal"] == [
        entries[1].pk,
        entries[2].pk,
    ]


def test_errors_are_listed_on_the_page(personas, login):
    client = login(personas["shipyard_manager"])
    pk = personas["shipyard"].pk
    content = fill([["生产设施", "1号船坞", "2025-06-30", "正常", "否"]])
    response = client.post(f"/filings/ledger/{pk}/import/", {"file": SimpleUploadedFile("t.xlsx", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "import-issues" in page and "生产设施" in page and LedgerEntry.objects.count() == 0


def test_another_enterprise_gets_404(personas, login):
    fish = login(personas["fish_manager"])
    pk = personas["shipyard"].pk
    content = fill([["其他", "1号船坞", "2025-06-30", "正常", "否"]])
    assert fish.get(f"/filings/ledger/{pk}/template/").status_code == 404
    response = fish.post(f"/filings/ledger/{pk}/import/", {"file": SimpleUploadedFile("t.xlsx", content)})
    assert response.status_code == 404 and LedgerEntry.objects.count() == 0
