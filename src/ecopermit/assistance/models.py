"""Service to enterprises (MISSION S1–S7; issue 15; plan 二(二)3–4 and 四(四)).

- S1 星期三环保咨询日: ``ConsultationSlot`` (a Wednesday session, generated ahead, holidays skipped) and
  ``ConsultationBooking`` (an enterprise's question for one of its facilities, the officer's answer, the record;
  an answered question may be published, anonymised, as a public FAQ).
- S2 环保指导员: ``GuideAssignment`` (one guide per facility) and ``GuideVisit`` (the visit and guidance log).
- S3 环保管家 and S7 中介机构: ``Agency`` (the registry of third-party agencies, with the agency accounts that act
  for it), ``StewardContract`` (bureau or park ↔ agency) and ``StewardServiceRecord``.
- S4 shared monitoring: ``SharedMonitoringReport`` (cited by several facilities) and ``JointMonitoringCommission``.
- S5 ``TemporaryBuildingRequest``: decided by the natural-resources department's officer by a deadline.
- S6 industry guides: the guides are data files (``guides/*.json``, read by ``guides.py``); an enterprise's
  self-check against one is a ``SelfCheck`` with one ``SelfCheckItem`` per checklist line.
- S7 agencies' quality: ``AgencyQualityCheck`` (sampled, scored), ``AgencyNotice`` (public notice of poor work),
  ``AgencySuspension`` (区域停业整改: while it lasts the agency's accounts may not upload).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.assistance.guides import guide
from ecopermit.core.models import WorkflowEvent

USER = settings.AUTH_USER_MODEL
FACILITY = "registry.Facility"


# S1 -------------------------------------------------------------------------------------------------------------
class ConsultationSlot(models.Model):
    """One session of the Wednesday consultation day (星期三环保咨询日)."""

    on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("consultation place"), max_length=200)
    capacity = models.PositiveIntegerField(_("places"), default=4)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("consultation slot")
        ordering = ["on", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["on", "starts_at"], name="assistance_slot_unique")]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.starts_at:%H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ANSWERED = "answered", _("Answered")
    CANCELLED = "cancelled", _("Cancelled")


class ConsultationBooking(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.PROTECT, related_name="bookings")
    facility = models.ForeignKey(FACILITY, on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(_("booked at"))
    topic = models.CharField(_("topic"), max_length=100)
    question = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    answer = models.TextField(_("officer's answer"), blank=True)
    record = models.TextField(_("record of the consultation"), blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    faq_question = models.TextField(_("question as published"), blank=True)
    faq_answer = models.TextField(_("answer as published"), blank=True)
    faq_published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation booking")
        ordering = ["slot__on", "slot__starts_at", "pk"]


class BookingEvent(WorkflowEvent):
    OWNER_FIELD = "booking"
    booking = models.ForeignKey(ConsultationBooking, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("consultation booking event")


# S2 -------------------------------------------------------------------------------------------------------------
class GuideAssignment(models.Model):
    """环保指导员: the one guide of a facility (a bureau or town officer)."""

    facility = models.OneToOneField(FACILITY, on_delete=models.PROTECT, related_name="+")
    guide = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("guide assignment")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit on site")
    PHONE = "phone", _("Phone call")
    TRAINING = "training", _("Training or meeting")


class GuideVisit(models.Model):
    facility = models.ForeignKey(FACILITY, on_delete=models.PROTECT, related_name="+")
    guide = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices, default=VisitKind.VISIT)
    guidance = models.TextField(_("guidance given"))
    reminders = models.TextField(_("duties reminded of"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("guide visit")
        ordering = ["-visited_on", "-pk"]


# S3 / S7 --------------------------------------------------------------------------------------------------------
class AgencyService(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    OPERATION = "operation", _("Facility operation")
    TREATMENT = "treatment", _("Pollution treatment")
    GUIDANCE = "guidance", _("Technical guidance")
    EIA = "eia", _("EIA and permit documents")


class Agency(models.Model):
    """A third-party agency (中介机构) working in the district; its accounts are agency users (accounts roles)."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    services = models.CharField(_("services"), max_length=200, help_text=_("Comma-separated service codes."))
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, blank=True, related_name="+", verbose_name=_("accounts")
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("agency")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def services_display(self) -> str:
        return "、".join(
            str(AgencyService(c).label) for c in self.services.split(",") if c in AgencyService.values
        )


class StewardClient(models.TextChoices):
    BUREAU = "bureau", _("The bureau")
    PARK = "park", _("A park")


class StewardCoverage(models.TextChoices):
    ENTERPRISES = "enterprises", _("Key enterprises")
    AREA = "area", _("An area")
    INDUSTRY = "industry", _("An industry")


