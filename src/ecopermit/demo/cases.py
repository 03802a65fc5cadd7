"""Demo rectification cases in every step of the five-step method, drawn from the demo inventory's real gaps
(no EIA approval, no automatic monitoring, no permit), so that `make demo` shows the whole flow."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from ecopermit.accounts.models import User
from ecopermit.cases import services
from ecopermit.cases.models import RectificationCase
from ecopermit.cases.rules import REQUIRED_DOCUMENTS
from ecopermit.cases.states import Status, Who
from ecopermit.cases.vocab import DocumentKind, Kind, ServiceKind, Source
from ecopermit.core import clock
from ecopermit.core.models import Department
from ecopermit.core.types import Actor
from ecopermit.registry.models import Facility, FacilityAccess, Outlet

# Where each demo case stops, in order; the list is cycled over the chosen facilities. The two demo
# enterprises come first, so their portals show a served notice and work in progress.
PLAN = (
    Status.NOTICE_SERVED,
    Status.IN_PROGRESS,
    Status.FOUND,
    Status.SERVICE,
    Status.PLAN_SUBMITTED,
    Status.ACCEPTANCE_REQUESTED,
    Status.ACCEPTED,
    Status.OVERDUE,
    Status.REFERRED,
    Status.CLOSURE_PROPOSED,
    Status.PUBLISHED,
    Status.NOTICE_SERVED,
)
assert set(PLAN) == set(Status)
PDF = b"%PDF-1.4\n% demo document (synthetic)\n%%EOF\n"


def _problems_for(facility: Facility) -> list[tuple[str, str, str]]:
    if facility.management_class == "excluded":
        return []  # the gate sends it down the closure path: no rectification case (C2)
    out: list[tuple[str, str, str]] = []
    if not facility.eia_approvals.exists():
        out.append(
            (
                Kind.BUILT_BEFORE_APPROVAL,
                "生产设施未办理环境影响评价审批手续（演示）",
                "编制现状环境影响评价报告，报分局备案",
            )
        )
    if Outlet.objects.filter(
        facility=facility, medium="gas", kind="main", auto_monitoring_installed=False
    ).exists():
        out.append(
            (
                Kind.NO_AUTO_MONITORING,
                "主要排放口未安装自动监测设备（演示）",
                "安装自动监测设备并与生态环境部门联网",
            )
        )
    if Outlet.objects.filter(facility=facility, standardized=False).exists():
        out.append(
            (Kind.OUTLET_NOT_STANDARD, "排放口未按规定规范化设置（演示）", "按规范设置排放口标志牌和采样平台")
        )
    if facility.permit_status == "none":
        out.append(
            (Kind.NO_PERMIT, "未申领排污许可证或办理排污登记（演示）", "整改完成后依法申请排污许可证或登记")
        )
    return out


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def demo_cases_load(*, count: int = 36, seed: int = 2026) -> int:
    """Creates the demo cases once; returns how many were created (0 when they exist already).
    Each case's history is written on the business clock of the day it happened (``clock.travel``)."""
    if RectificationCase.objects.filter(is_demo=True).exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return 0
    rng = random.Random(seed)
    today = clock.today()
    jxj = Department.objects.filter(code="jxj").first()
    linked = list(
        FacilityAccess.objects.filter(user__username__in=["enterprise1", "enterprise2"]).values_list(
            "facility_id", flat=True
        )
    )
    candidates = [f for f in Facility.objects.filter(is_demo=True).order_by("pk") if _problems_for(f)]
    chosen = [f for f in candidates if f.pk in linked] + [f for f in candidates if f.pk not in linked]
    created = 0
    for i, facility in enumerate(chosen[:count]):
        target = PLAN[i % len(PLAN)]
        found = today - dt.timedelta(days=rng.randint(150, 240))
        with clock.travel(_at(found)):
            for kind, description, action in _problems_for(facility):
                services.problem_raise(
                    actor=officer,
                    facility_id=facility.pk,
                    kind=kind,
                    description=description,
                    required_action=action,
                    source=Source.SURVEY,
                    found_on=found,
                    department=jxj if kind == Kind.NO_AUTO_MONITORING else None,
                    town=facility.town,
                    push_by=found + dt.timedelta(days=180),
                )
        case = RectificationCase.objects.get(facility=facility, status=Status.FOUND)
        RectificationCase.objects.filter(pk=case.pk).update(officer=officer)
        _advance(case, target, officer, facility, found, today)
        created += 1
    return created


