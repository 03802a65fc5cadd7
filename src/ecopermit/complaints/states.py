"""A complaint's statuses as a transition table of the workflow kernel: 已受理登记 → 已受理 (受理告知) → 已查明
(upheld or not, after a site visit) → 已答复 → 已办结; or 不予受理 with the reason. Site visits and mediation are
records on the timeline while the complaint is accepted. Pure: no database."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.complaints.vocab import Status as S
from ecopermit.core.workflow import Transition, Workflow

TRANSITIONS = [
    # labels: the audit action is "complaint." + label (core/audit/actions.py names it)
    Transition(S.RECEIVED, S.ACCEPTED, "accept"),
    Transition(S.RECEIVED, S.DECLINED, "decline", needs_note=True),
    Transition(S.ACCEPTED, S.FOUND, "find", guard="visited"),
    Transition(S.FOUND, S.REPLIED, "reply"),
    Transition(S.REPLIED, S.CLOSED, "close"),
]

WORKFLOW = Workflow(
    S,
    TRANSITIONS,
    refused=_("A complaint that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("You may not make this move on the complaint."),
)
