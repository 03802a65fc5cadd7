"""The rectification case lifecycle: the five steps 一查、二服、三督、四罚、五公开 (plan 二(二)5, MISSION P6).

One function (``services.case_transition``) changes a case's status, under a row lock, and only along this
table; each change is an event on the case's timeline.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow


class Step(models.TextChoices):
    INVESTIGATE = "investigate", _("1 Investigate (一查)")
    SERVE = "serve", _("2 Serve (二服)")
    SUPERVISE = "supervise", _("3 Supervise (三督)")
    PENALISE = "penalise", _("4 Penalise (四罚)")
    PUBLISH = "publish", _("5 Publish (五公开)")


class Status(models.TextChoices):
    FOUND = "found", _("Problems found")
    SERVICE = "service", _("Service needs recorded")
    NOTICE_SERVED = "notice_served", _("Notice served, deadline running")
    PLAN_SUBMITTED = "plan_submitted", _("Rectification plan submitted")
    IN_PROGRESS = "in_progress", _("Rectification in progress")
    ACCEPTANCE_REQUESTED = "acceptance_requested", _("Acceptance requested")
    ACCEPTED = "accepted", _("Accepted: ready to apply for a permit")
    OVERDUE = "overdue", _("Overdue")
    REFERRED = "referred", _("Referred to enforcement")
    CLOSURE_PROPOSED = "closure_proposed", _("Closure proposed to the government")
    PUBLISHED = "published", _("Outcome published")


STEP_OF: dict[str, Step] = {  # by status value: a Status is the str it stores
    Status.FOUND: Step.INVESTIGATE,
    Status.SERVICE: Step.SERVE,
    Status.NOTICE_SERVED: Step.SUPERVISE,
    Status.PLAN_SUBMITTED: Step.SUPERVISE,
    Status.IN_PROGRESS: Step.SUPERVISE,
    Status.ACCEPTANCE_REQUESTED: Step.SUPERVISE,
    Status.ACCEPTED: Step.SUPERVISE,
    Status.OVERDUE: Step.PENALISE,
    Status.REFERRED: Step.PENALISE,
    Status.CLOSURE_PROPOSED: Step.PENALISE,
    Status.PUBLISHED: Step.PUBLISH,
}

OPEN_STATUSES = frozenset(Status) - {Status.PUBLISHED}
# While the deadline runs, these statuses are watched for reminders and escalation.
DEADLINE_STATUSES = frozenset(
    {Status.NOTICE_SERVED, Status.PLAN_SUBMITTED, Status.IN_PROGRESS, Status.ACCEPTANCE_REQUESTED}
)


class Who(models.TextChoices):
    OFFICER = "officer", _("bureau officer")
    ENTERPRISE = "enterprise", _("enterprise")
    SYSTEM = "system", _("the platform")


def _t(source: Status, target: Status, *who: Who, label: str, guard: str = "") -> Transition:
    return Transition(source, target, label, frozenset(who), guard=guard)


OFF, ENT, SYS = Who.OFFICER, Who.ENTERPRISE, Who.SYSTEM
TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.FOUND, Status.SERVICE, OFF, label="record_service"),
    _t(Status.FOUND, Status.NOTICE_SERVED, OFF, label="serve_notice"),
    _t(Status.SERVICE, Status.NOTICE_SERVED, OFF, label="serve_notice"),
    _t(Status.NOTICE_SERVED, Status.PLAN_SUBMITTED, ENT, OFF, label="submit_plan"),
    _t(Status.PLAN_SUBMITTED, Status.IN_PROGRESS, OFF, label="approve_plan"),
    _t(Status.PLAN_SUBMITTED, Status.NOTICE_SERVED, OFF, label="return_plan"),
    _t(Status.IN_PROGRESS, Status.ACCEPTANCE_REQUESTED, ENT, OFF, label="request_acceptance"),
    _t(Status.ACCEPTANCE_REQUESTED, Status.ACCEPTED, OFF, label="accept", guard="acceptance"),
    _t(Status.ACCEPTANCE_REQUESTED, Status.IN_PROGRESS, OFF, label="return_acceptance"),
    *(_t(s, Status.OVERDUE, SYS, OFF, label="escalate") for s in sorted(DEADLINE_STATUSES)),
    _t(Status.OVERDUE, Status.REFERRED, OFF, label="refer"),
    _t(Status.OVERDUE, Status.CLOSURE_PROPOSED, OFF, label="propose_closure"),
    _t(Status.REFERRED, Status.ACCEPTANCE_REQUESTED, ENT, OFF, label="request_acceptance"),
    _t(Status.REFERRED, Status.CLOSURE_PROPOSED, OFF, label="propose_closure"),
    _t(Status.ACCEPTED, Status.PUBLISHED, OFF, label="publish"),
    _t(Status.REFERRED, Status.PUBLISHED, OFF, label="publish"),
    _t(Status.CLOSURE_PROPOSED, Status.PUBLISHED, OFF, label="publish"),
)

WORKFLOW = Workflow(
    Status,
    TRANSITIONS,
    refused=_("A case that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)
transition = WORKFLOW.get
allowed_targets = WORKFLOW.targets
