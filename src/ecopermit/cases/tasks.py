"""Scheduled jobs of the rectification workflow (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.cases import services


@db_periodic_task(crontab(hour="6", minute="0"))
def daily_deadline_watch() -> dict[str, int]:
    """Every morning at 06:00 (Asia/Shanghai): reminders 30/7/0 days before deadlines, escalation after."""
    return services.cases_tick()
