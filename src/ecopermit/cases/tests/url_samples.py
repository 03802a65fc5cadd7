"""Objects for tests/test_every_url.py: a closure case (with its request sent) on the first facility the visitor
may see, so the closure screens have something to show."""

from __future__ import annotations

from typing import Any


def samples(personas: dict[str, Any], user: Any) -> dict[str, Any]:
    from ecopermit.accounts.scope import scope_of
    from ecopermit.cases import closure
    from ecopermit.cases.vocab import ClosureGround
    from ecopermit.registry.selectors import facilities_visible

    visible = facilities_visible(scope_of(user)).order_by("pk").first() if user else None
    facility = visible or personas["shipyard"]
    case, created = closure.closure_open(
        actor=personas["officer"],
        facility_id=facility.pk,
        ground=ClosureGround.WATER_SOURCE_ZONE,
        reasons=[{"kind": "water_source_zone", "reason": "位于饮用水水源保护区内"}],
    )
    if created:
        case = closure.closure_propose(actor=personas["officer"], closure=case)
    problem = facility.problems.order_by("pk").first()
    return {
        "cases:closure_detail": case.pk,
        "cases:closure_act": case.pk,
        "cases:closure_download": case.pk,
        "cases:problem_fix_decide": problem.pk if problem else 0,
    }
