"""Penalty cases, their evidence and execution, continuous daily penalties, transfers (MISSION E3)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.models import WorkflowEvent
from ecopermit.enforcement.rules import procedure
from ecopermit.enforcement.states import RoundStatus, Status

USER = settings.AUTH_USER_MODEL


class Source(models.TextChoices):
    REFERRAL = "referral", _("Referred from a rectification case")
    INSPECTION = "inspection", _("Inspection")
    COMPLAINT = "complaint", _("Complaint")
    MONITORING = "monitoring", _("Monitoring")
    MANUAL = "manual", _("Entered by hand")


class Outcome(models.TextChoices):
    PENALTY = "penalty", _("Penalty")
    NO_PENALTY = "no_penalty", _("No penalty")


class PenaltyCase(models.Model):
    """行政处罚案件: one suspected violation of the 《排污许可管理条例》 by one facility."""

    number = models.CharField(_("case number"), max_length=50, unique=True)
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="penalty_cases")
    rectification_case = models.ForeignKey(
        "cases.RectificationCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_cases",
        verbose_name=_("rectification case"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FILED, db_index=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    officer = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case handler"),
    )
    # The violation, from the 条例 articles (rules/articles.json).
    article_no = models.PositiveSmallIntegerField(_("article"), null=True, blank=True, db_index=True)
    item_no = models.PositiveSmallIntegerField(_("item"), null=True, blank=True)
    facts = models.TextField(_("facts of the violation"), blank=True)
    occurrences = models.PositiveSmallIntegerField(_("occurrences"), default=1)
    serious = models.BooleanField(_("serious circumstances"), default=False)
    measures = models.JSONField(_("other measures"), default=list, blank=True)
    # 告知 (notice of the proposed penalty).
    proposed_amount = models.DecimalField(
        _("proposed fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    factors = models.JSONField(_("discretion factors"), default=list, blank=True)
    discretion_note = models.TextField(_("reasons for the amount"), blank=True)
    notice_number = models.CharField(_("notice number"), max_length=50, blank=True)
    notified_on = models.DateField(_("notice served on"), null=True, blank=True)
    hearing_right = models.BooleanField(_("hearing right"), default=False)
    statement_due = models.DateField(_("statement due"), null=True, blank=True)
    hearing_due = models.DateField(_("hearing request due"), null=True, blank=True)
    statement_on = models.DateField(_("statement received on"), null=True, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    statement_waived = models.BooleanField(_("statement waived"), default=False)
    statement_adopted = models.BooleanField(_("statement adopted"), default=False)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_waived = models.BooleanField(_("hearing waived"), default=False)
    hearing_held_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_record = models.TextField(_("hearing record"), blank=True)
    # 决定.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_amount = models.DecimalField(
        _("fine decided (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reasons"), blank=True)
    decision_served_on = models.DateField(_("decision served on"), null=True, blank=True)
    payment_due = models.DateField(_("payment due"), null=True, blank=True)
    # 结案.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def decision_due(self) -> dt.date | None:
        """The last day to decide while no decision is made (行政处罚法 Art. 60), else None."""
        undecided = (Status.FILED, Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING)
        return procedure.decision_due(self.filed_on) if self.status in undecided and self.filed_on else None


class PenaltyEvent(WorkflowEvent):
    """The case timeline: every state change and every record added."""

    OWNER_FIELD = "case"
    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("penalty case event")
        pass


class EvidenceKind(models.TextChoices):
    """行政处罚法 Art. 46."""

    DOCUMENTARY = "documentary", _("Documentary evidence (书证)")
    MATERIAL = "material", _("Material evidence (物证)")
    AUDIOVISUAL = "audiovisual", _("Audio-visual material (视听资料)")
    ELECTRONIC = "electronic", _("Electronic data (电子数据)")
    WITNESS = "witness", _("Witness testimony (证人证言)")
    PARTY = "party", _("Statement of the party (当事人的陈述)")
    EXPERT = "expert", _("Expert opinion (鉴定意见)")
    RECORD = "record", _("Inspection or on-site record (勘验笔录、现场笔录)")


class Evidence(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    description = models.TextField(_("description"))
    collected_on = models.DateField(_("collected on"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text="e.g. inspection:12, a monitoring report number"
    )
    file = models.FileField(_("file"), upload_to="enforcement/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("penalty evidence")
        ordering = ["collected_on", "pk"]


class ExecutionKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    COURT_APPLICATION = "court_application", _("Application to the court for enforcement")
    COURT_ENFORCED = "court_enforced", _("Enforced by the court")


class Execution(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="executions")
    kind = models.CharField(_("kind"), max_length=20, choices=ExecutionKind.choices)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text="receipt number, court and docket number"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("execution record")
        ordering = ["on", "pk"]


class RoundResult(models.TextChoices):
    PENDING = "pending", _("Re-inspection pending")
    CONTINUING = "continuing", _("Violation continuing")
    OBSTRUCTED = "obstructed", _("Re-inspection refused or obstructed")
    CORRECTED = "corrected", _("Corrected")
    STOPPED = "stopped", _("Discharge stopped or facility closed")


class DailyPenaltyRound(models.Model):
    """按日连续处罚 (Order 28): one order to correct, its unannounced re-inspection and the days it counts."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="daily_rounds")
    seq = models.PositiveSmallIntegerField(_("round"))
    order_number = models.CharField(_("order number"), max_length=50, blank=True)
    served_on = models.DateField(_("order to correct served on"))
    reinspection_due = models.DateField(_("re-inspection due"), db_index=True)
    reminded = models.BooleanField(default=False)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=RoundResult.choices, default=RoundResult.PENDING
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.ORDERED, db_index=True
    )
    daily_amount = models.DecimalField(_("daily amount (yuan)"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("first day counted"), null=True, blank=True)
    days = models.PositiveIntegerField(_("days counted"), default=0)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2, default=0)
    basis = models.TextField(_("basis"), blank=True)
    # 告知 and hearing of the round's penalty (行政处罚法 Arts. 44, 45, 63, 64), as on the case.
    notice_number = models.CharField(_("notice number"), max_length=50, blank=True)
    notified_on = models.DateField(_("notice served on"), null=True, blank=True)
    hearing_right = models.BooleanField(_("hearing right"), default=False)
    statement_due = models.DateField(_("statement due"), null=True, blank=True)
    hearing_due = models.DateField(_("hearing request due"), null=True, blank=True)
    statement_on = models.DateField(_("statement received on"), null=True, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    statement_waived = models.BooleanField(_("statement waived"), default=False)
    statement_adopted = models.BooleanField(_("statement adopted"), default=False)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_waived = models.BooleanField(_("hearing waived"), default=False)
    hearing_held_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_record = models.TextField(_("hearing record"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("daily penalty round")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="daily_round_unique_seq")]


class TransferKind(models.TextChoices):
    CRIME = "crime", _("Suspected crime (涉嫌犯罪)")
    DETENTION = "detention", _("Administrative detention (行政拘留, 条例 Art. 44)")


class Transfer(models.Model):
    """行刑衔接: the case handed to the public security organs; the case stays linked to it."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("kind"), max_length=20, choices=TransferKind.choices)
    transferred_on = models.DateField(_("transferred on"))
    organ = models.CharField(_("receiving organ"), max_length=100)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("transfer to the police")
        ordering = ["transferred_on", "pk"]


class TransferDocument(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to="enforcement/transfers/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("transfer document")
        ordering = ["pk"]


class PenaltyDecisionRecord(models.Model):
    """Outbox: one row per penalty decided (original or daily), written in the deciding transaction, for the
    credit app to consume (``facade.penalty_decisions``) and the portal to publish. Never edited."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("Penalty decision")
        DAILY = "daily", _("Continuous daily penalty")

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="decision_records")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    daily_round = models.OneToOneField(DailyPenaltyRound, on_delete=models.PROTECT, null=True, blank=True)
    facility_id_value = models.IntegerField(db_index=True)
    case_number = models.CharField(max_length=50)
    decision_number = models.CharField(max_length=50, unique=True)
    article_no = models.PositiveSmallIntegerField()
    item_no = models.PositiveSmallIntegerField(null=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    decided_on = models.DateField()
    recorded_at = models.DateTimeField(db_index=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("penalty decision record")
        ordering = ["recorded_at", "pk"]
