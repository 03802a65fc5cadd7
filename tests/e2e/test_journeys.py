"""Each role's main journey in a real browser (issue 12; MISSION R5, C1, P1, P2, E1–E3, K2): headless Chromium
(pytest-playwright) clicks through the live server as the person would, and after each step the database says what
the step must have done. A failing step leaves a screenshot and the page in var/test-results/ (conftest.py).

Journeys:
1. 王科长, a bureau officer, imports a town's survey; the new shipyard, which the catalog puts under registration
   (row 86) and which has none, gets its 未登记 problem on a case from the data itself (一查); he serves the
   rectification notice.
2. The shipyard's environment manager acknowledges the notice and uploads the rectification plan.
3. An inspector records an inspection of the shipyard with a finding, completes and publishes it.
4. The bureau leader decides the penalty case the officer filed.
5. Anyone, signed out, reads the published inspection results.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from ecopermit.accounts.roles import Role
from ecopermit.core import clock
from ecopermit.registry.credit_code import make_credit_code
from ecopermit.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHIPYARD_CODE = make_credit_code("MA0E2E01")
# The smallest well-formed PDF: the evidence store sniffs the bytes, not the name.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def sign_in(page: Page, live: Any, username: str) -> None:
    """Through the real sign-in form, as the person would (not a forced session)."""
    page.context.clear_cookies()
    page.set_default_timeout(10_000)
    page.goto(f"{live.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="登录"))
    expect(page.locator("body")).not_to_contain_text("用户名或密码")
    assert "/accounts/login/" not in page.url, f"{username} was not signed in: {page.url}"


def submit(page: Page, button: Locator) -> None:
    """Presses a form's button and waits for the server's answer to the POST and the page it leads to: the write
    is committed before the answer leaves the server, so the database checks that follow never race it."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        button.click()
    page.wait_for_load_state()


def survey_workbook(path: Any) -> Any:
    """The district's own template, filled in as a town fills it: one shipyard of 盐仓街道 with no permit."""
    from ecopermit.registry.importer.template import build_template

    wb = load_workbook(io.BytesIO(build_template()))
    ws = wb["排污单位"]
    headers = {cell.value: cell.column for cell in ws[1]}
    row = {
        "统一社会信用代码": SHIPYARD_CODE,
        "单位名称": "定海海港船舶修造有限公司",
        "法定代表人": "张海",
        "地址": "定海区盐仓街道海港路8号",
        "所属镇（街道）": "盐仓街道",
        "纬度": 30.03,
        "经度": 122.04,
        "行业代码": "3731",
        "生产状态": "正常生产",
        "占地面积（亩）": 35.5,
        "年产值（万元）": 12000,
        "联系人": "李海",
        "联系电话": "0580-8000000",
        "是否列入重点排污单位名录": "否",
        "是否在工业厂房内生产": "是",
    }
    for header, value in row.items():
        ws.cell(2, headers[header], value)
    target = path / "盐仓街道调查表.xlsx"
    wb.save(target)
    return target


def penalty_case_notified(officer: Any, facility: Any, *, today: dt.date) -> Any:
    """A penalty case filed 40 days ago under 条例 Art. 34(1) with its evidence, the notice of a 200,000 yuan fine
    served 30 days ago and the statement period long over (行政处罚法 Arts. 44, 45): ready for the leader."""
    from ecopermit.enforcement import services

    case = services.penalty_case_file(
        actor=officer, facility_id=facility.pk, filed_on=today - dt.timedelta(days=40)
    )
    services.violation_record(
        actor=officer,
        case=case,
        article_no=34,
        item_no=1,
        facts="喷涂废气排放浓度超过许可排放浓度",
        occurrences=1,
    )
    services.evidence_add(
        actor=officer,
        case=case,
        kind="record",
        description="现场检查笔录",
        collected_on=today - dt.timedelta(days=41),
    )
    return services.notice_issue(
        actor=officer, case=case, amount=200_000, factors=[], served_on=today - dt.timedelta(days=30)
    )


