"""Demo 双随机、一公开: an inspector pool, a sampling plan for the current quarter with its seed published before
a recorded draw, and a few completed inspections with findings, evidence and published results, so that
`make demo` shows the whole flow (E1, E2). Deterministic (seeded, ordered by id) and created once."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ecopermit.accounts.models import User
from ecopermit.accounts.services import role_grant, user_create
from ecopermit.core import clock
from ecopermit.demo.dataset import DEMO_MARK, DEMO_PASSWORD
from ecopermit.inspections import records, rules, services
from ecopermit.inspections.models import Inspection, Inspector, SamplingPlan
from ecopermit.registry.models import Facility, FacilityAccess

INSPECTORS = (  # username, name, enforcement certificate number (synthetic)
    ("officer", "", "33090226001"),
    ("inspector1", "林海波", "33090226002"),
    ("inspector2", "周晓岚", "33090226003"),
    ("inspector3", "胡定军", "33090226004"),
    ("inspector4", "叶青禾", "33090226005"),
    ("inspector5", "方远舟", "33090226006"),
)
# A 1×1 PNG: the demo's "photo" evidence (synthetic).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f5b54a0000000049454e44ae426082"
)
NOTES = ("现场检查发现问题（演示）", "台账记录不完整（演示）", "治理设施未正常运行（演示）")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _inspectors() -> list[Inspector]:
    out = []
    for username, name, cert in INSPECTORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                display_name=name + DEMO_MARK,
                password=DEMO_PASSWORD,
                organisation="区生态环境分局执法队",
                must_change_password=False,
                is_demo=True,
            )
            role_grant(actor=None, user=user, role="bureau_officer")
        out.append(services.inspector_register(actor=None, user=user, certificate_number=cert))
    return out


def demo_inspections_load(*, seed: int = 2026) -> int:
    """Creates the demo plan, draw and inspections once; returns the number of inspections created."""
    if (
        SamplingPlan.objects.filter(is_demo=True).exists()
        or not Facility.objects.filter(is_demo=True).exists()
    ):
        return 0
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return 0
    rng = random.Random(seed)
    services.checklist_sync()
    inspectors = _inspectors()
    demo = list(Facility.objects.filter(is_demo=True).order_by("pk"))
    for inspector, facility in zip(inspectors[1:3], demo[3:5], strict=True):
        services.recusal_add(
            actor=officer,
            inspector=inspector,
            facility_id=facility.pk,
            reason="近三年曾为该企业提供环保咨询服务（演示）",
        )
    services.pool_refresh(actor=officer)

    today = clock.today()
    start, _end = rules.period_bounds("quarter", today)
    published = min(start + dt.timedelta(days=2), today)
    with clock.travel(_at(published, 9)):
        plan = services.plan_create(actor=officer, period_kind="quarter", period_day=today, is_demo=True)
        services.plan_publish_seed(
            actor=officer,
            plan=plan,
            seed=f"{published:%Y-%m-%d} 上证综指收盘点位 {3100 + rng.randint(0, 400)}.{rng.randint(10, 99)}（演示）",
        )
    with clock.travel(_at(min(published + dt.timedelta(days=1), today), 10)):
        services.plan_draw(actor=officer, plan=plan)

    created = 0
    tasks = list(plan.tasks.select_related("facility", "inspection").order_by("facility_id"))[:8]
    span = max((today - published).days - 2, 1)
    for n, task in enumerate(tasks):
        day = min(published + dt.timedelta(days=2 + n * span // len(tasks)), today - dt.timedelta(days=1))
        inspection = task.inspection
        _visit(inspection, officer, day, rng, problem=n % 2 == 0)
        created += 1
        if n != 1 and day + dt.timedelta(days=7) < today:  # the second stays unpublished: its deadline shows
            with clock.travel(_at(day + dt.timedelta(days=7), 10)):
                records.inspection_publish(actor=officer, inspection=inspection)
    created += _enterprise_visit(officer, inspectors, today, rng)
    created += _non_site(officer, inspectors, demo, today)
    return created


def _visit(inspection: Inspection, officer: User, day: dt.date, rng: random.Random, *, problem: bool) -> None:
    items = records.checklist_items(inspection)
    industry = [i for i in items if i.checklist != "general"] or items
    bad = rng.choice(industry) if problem else None
    answers = {i.code: ("no" if i is bad else "yes", rng.choice(NOTES) if i is bad else "") for i in items}
    f = inspection.facility
    with clock.travel(_at(day, 15, 30)):
        records.inspection_record(
            actor=officer,
            inspection=inspection,
            inspected_at=_at(day, 9, 30),
            place=f.address or f.town.name,
            lat=f.lat,
            lon=f.lon,
            representative=f.contact_name or "企业现场负责人（演示）",
            representative_title="环保负责人",
            answers=answers,
            summary="检查人员出示执法证件，企业环保负责人陪同检查（演示）。",
        )
        records.evidence_add(
            actor=officer,
            inspection=inspection,
            kind="photo",
            name="现场照片（演示）.png",
            content=PNG + str(inspection.pk).encode(),
            note="厂区现场（演示）",
        )
        records.inspection_complete(actor=officer, inspection=inspection)


def _enterprise_visit(officer: User, inspectors: list[Inspector], today: dt.date, rng: random.Random) -> int:
    """An ad hoc visit to the first demo enterprise's facility, published, so its portal shows a result."""
    access = FacilityAccess.objects.filter(user__username="enterprise1").order_by("facility_id").first()
    if access is None:
        return 0
    pair = [i for i in inspectors[3:] if not i.recusals.filter(facility_id=access.facility_id).exists()][:2]
    day = today - dt.timedelta(days=20)
    with clock.travel(_at(day, 9)):
        inspection = records.inspection_create(
            actor=officer,
            facility_id=access.facility_id,
            kind="ad_hoc",
            inspector1=pair[0],
            inspector2=pair[1],
        )
    _visit(inspection, officer, day, rng, problem=True)
    with clock.travel(_at(day + dt.timedelta(days=5), 10)):
        records.inspection_publish(actor=officer, inspection=inspection)
    return 1


def _non_site(officer: User, inspectors: list[Inspector], demo: list[Facility], today: dt.date) -> int:
    """An electricity-monitoring finding recorded without a visit (E4)."""
    facility = next((f for f in demo if f.primary_industry.startswith("339")), demo[0])
    day = today - dt.timedelta(days=6)
    with clock.travel(_at(day, 8)):
        inspection = records.inspection_create(
            actor=officer,
            facility_id=facility.pk,
            kind="non_site",
            inspector1=inspectors[0],
            non_site_source="electricity",
        )
        records.evidence_add(
            actor=officer,
            inspection=inspection,
            kind="data",
            name="用电监控曲线（演示）.csv",
            content=b"time,production_kw,treatment_kw\n02:00,310,0\n03:00,305,0\n",
        )
        records.inspection_record(
            actor=officer,
            inspection=inspection,
            inspected_at=_at(day, 7, 45),
            summary="用电监控显示夜间生产设备运行而治理设施停运（演示）。",
        )
        records.finding_add(
            actor=officer,
            inspection=inspection,
            kind="other_violation",
            description="生产期间污染治理设施未运行（用电监控，演示）",
            required_action="立即恢复治理设施运行并说明情况",
        )
        records.inspection_complete(actor=officer, inspection=inspection)
    return 1
