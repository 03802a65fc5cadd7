"""Penalty-case fixtures: a filed case on the shipyard (城东街道), taken as far as a test needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecopermit.enforcement import services

D = dt.date
SERVED = D(2026, 3, 2)


def notified_case(
    personas: dict[str, Any],
    *,
    amount: int = 300_000,
    article: int = 33,
    item: int = 1,
    served: dt.date = SERVED,
    facility: str = "shipyard",
    occurrences: int = 1,
) -> Any:
    officer = personas["officer"]
    case = services.penalty_case_file(
        actor=officer, facility_id=personas[facility].pk, filed_on=D(2026, 2, 20)
    )
    services.violation_record(
        actor=officer,
        case=case,
        article_no=article,
        item_no=item,
        facts="2026年2月18日现场检查发现，该单位未取得排污许可证，喷涂工序废气直接排放。",
        occurrences=occurrences,
    )
    services.evidence_add(
        actor=officer, case=case, kind="record", description="现场检查笔录", collected_on=D(2026, 2, 18)
    )
    return services.notice_issue(
        actor=officer,
        case=case,
        amount=amount,
        factors=["refused_rectification"],
        discretion_note="整改期满未改正",
        served_on=served,
    )


def notify_and_decide_round(
    personas: dict[str, Any], rnd: Any, notified_on: dt.date, decided_on: dt.date
) -> Any:
    """A daily-penalty round found continuing: 告知 → the party waives statement and hearing in writing → the leader
    decides (行政处罚法 Arts. 44, 62)."""
    from ecopermit.enforcement import rounds

    officer = personas["officer"]
    rnd = rounds.round_notice_issue(actor=officer, rnd=rnd, served_on=notified_on)
    rounds.round_statement_record(actor=officer, rnd=rnd, received_on=notified_on, waived=True)
    if rnd.hearing_right:
        rounds.round_hearing_waive(actor=officer, rnd=rnd)
    return rounds.round_decide(actor=personas["leader"], rnd=rnd, decided_on=decided_on)


@pytest.fixture
def notified(personas):  # type: ignore[no-untyped-def]
    return notified_case(personas)
