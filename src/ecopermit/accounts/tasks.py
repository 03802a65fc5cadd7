"""Scheduled account hygiene (run by the huey worker)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ecopermit.accounts.services import users_disable_dormant


@db_periodic_task(crontab(hour="3", minute="30"))
def disable_dormant_accounts() -> list[str]:
    return users_disable_dormant(actor=None, days=90)