class StewardContract(models.Model):
    """环保管家: the bureau or a park engages an agency for key enterprises, an area or an industry."""

    number = models.CharField(_("contract number"), max_length=50)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contracts")
    client = models.CharField(_("client"), max_length=20, choices=StewardClient.choices)
    park = models.ForeignKey("core.Park", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    coverage = models.CharField(_("covers"), max_length=20, choices=StewardCoverage.choices)
    coverage_note = models.CharField(_("what it covers"), max_length=200)
    facilities: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        FACILITY, blank=True, related_name="+", verbose_name=_("facilities")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("steward contract")
        ordering = ["-starts_on", "-pk"]


class StewardServiceRecord(models.Model):
    contract = models.ForeignKey(StewardContract, on_delete=models.PROTECT, related_name="records")
    facility = models.ForeignKey(FACILITY, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("service"), max_length=20, choices=AgencyService.choices)
    done_on = models.DateField(_("date"))
    summary = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("steward service record")
        ordering = ["-done_on", "-pk"]


class AgencyQualityCheck(models.Model):
    """A sampled check of an agency's work (服务质量抽检), scored 0–100."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    subject = models.CharField(_("work checked"), max_length=200)
    score = models.PositiveIntegerField(_("score"))
    findings = models.TextField(_("findings"), blank=True)
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("agency quality check")
        ordering = ["-checked_on", "-pk"]


class AgencyNotice(models.Model):
    """A public notice of an agency's poor work (通报)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="notices")
    quality_check = models.ForeignKey(
        AgencyQualityCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("agency notice")
        ordering = ["-published_on", "-pk"]


class AgencySuspension(models.Model):
    """区域停业整改: the agency may not work (upload) in the district from ``starts_on`` to ``ends_on``
    inclusive, unless lifted earlier."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="suspensions")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency suspension")
        ordering = ["-starts_on", "-pk"]


# S4 -------------------------------------------------------------------------------------------------------------
class SharedMonitoringReport(models.Model):
    """A regional environmental-quality monitoring report, uploaded once and cited by several facilities'
    as-built EIAs (现状环评: plan 二(二)4)."""

    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area monitored"), max_length=200)
    town = models.ForeignKey("core.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    monitored_from = models.DateField(_("monitored from"))
    monitored_to = models.DateField(_("monitored to"))
    file = models.FileField(upload_to="assistance/shared/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    cited_by: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        FACILITY, blank=True, related_name="+", verbose_name=_("cited by")
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("shared monitoring report")
        ordering = ["-monitored_to", "-pk"]


class JointMonitoringCommission(models.Model):
    """Several enterprises commissioning monitoring together under one contract (联合委托监测)."""

    title = models.CharField(_("title"), max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    contract_number = models.CharField(_("contract number"), max_length=50)
    signed_on = models.DateField(_("signed on"))
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        FACILITY, related_name="+", verbose_name=_("members")
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("joint monitoring commission")
        ordering = ["-signed_on", "-pk"]


# S5 -------------------------------------------------------------------------------------------------------------
class BuildingKind(models.TextChoices):
    DUST_STORE = "dust_store", _("Enclosed store or yard against dust")
    WASTE_STORE = "waste_store", _("Industrial solid-waste store")
    RAIN_SHED = "rain_shed", _("Rain shed over a treatment facility")


class BuildingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TemporaryBuildingRequest(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    facility = models.ForeignKey(FACILITY, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=BuildingKind.choices)
    purpose = models.TextField(_("purpose"))
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=8, decimal_places=1)
    years = models.PositiveIntegerField(_("years asked for"), default=2)
    drawing = models.FileField(upload_to="assistance/buildings/")
    drawing_sha256 = models.CharField(max_length=64)
    drawing_name = models.CharField(max_length=255)
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=BuildingStatus.choices, default=BuildingStatus.SUBMITTED
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("submitted on"))
    decide_by = models.DateField(_("decide by"))
    decision_note = models.TextField(_("decision"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("temporary building request")
        ordering = ["-submitted_on", "-pk"]


class BuildingEvent(WorkflowEvent):
    OWNER_FIELD = "request"
    request = models.ForeignKey(TemporaryBuildingRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("temporary building request event")


# S6 -------------------------------------------------------------------------------------------------------------
class SelfCheck(models.Model):
    """An enterprise working through an industry guide's checklist (自查)."""

    facility = models.ForeignKey(FACILITY, on_delete=models.PROTECT, related_name="+")
    guide_code = models.CharField(_("industry guide"), max_length=40)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        verbose_name = _("self-check")
        ordering = ["-started_at", "-pk"]

    @property
    def guide_name(self) -> str:
        found = guide(self.guide_code)
        return found.name if found else self.guide_code


class ItemState(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    MET = "met", _("Met")
    OPEN = "open", _("Not met")
    NOT_APPLICABLE = "na", _("Does not apply")


class SelfCheckItem(models.Model):
    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    state = models.CharField(
        _("state"), max_length=20, choices=ItemState.choices, default=ItemState.UNCHECKED
    )
    note = models.TextField(_("note"), blank=True)
    problem_id = models.IntegerField(_("problem on the case"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-check item")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["self_check", "code"], name="assistance_selfcheck_item")
        ]