def _advance(
    case: RectificationCase, target: Status, officer: User, facility: Facility, found: dt.date, today: dt.date
) -> None:
    if target == Status.FOUND:
        return
    with clock.travel(_at(found + dt.timedelta(days=5))):
        services.service_demand_add(
            actor=officer,
            case=case,
            kind=ServiceKind.TECHNICAL_GUIDANCE,
            description="环保指导员上门技术指导（演示）",
        )
    if target == Status.SERVICE:
        return
    overdue = target in (Status.OVERDUE, Status.REFERRED, Status.CLOSURE_PROPOSED)
    served = found + dt.timedelta(days=20) if overdue else today - dt.timedelta(days=60)
    deadline = served + dt.timedelta(days=110) if overdue else served + dt.timedelta(days=180)
    enterprise = User.objects.filter(
        facility_access__facility=facility, role_grants__role="enterprise"
    ).first()
    actor: Actor = enterprise or officer
    with clock.travel(_at(served, 9)):
        notice = services.notice_issue(actor=officer, case=case, deadline=deadline, served_on=served)
    if enterprise is not None:
        with clock.travel(_at(served + dt.timedelta(days=1))):
            services.notice_acknowledge(actor=enterprise, notice=notice)
    if overdue:
        with clock.travel(_at(deadline + dt.timedelta(days=1), 6)):
            services.case_transition(
                actor=None,
                case=case,
                target=Status.OVERDUE,
                who=Who.SYSTEM,
                note=f"整改期限 {deadline.isoformat()} 已过（演示）",
            )
        later = _at(deadline + dt.timedelta(days=8))
        with clock.travel(later):
            if target == Status.REFERRED:
                services.case_transition(
                    actor=officer, case=case, target=Status.REFERRED, who=Who.OFFICER, note="移送执法（演示）"
                )
            elif target == Status.CLOSURE_PROPOSED:
                services.case_transition(
                    actor=officer,
                    case=case,
                    target=Status.CLOSURE_PROPOSED,
                    who=Who.OFFICER,
                    note="整改无望，提请政府关闭（演示）",
                )
        return
    if target == Status.NOTICE_SERVED:
        return
    steps: list[tuple[Status, Who, Any, int]] = [
        (Status.PLAN_SUBMITTED, Who.ENTERPRISE, actor, 12),
        (Status.IN_PROGRESS, Who.OFFICER, officer, 18),
        (Status.ACCEPTANCE_REQUESTED, Who.ENTERPRISE, actor, 45),
        (Status.ACCEPTED, Who.OFFICER, officer, 52),
        (Status.PUBLISHED, Who.OFFICER, officer, 56),
    ]
    for status, who, by, days in steps:
        with clock.travel(_at(served + dt.timedelta(days=days))):
            if status == Status.PLAN_SUBMITTED:
                services.document_upload(
                    actor=actor,
                    case=case,
                    kind=DocumentKind.RECTIFICATION_PLAN,
                    name="整改方案（演示）.pdf",
                    content=PDF,
                )
            if status == Status.ACCEPTANCE_REQUESTED:
                case.refresh_from_db()
                for kind in REQUIRED_DOCUMENTS[case.exit_path] or (DocumentKind.ACCEPTANCE_REPORT,):
                    services.document_upload(
                        actor=actor,
                        case=case,
                        kind=kind,
                        name=f"{DocumentKind(kind).label}（演示）.pdf",
                        content=PDF + kind.encode(),
                    )
            if status == Status.ACCEPTED:
                for doc in case.documents.filter(review="pending"):
                    services.document_review(actor=officer, document=doc, accepted=True)
                for p in case.problems.all():
                    services.problem_fix(actor=officer, problem=p)
            services.case_transition(actor=by, case=case, target=status, who=who)
        if status == target:
            return


def demo_facilities_without_case() -> list[int]:
    """Demo facilities that have no demo case: their problems come from the inventory itself (一查, issue 10)."""
    with_case = RectificationCase.objects.filter(is_demo=True).values("facility_id")
    return list(
        Facility.objects.filter(is_demo=True)
        .exclude(pk__in=with_case)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def demo_closure_propose() -> int:
    """Sends the 提请政府关闭 request of the first demo facility the gate excludes, so the demo shows one (C2)."""
    from ecopermit.cases.closure import closure_propose
    from ecopermit.cases.models import ClosureCase

    officer = User.objects.filter(username="officer").first()
    first = (
        ClosureCase.objects.filter(is_demo=True, status="open", ground="water_source_zone")
        .order_by("pk")
        .first()
    )
    if (
        officer is None
        or first is None
        or ClosureCase.objects.filter(is_demo=True, status="proposed").exists()
    ):
        return 0
    closure_propose(actor=officer, closure=first)
    return 1
