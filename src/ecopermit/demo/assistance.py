"""Demo service to enterprises (issue 15, S1–S7), through the assistance services where there is one.

- S1: the Wednesday sessions of the next eight weeks; last Wednesday's session with enterprise1's question answered
  and published in the public FAQ (anonymised), and its booking for the next session waiting for the officer.
- S2: 城东街道's officer guides the first six facilities of 城东街道 (two visited this year), the bureau officer
  guides enterprise3's facility.
- S3 / S7: the agency account's company (舟山澄曦环保管家服务有限公司) as the bureau's environmental steward of its
  client facilities, with a service record; a second, monitoring agency checked twice (one poor score), noticed and
  suspended from the district for three months (its demo account ``agency_suspended`` cannot upload).
- S4: a regional monitoring report of 城东街道 cited by two shipyards; a joint monitoring commission.
- S5: a natural-resources officer (``dept_zrzy``); enterprise1's request for an enclosed grit store, waiting.
- S6: enterprise1's self-check against the 船舶修造 guide, two items not met.

Idempotent: nothing is created when the demo agencies exist. Relative to ``clock.today()``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ecopermit.accounts.models import RoleGrant, User
from ecopermit.accounts.roles import Role
from ecopermit.accounts.services import user_create
from ecopermit.assistance import services
from ecopermit.assistance.models import Agency, ConsultationSlot, ItemState
from ecopermit.core import clock
from ecopermit.core.models import Department
from ecopermit.demo.dataset import DEMO_MARK, DEMO_PASSWORD
from ecopermit.registry.models import Facility, FacilityAccess

PDF = b"%PDF-1.4\n% demo regional monitoring report\n"
STEWARD_CODE = "91330902MADEMO001A"
MONITOR_CODE = "91330902MADEMO002B"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _demo_user(
    username: str, name: str, role: str, *, organisation: str, department: Department | None = None
) -> User:
    user = _user(username)
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            display_name=name + DEMO_MARK,
            password=DEMO_PASSWORD,
            organisation=organisation,
            must_change_password=False,
            is_demo=True,
        )
        RoleGrant.objects.create(user=user, role=role, department=department)
    return user


@transaction.atomic
def demo_assistance_load() -> str:
    """Loads the demo; a line for the loader's summary ("" when nothing was created)."""
    officer = _user("officer")
    if officer is None or Agency.objects.filter(credit_code=STEWARD_CODE).exists():
        return ""
    today = clock.today()
    # S1
    services.slots_generate(actor=officer, weeks=8)
    enterprise1 = _user("enterprise1")
    shipyard = Facility.objects.filter(accesses__user=enterprise1).first() if enterprise1 else None
    if enterprise1 is not None and shipyard is not None:
        last_wednesday = today - dt.timedelta(days=(today.weekday() - 2) % 7 or 7)
        past, _created = ConsultationSlot.objects.get_or_create(
            on=last_wednesday,
            starts_at=services.SESSIONS[0][0],
            defaults={
                "ends_at": services.SESSIONS[0][1],
                "place": services.CONSULTATION_PLACE,
                "created_at": clock.now(),
            },
        )
        # Booked on the Monday before, answered on the day (the clock travels, as the people did).
        with clock.travel(
            timezone.make_aware(dt.datetime.combine(last_wednesday - dt.timedelta(days=2), dt.time(15)))
        ):
            asked = services.booking_create(
                actor=enterprise1,
                slot=past,
                facility_id=shipyard.pk,
                topic="危险废物贮存",
                question=f"{shipyard.name}的废油漆桶和废打砂料能否放在同一个危废暂存间？",
            )
        with clock.travel(timezone.make_aware(dt.datetime.combine(last_wednesday, dt.time(10)))):
            services.booking_answer(
                actor=officer,
                booking=asked,
                answer="可以放在同一暂存间，但须分区存放、设置隔断和标识，地面防渗，并按《危险废物贮存污染控制标准》"
                "（GB 18597-2023）建立台账；废打砂料如经鉴定不属于危险废物，应另行作为一般工业固废管理。",
                record="企业环保负责人到窗口咨询，已现场讲解贮存要求。",
            )
        services.booking_publish_faq(actor=officer, booking=asked)
        upcoming = ConsultationSlot.objects.filter(on__gt=today).order_by("on", "starts_at").first()
        if upcoming is not None:
            services.booking_create(
                actor=enterprise1,
                slot=upcoming,
                facility_id=shipyard.pk,
                topic="排污许可证延续",
                question="我公司排污许可证明年到期，延续需要准备哪些材料？",
            )
        check = services.selfcheck_start(actor=enterprise1, facility_id=shipyard.pk, guide_code="ship_repair")
        items = list(check.items.all())
        services.selfcheck_mark(
            actor=enterprise1,
            check=check,
            marks={
                items[0].code: (ItemState.OPEN, "2号船台仍有露天打砂"),
                items[1].code: (ItemState.MET, ""),
                items[2].code: (ItemState.OPEN, "稀释剂桶未加盖"),
                items[3].code: (ItemState.MET, ""),
            },
        )
        services.building_submit(
            actor=enterprise1,
            facility_id=shipyard.pk,
            kind="dust_store",
            purpose="建设封闭式打砂料储库，防止堆场扬尘",
            floor_area=Decimal("180.0"),
            years=2,
            drawing=PDF,
            drawing_name="打砂料储库平面图.pdf",
        )
    zrzy = Department.objects.filter(code="zrzy").first()
    if zrzy is not None:
        _demo_user("dept_zrzy", "周规划", Role.DEPARTMENT_OFFICER, organisation=zrzy.name, department=zrzy)
    # S2
    town = _user("town_chengdong")
    if town is not None:
        chengdong = list(Facility.objects.filter(town__name="城东街道", is_demo=True).order_by("pk")[:6])
        if shipyard is not None and shipyard.town.name == "城东街道" and shipyard not in chengdong:
            chengdong.insert(0, shipyard)
        for n, f in enumerate(chengdong):
            services.guide_assign(actor=officer, facility_id=f.pk, guide=town)
            if n < 2:
                services.visit_record(
                    actor=town,
                    facility_id=f.pk,
                    visited_on=max(today.replace(month=1, day=1), today - dt.timedelta(days=20 + 10 * n)),
                    kind="visit",
                    guidance="检查废气收集设施运行情况，讲解自行监测和台账要求。",
                    reminders="执行报告按期提交",
                )
    enterprise3 = _user("enterprise3")
    permitted = Facility.objects.filter(accesses__user=enterprise3).first() if enterprise3 else None
    if permitted is not None:
        services.guide_assign(actor=officer, facility_id=permitted.pk, guide=officer)
    # S3 / S7
    steward = services.agency_register(
        actor=officer,
        name="舟山澄曦环保管家服务有限公司" + DEMO_MARK,
        credit_code=STEWARD_CODE,
        services=["monitoring", "operation", "guidance"],
        contact="舒管家",
        phone="0580-2000001",
    )
    if _user("agency") is not None:
        services.agency_member_add(actor=officer, agency=steward, username="agency")
    clients = list(
        Facility.objects.filter(accesses__user__username="agency").order_by("pk").values_list("pk", flat=True)
    )
    if clients:
        contract = services.contract_record(
            actor=officer,
            agency=steward,
            number=f"DHHB-GJ-{today.year}-01",
            client="bureau",
            coverage="enterprises",
            coverage_note="手续不全企业整治期间的环保管家服务",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=305),
            facility_ids=clients,
        )
        services.service_record(
            actor=_user("agency"),
            contract=contract,
            facility_id=clients[0],
            kind="guidance",
            done_on=today - dt.timedelta(days=7),
            summary="协助企业梳理环评手续，编制污染整治提升方案初稿。",
        )
    monitor = services.agency_register(
        actor=officer,
        name="舟山恒测检测技术有限公司" + DEMO_MARK,
        credit_code=MONITOR_CODE,
        services=["monitoring"],
        contact="钱检",
    )
    suspended_user = _demo_user("agency_suspended", "钱检测", Role.AGENCY, organisation=monitor.name)
    if shipyard is not None:
        FacilityAccess.objects.get_or_create(user=suspended_user, facility=shipyard)
    services.agency_member_add(actor=officer, agency=monitor, username="agency_suspended")
    services.quality_check_record(
        actor=officer,
        agency=monitor,
        checked_on=today - dt.timedelta(days=40),
        subject="某船厂季度废气监测报告",
        score=78,
        findings="采样记录不完整。",
    )
    poor = services.quality_check_record(
        actor=officer,
        agency=monitor,
        checked_on=today - dt.timedelta(days=12),
        subject="某水产企业废水监测报告",
        score=35,
        findings="报告数据与原始记录不符，采样时间与企业停产时间重叠。",
    )
    services.notice_publish(
        actor=officer,
        agency=monitor,
        check=poor,
        title="关于舟山恒测检测技术有限公司监测报告严重失实的通报",
        body="经抽检，该公司出具的某水产企业废水监测报告数据与原始记录不符，严重失实。予以通报，并自即日起区域停业整改三个月。",
    )
    services.suspension_decide(
        actor=officer,
        agency=monitor,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=80),
        reason="监测报告严重失实（方案四(四)：严重失实失信的，予以区域停业整改）",
    )
    # S4
    shipyards = list(
        Facility.objects.filter(town__name="城东街道", is_demo=True, primary_industry__startswith="373")
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    report = services.shared_report_upload(
        actor=officer,
        title="城东街道船舶修造集聚区环境质量现状监测报告",
        area="城东街道船舶修造集聚区",
        monitored_from=today - dt.timedelta(days=120),
        monitored_to=today - dt.timedelta(days=90),
        content=PDF,
        file_name="城东集聚区现状监测报告.pdf",
        agency=monitor,
    )
    for pk in shipyards[:2]:
        services.shared_report_cite(actor=officer, report=report, facility_id=pk)
    if len(shipyards) >= 2:
        services.joint_commission_record(
            actor=officer,
            title="城东船舶修造企业联合委托监测",
            agency=steward,
            contract_number=f"LHJC-{today.year}-01",
            signed_on=today - dt.timedelta(days=30),
            facility_ids=shipyards,
        )
    return (
        "  新建演示企业服务：咨询日场次与问答、环保指导员、环保管家、共享监测、临时建筑申请、行业自查；"
        "停业整改中的中介机构账号 agency_suspended 不能上传。"
    )
