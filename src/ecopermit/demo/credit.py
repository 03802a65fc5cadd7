"""Demo environmental credit (issue 14, K1): the events collected from the demo data already loaded (penalty
decisions, the transfer to the police, rectification cases, problems, alarms, inspections), the levels evaluated
under the national scheme and published by the demo officer, so that the draw, the facility pages and the portal
read real levels.

The demo's cases, penalties and inspections are dated in 2026, so the demo evaluates the year of its latest event
rather than the previous calendar year, which the annual cycle uses: first to the end of July (published), then to
date (published but for the three lowest scores, left proposed: the facility fined with daily penalties, whose
published level is blue, is proposed yellow, so publishing it raises its draw ratio by half). Idempotent: nothing is done when a
demo level is published already."""

from __future__ import annotations

import datetime as dt

from ecopermit.accounts.models import User
from ecopermit.core import clock
from ecopermit.credit import services
from ecopermit.credit.models import CreditEvent, CreditLevel
from ecopermit.credit.vocab import LevelStatus


def demo_credit_load() -> dict[str, int]:
    """Collects, evaluates and publishes; the counts (empty when the demo credit exists already)."""
    if CreditLevel.objects.filter(is_demo=True, status=LevelStatus.PUBLISHED).exists():
        return {}
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return {}
    synced = services.credit_events_sync(actor=officer)
    latest = (
        CreditEvent.objects.filter(is_demo=True)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
    )
    today = clock.today()
    year = latest[0].year if latest else today.year - 1
    end = min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1)))
    facility_ids = sorted(set(CreditEvent.objects.filter(is_demo=True).values_list("facility_id", flat=True)))
    # First the half-year to July (published: what the enterprises see in force), then the year to date (the three
    # lowest scores left proposed for the officer to review and publish).
    start = dt.date(year, 1, 1)
    first_end = min(end, dt.date(year, 7, 31))
    services.credit_evaluate(actor=officer, facility_ids=facility_ids, period=(start, first_end))
    services.credit_levels_publish(
        actor=officer,
        level_ids=CreditLevel.objects.filter(
            facility_id__in=facility_ids, status=LevelStatus.PROPOSED
        ).values_list("pk", flat=True),
    )
    services.credit_evaluate(actor=officer, facility_ids=facility_ids, period=(start, end))
    pending = list(
        CreditLevel.objects.filter(facility_id__in=facility_ids, status=LevelStatus.PROPOSED)
        .order_by("score", "pk")
        .values_list("pk", "veto")
    )
    # Most are published; the three lowest scores without a veto (the facility fined with daily penalties among
    # them) stay proposed, so that the officer reviews and publishes them and sees the draw's ratio change.
    keep = set([pk for pk, veto in pending if not veto][:3])
    pending_ids = [pk for pk, _veto in pending]
    published = services.credit_levels_publish(
        actor=officer, level_ids=[pk for pk in pending_ids if pk not in keep]
    )
    return {"events": synced.created, "proposed": len(pending_ids), "published": published}
