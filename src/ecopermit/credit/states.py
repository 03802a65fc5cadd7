"""The life of a credit evaluation: proposed by the platform, reviewed and published by the bureau; a published one
is superseded when the next evaluation of the facility is published (a serious event, or next year's)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow
from ecopermit.credit.vocab import LevelStatus

OFFICER = "officer"
LEADER = "leader"
SYSTEM = "system"

TRANSITIONS = (
    Transition(LevelStatus.PROPOSED, LevelStatus.REVIEWED, "review", frozenset({OFFICER, LEADER})),
    Transition(LevelStatus.PROPOSED, LevelStatus.PUBLISHED, "publish", frozenset({OFFICER, LEADER})),
    Transition(LevelStatus.REVIEWED, LevelStatus.PUBLISHED, "publish", frozenset({OFFICER, LEADER})),
    Transition(LevelStatus.PUBLISHED, LevelStatus.SUPERSEDED, "supersede", frozenset({SYSTEM})),
)

WORKFLOW = Workflow(
    LevelStatus,
    TRANSITIONS,
    refused=_("A credit evaluation cannot go from %(src)s to %(dst)s."),
    forbidden=_("You may not make this change to a credit evaluation."),
)
