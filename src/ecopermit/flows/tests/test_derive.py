"""Step one from the data: a survey import (or an edit) raises the problems its facts show, once, names the rule
and the facts, and proposes them as fixed when later facts say so; an officer confirms (P1, issue 10 §6)."""

from __future__ import annotations

import datetime as dt

from ecopermit.cases.models import Problem
from ecopermit.cases.vocab import Kind, ProblemStatus, Source
from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent
from ecopermit.flows.services import problems_derive
from ecopermit.registry.importer.services import survey_apply, survey_preview
from ecopermit.registry.models import Facility, ImportBatch
from ecopermit.registry.tests.conftest import facility_row, survey_code

# Dates come from the business clock, so the tests pass on any day (and under ECOPERMIT_TEST_DATE).


def _import(officer, content: bytes) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = survey_preview(actor=officer, file_name="survey.xlsx", content=content)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.errors
    return survey_apply(actor=officer, batch_id=batch.pk)


def _sprayer(extra: dict | None = None, **facility) -> dict:  # type: ignore[type-arg]
    """A shipyard that sprays 12 t/yr of solvent coatings: 简化管理 under row 86 of the 2019 catalog."""
    code = survey_code(1)
    book = {
        "排污单位": [facility_row(1, **facility)],
        "表面处理工艺": [{"统一社会信用代码": code, "工艺": "喷涂"}],
        "年度用量": [
            {
                "统一社会信用代码": code,
                "类别": "溶剂型涂料（含稀释剂）、胶粘剂使用量（吨/年）",
                "年份": 2026,
                "数量": 12,
            }
        ],
        "环评批复": [
            {
                "统一社会信用代码": code,
                "批复文号": "舟定环建〔2019〕12号",
                "环评类型": "报告表",
                "批复日期": "2019-06-18",
                "审批部门": "舟山市生态环境局定海分局",
            }
        ],
    }
    for sheet, rows in (extra or {}).items():
        book.setdefault(sheet, []).extend(rows)
    return book


def test_importing_a_facility_without_a_permit_raises_no_permit_naming_the_catalog_row(survey_book, officer):
    _import(officer, survey_book(_sprayer()))
    facility = Facility.objects.get(credit_code=survey_code(1))
    problem = Problem.objects.get(facility=facility, kind=Kind.NO_PERMIT)
    assert facility.management_class == "simplified"
    assert problem.source == Source.INVENTORY and problem.source_ref == "no_permit"
    assert problem.category == "other" and problem.case is not None
    assert "名录第" in problem.description and "无证排污" in problem.description
    assert problem.evidence["rule"] == "no_permit"
    assert problem.evidence["article"] == "《排污许可管理条例》第三十三条第（一）项"
    assert problem.evidence["facts"]["catalog_rows"][0]["row"] == 86
    assert problem.responsible_town == facility.town
    raised = AuditEvent.objects.get(action="problem.raise", object_id=str(problem.pk))
    assert raised.actor_username == "officer_wang"


def test_importing_twice_raises_nothing_twice(survey_book, officer):
    content = survey_book(
        _sprayer(
            {
                "排放口": [
                    {
                        "统一社会信用代码": survey_code(1),
                        "排放口编号": "DW001",
                        "排放口名称": "雨水排放口",
                        "排放介质": "废水",
                        "排放口类型": "一般排放口",
                        "是否规范化设置": "否",
                    }
                ]
            }
        )
    )
    _import(officer, content)
    first = sorted(Problem.objects.values_list("source_ref", flat=True))
    assert first == ["no_permit", "outlet_standard:DW001"]
    _import(officer, content)
    facility = Facility.objects.get(credit_code=survey_code(1))
    problems_derive(actor=None, facility_id=facility.pk)  # and the daily run
    assert sorted(Problem.objects.values_list("source_ref", flat=True)) == first


