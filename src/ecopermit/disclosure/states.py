"""The statuses of a notice and of a data-error report as transition tables of the workflow kernel. Pure."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ecopermit.core.workflow import Transition, Workflow
from ecopermit.disclosure.vocab import ErrorReportStatus as R
from ecopermit.disclosure.vocab import NoticeStatus as N

# labels: the audit action is "disclosure.notice." + label (core/audit/actions.py names it)
NOTICE_WORKFLOW = Workflow(
    N,
    [
        Transition(N.DRAFT, N.PUBLISHED, "publish"),
        Transition(N.PUBLISHED, N.WITHDRAWN, "withdraw", needs_note=True),
        Transition(N.WITHDRAWN, N.PUBLISHED, "republish"),
    ],
    refused=_("A notice that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)

# labels: the audit action is "disclosure.error_report." + label
ERROR_REPORT_WORKFLOW = Workflow(
    R,
    [
        Transition(R.RECEIVED, R.ANSWERED, "answer", needs_note=True),
        Transition(R.RECEIVED, R.CORRECTED, "correct", needs_note=True),
        Transition(R.RECEIVED, R.REJECTED, "reject", needs_note=True),
        Transition(R.ANSWERED, R.CORRECTED, "correct_later", needs_note=True),
    ],
    refused=_("A report that is “%(src)s” cannot become “%(dst)s”."),
    forbidden=_("This step is not yours to take."),
)
