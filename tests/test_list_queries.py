"""Every list view costs the same number of queries for 2 rows as for 6 (issue 12: no N+1 on a list).

Each list is loaded as the people who use it, with the district grown from 2 facilities to 6, each new facility
bringing the rows the list shows (a problem on an open case, a notification and audit events; an outlet with its
data logger, alarms and a declaration; a penalty case; an inspection; …); the query count must not change, and a
text only the grown district shows must be on the page (the rows are really listed).

The rows are written through the apps' services and facades; a plain row no service writes (an outlet, a data
logger) through the small factories below.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecopermit.cases.facade import problem_raise
from ecopermit.core.audit.services import audit_record
from ecopermit.core.notify import notify

pytestmark = pytest.mark.django_db

#: The hour every grown alarm and declaration is about (any fixed hour: the lists do not read the clock for it).
HOUR = dt.datetime(2026, 11, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# (who, list, a text only the grown district shows: the test proves the rows are on the page)
LISTS = [
    ("officer", "/inventory/", "测试5号有限公司"),
    ("officer", "/inventory/?q=有限公司", "测试5号有限公司"),
    ("officer", "/cases/", "测试5号有限公司"),
    ("officer", "/cases/lists/problems/", "第5个问题"),
    ("officer", "/notifications/", "通知5"),
    ("town_chengdong", "/inventory/", "测试5号有限公司"),
    ("town_chengdong", "/cases/lists/problems/", "第5个问题"),
    ("auditadmin", "/audit/", "enterprise5"),
    ("sysadmin", "/accounts/users/", "enterprise5"),
]


def _grow(personas, make_facility, make_user, count: int, start: int) -> None:
    from ecopermit.accounts.roles import Role

    officer = personas["officer"]
    for n in range(start, start + count):
        facility = make_facility(f"测试{n}号有限公司", "城东街道")
        problem_raise(
            actor=officer,
            facility_id=facility.pk,
            kind="over_standard",
            description=f"第{n}个问题",
            source="manual",
            required_action="整改",
        )
        notify([officer], f"通知{n}", "/inventory/")
        audit_record(
            actor=make_user(Role.ENTERPRISE, f"enterprise{n}"), action="facility.update", obj=facility
        )


def _queries(client, url: str) -> tuple[int, str]:
    if url.startswith("/public/"):
        from django.core.cache import cache

        cache.clear()  # the portal caches its pages a minute (issue 14): count what a miss costs
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)  # the names as written, not \u escapes
    return len(ctx.captured_queries), text


@pytest.mark.parametrize(("who", "url", "grown"), LISTS)
def test_a_list_costs_the_same_queries_for_more_rows(
    client, login, personas, make_facility, make_user, who, url, grown
):
    login(personas[who])
    _grow(personas, make_facility, make_user, 2, 0)
    _queries(client, url)  # warm: session, caches
    small, page = _queries(client, url)
    assert grown not in page
    _grow(personas, make_facility, make_user, 4, 2)
    large, page = _queries(client, url)
    assert grown in page, f"{url}: the grown rows are not on the page"
    assert large == small, f"{url}: {small} queries for 2 rows, {large} for 6"


# ---- The other lists: each grows the rows of the kinds it shows ------------------------------------------------


class District:
    """Grows the district by facility ``n`` (测试n号有限公司 in 城东街道), with the rows of the kinds asked for.

    The grown facilities are also the shipyard manager's (a group company's manager: one account, several
    facilities), so the enterprise's own lists grow with them."""

    def __init__(
        self, personas: dict[str, Any], make_facility: Callable[..., Any], make_user: Callable
    ) -> None:
        self.personas, self.make_facility, self.make_user = personas, make_facility, make_user
        self.officer = personas["officer"]
        self._facilities: dict[int, Any] = {}
        self._outlets: dict[int, Any] = {}
        self._cases: dict[int, Any] = {}
        self._inspectors: tuple[Any, Any] | None = None
        self.penalty_case: Any = None

    def grow(self, kinds: tuple[str, ...], numbers: range) -> None:
        for n in numbers:
            for kind in kinds:
                getattr(self, kind)(n)
        if "pool" in kinds:
            from ecopermit.inspections.services import pool_refresh

            pool_refresh(actor=self.officer)

    # -- the facility and its plain rows (factories: no service writes them) --

    def facility(self, n: int) -> Any:
        if n not in self._facilities:
            from ecopermit.registry import facade as registry

            facility = self.make_facility(f"测试{n}号有限公司", "城东街道")
            registry.facility_access_grant(
                actor=self.personas["sysadmin"],
                user=self.personas["shipyard_manager"],
                credit_code=facility.credit_code,
            )
            self._facilities[n] = facility
        return self._facilities[n]

    def outlet(self, n: int) -> Any:
        if n not in self._outlets:
            from ecopermit.registry.models import Outlet

            self._outlets[n] = Outlet.objects.create(
                facility=self.facility(n),
                code=f"DA9{n:02d}",
                name=f"{n}号锅炉排放口",
                medium="gas",
                kind="main",
            )
        return self._outlets[n]

    def logger(self, n: int) -> None:
        from ecopermit.monitoring.models import Datalogger

        outlet = self.outlet(n)
        Datalogger.objects.create(
            mn=f"3309020000{n:04d}", facility=outlet.facility, outlet=outlet, password_sha256="0" * 64
        )

    # -- through the services and facades --

    def problem(self, n: int) -> Any:
        """A problem on the facility's rectification case (found: no notice yet); returns the case."""
        if n not in self._cases:
            from ecopermit.cases import services as cases
            from ecopermit.core import clock

            self._cases[n] = cases.problem_raise(
                actor=self.officer,
                facility_id=self.facility(n).pk,
                kind="no_auto_monitoring",
                description=f"第{n}个问题",
                source="survey",
                department=self._department(),
                push_by=clock.today() + dt.timedelta(days=30 + n),
            ).case
        return self._cases[n]

    def case(self, n: int) -> Any:
        """The problem's case with its notice served: the rectification period runs."""
        from ecopermit.cases import services as cases
        from ecopermit.core import clock

        case = self.problem(n)
        if case.notices.exists():
            return case
        cases.notice_issue(
            actor=self.officer,
            case=case,
            deadline=clock.today() + dt.timedelta(days=150),  # within 3–12 months on any day (90 days is not)
            served_on=clock.today(),
        )
        return case

    def service(self, n: int) -> None:
        """A service demand on the case (recorded before the notice, while the case is found)."""
        from ecopermit.cases import services as cases
        from ecopermit.core import clock

        cases.service_demand_add(
            actor=self.officer,
            case=self.problem(n),
            kind="technical_guidance",
            description=f"第{n}项帮扶",
            provider=self._department(),
            due=clock.today() + dt.timedelta(days=20),
        )

    def closure(self, n: int) -> None:
        from ecopermit.cases import closure
        from ecopermit.cases.vocab import ClosureGround

        case, _created = closure.closure_open(
            actor=self.officer,
            facility_id=self.facility(n).pk,
            ground=ClosureGround.WATER_SOURCE_ZONE,
            reasons=[{"kind": "water_source_zone", "reason": "位于饮用水水源保护区内"}],
        )
        closure.closure_propose(actor=self.officer, closure=case)

    def alarm(self, n: int) -> None:
        """An exceedance during the rectification period: the alarm, its problem and a penalty proposal (P7)."""
        from ecopermit.monitoring import services as monitoring

        self.case(n)
        outlet = self.outlet(n)
        alarm = monitoring.alarm_record(
            kind="exceedance",
            facility_id=outlet.facility_id,
            outlet_id=outlet.pk,
            pollutant="a21026",
            pollutant_name="二氧化硫",
            statistic="hourly",
            period_start=HOUR,
            period_end=HOUR + dt.timedelta(hours=1),
            value=Decimal("120"),
            limit=Decimal("100"),
            bound="max",
            percent=Decimal("20"),
            unit="mg/m3",
            basis="measured",
        )
        assert alarm is not None and alarm.during_rectification

    def electricity(self, n: int) -> None:
        from ecopermit.monitoring import services as monitoring

        meter = monitoring.meter_add(
            actor=self.officer,
            facility_id=self.facility(n).pk,
            name=f"{n}号喷涂废气处理风机",
            role="treatment",
            threshold_kw=1.0,
            meter_id=f"DB{n:04d}",
        )
        monitoring.alarm_record(
            kind="electricity",
            facility_id=meter.facility_id,
            meter_id=meter.pk,
            statistic="minutes",
            period_start=HOUR,
            period_end=HOUR + dt.timedelta(minutes=45),
            value=Decimal("45"),
            unit="min",
        )

    def declaration(self, n: int) -> None:
        from ecopermit.monitoring import services as monitoring

        monitoring.declaration_submit(
            actor=self.personas["shipyard_manager"],
            facility_id=self.facility(n).pk,
            outlet_id=self.outlet(n).pk,
            kind="maintenance",
            starts_at=HOUR,
            ends_at=HOUR + dt.timedelta(hours=8),
            reason=f"{n}号锅炉检修",
        )

    def penalty(self, n: int) -> None:
        """A penalty case, its notice served (the enterprise sees it from then on), handed to the police."""
        from ecopermit.core import clock
        from ecopermit.enforcement import services as enforcement

        case = enforcement.penalty_case_file(
            actor=self.officer,
            facility_id=self.facility(n).pk,
            article_no=35,
            item_no=1,
            facts="未按排污许可证规定控制大气污染物无组织排放",
            filed_on=clock.today(),
        )
        enforcement.evidence_add(
            actor=self.officer,
            case=case,
            kind="documentary",
            description="执行报告提交记录",
            collected_on=clock.today(),
            file_name="记录.pdf",
            content=b"%PDF-1.4 sample",
        )
        enforcement.transfer_record(
            actor=self.officer,
            case=case,
            kind="detention",
            transferred_on=clock.today(),
            organ="舟山市公安局定海分局",
            files=[("移送书.pdf", b"%PDF-1.4 transfer")],
        )
        enforcement.notice_issue(actor=self.officer, case=case, amount=50_000, served_on=clock.today())

    def case_papers(self, n: int) -> None:
        """Evidence n and transfer n of one penalty case on the shipyard (the case page's two lists)."""
        from ecopermit.core import clock
        from ecopermit.enforcement import services as enforcement

        if self.penalty_case is None:
            self.penalty_case = enforcement.penalty_case_file(
                actor=self.officer,
                facility_id=self.personas["shipyard"].pk,
                article_no=35,
                item_no=1,
                facts="未按排污许可证规定控制大气污染物无组织排放",
                filed_on=clock.today(),
            )
        enforcement.evidence_add(
            actor=self.officer,
            case=self.penalty_case,
            kind="documentary",
            description=f"第{n}份执行报告",
            collected_on=clock.today(),
            file_name=f"记录{n}.pdf",
            content=b"%PDF-1.4 sample",
        )
        enforcement.transfer_record(
            actor=self.officer,
            case=self.penalty_case,
            kind="detention",
            transferred_on=clock.today(),
            organ=f"舟山市公安局第{n}分局",
            files=[(f"移送书{n}.pdf", b"%PDF-1.4 transfer")],
        )

    def inspectors(self) -> tuple[Any, Any]:
        if self._inspectors is None:
            from ecopermit.accounts.roles import Role
            from ecopermit.inspections.services import inspector_register

            second = self.make_user(Role.BUREAU_OFFICER, "inspector2", display_name="第二执法员")
            self._inspectors = (
                inspector_register(actor=self.officer, user=self.officer, certificate_number="ZF-0001"),
                inspector_register(actor=self.officer, user=second, certificate_number="ZF-0002"),
            )
        return self._inspectors

    def inspection(self, n: int, *, publish: bool = False) -> None:
        """A site inspection by the officer and a colleague, recorded and completed (published if asked)."""
        from ecopermit.core import clock
        from ecopermit.inspections import records

        a, b = self.inspectors()
        inspection = records.inspection_create(
            actor=self.officer, facility_id=self.facility(n).pk, kind="ad_hoc", inspector1=a, inspector2=b
        )
        records.inspection_record(
            actor=self.officer,
            inspection=inspection,
            inspected_at=clock.now() - dt.timedelta(hours=1),
            place="厂区",
            answers={"G01": ("no", f"第{n}次检查发现")},
        )
        inspection = records.inspection_complete(actor=self.officer, inspection=inspection)
        if publish:
            records.inspection_publish(actor=self.officer, inspection=inspection)

    def published(self, n: int) -> None:
        self.inspection(n, publish=True)

    def open_inspection(self, n: int) -> None:
        """An inspection the officer still has to record (my inspections: the open ones)."""
        from ecopermit.inspections import records

        a, b = self.inspectors()
        records.inspection_create(
            actor=self.officer, facility_id=self.facility(n).pk, kind="ad_hoc", inspector1=a, inspector2=b
        )

    def plan(self, n: int) -> None:
        from ecopermit.inspections.services import plan_create

        plan_create(
            actor=self.officer,
            period_kind="quarter",
            period_day=dt.date(2026, 1, 1) + dt.timedelta(days=92 * n),
            code=f"SJ-TEST-{n}",
            name=f"第{n}号抽查计划",
        )

    def pool(self, n: int) -> None:
        """The facility (placed in the pool by the refresh after the growth) and an inspector who must recuse."""
        from ecopermit.accounts.roles import Role
        from ecopermit.inspections.services import inspector_register, recusal_add

        facility = self.facility(n)
        user = self.make_user(Role.BUREAU_OFFICER, f"inspector_{n}", display_name=f"执法员{n}")
        inspector = inspector_register(actor=self.officer, user=user, certificate_number=f"ZF-1{n:03d}")
        recusal_add(
            actor=self.officer, inspector=inspector, facility_id=facility.pk, reason=f"曾为{n}号厂咨询"
        )

    def classified(self, n: int) -> None:
        """The facility classified 简化管理 and holding no permit yet (the coverage lists it as missing)."""
        from ecopermit.registry import facade as registry

        registry.facility_set_management_class(facility_id=self.facility(n).pk, management_class="simplified")

    def shipyard_outlet(self, n: int) -> None:
        """Outlet n of the shipyard itself, with its data logger and an alarm (the facility's monitoring page)."""
        from ecopermit.registry.models import Outlet

        self._facilities.setdefault(n, self.personas["shipyard"])
        self._outlets[n] = Outlet.objects.create(
            facility=self.personas["shipyard"],
            code=f"DA9{n:02d}",
            name=f"{n}号涂装排放口",
            medium="gas",
            kind="main",
        )
        self.logger(n)
        self.alarm(n)

    def shipyard_meter(self, n: int) -> None:
        """Power meter n of the shipyard itself, with a finding (the facility's electricity page)."""
        self._facilities.setdefault(n, self.personas["shipyard"])
        self.electricity(n)

    def import_batch(self, n: int) -> None:
        """A survey upload the check rejected (the importer writes the batch while it reads the workbook)."""
        from ecopermit.registry.models import ImportBatch

        ImportBatch.objects.create(
            file_name=f"第{n}批普查.xlsx", sha256=f"{n:064d}", uploaded_by=self.officer, status="rejected"
        )

    def _department(self) -> Any:
        from ecopermit.core.models import Department

        return Department.objects.get(name="区经信局")


