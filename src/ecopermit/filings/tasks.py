"""Scheduled jobs of the self-proof app (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.filings import services

# huey finds the periodic tasks in this module: the other parts' nightly jobs are imported here.
from ecopermit.filings.crosscheck_tasks import nightly_crosscheck  # noqa: F401
from ecopermit.filings.watch_tasks import (  # noqa: F401
    ledger_watch_nightly,
    online_results_nightly,
    selfmon_watch_nightly,
)


@db_periodic_task(crontab(hour="0", minute="30"))
def daily_reports_watch() -> dict[str, int]:
    """Every night at 00:30 (Asia/Shanghai), after the paperwork watch: the year's reports scheduled from the permits
    in force, reminders before the due dates, and reports never submitted by their due date raised as problems."""
    return services.reports_watch()
