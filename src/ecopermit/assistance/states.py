"""The workflows of the service measures as transition tables of the workflow kernel. Pure: no database.

- A consultation booking: booked → answered by an officer; booked → cancelled by the enterprise or an officer.
- A temporary-building request: submitted → approved or refused by the natural-resources department's officer (a
  refusal says why); submitted → withdrawn by the enterprise.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.assistance.models import BookingStatus as B
from ecopermit.assistance.models import BuildingStatus as T
from ecopermit.core.workflow import Transition, Workflow


class Who(models.TextChoices):
    OFFICER = "officer", _("officer")
    ENTERPRISE = "enterprise", _("enterprise")
    DEPARTMENT = "department", _("department officer")


OFF, ENT, DEPT = Who.OFFICER, Who.ENTERPRISE, Who.DEPARTMENT

# labels: the audit action is "assistance.booking." + label (core/audit/actions.py names it)
BOOKING = Workflow(
    B,
    [
        Transition(B.BOOKED, B.ANSWERED, "answer", frozenset({OFF})),
        Transition(B.BOOKED, B.CANCELLED, "cancel", frozenset({OFF, ENT})),
    ],
    refused=_("A booking that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)

# labels: the audit action is "assistance.building." + label
BUILDING = Workflow(
    T,
    [
        Transition(T.SUBMITTED, T.APPROVED, "approve", frozenset({DEPT})),
        Transition(T.SUBMITTED, T.REFUSED, "refuse", frozenset({DEPT}), needs_note=True),
        Transition(T.SUBMITTED, T.WITHDRAWN, "withdraw", frozenset({ENT})),
    ],
    refused=_("A request that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)
