"""Models of disclosure: the bureau's notices and policy news (G6), the enterprise's self-disclosure with every
version kept (K3), open days with their bookings (K4), and the public's data-error reports (ECHO's "report an
error")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.models import WorkflowEvent
from ecopermit.disclosure.vocab import (
    BookingStatus,
    DisclosureKind,
    ErrorReportStatus,
    NoticeKind,
    NoticeStatus,
    OpenDayStatus,
    RecordKind,
)

USER = settings.AUTH_USER_MODEL


class Notice(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    title = models.CharField(_("title"), max_length=200)
    #: HTML written by officers, stored already sanitised (an allow-list: disclosure/sanitize.py).
    body = models.TextField(_("body"))
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town/street"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("notice")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title


class NoticeEvent(WorkflowEvent):
    OWNER_FIELD = "notice"
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")


class DisclosureItem(models.Model):
    """One item of one facility's self-disclosure (its plan, its acceptance report, ...): the versions hold it."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=DisclosureKind.choices)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("self-disclosure item")
        ordering = ["facility", "kind"]
        constraints = [models.UniqueConstraint(fields=["facility", "kind"], name="disclosure_item_once")]


class DisclosureVersion(models.Model):
    """A version as published, never changed afterwards; an officer may take it down (its content then leaves the
    public pages, the fact that it was taken down stays)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    file = models.FileField(_("file"), upload_to="disclosure/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    statement = models.TextField(_("statement"))
    statement_at = models.DateTimeField(_("statement made at"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    taken_down_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    takedown_reason = models.TextField(_("reason for taking down"), blank=True)

    class Meta:
        verbose_name = _("self-disclosure version")
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="disclosure_version_once")]


class OpenDay(models.Model):
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    directions = models.TextField(_("how to get there"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    #: Seats taken: raised only by a conditional UPDATE (``booked + n <= capacity``), so two bookings for the last
    #: seat cannot both succeed.
    booked = models.PositiveIntegerField(_("booked"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=OpenDayStatus.choices, default=OpenDayStatus.ANNOUNCED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("open day")
        ordering = ["starts_at", "pk"]


class Booking(models.Model):
    open_day = models.ForeignKey(OpenDay, on_delete=models.PROTECT, related_name="bookings")
    number = models.CharField(_("booking number"), max_length=20, unique=True)
    check_code = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20)
    party_size = models.PositiveSmallIntegerField(_("party size"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"))

    class Meta:
        verbose_name = _("open day booking")
        ordering = ["created_at", "pk"]


class ErrorReport(models.Model):
    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    check_code = models.CharField(max_length=8)
    record_kind = models.CharField(_("record"), max_length=15, choices=RecordKind.choices)
    record_ref = models.CharField(_("record reference"), max_length=100, blank=True)
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what_is_wrong = models.TextField(_("what is wrong"))
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErrorReportStatus.choices, default=ErrorReportStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("data-error report")
        ordering = ["-received_at", "-pk"]

    @property
    def receipt(self) -> str:
        """What the reporter keeps: the number and its check code (the key of the public status page)."""
        return f"{self.number}-{self.check_code}"


class ErrorReportEvent(WorkflowEvent):
    OWNER_FIELD = "report"
    report = models.ForeignKey(ErrorReport, on_delete=models.CASCADE, related_name="events")
