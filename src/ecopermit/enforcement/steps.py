"""Which steps of the penalty procedure the bureau may take on a case now (issue 12: this lived in the view as a
second state machine). The statuses come from ``states.WORKFLOW``; the procedural conditions from 行政处罚法
Chapter V (statement and defence, hearing) and the daily-penalty rules (条例 Art. 38; Order 28 Art. 5).

``open_steps`` names them in the order of the procedure; the view gives each its form, ``PRIMARY`` says which one
the case page opens first.
"""

from __future__ import annotations

from typing import Any

from ecopermit.enforcement import rounds, selectors
from ecopermit.enforcement.models import RoundResult
from ecopermit.enforcement.rules import daily
from ecopermit.enforcement.states import Status

BEFORE_NOTICE = (Status.FILED, Status.INVESTIGATING)
BEFORE_DECISION = (Status.FILED, Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING)

# The form opened first on the case page: the step the case is waiting for.
PRIMARY: dict[str, tuple[str, ...]] = {  # by status value: a Status is the str it stores
    Status.FILED: ("violation",),
    Status.INVESTIGATING: ("notice", "violation"),
    Status.NOTIFIED: ("decide", "statement"),
    Status.HEARING: ("hearing", "decide"),
    Status.DECIDED: ("execution",),
    Status.EXECUTING: ("execution",),
    Status.NO_PENALTY: ("close",),
}


def _daily_order_open(case: Any) -> bool:
    """A continuous daily penalty may follow a decided fine under an eligible article, one round at a time."""
    return (
        case.outcome == "penalty"
        and case.status in (Status.DECIDED, Status.EXECUTING, Status.CLOSED)
        and case.article_no is not None
        and daily.eligibility(case.article_no, case.item_no).allowed
        and not case.daily_rounds.filter(result__in=[RoundResult.PENDING, *rounds.ENDING]).exists()
    )


def open_steps(case: Any, *, leader: bool) -> list[str]:
    """The steps a bureau officer (``leader``: a bureau leader) may take on ``case`` now, in procedure order."""
    s = case.status
    steps = {
        "violation": s in BEFORE_NOTICE,
        "evidence": s in BEFORE_DECISION,
        "notice": s == Status.INVESTIGATING and case.article_no is not None,
        "statement": s in (Status.NOTIFIED, Status.HEARING) and case.statement_on is None,
        "hearing_request": s == Status.NOTIFIED and case.hearing_right and not case.hearing_waived,
        "hearing": s == Status.HEARING and case.hearing_held_on is None,
        "decide": leader and s in (Status.NOTIFIED, Status.HEARING),
        "execution": s in (Status.DECIDED, Status.EXECUTING),
        "order": _daily_order_open(case),
        "transfer": s != Status.WITHDRAWN,
        "close": s in (Status.EXECUTING, Status.NO_PENALTY)
        or (leader and s in BEFORE_DECISION and selectors.transferred_as_crime(case)),
        "no_penalty": leader and s in (Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING),
        "withdraw": leader and s in BEFORE_NOTICE,
    }
    return [name for name, is_open in steps.items() if is_open]
