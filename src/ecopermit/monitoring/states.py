"""An alarm's statuses as a transition table of the workflow kernel (issue 12): 待处置 → 已闭环 by an officer with a
note; 待处置 → 已申报说明 when an accepted shutdown/maintenance declaration covers it (decided in bulk with the
declaration: ``declaration_decide`` checks the move here and writes the rows at once); an explained alarm can still
be closed. Pure: no database."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow
from ecopermit.monitoring.models_alarms import AlarmStatus as S

TRANSITIONS = [
    # labels: the audit action is "monitoring.alarm." + label (core/audit/actions.py names it)
    Transition(S.OPEN, S.CLOSED, "close", needs_note=True),
    Transition(S.EXPLAINED, S.CLOSED, "close_explained", needs_note=True),
    Transition(S.OPEN, S.EXPLAINED, "explain"),
]

WORKFLOW = Workflow(
    S,
    TRANSITIONS,
    refused=_("An alarm that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("You may not make this move on the alarm."),
)
