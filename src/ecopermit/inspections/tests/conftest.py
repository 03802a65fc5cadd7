"""Inspection personas: four enforcement officers in the inspector pool (one of them recusing from the shipyard),
the four persona facilities in the object pool, and a quarterly plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecopermit.accounts.roles import Role


@pytest.fixture
def inspection_world(personas, make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from ecopermit.inspections import services

    officer = personas["officer"]
    people = [officer] + [
        make_user(Role.BUREAU_OFFICER, f"inspector{n}", display_name=f"执法队员{n}") for n in range(1, 4)
    ]
    inspectors = [
        services.inspector_register(actor=officer, user=u, certificate_number=f"33090200{n:02d}")
        for n, u in enumerate(people, 1)
    ]
    services.recusal_add(
        actor=officer, inspector=inspectors[1], facility_id=personas["shipyard"].pk, reason="亲属在该企业任职"
    )
    type(personas["shipyard"]).objects.filter(pk=personas["shipyard"].pk).update(management_class="key")
    type(personas["fish"]).objects.filter(pk=personas["fish"].pk).update(management_class="simplified")
    type(personas["foundry"]).objects.filter(pk=personas["foundry"].pk).update(
        management_class="registration", on_key_list=True
    )
    type(personas["shipyard2"]).objects.filter(pk=personas["shipyard2"].pk).update(
        management_class="registration"
    )
    services.pool_refresh(actor=officer)
    plan = services.plan_create(actor=officer, period_kind="quarter", period_day=dt.date(2026, 11, 1))
    return {**personas, "inspectors": inspectors, "plan": plan, "inspector_users": people}
