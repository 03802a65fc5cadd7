"""Self-monitoring results (issue 13 M3): entered on screen with the monitoring report, stored with its hash; over the
outlet's limit an exceedance problem (条例 Art. 34(1)) raised once; kept (no edit, no delete); scoped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from ecopermit.cases import facade as cases
from ecopermit.cases.models import Problem
from ecopermit.core.errors import DomainError
from ecopermit.core.evidence import digest
from ecopermit.filings import selfmon_services as services
from ecopermit.filings.models import MonitoringPlanItem, MonitoringResult
from ecopermit.filings.selfmon_urls import selfmon_urlpatterns
from ecopermit.filings.tests.selfmon_kit import (
    COD,
    HG,
    PDF,
    SO2,
    audit,
    notes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_day")]


@pytest.fixture
def plan(personas, shipyard_plant):  # type: ignore[no-untyped-def]
    services.monitoring_plan_generate(actor=personas["officer"], facility_id=personas["shipyard"].pk)
    return {
        (i.outlet.code, i.pollutant_code): i
        for i in MonitoringPlanItem.objects.filter(facility=personas["shipyard"]).select_related("outlet")
    }


def form(item, value="32.5", unit="mg/m3", day="2025-05-20", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "item": item.pk,
        "sampled_on": day,
        "laboratory": "舟山市环科检测有限公司",
        "method": "HJ 57-2017 定电位电解法",
        "value": value,
        "unit": unit,
        "report": SimpleUploadedFile("检测报告ZS-2025-118.pdf", PDF, content_type="application/pdf"),
        **extra,
    }


def test_shipyard_manager_enters_a_result_with_its_report(personas, plan, login):
    client = login(personas["shipyard_manager"])
    response = client.post(
        f"/filings/selfmon/{personas['shipyard'].pk}/results/add/", form(plan[("DA001", SO2)])
    )
    assert response.status_code == 302
    result = MonitoringResult.objects.get()
    assert (result.plan_item, result.sampled_on, result.value, result.unit) == (
        plan[("DA001", SO2)],
        dt.date(2025, 5, 20),
        Decimal("32.5"),
        "mg/m3",
    )
    assert result.laboratory == "舟山市环科检测有限公司" and result.entered_by == personas["shipyard_manager"]
    assert result.sha256 == digest(PDF) and result.original_name == "检测报告ZS-2025-118.pdf"
    assert not result.over_limit and result.problem_id is None
    assert not Problem.objects.filter(facility=personas["shipyard"]).exists()
    (event,) = audit("filings.result.add")
    assert (
        event.after["sha256"] == digest(PDF)
        and event.after["limit"] == "50"
        and event.actor_username == "shipyard_manager"
    )
    # the stored report comes back verified; the page shows the period met
    download = client.get(f"/filings/selfmon/results/{result.pk}/report/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    page = client.get(f"/filings/selfmon/{personas['shipyard'].pk}/?year=2025").content.decode()
    assert "已监测" in page and "32.5" in page


def test_a_result_over_the_limit_is_an_exceedance_problem_raised_once(personas, plan):
    result = services.monitoring_result_add(
        actor=personas["shipyard_manager"],
        item=plan[("DA001", SO2)],
        sampled_on=dt.date(2025, 6, 3),
        value=Decimal("61.2"),
        unit="mg/m³",  # the limit's mg/m3 written another way
        laboratory="舟山市环科检测有限公司",
        method="HJ 57-2017",
        file_content=PDF,
        file_name="report.pdf",
    )
    assert result.over_limit
    problem = Problem.objects.get(pk=result.problem_id)
    assert problem.kind == "over_standard" and problem.facility_id == personas["shipyard"].pk
    assert problem.evidence["article"] == "《排污许可管理条例》第三十四条第（一）项"
    assert (problem.evidence["value"], problem.evidence["limit"], problem.evidence["limit_statistic"]) == (
        "61.2",
        "50",
        "hourly",
    )
    assert problem.source_ref == f"filings.result:{result.pk}" and "61.2" in problem.description
    assert [e.after["problem"] for e in audit("filings.result.over")] == [problem.pk]
    for person in ("officer", "shipyard_manager"):
        (note,) = notes(personas[person])
        assert "二氧化硫" in note.text and note.link == f"/filings/selfmon/{personas['shipyard'].pk}/"
    assert notes(personas["fish_manager"]) == []
    # raised once: the same result's reference gives back the same problem
    again = cases.problem_raise(
        actor=None,
        facility_id=problem.facility_id,
        kind="over_standard",
        description="x",
        source=services.PROBLEM_SOURCE,
        source_ref=problem.source_ref,
    )
    assert again == problem.pk and Problem.objects.filter(source_ref=problem.source_ref).count() == 1


def test_at_the_limit_is_not_over_and_a_pollutant_without_a_concentration_limit_is_not_judged(personas, plan):
    at = services.monitoring_result_add(
        actor=personas["officer"],
        item=plan[("DA001", SO2)],
        sampled_on=dt.date(2025, 6, 3),
        value=Decimal(50),
        unit="mg/m3",
    )
    assert not at.over_limit and at.entered_by == personas["officer"]
    water = services.monitoring_result_add(
        actor=personas["officer"],
        item=plan[("DW001", COD)],
        sampled_on=dt.date(2025, 6, 3),
        value=Decimal(501),
        unit="毫克/升",
    )
    assert water.over_limit  # judged against the daily limit where there is no hourly one
    assert Problem.objects.filter(kind="over_standard").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": "μg/m3"}, "unit"),
        ({"sampled_on": dt.date(2025, 7, 2)}, "sampled_on"),
        ({"value": Decimal("-1")}, "value"),
        ({"file_content": b"PK\x03\x04 not a pdf"}, "report"),
    ],
)
def test_refused_results(personas, plan, changes, field):
    kwargs = {"sampled_on": dt.date(2025, 6, 3), "value": Decimal(1), "unit": "mg/m3", **changes}
    with pytest.raises(DomainError) as exc:
        services.monitoring_result_add(actor=personas["officer"], item=plan[("DA001", HG)], **kwargs)
    assert exc.value.field == field
    assert not MonitoringResult.objects.exists() and audit("filings.result.add") == []


def test_the_form_names_the_field(personas, plan, login):
    client = login(personas["shipyard_manager"])
    response = client.post(
        f"/filings/selfmon/{personas['shipyard'].pk}/results/add/", form(plan[("DA001", SO2)], unit="g/m3")
    )
    assert response.status_code == 400
    assert "请按许可排放限值的单位（mg/m3）填写数值" in response.content.decode()
    assert not MonitoringResult.objects.exists()


def test_another_enterprise_gets_404(personas, plan, login):
    result = services.monitoring_result_add(
        actor=personas["officer"],
        item=plan[("DA001", SO2)],
        sampled_on=dt.date(2025, 6, 3),
        value=Decimal(5),
        unit="mg/m3",
        file_content=PDF,
    )
    fish = login(personas["fish_manager"])
    shipyard = personas["shipyard"].pk
    assert fish.get(f"/filings/selfmon/{shipyard}/").status_code == 404
    assert fish.get(f"/filings/selfmon/results/{result.pk}/report/").status_code == 404
    assert (
        fish.post(f"/filings/selfmon/{shipyard}/results/add/", form(plan[("DA001", SO2)])).status_code == 404
    )
    assert fish.get("/filings/selfmon/results/").status_code == 403  # the list is the officers'
    assert MonitoringResult.objects.count() == 1


def test_no_url_edits_or_deletes_a_result():
    for pattern in selfmon_urlpatterns:
        assert not any(word in pattern.name for word in ("edit", "delete", "remove", "update"))
        assert not any(word in str(pattern.pattern) for word in ("edit", "delete", "remove", "update"))
    for url in ("/filings/selfmon/results/1/delete/", "/filings/selfmon/results/1/edit/"):
        with pytest.raises(Resolver404):
            resolve(url)


def test_officers_results_list_filters_and_costs_the_same_for_more_rows(personas, plan, login):
    def add(n, value):
        for i in range(n):
            services.monitoring_result_add(
                actor=personas["officer"],
                item=plan[("DA001", SO2)],
                sampled_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                value=Decimal(value),
                unit="mg/m3",
            )

    add(1, 80)
    client = login(personas["officer"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/filings/selfmon/results/").status_code == 200
    add(5, 10)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/filings/selfmon/results/").content.decode()
    assert len(many) == len(few)
    assert page.count("超标") >= 1 and "城东船舶修造有限公司" in page
    over = client.get("/filings/selfmon/results/?over_only=on").content.decode()
    assert over.count('badge badge-danger">超标') == 1
    assert (
        login(personas["town_jintang"])
        .get("/filings/selfmon/results/")
        .content.decode()
        .count("城东船舶修造有限公司")
        == 0
    )
    export = client.get("/filings/selfmon/results/?export=xlsx")
    assert export.status_code == 200 and len(audit("filings.result.export")) == 1