# (who, list, the kinds of row each grown facility brings, a text only the grown district shows)
MORE_LISTS = [
    # online monitoring
    ("officer", "/monitoring/", ("alarm",), "DA905"),
    ("town_chengdong", "/monitoring/", ("alarm",), "DA905"),
    ("shipyard_manager", "/monitoring/", ("alarm",), "DA905"),
    ("officer", "/monitoring/?kind=electricity", ("electricity",), "5号喷涂废气处理风机"),
    ("officer", "/monitoring/devices/", ("logger",), "33090200000005"),
    ("town_chengdong", "/monitoring/devices/", ("logger",), "33090200000005"),
    ("shipyard_manager", "/monitoring/devices/", ("logger",), "33090200000005"),
    ("officer", "/monitoring/declarations/", ("declaration",), "测试5号有限公司"),
    ("town_chengdong", "/monitoring/declarations/", ("declaration",), "测试5号有限公司"),
    ("shipyard_manager", "/monitoring/declarations/", ("declaration",), "测试5号有限公司"),
    ("officer", "/monitoring/facility/{shipyard}/", ("shipyard_outlet",), "33090200000005"),
    ("shipyard_manager", "/monitoring/facility/{shipyard}/", ("shipyard_outlet",), "33090200000005"),
    ("officer", "/monitoring/facility/{shipyard}/electricity/", ("shipyard_meter",), "5号喷涂废气处理风机"),
    # inspections
    ("officer", "/inspections/", ("plan",), "第5号抽查计划"),
    ("officer", "/inspections/pool/", ("pool",), "曾为5号厂咨询"),
    ("officer", "/inspections/records/", ("inspection",), "测试5号有限公司"),
    ("town_chengdong", "/inspections/records/", ("inspection",), "测试5号有限公司"),
    ("shipyard_manager", "/inspections/records/", ("inspection",), "测试5号有限公司"),
    ("officer", "/inspections/mine/", ("inspection", "open_inspection"), "测试5号有限公司"),
    (None, "/public/inspections/", ("published",), "测试5号有限公司"),
    # the public portal (issue 14)
    (None, "/public/facilities/", ("facility",), "测试5号有限公司"),
    (None, "/public/map/facilities.geojson", ("facility",), "测试5号有限公司"),
    (None, "/public/api/facilities/", ("facility",), "测试5号有限公司"),
    (None, "/public/api/inspections/", ("published",), "测试5号有限公司"),
    (None, "/public/feeds/inspections.atom", ("published",), "测试5号有限公司"),
    # enforcement
    ("officer", "/enforcement/", ("penalty",), "测试5号有限公司"),
    ("leader", "/enforcement/", ("penalty",), "测试5号有限公司"),
    ("town_chengdong", "/enforcement/", ("penalty",), "测试5号有限公司"),
    ("shipyard_manager", "/enforcement/", ("penalty",), "测试5号有限公司"),
    ("officer", "/enforcement/proposals/", ("alarm",), "测试5号有限公司"),
    ("officer", "/enforcement/{penalty_case}/", ("case_papers",), "舟山市公安局第5分局"),
    ("leader", "/enforcement/{penalty_case}/", ("case_papers",), "第5份执行报告"),
    # rectification: the closure path and the other two of the three lists
    ("officer", "/cases/closures/", ("closure",), "测试5号有限公司"),
    ("town_chengdong", "/cases/closures/", ("closure",), "测试5号有限公司"),
    ("officer", "/cases/lists/responsibilities/", ("case",), "测试5号有限公司"),
    ("town_chengdong", "/cases/lists/responsibilities/", ("case",), "测试5号有限公司"),
    ("officer", "/cases/lists/services/", ("service",), "第5项帮扶"),
    ("town_chengdong", "/cases/lists/services/", ("service",), "第5项帮扶"),
    ("dept_jxj", "/cases/lists/services/", ("service",), "第5项帮扶"),
    # the inventory's other lists
    ("officer", "/inventory/import/", ("import_batch",), "第5批普查.xlsx"),
    ("officer", "/inventory/map/data/", ("facility",), "测试5号有限公司"),
    ("town_chengdong", "/inventory/map/data/", ("facility",), "测试5号有限公司"),
    ("officer", "/api/facilities/", ("facility",), "测试5号有限公司"),
    ("shipyard_manager", "/api/facilities/", ("facility",), "测试5号有限公司"),
    ("officer", "/catalog/coverage/", ("classified",), "测试5号有限公司"),
    ("town_chengdong", "/catalog/coverage/", ("classified",), "测试5号有限公司"),
    # the enterprise's own lists
    ("shipyard_manager", "/cases/", ("case",), "测试5号有限公司"),
    ("shipyard_manager", "/cases/lists/problems/", ("case",), "第5个问题"),
    ("shipyard_manager", "/notifications/", ("alarm",), "测试5号有限公司"),
]


@pytest.mark.parametrize(("who", "url", "kinds", "grown"), MORE_LISTS)
def test_every_other_list_costs_the_same_queries_for_more_rows(
    client, login, personas, make_facility, make_user, who, url, kinds, grown
):
    district = District(personas, make_facility, make_user)
    if who is not None:
        login(personas[who])
    district.grow(kinds, range(0, 2))
    url = url.format(
        shipyard=personas["shipyard"].pk, penalty_case=getattr(district.penalty_case, "pk", None)
    )
    _queries(client, url)  # warm: session, caches
    small, page = _queries(client, url)
    assert grown not in page
    district.grow(kinds, range(2, 6))
    large, page = _queries(client, url)
    assert grown in page, f"{url}: the grown rows are not on the page"
    assert large == small, f"{url} as {who}: {small} queries for 2 rows, {large} for 6"
