"""A demo-like district for the portal's tests, seeded with everything that must NOT be published: a legal
representative, a contact person and phone, inspectors, the enterprise's representative at an inspection, internal
summaries and free-text descriptions naming people, evidence and document file names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ecopermit.core import clock

#: Strings that appear in the seeded data and must never appear on a public URL.
SECRETS = (
    "王法人",  # legal representative
    "李联系",  # contact person
    "13912345678",  # contact phone
    "赵代表",  # the enterprise's representative at the inspection
    "内部备注XYZ",  # the inspection's summary
    "张三称",  # a problem's free-text description
    "钱执法",  # an inspector's name
    "secret_photo.jpg",  # evidence file name
    "plan_secret.pdf",  # a case document's file name
    "复核意见ABC",  # a review comment
    "违法事实QRS",  # the penalty case's facts
)


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, Any]:
    from ecopermit.cases import services as cases
    from ecopermit.cases.models import CaseDocument
    from ecopermit.enforcement.models import PenaltyCase
    from ecopermit.inspections.models import Evidence, Finding, Inspection, Inspector
    from ecopermit.registry.models import Facility, Outlet, OutletLimit, Permit
    from ecopermit.registry.vocab import OperatingStatus

    today = clock.today()
    shipyard, fish = personas["shipyard"], personas["fish"]
    Facility.objects.filter(pk=shipyard.pk).update(
        legal_representative="王法人",
        contact_name="李联系",
        contact_phone="13912345678",
        address="定海区城东街道海港路1号",
        management_class="key",
        permit_status="permit_valid",
        credit_level="blue",
    )
    Facility.objects.filter(pk=personas["shipyard2"].pk).update(status=OperatingStatus.CLOSED)
    Permit.objects.create(
        facility=shipyard,
        number="91330902TESTPERMIT001P",
        management_class="key",
        issued_on=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=1500),
    )
    outlet = Outlet.objects.create(
        facility=shipyard,
        code="DA001",
        name="涂装废气排放口",
        medium="gas",
        kind="main",
        standard="GB 16297-1996",
    )
    OutletLimit.objects.create(
        outlet=outlet,
        pollutant_code="a24088",
        pollutant_name="非甲烷总烃",
        statistic="hourly",
        value=Decimal("120"),
        unit="mg/m3",
        source="GB 16297-1996 表2",
        valid_from=today - dt.timedelta(days=900),
    )
    officer = personas["officer"]
    officer.display_name = "钱执法"
    officer.save()
    inspector = Inspector.objects.create(user=officer, certificate_number="ZJ-0001")
    inspection = Inspection.objects.create(
        facility=shipyard,
        number="JC2026-0001",
        kind="ad_hoc",
        checklist="general",
        status="published",
        inspector1=inspector,
        inspected_at=timezone.now() - dt.timedelta(days=20),
        representative="赵代表",
        representative_title="厂长",
        summary="内部备注XYZ",
        outcome="problems",
        completed_at=timezone.now() - dt.timedelta(days=19),
        published_on=today - dt.timedelta(days=3),
    )
    Finding.objects.create(
        inspection=inspection, kind="outlet_not_standard", description="张三称标志牌已订购"
    )
    Evidence.objects.create(
        inspection=inspection,
        kind="photo",
        file="inspections/x/secret_photo.jpg",
        original_name="secret_photo.jpg",
        content_type="image/jpeg",
        size=3,
        sha256="0" * 64,
        note="内部备注XYZ",
        uploaded_by=officer,
        uploaded_at=timezone.now(),
    )
    problem = cases.problem_raise(
        actor=officer,
        facility_id=shipyard.pk,
        kind="no_auto_monitoring",
        description="张三称在线监测明年安装，电话13912345678",
        source="survey",
    )
    cases.notice_issue(
        actor=officer,
        case=problem.case,
        deadline=today + dt.timedelta(days=150),
        served_on=today - dt.timedelta(days=2),
    )
    document = cases.document_upload(
        actor=officer,
        case=problem.case,
        kind="rectification_plan",
        name="plan_secret.pdf",
        content=b"%PDF-1.4 x",
    )
    CaseDocument.objects.filter(pk=document.pk).update(
        review="accepted", review_comment="复核意见ABC", reviewed_at=timezone.now()
    )
    PenaltyCase.objects.create(
        number="AJ2026-0001",
        facility=shipyard,
        filed_on=today - dt.timedelta(days=60),
        officer=officer,
        article_no=33,
        item_no=1,
        facts="违法事实QRS，王法人承认",
        status="closed",
        outcome="penalty",
        decision_number="舟定环罚〔2026〕1号",
        decided_amount=Decimal("200000"),
        decided_on=today - dt.timedelta(days=10),
    )
    # The fish processor: nothing recorded but its name (a quiet page).
    return {**personas, "inspection": inspection, "outlet": outlet, "case": problem.case, "fish": fish}
