"""The cross-checks' nightly job. The lead's ``filings/tasks.py`` imports it so that the huey worker (`ecopermit
run_huey`) registers it: ``from ecopermit.filings.crosscheck_tasks import nightly_crosscheck  # noqa: F401``."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.core import clock
from ecopermit.filings.crosscheck_services import crosscheck_run


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_crosscheck() -> dict[str, dict[str, int]]:
    """Every night at 02:30 (Asia/Shanghai), after the evaluation of the online data and the reports' watch: last
    year's and this year's reports cross-checked, and the permitted totals (a year's excess is raised once)."""
    today = clock.today()
    return {str(year): crosscheck_run(year=year) for year in (today.year - 1, today.year)}
