"""Scheduled jobs of complaints (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.complaints import services


@db_periodic_task(crontab(hour="6", minute="20"))
def daily_complaints_watch() -> dict[str, int]:
    """Every morning: holders reminded 3 days before a deadline; overdue complaints escalated to the bureau."""
    return services.complaints_watch()
