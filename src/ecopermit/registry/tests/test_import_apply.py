"""Survey import: apply is all or nothing, idempotent, and leaves history with who, when and which file (R5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from ecopermit.core.audit.models import AuditEvent
from ecopermit.core.errors import DomainError
from ecopermit.core.models import Town
from ecopermit.registry import services as registry_services
from ecopermit.registry.importer import services as import_services
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import (
    Acceptance,
    Boiler,
    CommitmentApproval,
    EiaApproval,
    Facility,
    FacilityIndustry,
    FacilityProcess,
    FacilityQuantity,
    Furnace,
    ImportBatch,
    Outlet,
    OutletLimit,
    Permit,
    Registration,
    WaterTreatment,
)
from ecopermit.registry.tests.conftest import facility_row, survey_code
from ecopermit.registry.vocab import ManagementClass, PermitStatus

pytestmark = pytest.mark.django_db

HISTORY_MODELS = (
    Facility,
    FacilityIndustry,
    Boiler,
    Furnace,
    FacilityProcess,
    FacilityQuantity,
    WaterTreatment,
    Outlet,
    OutletLimit,
    EiaApproval,
    Acceptance,
    Permit,
    Registration,
    CommitmentApproval,
)


def _history_rows() -> int:
    return sum(m.history.count() for m in HISTORY_MODELS)  # type: ignore[attr-defined]


def _import(officer, content: bytes, name: str = "survey.xlsx") -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = survey_preview(actor=officer, file_name=name, content=content)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors
    return survey_apply(actor=officer, batch_id=batch.pk)


def _full_survey(code: str) -> dict[str, list[dict[str, object]]]:
    """One facility (a shipyard) with a row on every sheet."""
    return {
        "排污单位": [facility_row(1, **{"所属园区": "定海工业园区", "申报管理类别": "简化管理"})],
        "锅炉": [
            {
                "统一社会信用代码": code,
                "锅炉名称或编号": "1号锅炉",
                "燃料": "天然气",
                "额定容量": 4,
                "容量单位": "t/h",
            }
        ],
        "工业炉窑": [
            {"统一社会信用代码": code, "炉窑名称或编号": "1号热处理炉", "炉窑类型": "热处理炉", "能源": "电"}
        ],
        "表面处理工艺": [{"统一社会信用代码": code, "工艺": "喷涂", "备注": "船体分段喷涂"}],
        "年度用量": [
            {
                "统一社会信用代码": code,
                "类别": "溶剂型涂料（含稀释剂）、胶粘剂使用量（吨/年）",
                "年份": 2024,
                "数量": 12.5,
                "是否取自环评（投产不满一年）": "否",
            }
        ],
        "水处理设施": [
            {
                "统一社会信用代码": code,
                "设施名称": "含油废水处理站",
                "处理类型": "工业废水",
                "处理能力（吨/日）": 50,
            }
        ],
        "排放口": [
            {
                "统一社会信用代码": code,
                "排放口编号": "DA001",
                "排放口名称": "喷涂废气排放口",
                "排放介质": "废气",
                "排放口类型": "一般排放口",
                "纬度": 30.0318,
                "经度": 122.0409,
                "执行标准": "DB33/2146-2018",
                "是否安装自动监测": "否",
                "自动监测是否联网": "否",
                "是否规范化设置": "是",
            }
        ],
        "排放限值": [
            {
                "统一社会信用代码": code,
                "排放口编号": "DA001",
                "污染物代码": "a24088",
                "统计方式": "小时均值",
                "限值": 60,
                "单位": "mg/m³",
                "依据（标准或许可条款）": "DB33/2146-2018 表1",
                "起始日期": "2024-01-01",
            }
        ],
        "环评批复": [
            {
                "统一社会信用代码": code,
                "批复文号": "舟定环建〔2019〕12号",
                "项目名称": "船舶修造建设项目",
                "环评类型": "报告表",
                "批复日期": dt.date(2019, 6, 18),
                "审批部门": "舟山市生态环境局定海分局",
            }
        ],
        "竣工验收": [
            {"统一社会信用代码": code, "对应环评批复文号": "舟定环建〔2019〕12号", "完成日期": "2020-09-30"}
        ],
        "排污许可证": [
            {
                "统一社会信用代码": code,
                "许可证编号": f"{code}001V",
                "管理类别": "简化管理",
                "发证日期": "2021-03-15",
                "有效期至": "2026-03-14",
            }
        ],
        "排污登记": [{"统一社会信用代码": code, "登记编号": f"{code}001W", "登记日期": "2020-06-01"}],
        "告知承诺": [
            {
                "统一社会信用代码": code,
                "批准文号": "舟定环承〔2023〕5号",
                "审批事项": "排污许可证核发",
                "批准日期": "2023-04-20",
            }
        ],
        "监测结果": [
            {
                "统一社会信用代码": code,
                "排放口编号": "DA001",
                "污染物代码": "a24088",
                "采样日期": "2024-06-12",
                "监测值": 41.5,
                "单位": "mg/m³",
            }
        ],
        "问题": [
            {
                "统一社会信用代码": code,
                "问题编号": "P001",
                "问题类型": "其他违法行为",
                "问题描述": "危险废物贮存场所未设置标识",
                "发现日期": "2024-05-20",
                "报告单位": "盐仓街道",
            }
        ],
    }


@time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC))
def test_a_full_survey_creates_every_record_with_history(survey_book, officer):
    code = survey_code(1)
    batch = _import(officer, survey_book(_full_survey(code)), "定海区第一批调查表.xlsx")

    assert batch.status == ImportBatch.Status.APPLIED
    assert {s["key"]: s["create"] for s in batch.summary["sheets"]} == dict.fromkeys(
        [
            "facility",
            "boiler",
            "furnace",
            "process",
            "quantity",
            "water_treatment",
            "outlet",
            "limit",
            "eia",
            "acceptance",
            "permit",
            "registration",
            "commitment",
            "measurement",
            "problem",
        ],
        1,
    )
    facility = Facility.objects.get(credit_code=code)
    assert facility.town == Town.objects.get(name="盐仓街道")
    assert facility.park is not None and facility.park.name == "定海工业园区"
    assert facility.primary_industry == "3731"
    assert list(facility.industries.values_list("code", "is_primary")) == [("3731", True), ("3360", False)]
    assert facility.land_area_mu == Decimal("35.50")
    assert facility.in_industrial_building is True and facility.on_key_list is False
    assert facility.management_class == ManagementClass.SIMPLIFIED
    assert facility.permit_status == PermitStatus.PERMIT_VALID
    limit = OutletLimit.objects.get(outlet__facility=facility)
    assert (limit.pollutant_name, limit.value, limit.valid_to) == ("非甲烷总烃", Decimal("60.0000"), None)
    assert Acceptance.objects.get(facility=facility).kind == "self"
    assert Boiler.objects.get(facility=facility).capacity_unit == "t/h"

    reason = f"定海区第一批调查表.xlsx (sha256 {batch.sha256[:12]}, import #{batch.pk})"
    for model in HISTORY_MODELS:
        rows = list(model.history.all())  # type: ignore[attr-defined]
        assert rows, model
        assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in rows} == {
            ("+", officer.pk, reason)
        }, model

    create = AuditEvent.objects.get(action="facility.create")
    assert create.actor_username == "officer_wang"
    assert create.object_id == str(facility.pk)
    assert create.after["name"] == facility.name and create.after["town_id"] == "盐仓街道"
    assert create.extra["children"]["排放口"] == {"create": 1, "update": 0}
    applied = AuditEvent.objects.get(action="survey.apply")
    assert applied.extra["totals"]["create"] == 15 and applied.extra["sha256"] == batch.sha256


def test_an_error_in_a_child_sheet_rejects_the_whole_file(survey_book, officer):
    survey = _full_survey(survey_code(1))
    survey["排污单位"].append(facility_row(2))
    survey["锅炉"].append(
        {"统一社会信用代码": survey_code(2), "锅炉名称或编号": "2号锅炉", "燃料": "天然气", "额定容量": -1}
    )
    before = (
        Facility.objects.count(),
        _history_rows(),
        AuditEvent.objects.filter(action__startswith="facility").count(),
    )

    batch = survey_preview(actor=officer, file_name="survey.xlsx", content=survey_book(survey))

    assert batch.status == ImportBatch.Status.REJECTED
    assert [(e["sheet"], e["row"], e["column"], e["header"]) for e in batch.errors] == [
        ("锅炉", 3, "D", "额定容量")
    ]
    assert batch.summary["sheets"][0]["rows"] == 2
    with pytest.raises(DomainError):
        survey_apply(actor=officer, batch_id=batch.pk)
    assert (
        Facility.objects.count(),
        _history_rows(),
        AuditEvent.objects.filter(action__startswith="facility").count(),
    ) == before


def test_a_failure_half_way_through_the_apply_rolls_everything_back(survey_book, officer, monkeypatch):
    content = survey_book(_full_survey(survey_code(1)))
    batch = survey_preview(actor=officer, file_name="survey.xlsx", content=content)

    def explode(facility: Facility) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services, "facility_refresh_permit_status", explode)
    with pytest.raises(RuntimeError):
        survey_apply(actor=officer, batch_id=batch.pk)
    assert Facility.objects.count() == 0 and Outlet.objects.count() == 0 and _history_rows() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED  # may be applied again once the cause is fixed


def test_reimporting_the_same_file_changes_nothing(survey_book, officer):
    content = survey_book(_full_survey(survey_code(1)))
    _import(officer, content)
    history, events = _history_rows(), AuditEvent.objects.filter(action__startswith="facility").count()

    again = _import(officer, content)

    assert again.status == ImportBatch.Status.APPLIED
    assert again.summary["totals"]["create"] == again.summary["totals"]["update"] == 0
    assert again.summary["totals"]["unchanged"] == again.summary["totals"]["rows"] == 15
    assert again.summary["changes"] == []
    assert _history_rows() == history
    assert AuditEvent.objects.filter(action__startswith="facility").count() == events


def test_an_update_keeps_history_with_the_file_and_the_officer(survey_book, officer, make_facility):
    shipyard = make_facility("城东船舶修造有限公司", industry="3735", contact_name="周工")
    row = {
        "统一社会信用代码": shipyard.credit_code,
        "单位名称": "城东船舶修造股份有限公司",  # renamed
        "所属镇（街道）": "城东街道",
        "行业代码": "3735",
        "纬度": 30.02,
        "经度": 122.1,
    }
    batch = survey_preview(
        actor=officer, file_name="城东街道回收表.xlsx", content=survey_book({"排污单位": [row]})
    )
    assert batch.summary["totals"]["update"] == 1
    assert batch.summary["changes"][0]["fields"] == [
        ["单位名称", "城东船舶修造有限公司", "城东船舶修造股份有限公司"]
    ]

    batch = survey_apply(actor=officer, batch_id=batch.pk)

    shipyard.refresh_from_db()
    assert shipyard.name == "城东船舶修造股份有限公司"
    assert shipyard.contact_name == "周工"  # a blank cell leaves the stored value alone
    latest = shipyard.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == officer
    assert "城东街道回收表.xlsx" in latest.history_change_reason
    assert batch.sha256[:12] in latest.history_change_reason
    event = AuditEvent.objects.get(action="facility.update")
    assert event.before == {"name": "城东船舶修造有限公司"}
    assert event.after == {"name": "城东船舶修造股份有限公司"}
    assert event.extra["file_name"] == "城东街道回收表.xlsx"
    assert FacilityIndustry.history.count() == 1  # the industries did not change: no new row


def test_the_industry_cell_is_the_complete_list(survey_book, officer, make_facility):
    shipyard = make_facility("城东船舶修造有限公司", industry="3735")
    row = {
        "统一社会信用代码": shipyard.credit_code,
        "单位名称": shipyard.name,
        "所属镇（街道）": "城东街道",
        "行业代码": "C3731，3735",
    }
    _import(officer, survey_book({"排污单位": [row]}))
    shipyard.refresh_from_db()
    assert shipyard.primary_industry == "3731"
    assert list(shipyard.industries.values_list("code", "is_primary")) == [("3731", True), ("3735", False)]
    changes = {(r.code, r.history_type) for r in FacilityIndustry.history.filter(history_user=officer)}
    assert changes == {("3731", "+"), ("3735", "~")}


def test_child_rows_are_upserted_and_never_deleted(survey_book, officer):
    code = survey_code(1)
    first = {
        "排污单位": [facility_row(1)],
        "锅炉": [
            {"统一社会信用代码": code, "锅炉名称或编号": "1号锅炉", "燃料": "煤", "额定容量": 4},
            {"统一社会信用代码": code, "锅炉名称或编号": "2号锅炉", "燃料": "煤", "额定容量": 2},
        ],
    }
    _import(officer, survey_book(first))
    second = {
        "锅炉": [{"统一社会信用代码": code, "锅炉名称或编号": "1号锅炉", "燃料": "天然气", "额定容量": 4}]
    }
    batch = _import(officer, survey_book(second))
    boiler_sheet = next(s for s in batch.summary["sheets"] if s["key"] == "boiler")
    assert (boiler_sheet["create"], boiler_sheet["update"], boiler_sheet["unchanged"]) == (0, 1, 0)
    assert dict(Boiler.objects.values_list("name", "fuel")) == {"1号锅炉": "gas", "2号锅炉": "coal"}
    event = AuditEvent.objects.get(action="facility.update")
    assert event.extra["children"] == {"锅炉": {"create": 0, "update": 1}}


def test_apply_validates_again_against_the_database_as_it_is_now(survey_book, officer, make_facility):
    other = make_facility("东港船厂")
    survey = {
        "排污单位": [facility_row(1)],
        "排污许可证": [
            {
                "统一社会信用代码": survey_code(1),
                "许可证编号": "P-2024-001",
                "管理类别": "简化管理",
                "发证日期": "2024-01-01",
                "有效期至": "2029-01-01",
            }
        ],
    }
    batch = survey_preview(actor=officer, file_name="survey.xlsx", content=survey_book(survey))
    assert batch.status == ImportBatch.Status.PREVIEWED
    # Meanwhile someone registers that permit number for another facility.
    Permit.objects.create(
        facility=other,
        number="P-2024-001",
        management_class="simplified",
        issued_on=dt.date(2024, 1, 1),
        valid_until=dt.date(2029, 1, 1),
    )

    batch = survey_apply(actor=officer, batch_id=batch.pk)

    assert batch.status == ImportBatch.Status.REJECTED
    assert [(e["sheet"], e["row"], e["header"]) for e in batch.errors] == [("排污许可证", 2, "许可证编号")]
    assert not Facility.objects.filter(credit_code=survey_code(1)).exists()


def test_a_batch_is_applied_once(survey_book, officer):
    batch = _import(officer, survey_book({"排污单位": [facility_row(1)]}))
    with pytest.raises(DomainError):
        survey_apply(actor=officer, batch_id=batch.pk)


def test_a_long_import_reports_its_progress(survey_book, officer, monkeypatch):
    from ecopermit.registry.importer import parse

    monkeypatch.setattr(parse, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(import_services, "APPLY_PROGRESS_EVERY", 2)
    content = survey_book({"排污单位": [facility_row(n) for n in range(1, 11)]})
    seen: list[parse.Progress] = []
    batch = survey_preview(actor=officer, file_name="s.xlsx", content=content, progress=seen.append)
    reading = [p.done for p in seen if p.phase == "read"]
    assert reading == [2, 4, 6, 8, 10, 10] and seen[0].total == 10

    seen.clear()
    survey_apply(actor=officer, batch_id=batch.pk, progress=seen.append)
    writing = [p.percent for p in seen if p.phase == "apply"]
    assert writing == sorted(writing) and len(writing) >= 5 and writing[-1] == 100


@pytest.mark.parametrize(
    ("permits", "registration", "expected"),
    [
        ([dt.date(2026, 1, 1)], False, PermitStatus.PERMIT_VALID),
        ([dt.date(2025, 6, 1)], False, PermitStatus.PERMIT_VALID),  # valid through its last day
        ([dt.date(2024, 1, 1), dt.date(2026, 1, 1)], False, PermitStatus.PERMIT_VALID),
        ([dt.date(2024, 1, 1)], dt.date(2021, 1, 1), PermitStatus.REGISTERED),  # downgraded to registration
        ([dt.date(2024, 1, 1)], dt.date(2020, 1, 1), PermitStatus.PERMIT_EXPIRED),
        ([], dt.date(2021, 1, 1), PermitStatus.REGISTERED),
        ([], dt.date(2020, 6, 2), PermitStatus.REGISTERED),  # 5 years: last valid day 2025-06-01
        ([], dt.date(2020, 6, 1), PermitStatus.REGISTRATION_EXPIRED),  # ended 2025-05-31
        ([], False, PermitStatus.NONE),
    ],
)
@time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC))
def test_facility_refresh_permit_status(make_facility, permits, registration, expected):
    facility = make_facility("金塘水产食品有限公司", "金塘镇")
    for n, until in enumerate(permits):
        Permit.objects.create(
            facility=facility,
            number=f"P{n}",
            management_class="simplified",
            issued_on=until.replace(year=until.year - 5),
            valid_until=until,
        )
    if registration:
        Registration.objects.create(facility=facility, number="R1", registered_on=registration)
    history = facility.history.count()
    assert registry_services.facility_refresh_permit_status(facility) == expected
    facility.refresh_from_db()
    assert facility.permit_status == expected
    assert facility.history.count() == history  # a derived field: no history row
