"""An inspection's statuses as a transition table of the workflow kernel (issue 12): 待检查 → 已完成 (the record is
closed, its outcome fixed, the result due for publication within 20 working days: 双随机一公开, see rules.py) →
结果已公开. Pure: no database."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow
from ecopermit.inspections.vocab import InspectionStatus as S

TRANSITIONS = [
    # labels: the audit action is "inspections." + label (core/audit/actions.py names it)
    Transition(S.OPEN, S.COMPLETED, "inspection_complete", guard="record_complete"),
    Transition(S.COMPLETED, S.PUBLISHED, "inspection_publish"),
]

WORKFLOW = Workflow(
    S,
    TRANSITIONS,
    refused=_("An inspection that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("You may not make this move on the inspection."),
)
