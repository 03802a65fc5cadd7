"""Objects the every-URL walk needs for the credit pages (tests/test_every_url.py)."""

from __future__ import annotations

from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.core import clock
    from ecopermit.credit.models import CreditEvent, CreditLevel, CreditRepairRequest
    from ecopermit.registry.selectors import facilities_visible

    facility = (facilities_visible(scope_of(user)).order_by("pk").first() if user else None) or personas[
        "shipyard"
    ]
    today = clock.today()
    event, _ = CreditEvent.objects.get_or_create(
        source="manual",
        source_ref=f"sample:{facility.pk}",
        defaults={
            "facility": facility,
            "kind": "commitment_broken",
            "occurred_on": today,
            "recorded_at": clock.now(),
            "summary": "样例事件",
            "reason": "样例",
        },
    )
    level = CreditLevel.objects.filter(facility=facility).first() or CreditLevel.objects.create(
        facility=facility,
        scheme="national_2013",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        score=95,
        proposed_level="blue",
        explanation=[],
        proposed_at=clock.now(),
    )
    repair = CreditRepairRequest.objects.filter(
        facility=facility
    ).first() or CreditRepairRequest.objects.create(
        facility=facility,
        level=level,
        text="样例",
        requested_by=user or personas["officer"],
        requested_at=clock.now(),
    )
    return {
        "credit:facility_credit": facility.pk,
        "credit:repair_request": facility.pk,
        "credit:repair_decide": repair.pk,
        "credit:level_review": level.pk,
        "credit:level_publish": level.pk,
        "credit:event_retract": event.pk,
    }
