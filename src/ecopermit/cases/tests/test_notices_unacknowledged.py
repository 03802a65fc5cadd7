"""``notices_unacknowledged`` (issue 15 S2): served notices not yet acknowledged, superseded ones left out."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.cases import facade, services

pytestmark = pytest.mark.django_db


def test_a_served_notice_is_pending_until_acknowledged(personas):
    problem = services.problem_raise(
        actor=personas["officer"],
        facility_id=personas["shipyard"].pk,
        kind="no_auto_monitoring",
        description="未安装在线监测",
        source="survey",
    )
    notice = services.notice_issue(
        actor=personas["officer"],
        case=problem.case,
        deadline=dt.date(2027, 6, 1),
        served_on=dt.date(2026, 12, 1),
    )
    assert [n.id for n in facade.notices_unacknowledged([personas["shipyard"].pk])] == [notice.pk]
    services.notice_acknowledge(actor=personas["shipyard_manager"], notice=notice)
    assert facade.notices_unacknowledged([personas["shipyard"].pk]) == []