def test_officer_imports_a_survey_and_serves_a_notice_then_the_enterprise_acknowledges_it(
    page: Page, live: Any, make_user: Any, tmp_path: Any
) -> None:
    from ecopermit.cases.models import Problem, RectificationCase, RectificationNotice
    from ecopermit.registry.models import Facility, FacilityAccess, ImportBatch

    officer = make_user(Role.BUREAU_OFFICER, "officer_wang", display_name="王科长")
    manager = make_user(Role.ENTERPRISE, "haigang_li", display_name="李海")

    # 1. The officer uploads the survey, reads the preview and applies it.
    sign_in(page, live, officer.username)
    page.goto(f"{live.url}/inventory/import/upload/")
    page.locator("input[type=file]").set_input_files(survey_workbook(tmp_path))
    submit(page, page.get_by_role("button", name="检查文件"))
    page.wait_for_url(re.compile(r"/inventory/import/\d+/$"))
    expect(page.locator("main")).to_contain_text("盐仓街道调查表.xlsx")
    assert not Facility.objects.filter(credit_code=SHIPYARD_CODE).exists()  # the preview writes nothing
    submit(page, page.get_by_role("button", name="执行导入"))
    # the apply answer streams its progress: wait for its last words before reading what it wrote
    expect(page.locator("body")).to_contain_text("已导入", timeout=30_000)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.APPLIED
    facility = Facility.objects.get(credit_code=SHIPYARD_CODE)

    # Step one (一查) from the data: the shipyard needs a permit it does not have, so a problem stands on a case.
    problem = Problem.objects.get(facility=facility)
    case = RectificationCase.objects.get(facility=facility)
    assert problem.case_id == case.pk

    # 2. He opens the case from the facility's page and serves the notice: six months from today.
    page.goto(f"{live.url}/inventory/facilities/{facility.pk}/")
    expect(page.locator("main")).to_contain_text("定海海港船舶修造有限公司")
    page.goto(f"{live.url}/cases/")
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("main")).to_contain_text(problem.description[:10])
    served = clock.today()
    deadline = served + dt.timedelta(days=182)
    form = page.locator("form", has=page.get_by_role("button", name="送达", exact=True))
    form.get_by_label("整改期限").fill(deadline.isoformat())
    form.get_by_label("送达日期").fill(served.isoformat())
    submit(page, form.get_by_role("button", name="送达", exact=True))
    notice = RectificationNotice.objects.get(case=case)
    assert (notice.deadline, notice.served_on) == (deadline, served)
    expect(page.locator("main")).to_contain_text(notice.number)
    case.refresh_from_db()
    assert case.status == "notice_served"

    # The security administrator binds the manager's account to the new facility (account page; not this journey).
    FacilityAccess.objects.create(user=manager, facility=facility)

    # 3. The enterprise's manager finds the notice, acknowledges receipt and uploads the rectification plan.
    sign_in(page, live, manager.username)
    page.goto(f"{live.url}/cases/")
    page.get_by_role("link", name=case.number).click()
    page.once("dialog", lambda dialog: dialog.accept())  # 签收 asks first: it cannot be undone
    submit(page, page.get_by_role("button", name="签收"))
    expect(page.locator("main")).to_contain_text("已签收")
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None and notice.acknowledged_by == manager
    plan = tmp_path / "整改方案.pdf"
    plan.write_bytes(PDF)
    upload = page.locator("form", has=page.get_by_role("button", name="上传", exact=True))
    upload.get_by_label("类型").select_option(label="整改方案")
    upload.locator("input[type=file]").set_input_files(plan)
    submit(page, upload.get_by_role("button", name="上传", exact=True))
    expect(page.locator("main")).to_contain_text("整改方案.pdf")
    document = case.documents.get()
    assert document.kind == "rectification_plan" and document.uploaded_by == manager
    submit(page, page.get_by_role("button", name=re.compile("已提交整改方案")))
    case.refresh_from_db()
    assert case.status == "plan_submitted"

    # Nothing of this case is another enterprise's to see.
    other = make_user(Role.ENTERPRISE, "other_manager")
    sign_in(page, live, other.username)
    assert page.goto(f"{live.url}/cases/{case.pk}/").status == 404


