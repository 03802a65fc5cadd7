"""Scheduled jobs of penalty cases (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.enforcement import rounds


@db_periodic_task(crontab(hour="6", minute="10"))
def daily_reinspection_watch() -> dict[str, int]:
    """Every morning at 06:10 (Asia/Shanghai): re-inspections due within 7 days or overdue (Order 28 Art. 10)."""
    return rounds.enforcement_tick()