def test_a_permit_imported_later_proposes_the_problem_as_fixed_and_only_the_officer_closes_it(
    survey_book, officer
):
    _import(officer, survey_book(_sprayer()))
    code = survey_code(1)
    today = clock.today()
    permit = {
        "排污许可证": [
            {
                "统一社会信用代码": code,
                "许可证编号": f"{code}001V",
                "管理类别": "简化管理",
                "发证日期": (today - dt.timedelta(days=10)).isoformat(),
                "有效期至": (today + dt.timedelta(days=1800)).isoformat(),
            }
        ]
    }
    _import(officer, survey_book(_sprayer(permit)))
    problem = Problem.objects.get(source_ref="no_permit")
    assert problem.status == ProblemStatus.OPEN  # nothing closes by itself
    assert problem.fix_proposal["state"] == "proposed" and problem.fix_proposed_at is not None
    assert problem.case.events.filter(kind="problem.fix_proposed").count() == 1
    problems_derive(actor=None, facility_id=problem.facility_id)  # proposing again changes nothing
    assert problem.case.events.filter(kind="problem.fix_proposed").count() == 1

    from ecopermit.cases.derived import problem_fix_confirm

    problem_fix_confirm(actor=officer, problem=problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.FIXED and problem.fixed_on == clock.today()
    assert AuditEvent.objects.filter(action="problem.fix_confirm", object_id=str(problem.pk)).exists()


def test_a_rejected_proposal_is_not_made_again_on_the_same_facts_and_a_relapse_withdraws_it(
    survey_book, officer, make_facility
):
    from ecopermit.cases.derived import problem_fix_reject
    from ecopermit.catalog.facade import reclassify
    from ecopermit.registry.models import Outlet

    facility = make_facility("城东船舶修造有限公司", industry="3731")
    outlet = Outlet.objects.create(
        facility=facility, code="DW001", name="雨水排放口", medium="water", kind="general", standardized=False
    )
    from ecopermit.registry.models import FacilityProcess, FacilityQuantity

    FacilityProcess.objects.create(facility=facility, process="spray_coating")
    FacilityQuantity.objects.create(
        facility=facility, kind="solvent_coating_adhesive_t_per_year", year=2026, value=12
    )
    reclassify(actor=officer, facility_ids=[facility.pk])
    problems_derive(actor=officer, facility_id=facility.pk)
    problem = Problem.objects.get(source_ref="outlet_standard:DW001")

    Outlet.objects.filter(pk=outlet.pk).update(standardized=True)
    problems_derive(actor=None, facility_id=facility.pk)
    problem.refresh_from_db()
    assert problem.fix_proposal["state"] == "proposed"
    problem_fix_reject(actor=officer, problem=problem, note="现场核查：标志牌仍未设置")
    problems_derive(actor=None, facility_id=facility.pk)
    problem.refresh_from_db()
    assert problem.fix_proposal["state"] == "rejected" and problem.fix_proposed_at is None

    Outlet.objects.filter(pk=outlet.pk).update(standardized=False)
    problems_derive(actor=None, facility_id=facility.pk)
    problem.refresh_from_db()
    assert problem.fix_proposal == {} and problem.status == ProblemStatus.OPEN
    assert Problem.objects.filter(source_ref="outlet_standard:DW001").count() == 1


def test_an_expired_permit_of_an_operating_facility_is_a_problem_the_day_after(officer, make_facility):
    from ecopermit.catalog.facade import reclassify
    from ecopermit.registry.models import FacilityProcess, FacilityQuantity, Permit

    today = clock.today()
    facility = make_facility("城东船舶修造有限公司", industry="3731")
    FacilityProcess.objects.create(facility=facility, process="spray_coating")
    FacilityQuantity.objects.create(
        facility=facility, kind="solvent_coating_adhesive_t_per_year", year=today.year - 1, value=12
    )
    Permit.objects.create(
        facility=facility,
        number="P-EXP",
        management_class="simplified",
        issued_on=today - dt.timedelta(days=1826),
        valid_until=today,
    )
    reclassify(actor=officer, facility_ids=[facility.pk])
    problems_derive(actor=None, facility_id=facility.pk, today=today)
    assert not Problem.objects.filter(kind=Kind.PERMIT_EXPIRED).exists()
    problems_derive(actor=None, facility_id=facility.pk, today=today + dt.timedelta(days=1))
    problem = Problem.objects.get(kind=Kind.PERMIT_EXPIRED)
    assert problem.source_ref == "permit_expired:P-EXP"
    assert problem.evidence["article"] == "《排污许可管理条例》第三十三条第（二）项"


def test_the_problem_sheet_raises_each_reported_problem_once(survey_book, officer):
    code = survey_code(1)
    reported = {
        "问题": [
            {
                "统一社会信用代码": code,
                "问题编号": "P001",
                "问题类型": "其他违法行为",
                "问题描述": "危险废物贮存场所未设置标识",
                "发现日期": "2026-02-20",
                "报告单位": "城东街道",
            }
        ]
    }
    content = survey_book(_sprayer(reported))
    _import(officer, content)
    _import(officer, content)
    problem = Problem.objects.get(source=Source.SURVEY)
    assert (problem.source_ref, problem.kind, problem.found_on) == (
        "survey:P001",
        "other_violation",
        dt.date(2026, 2, 20),
    )
    assert problem.evidence["facts"]["reported_by"] == "城东街道"


def test_an_officer_edit_derives_too(survey_book, officer):
    from ecopermit.registry.services import facility_update

    _import(officer, survey_book(_sprayer()))
    facility = Facility.objects.get(credit_code=survey_code(1))
    facility_update(
        actor=officer, facility=facility, changes={"status": "suspended"}, industry_codes=[], reason="停产"
    )
    problem = Problem.objects.get(source_ref="no_permit")
    assert problem.fix_proposal["state"] == "proposed"  # a suspended facility does not discharge


def test_a_registration_without_a_recorded_end_runs_five_years_in_the_facts_the_rules_read(make_facility):
    """The rules and the nightly paperwork watch read one validity rule (registry.validity): a registration that
    records no end date is valid for five years from its registration, not for ever."""
    from ecopermit.registry.facade import facility_facts
    from ecopermit.registry.models import Registration

    today = clock.today()
    facility = make_facility("城北汽修厂")
    Registration.objects.create(
        facility=facility, number="R-OLD", registered_on=dt.date(today.year - 6, 3, 1)
    )
    [reg] = facility_facts(facility.pk).registrations
    assert reg.valid_until == dt.date(today.year - 1, 2, 28)