def test_inspector_records_an_inspection_the_leader_decides_the_penalty_and_the_public_reads_the_result(
    page: Page, live: Any, personas: dict[str, Any], tmp_path: Any
) -> None:
    from ecopermit.cases.models import Problem
    from ecopermit.enforcement.models import PenaltyCase
    from ecopermit.inspections.models import Inspection, Inspector

    officer, leader, shipyard = personas["officer"], personas["leader"], personas["shipyard"]
    Inspector.objects.create(user=officer, certificate_number="ZJ-0101")
    partner = Inspector.objects.create(user=leader, certificate_number="ZJ-0102")

    # 1. The inspector starts an inspection of the shipyard with a second inspector, records it and a finding.
    sign_in(page, live, officer.username)
    page.goto(f"{live.url}/inspections/records/new/")
    page.get_by_label("排污单位").select_option(value=str(shipyard.pk))
    page.get_by_label("第二名执法人员").select_option(value=str(partner.pk))
    submit(page, page.get_by_role("button", name="开始检查"))
    inspection = Inspection.objects.get(facility=shipyard)
    expect(page).to_have_url(re.compile(rf"/inspections/{inspection.pk}/record/$"))
    for group in page.locator("input[type=radio][value=yes]").all():
        group.check()
    submit(page, page.get_by_role("button", name="保存笔录"))
    page.goto(f"{live.url}/inspections/{inspection.pk}/")
    page.get_by_text("添加发现的问题").click()
    finding = page.locator("form", has=page.get_by_role("button", name="记录问题"))
    finding.get_by_label("问题", exact=True).select_option(value="outlet_not_standard")
    finding.get_by_label("问题描述").fill("喷涂车间排放口无标志牌")
    submit(page, finding.get_by_role("button", name="记录问题"))
    problem = Problem.objects.get(facility=shipyard, source="inspection")
    assert problem.description == "喷涂车间排放口无标志牌"
    submit(page, page.get_by_role("button", name="完成检查"))
    submit(page, page.get_by_role("button", name="公开检查结果"))
    inspection.refresh_from_db()
    assert inspection.status == "published" and inspection.outcome == "problems"

    # 2. The officer files a penalty case and takes it to the notice of the proposed penalty (the enforcement
    # app's own tests walk those screens); the leader decides it here.
    case = penalty_case_notified(officer, shipyard, today=clock.today())
    sign_in(page, live, leader.username)
    page.goto(f"{live.url}/enforcement/")
    page.get_by_role("link", name=case.number).click()
    decide = page.locator("details", has_text="作出处罚决定（分局负责人）")
    if decide.get_attribute("open") is None:  # the next step opens by itself
        decide.locator("summary").click()
    expect(decide.get_by_label("决定罚款金额（元）")).to_have_value("200000.00")
    submit(page, decide.get_by_role("button", name="保存"))
    case = PenaltyCase.objects.get(pk=case.pk)
    assert case.status == "decided" and case.decided_amount == 200_000
    expect(page.locator("main")).to_contain_text(case.decision_number)

    # 3. Signed out, anyone reads the published result: the facility and the kind of problem, not the free text.
    page.context.clear_cookies()
    page.goto(f"{live.url}/public/inspections/")
    results = page.get_by_role("row", name=re.compile(shipyard.name))
    expect(results).to_contain_text("未按规定设置污染物排放口")
    expect(page.locator("body")).not_to_contain_text("喷涂车间排放口无标志牌")
