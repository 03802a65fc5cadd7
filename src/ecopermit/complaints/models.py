"""Models of complaints (信访投诉, MISSION G1): the complaint, its photos, its site-visit and mediation records and
its timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.complaints.vocab import Channel, Finding, Kind, RecordKind, Satisfaction, Status
from ecopermit.core.models import WorkflowEvent

USER = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """One complaint as one person made it. Complaints about the same place, kind and period form a group led by
    the first of them (``group_lead`` empty): the group is handled once, on the lead, and every member's status
    page shows the lead's status and reply. The contact details are never shown on a public page."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    check_code = models.CharField(_("check code"), max_length=12)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town/street"),
    )
    park = models.ForeignKey(
        "core.Park", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("park")
    )
    routing = models.CharField(_("how it was routed"), max_length=200, blank=True)
    facility = models.ForeignKey(
        "registry.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facility complained of"),
    )
    group_lead = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("group"),
    )
    # The complainant: never public.
    anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_name = models.CharField(_("name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the address
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    finding_note = models.TextField(_("finding"), blank=True)
    found_on = models.DateField(_("found on"), null=True, blank=True)
    problem_id = models.PositiveIntegerField(
        null=True, blank=True
    )  # the problem raised on the facility's case
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    satisfaction_note = models.CharField(_("comment"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["kind", "received_on"]),
            models.Index(fields=["finding", "found_on"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_lead(self) -> bool:
        return self.group_lead_id is None


class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to="complaints/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("complaint photo")


class ComplaintRecord(models.Model):
    """A site-visit record (现场核查) or a mediation record (调处) between the factory and the residents."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    on = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    text = models.TextField(_("record"))
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("complaint record")


class ComplaintEvent(WorkflowEvent):
    """One line of a complaint's timeline."""

    OWNER_FIELD = "complaint"
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("complaint event")
