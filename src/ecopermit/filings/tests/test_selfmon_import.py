"""Self-monitoring results by XLSX upload (issue 13 M3): the facility's template and its reader
(filings/selfmon_sheets.py), and ``monitoring_results_import``: every row stored through ``monitoring_result_add``
(source "xlsx", exceedance problems as on screen) or none, each error named by sheet, row and column."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from ecopermit.cases.models import Problem
from ecopermit.filings import selfmon_services as services
from ecopermit.filings import selfmon_sheets
from ecopermit.filings.models import MonitoringPlanItem, MonitoringResult
from ecopermit.filings.tests.selfmon_kit import COD, NOX, SO2, audit, notes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]

LAB, METHOD = "舟山市环科检测有限公司", "HJ 57-2017 定电位电解法"


@pytest.fixture
def plan(personas, shipyard_plant):  # type: ignore[no-untyped-def]
    services.monitoring_plan_generate(actor=personas["officer"], facility_id=personas["shipyard"].pk)
    return {
        (i.outlet.code, i.pollutant_code): i
        for i in MonitoringPlanItem.objects.filter(facility=personas["shipyard"]).select_related("outlet")
    }


def fill(template: bytes, rows: list[list[Any]], *, headers: list[str] | None = None) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    ws = wb[selfmon_sheets.SHEET]
    if headers is not None:
        for index, header in enumerate(headers, start=1):
            ws.cell(1, index, header)
    for values in rows:
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(outlet="DA001", pollutant=SO2, day="2025-05-20", value="32.5", unit="mg/m3") -> list[Any]:
    return [outlet, pollutant, day, LAB, METHOD, value, unit]


def where(issues) -> list[tuple[str, int | None, str]]:
    return [(i.sheet, i.row, i.column) for i in issues]


def do_import(personas, content: bytes):
    return services.monitoring_results_import(
        actor=personas["shipyard_manager"],
        facility_id=personas["shipyard"].pk,
        content=content,
        file_name="自行监测结果.xlsx",
    )


def test_template_lists_the_plan_and_reads_back(personas, plan):
    from ecopermit.filings.selfmon_selectors import template_plan_rows

    template = selfmon_sheets.build_template(template_plan_rows(personas["shipyard"].pk))
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames[:3] == ["说明", selfmon_sheets.SHEET, selfmon_sheets.PLAN_SHEET]
    headers = [c.value for c in wb[selfmon_sheets.SHEET][1]]
    assert headers == ["排放口编号", "污染物代码", "采样日期", "监测机构", "监测方法", "监测值", "单位"]
    listed = {
        (r[0], r[2], r[4], r[5]) for r in wb[selfmon_sheets.PLAN_SHEET].iter_rows(min_row=2, values_only=True)
    }
    assert ("DA001", SO2, "50", "mg/m3") in listed and ("DW001", COD, "500", "mg/L") in listed
    rows, issues = selfmon_sheets.read_results(
        fill(template, [row(), row("da001", NOX, dt.date(2025, 6, 1), 80)])
    )
    assert issues == []
    assert [r.values for r in rows] == [
        {
            "outlet_code": "DA001",
            "pollutant_code": SO2,
            "sampled_on": dt.date(2025, 5, 20),
            "laboratory": LAB,
            "method": METHOD,
            "value": Decimal("32.5"),
            "unit": "mg/m3",
        },
        {
            "outlet_code": "DA001",
            "pollutant_code": NOX,
            "sampled_on": dt.date(2025, 6, 1),
            "laboratory": LAB,
            "method": METHOD,
            "value": Decimal("80"),
            "unit": "mg/m3",
        },
    ]
    assert rows[0].row == 2 and rows[1].row == 3


def test_each_error_of_the_file_is_named_by_sheet_row_and_column(personas, plan):
    template = selfmon_sheets.build_template([])
    content = fill(
        template,
        [
            row(day="2025-13-01"),
            row(value="-1"),
            row(value="30 mg"),
            ["DA001", SO2, "2025-05-01", "", METHOD, "1", "mg/m3"],
        ],
    )
    rows, issues = selfmon_sheets.read_results(content)
    sheet = selfmon_sheets.SHEET
    assert where(issues) == [(sheet, 2, "C"), (sheet, 3, "F"), (sheet, 4, "F"), (sheet, 5, "D")]
    assert "不能为负数" in issues[1].message and issues[3].message == "必填项，不能为空"
    assert rows == []
    bad_header = fill(template, [], headers=["排放口", "污染物代码"])
    _rows, issues = selfmon_sheets.read_results(bad_header)
    assert (sheet, 1, "A") in where(issues)
    _rows, issues = selfmon_sheets.read_results(b"not a workbook")
    assert len(issues) == 1 and issues[0].row is None and "xlsx" in issues[0].message


def test_rows_against_the_plan_and_the_limit_are_named_and_nothing_is_stored(personas, plan):
    template = selfmon_sheets.build_template([])
    content = fill(
        template,
        [
            row(),  # fine
            row(outlet="DA009"),  # not an outlet of the plan
            row(pollutant=COD),  # not a pollutant of DA001
            row(value="33", unit="mg/L"),  # not the limit's unit
            row(value="34", day="2025-07-02"),  # after today
            row(),  # the first row again
        ],
    )
    outcome = do_import(personas, content)
    assert not outcome.ok and outcome.stored == ()
    sheet = selfmon_sheets.SHEET
    assert where(outcome.issues) == [
        (sheet, 3, "A"),
        (sheet, 4, "B"),
        (sheet, 5, "G"),
        (sheet, 6, "C"),
        (sheet, 7, ""),
    ]
    assert "第2行" in outcome.issues[-1].message
    assert "第3行A列（排放口编号）" in str(outcome.issues[0])
    assert MonitoringResult.objects.count() == 0 and audit("filings.result.add") == []
    assert audit("filings.result.import") == []


def test_a_row_refused_by_the_service_stores_nothing_even_after_good_rows(personas, plan):
    # the plan check passes; monitoring_result_add refuses the unit of row 3 after row 2 (over the limit) was added
    content = fill(selfmon_sheets.build_template([]), [row(value="61.2"), row(unit="mg/L")])
    outcome = do_import(personas, content)
    assert where(outcome.issues) == [(selfmon_sheets.SHEET, 3, "G")]
    assert MonitoringResult.objects.count() == 0 and not Problem.objects.exists()
    assert notes(personas["officer"]) == []


def test_a_valid_file_stores_every_row_as_screen_entry_does(personas, plan, login):
    client = login(personas["shipyard_manager"])
    pk = personas["shipyard"].pk
    template = client.get(f"/filings/selfmon/{pk}/results/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    content = fill(
        template.content,
        [
            row(),
            row(value="61.2", unit="mg/m³", day="2025-06-03"),
            row("DW001", COD, "2025-06-10", "120", "mg/L"),
        ],
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/filings/selfmon/{pk}/results/import/", {"file": SimpleUploadedFile("r.xlsx", content)}
    )
    assert response.status_code == 302
    results = list(MonitoringResult.objects.order_by("pk"))
    assert [(r.plan_item, r.sampled_on, r.value, r.source) for r in results] == [
        (plan[("DA001", SO2)], dt.date(2025, 5, 20), Decimal("32.5"), "xlsx"),
        (plan[("DA001", SO2)], dt.date(2025, 6, 3), Decimal("61.2"), "xlsx"),
        (plan[("DW001", COD)], dt.date(2025, 6, 10), Decimal("120"), "xlsx"),
    ]
    assert all(r.laboratory == LAB and r.entered_by == personas["shipyard_manager"] for r in results)
    over = results[1]
    assert over.over_limit and Problem.objects.get(pk=over.problem_id).kind == "over_standard"
    assert [p.source_ref for p in Problem.objects.all()] == [f"filings.result:{over.pk}"]
    (note,) = notes(personas["officer"])
    assert "61.2" in note.text
    assert len(audit("filings.result.add")) == 3
    (event,) = audit("filings.result.import")
    assert event.after["results"] == [r.pk for r in results] and event.after["over_limit"] == [over.pk]
    # the same file again: every row is already stored, and nothing more is
    again = do_import(personas, content)
    assert len(again.issues) == 3 and MonitoringResult.objects.count() == 3


def test_errors_are_listed_on_the_page(personas, plan, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(personas["shipyard_manager"])
    pk = personas["shipyard"].pk
    content = fill(selfmon_sheets.build_template([]), [row(outlet="DA009")])
    response = client.post(
        f"/filings/selfmon/{pk}/results/import/", {"file": SimpleUploadedFile("r.xlsx", content)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "import-issues" in page and "DA009" in page and "本单位的自行监测方案中没有该排放口" in page
    assert MonitoringResult.objects.count() == 0


def test_another_enterprise_gets_404(personas, plan, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fish = login(personas["fish_manager"])
    pk = personas["shipyard"].pk
    content = fill(selfmon_sheets.build_template([]), [row()])
    assert fish.get(f"/filings/selfmon/{pk}/results/template/").status_code == 404
    response = fish.post(
        f"/filings/selfmon/{pk}/results/import/", {"file": SimpleUploadedFile("r.xlsx", content)}
    )
    assert response.status_code == 404 and MonitoringResult.objects.count() == 0


def test_automatic_lines_take_the_monthly_mean_of_the_online_data_once(personas, plan):
    from ecopermit.filings.tests.xcheck_kit import local, online

    item = plan[("DA001", SO2)]
    MonitoringPlanItem.objects.filter(pk=item.pk).update(automatic=True)
    boiler = item.outlet
    online(boiler, local(dt.date(2025, 5, 1)), 31 * 24, so2=lambda i: 20 if i % 2 else 40)
    online(boiler, local(dt.date(2025, 6, 1)), 30 * 24, so2=60)
    made = services.monitoring_results_from_online(
        facility_id=personas["shipyard"].pk, start=dt.date(2025, 4, 15), end=dt.date(2025, 7, 31)
    )
    # April is not wholly in the span, July has not ended; May and June are recorded
    assert [(r.sampled_on, r.value, r.unit, r.source, r.over_limit) for r in made] == [
        (dt.date(2025, 5, 31), Decimal("30"), "mg/m3", "online", False),
        (dt.date(2025, 6, 30), Decimal("60"), "mg/m3", "online", True),
    ]
    assert not Problem.objects.exists()  # online exceedances are judged hourly by the monitoring app
    assert [e.after["valid_hours"] for e in audit("filings.result.online")] == [744, 720]
    again = services.monitoring_results_from_online(
        facility_id=personas["shipyard"].pk, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)
    )
    assert again == [] and MonitoringResult.objects.count() == 2
    # the nightly job records last month's mean (June, on 1 July) once, and nothing more the next night
    MonitoringResult.objects.all().delete()
    assert services.online_results_record(today=dt.date(2025, 7, 1)) == 1
    assert services.online_results_record(today=dt.date(2025, 7, 2)) == 0
    assert MonitoringResult.objects.get().sampled_on == dt.date(2025, 6, 30)
