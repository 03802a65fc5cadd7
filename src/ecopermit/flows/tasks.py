"""Scheduled work of the flows (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from ecopermit.flows import services


@db_periodic_task(crontab(hour="5", minute="30"))
@lock_task("flows-derive")
def daily_problem_derivation() -> dict[str, int]:
    """Every morning at 05:30 (before the deadline watch): the rules run over every facility, so that what the
    calendar changes (a permit expired yesterday) becomes a problem without anyone editing the facility."""
    r = services.problems_derive_many(actor=None)
    return {"raised": len(r.raised), "proposed_fixed": len(r.proposed_fixed), "reported": len(r.reported)}
