"""The plain values of disclosure (K3, K4, G6) that other apps may read: kinds and statuses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Announcement")
    NEWS = "news", _("Policy news")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DisclosureKind(models.TextChoices):
    """The items the plan asks the enterprise to publish itself (K3)."""

    PLAN = "plan", _("Rectification and upgrading plan")
    ACCEPTANCE = "acceptance", _("Acceptance report")
    EMISSIONS = "emissions", _("Discharge status")
    STANDARDS = "standards", _("Discharge standards")
    FACILITIES = "facilities", _("Construction and operation of pollution-control facilities")


class OpenDayStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    CANCELLED = "cancelled", _("Cancelled")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class RecordKind(models.TextChoices):
    """The public records a data-error report may be about (the portal's pages)."""

    FACILITY = "facility", _("Facility information")
    PENALTY = "penalty", _("Penalty decision")
    INSPECTION = "inspection", _("Inspection result")
    NOTICE = "notice", _("Notice or news")
    DISCLOSURE = "disclosure", _("Enterprise self-disclosure")
    RECTIFICATION = "rectification", _("Rectification")
    OTHER = "other", _("Other")


class ErrorReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered")
    CORRECTED = "corrected", _("Corrected")
    REJECTED = "rejected", _("Not accepted")
