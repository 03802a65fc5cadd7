"""The penalty case lifecycle (MISSION E3; 行政处罚法 2021, Chapter V §3–4 and Chapter VI).

立案 → 调查取证 → 告知 → (听证) → 决定 → 执行 → 结案, with the exits 撤销立案 (2010 环境行政处罚办法 Art. 23) and
不予处罚 (行政处罚法 Art. 57(2)(3)), and 结案 after a transfer of a suspected crime (Art. 57(4)).
``services.penalty_transition`` is the one function that changes a status, under a row lock, along this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow


class Status(models.TextChoices):
    FILED = "filed", _("Filed (立案)")
    INVESTIGATING = "investigating", _("Investigation (调查取证)")
    NOTIFIED = "notified", _("Notice of proposed penalty (告知)")
    HEARING = "hearing", _("Hearing (听证)")
    DECIDED = "decided", _("Decided (决定)")
    EXECUTING = "executing", _("Execution (执行)")
    CLOSED = "closed", _("Closed (结案)")
    NO_PENALTY = "no_penalty", _("No penalty (不予处罚)")
    WITHDRAWN = "withdrawn", _("Filing withdrawn (撤销立案)")


MAIN_PATH = (
    Status.FILED,
    Status.INVESTIGATING,
    Status.NOTIFIED,
    Status.HEARING,
    Status.DECIDED,
    Status.EXECUTING,
    Status.CLOSED,
)
FINAL = frozenset({Status.CLOSED, Status.WITHDRAWN})
OPEN = frozenset(Status) - FINAL
# Before the decision: a transfer of a suspected crime may end the administrative case (Art. 57(4)).
BEFORE_DECISION = frozenset({Status.FILED, Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING})


class Who(models.TextChoices):
    OFFICER = "officer", _("bureau officer")
    LEADER = "leader", _("bureau leader")


def _t(source: Status, target: Status, *who: Who, label: str) -> Transition:
    return Transition(source, target, label, frozenset(who))


OFF, LEAD = Who.OFFICER, Who.LEADER
TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.FILED, Status.INVESTIGATING, OFF, LEAD, label="investigate"),
    _t(Status.FILED, Status.WITHDRAWN, LEAD, label="withdraw"),
    _t(Status.INVESTIGATING, Status.WITHDRAWN, LEAD, label="withdraw"),
    _t(Status.INVESTIGATING, Status.NOTIFIED, OFF, LEAD, label="notify"),
    _t(Status.INVESTIGATING, Status.NO_PENALTY, LEAD, label="no_penalty"),
    _t(Status.NOTIFIED, Status.INVESTIGATING, OFF, LEAD, label="reinvestigate"),
    _t(Status.NOTIFIED, Status.HEARING, OFF, LEAD, label="hearing"),
    _t(Status.NOTIFIED, Status.DECIDED, LEAD, label="decide"),
    _t(Status.NOTIFIED, Status.NO_PENALTY, LEAD, label="no_penalty"),
    _t(Status.HEARING, Status.DECIDED, LEAD, label="decide"),
    _t(Status.HEARING, Status.NO_PENALTY, LEAD, label="no_penalty"),
    _t(Status.DECIDED, Status.EXECUTING, OFF, LEAD, label="execute"),
    _t(Status.EXECUTING, Status.CLOSED, OFF, LEAD, label="close"),
    _t(Status.NO_PENALTY, Status.CLOSED, OFF, LEAD, label="close"),
    *(_t(s, Status.CLOSED, LEAD, label="close_transferred") for s in sorted(BEFORE_DECISION)),
)

LEADER_NEEDED = _("This step needs a bureau leader's approval (负责人).")
WORKFLOW = Workflow(
    Status,
    TRANSITIONS,
    refused=_("A case that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=LEADER_NEEDED,
)
transition = WORKFLOW.get
allowed_targets = WORKFLOW.targets


# ---------------------------------------------------------------------------------------------- daily rounds


class RoundStatus(models.TextChoices):
    """A round of the continuous daily penalty (Order 28) goes through the same 告知 → (听证) → 决定 as the main
    penalty: Order 28 Art. 15 ("应当符合法律规定的行政处罚程序"), 行政处罚法 Arts. 44, 45, 62–64. The values of the
    notice and hearing states are the case's own, so that ``services.decision_blockers`` applies to a round."""

    ORDERED = "ordered", _("Order served, re-inspection pending")
    FOUND = "found", _("Refusal to correct found (拒不改正)")
    NOTIFIED = Status.NOTIFIED.value, Status.NOTIFIED.label
    HEARING = Status.HEARING.value, Status.HEARING.label
    DECIDED = Status.DECIDED.value, Status.DECIDED.label
    ENDED = "ended", _("Ended: nothing to decide (corrected, stopped, or no day counted)")


def _r(source: RoundStatus, target: RoundStatus, *who: Who, label: str) -> Transition:
    return Transition(source, target, label, frozenset(who))


ROUND_TRANSITIONS: tuple[Transition, ...] = (
    _r(RoundStatus.ORDERED, RoundStatus.FOUND, OFF, LEAD, label="refusal_found"),
    _r(RoundStatus.ORDERED, RoundStatus.ENDED, OFF, LEAD, label="ended"),
    _r(RoundStatus.FOUND, RoundStatus.NOTIFIED, OFF, LEAD, label="notify"),
    _r(RoundStatus.NOTIFIED, RoundStatus.HEARING, OFF, LEAD, label="hearing"),
    _r(RoundStatus.NOTIFIED, RoundStatus.DECIDED, LEAD, label="decide"),
    _r(RoundStatus.HEARING, RoundStatus.DECIDED, LEAD, label="decide"),
)
ROUND_WORKFLOW = Workflow(
    RoundStatus,
    ROUND_TRANSITIONS,
    refused=_("A round that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=LEADER_NEEDED,
)
round_transition = ROUND_WORKFLOW.get
