"""Which procedure steps are open on a penalty case (enforcement/steps.py; issue 12 moved it out of the view):
the statuses of the workflow plus the procedural conditions (行政处罚法 Chapter V)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ecopermit.enforcement.states import Status
from ecopermit.enforcement.steps import open_steps


def _case(status, **kw):  # type: ignore[no-untyped-def]
    base = {
        "article_no": None,
        "item_no": None,
        "statement_on": None,
        "hearing_right": False,
        "hearing_waived": False,
        "hearing_held_on": None,
        "outcome": "",
    }
    return SimpleNamespace(status=status, **{**base, **kw})


@pytest.mark.parametrize(
    ("status", "fields", "leader", "expected"),
    [
        (Status.FILED, {}, False, ["violation", "evidence", "transfer"]),
        (Status.FILED, {}, True, ["violation", "evidence", "transfer", "withdraw"]),
        # The notice needs the article first.
        (Status.INVESTIGATING, {}, False, ["violation", "evidence", "transfer"]),
        (Status.INVESTIGATING, {"article_no": 36}, False, ["violation", "evidence", "notice", "transfer"]),
        # Only a party with the right to a hearing, who has not waived it, may ask for one.
        (
            Status.NOTIFIED,
            {"hearing_right": True},
            False,
            ["evidence", "statement", "hearing_request", "transfer"],
        ),
        (
            Status.NOTIFIED,
            {"hearing_right": True, "hearing_waived": True, "statement_on": "2026-12-01"},
            True,
            ["evidence", "decide", "transfer", "no_penalty"],
        ),
        (
            Status.HEARING,
            {"hearing_held_on": "2026-12-01", "statement_on": "2026-11-30"},
            False,
            ["evidence", "transfer"],
        ),
        (Status.EXECUTING, {}, False, ["execution", "transfer", "close"]),
        (Status.WITHDRAWN, {}, True, []),
    ],
)
def test_open_steps(status, fields, leader, expected, monkeypatch):
    import ecopermit.enforcement.steps as steps

    monkeypatch.setattr(steps.selectors, "transferred_as_crime", lambda case: False)
    assert open_steps(_case(status, **fields), leader=leader) == expected


@pytest.mark.parametrize(
    ("status", "due"),
    [
        (Status.FILED, True),
        (Status.INVESTIGATING, True),
        (Status.NOTIFIED, True),
        (Status.HEARING, True),
        # 行政处罚法 Art. 60 counts until the decision: a decided, closed or withdrawn case has no decision deadline.
        (Status.DECIDED, False),
        (Status.EXECUTING, False),
        (Status.CLOSED, False),
        (Status.NO_PENALTY, False),
        (Status.WITHDRAWN, False),
    ],
)
def test_the_decision_deadline_runs_only_until_the_decision(status, due):
    import datetime as dt

    from ecopermit.enforcement.models import PenaltyCase

    case = PenaltyCase(status=status, filed_on=dt.date(2026, 3, 1))
    assert case.decision_due == (dt.date(2026, 5, 30) if due else None)  # 90 calendar days after filing
