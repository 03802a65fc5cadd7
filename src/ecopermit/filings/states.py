"""An execution report's statuses as a transition table of the workflow kernel (issue 13): due → submitted by the
enterprise (or an officer entering it for them); submitted → accepted, or → returned with the reasons; a returned
report is submitted again as a new version (the returned one is kept). Pure: no database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow
from ecopermit.filings.models import ReportStatus as S


class Who(models.TextChoices):
    OFFICER = "officer", _("bureau officer")
    ENTERPRISE = "enterprise", _("enterprise")


OFF, ENT = Who.OFFICER, Who.ENTERPRISE
TRANSITIONS = [
    # labels: the audit action is "filings.report." + label (core/audit/actions.py names it)
    Transition(S.DUE, S.SUBMITTED, "submit", frozenset({ENT, OFF})),
    Transition(S.RETURNED, S.SUBMITTED, "resubmit", frozenset({ENT, OFF})),
    Transition(S.SUBMITTED, S.ACCEPTED, "accept", frozenset({OFF})),
    Transition(S.SUBMITTED, S.RETURNED, "return", frozenset({OFF}), needs_note=True),
]

WORKFLOW = Workflow(
    S,
    TRANSITIONS,
    refused=_("A report that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)
