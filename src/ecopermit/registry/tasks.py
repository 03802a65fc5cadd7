"""Scheduled jobs of the inventory (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.registry import paperwork


@db_periodic_task(crontab(hour="0", minute="10"))
def daily_paperwork_watch() -> dict[str, int]:
    """Every night at 00:10 (Asia/Shanghai), just after a validity period ends: permit statuses from the validity
    dates (so coverage is right the next morning), then the renewal reminders (60 days for a permit, 20 for a
    registration)."""
    return paperwork.paperwork_watch()
