"""Scheduled jobs of online monitoring (run by the huey worker: `ecopermit run_huey`)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from ecopermit.monitoring import evaluation, services


@db_periodic_task(crontab(minute="*/5"))
@lock_task("monitoring-evaluate")
def evaluate_readings() -> dict[str, int]:
    """Every five minutes: settled hours and days judged against the limits, missing data found (M2)."""
    return evaluation.evaluate()


@db_periodic_task(crontab(minute="*/15"))
@lock_task("monitoring-electricity")
def evaluate_electricity() -> int:
    """Every fifteen minutes: treatment equipment off while production runs (E4)."""
    return services.electricity_evaluate()


@db_periodic_task(crontab(hour="1", minute="7"))
def reading_partitions() -> int:
    """Daily: the readings table's monthly partitions for the coming months (PostgreSQL only)."""
    from ecopermit.monitoring.ingest.partitions import ensure_partitions

    return len(ensure_partitions())
