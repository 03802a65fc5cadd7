"""The closure path (关停取缔, MISSION C2, P5): states and the one table of allowed changes.

A facility the gate excludes — inside a drinking-water source protection area (水污染防治法 Arts. 65, 66: existing
projects there are 责令拆除或者关闭 by the people's government at or above county level) or with production or
products in the eliminate category (名录注5) — gets no permit and no rectification notice. The bureau asks the
district government to close it (提请政府关闭), records the government's decision, and verifies the closure on
site. The same path serves a rectification that is hopeless or refused (条例 Arts. 33–35: 情节严重的，报经有批准权
的人民政府批准，责令停业、关闭). ``closure.closure_transition`` is the one function that changes the status.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow


class ClosureStatus(models.TextChoices):
    OPEN = "open", _("Closure path opened")
    PROPOSED = "proposed", _("Closure proposed to the district government")
    ORDERED = "ordered", _("Closure ordered by the government")
    CLOSED = "closed", _("Closed (verified on site)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_CLOSURE_STATUSES = frozenset({ClosureStatus.OPEN, ClosureStatus.PROPOSED, ClosureStatus.ORDERED})


CLOSURE_TRANSITIONS: tuple[Transition, ...] = (
    # The request to the government is numbered and frozen when it moves the case to "proposed".
    Transition(ClosureStatus.OPEN, ClosureStatus.PROPOSED, "propose"),
    Transition(ClosureStatus.PROPOSED, ClosureStatus.ORDERED, "record_order"),
    Transition(ClosureStatus.ORDERED, ClosureStatus.CLOSED, "verify_closed"),
    # The grounds may fall away (a zone redrawn, an entry not confirmed); an officer says why.
    Transition(ClosureStatus.OPEN, ClosureStatus.WITHDRAWN, "withdraw", needs_note=True),
    Transition(ClosureStatus.PROPOSED, ClosureStatus.WITHDRAWN, "withdraw", needs_note=True),
)

CLOSURE_WORKFLOW = Workflow(
    ClosureStatus,
    CLOSURE_TRANSITIONS,
    refused=_("A closure case that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)


def closure_targets(source: str) -> list[ClosureStatus]:
    return CLOSURE_WORKFLOW.targets(source)
