"""Scheduled jobs of credit (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.core import clock
from ecopermit.credit import services


@db_periodic_task(crontab(hour="2", minute="15"))
def credit_nightly() -> dict[str, int]:
    """Every night at 02:15 (Asia/Shanghai), after the other apps' watches: the new credit events collected (a
    serious one re-evaluates its facility at once); on 15 January the previous year's levels are proposed."""
    synced = services.credit_events_sync(actor=None)
    proposed = 0
    today = clock.today()
    if today.month == 1 and today.day == 15:
        proposed = services.credit_evaluate(actor=None).proposed
    return {"created": synced.created, "withdrawn": synced.withdrawn, "proposed": proposed}
