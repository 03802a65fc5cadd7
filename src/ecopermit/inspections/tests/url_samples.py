"""Objects for tests/test_every_url.py: a drawn plan, and a completed inspection with evidence on a facility the
visiting user may see (so allowed roles get 200, not 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _inspectors(personas: dict[str, Any]) -> tuple[Any, Any]:
    from ecopermit.accounts.models import RoleGrant, User
    from ecopermit.inspections.models import Inspector

    first = Inspector.objects.filter(user=personas["officer"]).first() or Inspector.objects.create(
        user=personas["officer"], certificate_number="SAMPLE-1"
    )
    second = Inspector.objects.exclude(pk=first.pk).first()
    if second is None:
        user = User.objects.create_user(
            username="sample_inspector", password="x-Sample!2026", display_name="抽样执法员"
        )
        RoleGrant.objects.create(user=user, role="bureau_officer")
        second = Inspector.objects.create(user=user, certificate_number="SAMPLE-2")
    return first, second


def _inspection_on(facility: Any, personas: dict[str, Any]) -> Any:
    from django.utils import timezone

    from ecopermit.inspections import records
    from ecopermit.inspections.models import Inspection

    found = Inspection.objects.filter(facility=facility, status="completed").first()
    if found is not None:
        return found
    a, b = _inspectors(personas)
    inspection = records.inspection_create(
        actor=personas["officer"], facility_id=facility.pk, kind="ad_hoc", inspector1=a, inspector2=b
    )
    records.inspection_record(
        actor=personas["officer"],
        inspection=inspection,
        inspected_at=timezone.now() - dt.timedelta(hours=1),
        place="厂区",
        answers={"G01": ("yes", "")},
    )
    records.evidence_add(
        actor=personas["officer"],
        inspection=inspection,
        kind="photo",
        name="现场.jpg",
        content=b"\xff\xd8\xff sample",
    )
    return records.inspection_complete(actor=personas["officer"], inspection=inspection)


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.inspections.models import SamplingPlan
    from ecopermit.registry.selectors import facilities_visible

    visible = facilities_visible(scope_of(user)).order_by("pk").first() if user else None
    inspection = _inspection_on(visible or personas["shipyard"], personas)
    plan = SamplingPlan.objects.first()
    if plan is None:
        from ecopermit.inspections import services

        plan = services.plan_create(
            actor=personas["officer"], period_kind="quarter", period_day=dt.date(2026, 11, 1)
        )
    evidence = inspection.evidence.first()
    from ecopermit.inspections.models import Recusal

    first, _second = _inspectors(personas)
    recusal, _c = Recusal.objects.get_or_create(
        inspector=first, facility=personas["shipyard2"], defaults={"reason": "曾为该单位提供环保咨询"}
    )
    return {
        "inspections:inspector_availability": first.pk,
        "inspections:recusal_remove": recusal.pk,
        "inspections:plan_detail": plan.pk,
        "inspections:plan_configure": plan.pk,
        "inspections:plan_seed": plan.pk,
        "inspections:plan_draw": plan.pk,
        "inspections:inspection_detail": inspection.pk,
        "inspections:inspection_record": inspection.pk,
        "inspections:finding_add": inspection.pk,
        "inspections:evidence_add": inspection.pk,
        "inspections:inspection_complete": inspection.pk,
        "inspections:inspection_publish": inspection.pk,
        "inspections:record_download": inspection.pk,
        "inspections:evidence_download": evidence.pk,
    }
