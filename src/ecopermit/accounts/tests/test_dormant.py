"""Dormant accounts are disabled (等保 DJB-AC-1)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from ecopermit.accounts.models import User
from ecopermit.accounts.roles import Role
from ecopermit.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_accounts_unused_for_ninety_days_are_disabled(make_user, capsys):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        idle = make_user(Role.BUREAU_OFFICER, "idle")
        busy = make_user(Role.BUREAU_OFFICER, "busy")
        never = make_user(Role.TOWN_OFFICER, "never", town="白泉镇")
    User.objects.filter(pk=idle.pk).update(last_login=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    User.objects.filter(pk=busy.pk).update(last_login=dt.datetime(2026, 3, 30, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 4, 5, tzinfo=dt.UTC), tick=False):
        call_command("disable_dormant")
    assert "idle" in capsys.readouterr().out
    active = dict(
        User.objects.filter(pk__in=[idle.pk, busy.pk, never.pk]).values_list("username", "is_active")
    )
    assert active == {"idle": False, "busy": True, "never": False}
    assert AuditEvent.objects.filter(action="user.disable_dormant").count() == 2
