"""Models of credit (issue 14, MISSION K1).

- ``CreditEvent``: one thing that counts for a facility's credit, pulled from a lower app (``sources``) or recorded
  by an officer with a reason. ``(source, source_ref)`` is unique: a source row is never counted twice.
- ``CreditLevel``: a facility's evaluation for a period under a scheme: score, proposed level, the explanation
  lines (each deduction with its rule, text, source, points and event ids), and the officer's review and
  publication (``states.WORKFLOW``). A published level is superseded by the next one published for the facility.
- ``CreditSettings``: the district's choice of scheme (one row per district; the national scheme without a row).
- ``SyncCursor``: the last source row each cursor-kept source has pulled.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.models import WorkflowEvent
from ecopermit.credit.vocab import SOURCE_LABELS, EventKind, LevelStatus, RepairStatus, Trigger

USER = settings.AUTH_USER_MODEL
LEVELS = [
    ("green", _("Environmental integrity (green)")),
    ("blue", _("Good (blue)")),
    ("yellow", _("Warning (yellow)")),
    ("red", _("Poor (red)")),
]


class CreditEvent(models.Model):
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices, db_index=True)
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    source = models.CharField(
        _("source"), max_length=30
    )  # enforcement | cases | monitoring | inspections | manual
    source_ref = models.CharField(_("source reference"), max_length=100)
    article = models.CharField(_("article"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    link = models.CharField(_("source record"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # for an event recorded by hand
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("credit event")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="credit_event_once_per_source_row")
        ]
        indexes = [models.Index(fields=["facility", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))


class CreditLevel(models.Model):
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(_("scheme"), max_length=50)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    proposed_level = models.CharField(_("proposed level"), max_length=10, choices=LEVELS)
    explanation = models.JSONField(_("explanation"), default=list)
    repair = models.JSONField(_("credit repair"), default=dict)
    good_items = models.PositiveSmallIntegerField(_("good-record items"), default=0)
    veto = models.BooleanField(_("one-vote veto"), default=False)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices, default=Trigger.ANNUAL)
    status = models.CharField(
        _("status"), max_length=20, choices=LevelStatus.choices, default=LevelStatus.PROPOSED, db_index=True
    )
    level = models.CharField(_("published level"), max_length=10, choices=LEVELS, blank=True)
    proposed_at = models.DateTimeField(_("proposed at"))
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("credit evaluation")
        ordering = ["-period_end", "facility_id", "-pk"]
        constraints = [
            # At most one evaluation in the works (proposed or reviewed) per facility.
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(status__in=["proposed", "reviewed"]),
                name="credit_level_one_pending",
            ),
            models.UniqueConstraint(
                fields=["facility"], condition=models.Q(status="published"), name="credit_level_one_published"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="credit_level_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.period_start}–{self.period_end} {self.proposed_level}"


class CreditLevelEvent(WorkflowEvent):
    OWNER_FIELD = "evaluation"
    evaluation = models.ForeignKey(CreditLevel, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("credit evaluation event")


class CreditRepairRequest(models.Model):
    """信用修复: the enterprise asks for a new evaluation once the scheme's clean period has passed (and the
    rectification it wants is accepted); the bureau grants it (a new level over the clean period, published at once)
    or refuses it with the reason."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(CreditLevel, on_delete=models.PROTECT, related_name="repair_requests")
    text = models.TextField(_("what the enterprise has done"))
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RepairStatus.choices,
        default=RepairStatus.REQUESTED,
        db_index=True,
    )
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("the bureau's note"), blank=True)
    new_level = models.ForeignKey(
        CreditLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("credit repair request")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility"], condition=models.Q(status="requested"), name="credit_repair_one_open"
            )
        ]


class CreditSettings(models.Model):
    district = models.OneToOneField(
        "core.District", on_delete=models.CASCADE, null=True, blank=True, related_name="credit_settings"
    )
    scheme = models.CharField(_("scheme"), max_length=50)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("credit settings")


class SyncCursor(models.Model):
    source = models.CharField(max_length=50, unique=True)
    last_id = models.BigIntegerField(default=0)
    synced_at = models.DateTimeField()
