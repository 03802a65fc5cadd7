"""Objects the every-URL walk needs for the service pages (tests/test_every_url.py): each made on a facility the
visiting user may see, so that a role allowed in gets its page (an agency account is a member of the agency; a
department officer's temporary-building request is routed to its own department)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from ecopermit.accounts.scope import scope_of
    from ecopermit.assistance.models import (
        Agency,
        ConsultationBooking,
        ConsultationSlot,
        SelfCheck,
        SharedMonitoringReport,
        StewardContract,
        TemporaryBuildingRequest,
    )
    from ecopermit.core import clock, evidence
    from ecopermit.core.models import Department
    from ecopermit.registry.selectors import facilities_visible

    scope = scope_of(user) if user else None
    facility = (facilities_visible(scope).order_by("pk").first() if scope else None) or personas["shipyard"]
    now, today = clock.now(), clock.today()
    officer = personas["officer"]
    slot, _created = ConsultationSlot.objects.get_or_create(
        on=today + dt.timedelta(days=7),
        starts_at=dt.time(9),
        defaults={"ends_at": dt.time(11, 30), "place": "窗口", "created_at": now},
    )
    booking = ConsultationBooking.objects.filter(
        facility=facility
    ).first() or ConsultationBooking.objects.create(
        number=f"YYS-{facility.pk}",
        slot=slot,
        facility=facility,
        booked_by=officer,
        booked_at=now,
        topic="许可",
        question="问题",
    )
    agency = Agency.objects.filter(credit_code="91330900SAMPLE0001").first()
    if agency is None:
        agency = Agency.objects.create(
            name="样例机构", credit_code="91330900SAMPLE0001", services="monitoring", registered_at=now
        )
        agency.members.add(personas["agency"])
    contract = StewardContract.objects.filter(agency=agency, facilities=facility).first()
    if contract is None:
        contract = StewardContract.objects.create(
            number=f"GJ-{facility.pk}",
            agency=agency,
            client="bureau",
            coverage="enterprises",
            coverage_note="样例",
            starts_on=today - dt.timedelta(days=10),
            ends_on=today + dt.timedelta(days=300),
            recorded_at=now,
        )
        contract.facilities.add(facility)
    shared = SharedMonitoringReport.objects.first()
    if shared is None:
        shared = SharedMonitoringReport(
            title="样例报告",
            area="城东",
            monitored_from=today - dt.timedelta(days=30),
            monitored_to=today,
            uploaded_at=now,
            original_name="r.pdf",
        )
        shared.sha256 = evidence.store(shared.file, b"%PDF-1.4 sample", suffix=".pdf")
        shared.save()
    department = (
        Department.objects.filter(pk__in=scope.department_ids).first()
        if scope and scope.department_ids
        else None
    ) or Department.objects.get(code="zrzy")
    building = TemporaryBuildingRequest.objects.filter(facility=facility, department=department).first()
    if building is None:
        building = TemporaryBuildingRequest(
            number=f"LJS-{facility.pk}-{department.pk}",
            facility=facility,
            kind="rain_shed",
            purpose="样例",
            floor_area=10,
            drawing_name="d.pdf",
            department=department,
            requested_by=officer,
            submitted_on=today,
            decide_by=today + dt.timedelta(days=28),
        )
        building.drawing.save("d.pdf", ContentFile(b"%PDF-1.4 d"), save=False)
        building.drawing_sha256 = evidence.digest(b"%PDF-1.4 d")
        building.save()
    check = SelfCheck.objects.filter(facility=facility).first() or SelfCheck.objects.create(
        facility=facility, guide_code="ship_repair", started_by=officer, started_at=now
    )
    return {
        "assistance:booking_detail": booking.pk,
        "assistance:booking_answer": booking.pk,
        "assistance:booking_cancel": booking.pk,
        "assistance:booking_publish": booking.pk,
        "assistance:guide_facility": facility.pk,
        "assistance:agency_detail": agency.pk,
        "assistance:agency_action": agency.pk,
        "assistance:contract_detail": contract.pk,
        "assistance:shared_download": shared.pk,
        "assistance:shared_cite": shared.pk,
        "assistance:building_detail": building.pk,
        "assistance:building_drawing": building.pk,
        "assistance:building_withdraw": building.pk,
        "assistance:selfcheck_detail": check.pk,
        "assistance:industry_guide": 1,
    }
