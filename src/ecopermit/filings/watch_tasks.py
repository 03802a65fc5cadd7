"""The nightly watches of self-monitoring and the ledger (issue 13 M3, M5). Huey finds periodic tasks only in an
app's ``tasks`` module: ``filings/tasks.py`` imports these two (``from ecopermit.filings.watch_tasks import
ledger_watch_nightly, selfmon_watch_nightly  # noqa: F401``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from ecopermit.filings import ledger_services, selfmon_services


@db_periodic_task(crontab(hour="2", minute="17"))
@lock_task("filings-selfmon-watch")
def selfmon_watch_nightly() -> int:
    """Nightly: each sampling period that ended without a self-monitoring result is a problem (条例 Art. 36(5))."""
    return selfmon_services.selfmon_watch()


@db_periodic_task(crontab(hour="2", minute="37"))
@lock_task("filings-ledger-watch")
def ledger_watch_nightly() -> int:
    """Nightly: a permit holder with no ledger entry in the last full month is a problem (条例 Art. 37(1))."""
    return ledger_services.ledger_watch()


@db_periodic_task(crontab(hour="3", minute="7"))
@lock_task("filings-online-results")
def online_results_nightly() -> int:
    """Nightly: last month's online means recorded as self-monitoring results of the automatic plan lines."""
    return selfmon_services.online_results_record()
