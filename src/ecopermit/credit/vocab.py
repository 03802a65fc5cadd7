"""Credit vocabularies (issue 14): the kinds of credit event, the levels' colours, the statuses of an evaluation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What lowers (or, for good-record items, raises) a facility's credit. Each kind is read by the schemes'
    rules (``credit/schemes/*.json``); a new source adds its events under one of these kinds."""

    PENALTY = "penalty", _("Administrative penalty decided")
    DAILY_PENALTY = "daily_penalty", _("Continuous daily penalty decided")
    POLICE_TRANSFER = "police_transfer", _("Case transferred to the police")
    COMMITMENT_BROKEN = "commitment_broken", _("Notification commitment broken")
    FRAUD = "fraud", _("Fraud in rectification, acceptance or reports")
    RECTIFICATION_OVERDUE = "rectification_overdue", _("Rectification overdue")
    EXCEEDANCE = "exceedance", _("Emissions over the standard")
    ABNORMAL_DATA = "abnormal_data", _("Online monitoring data abnormal or missing")
    REPORT_MISSING = "report_missing", _("Execution report, self-monitoring or ledger missing")
    COMPLAINT_UPHELD = "complaint_upheld", _("Complaint upheld")
    GOOD_RECTIFICATION = "good_rectification", _("Rectification accepted on time")
    GOOD_INSPECTION = "good_inspection", _("Inspection found no problem")
    CLEAN_YEAR = "clean_year", _("A year without exceedance")


GOOD_KINDS = frozenset({EventKind.GOOD_RECTIFICATION, EventKind.GOOD_INSPECTION, EventKind.CLEAN_YEAR})

#: Kinds an officer may record by hand (with a reason): those no other app records yet.
MANUAL_KINDS = (
    EventKind.COMMITMENT_BROKEN,
    EventKind.FRAUD,
    EventKind.COMPLAINT_UPHELD,
    EventKind.GOOD_RECTIFICATION,
)

#: The colour of each level (registry.vocab.CreditLevel values), for the badges.
COLOURS = {"green": "#2e7d32", "blue": "#1565c0", "yellow": "#b58900", "red": "#c62828", "unrated": "#777"}


class LevelStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the platform")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Trigger(models.TextChoices):
    ANNUAL = "annual", _("Annual evaluation")
    SERIOUS_EVENT = "serious_event", _("Serious event: evaluated at once")
    SCHEME_SWITCH = "scheme_switch", _("Scheme switched")
    REPAIR = "repair", _("Credit repair granted")


class RepairStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


#: Where an event came from (CreditEvent.source), in words.
SOURCE_LABELS = {
    "enforcement": _("Penalty cases"),
    "cases": _("Rectification cases"),
    "monitoring": _("Online monitoring"),
    "inspections": _("Inspections"),
    "complaints": _("Complaints"),
    "manual": _("Recorded by hand"),
}

#: Worst first: the order of the officers' list.
SEVERITY = {"red": 0, "yellow": 1, "blue": 2, "green": 3}
