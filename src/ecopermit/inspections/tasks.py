"""Scheduled jobs of 双随机、一公开 (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.inspections import records


@db_periodic_task(crontab(hour="6", minute="10"))
def daily_publication_watch() -> dict[str, int]:
    """Every morning: results not published within 20 working days are flagged and their inspectors told."""
    return records.publications_watch()
