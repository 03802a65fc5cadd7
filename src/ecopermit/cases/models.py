"""Problems, rectification cases, notices, service needs and uploads (MISSION P1–P7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.cases.closure_states import ClosureStatus
from ecopermit.cases.states import Status
from ecopermit.cases.vocab import (
    Category,
    ClosureGround,
    DocumentKind,
    ExitPath,
    Kind,
    ProblemStatus,
    ReviewStatus,
    ServiceKind,
    Source,
)
from ecopermit.core.models import WorkflowEvent

USER = settings.AUTH_USER_MODEL


class RectificationCase(models.Model):
    """One open case per facility gathers its open problems and follows the five steps."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="core/numbering.py reference, e.g. ZG2026-0037",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.FOUND, db_index=True
    )
    exit_path = models.CharField(_("exit path"), max_length=30, choices=ExitPath.choices, blank=True)
    officer = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    last_reminder = models.SmallIntegerField(
        null=True, blank=True, help_text="days-before of the last reminder"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility"],
                condition=~models.Q(status=Status.PUBLISHED),
                name="one_open_case_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.facility}"


class Problem(models.Model):
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="problems")
    case = models.ForeignKey(
        RectificationCase, on_delete=models.PROTECT, null=True, blank=True, related_name="problems"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    kind = models.CharField(_("problem"), max_length=40, choices=Kind.choices)
    description = models.TextField(_("description"))
    required_action = models.TextField(_("required action"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(
        _("source reference"),
        max_length=100,
        blank=True,
        help_text="e.g. alarm:123 — makes raising idempotent",
    )
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    responsible_department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("department responsible for pushing"),
    )
    responsible_town = models.ForeignKey(
        "core.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("town responsible for pushing"),
    )
    push_by = models.DateField(_("push by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    found_on = models.DateField(_("found on"))
    during_rectification = models.BooleanField(
        _("raised during the rectification period"),
        default=False,
        help_text="P7: a new violation while the case is open is a problem of its own, not a reset",
    )
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    # When the inventory later says a derived problem is gone, the platform proposes it as fixed; only an officer
    # closes it. {"state": "proposed"|"rejected", "reason", "facts", "fingerprint", "at"}
    fix_proposed_at = models.DateTimeField(_("proposed as fixed at"), null=True, blank=True)
    fix_proposal = models.JSONField(_("fix proposal"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["found_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="problem_unique_source_ref",
            ),
        ]


class ServiceDemand(models.Model):
    """二服: what the enterprise needs to be able to fix the problem (the service-demand list)."""

    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="service_demands")
    problem = models.ForeignKey(Problem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("service"), max_length=30, choices=ServiceKind.choices)
    description = models.TextField(_("description"))
    provider = models.ForeignKey(
        "core.Department", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("provided by")
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service request")
        ordering = ["pk"]


class RectificationNotice(models.Model):
    """排污许可限期整改通知书. Never edited once issued: a correction is a new notice that supersedes it."""

    case = models.ForeignKey(RectificationCase, on_delete=models.PROTECT, related_name="notices")
    number = models.CharField(_("document number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("deadline"))
    content = models.JSONField(_("content"), help_text="the problems and actions as served, frozen")
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField(_("served on"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")


class CaseDocument(models.Model):
    """A file the enterprise (or the officer) uploads to a case, stored with its content hash."""

    case = models.ForeignKey(RectificationCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    review = models.CharField(
        _("review"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case document")
        ordering = ["-uploaded_at", "-pk"]


class CaseEvent(WorkflowEvent):
    """The case timeline: every state change, notice, upload, review, reminder and escalation."""

    OWNER_FIELD = "case"
    case = models.ForeignKey(RectificationCase, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("case event")
        pass


class ClosureCase(models.Model):
    """关停取缔: a facility the gate excludes (or whose rectification is hopeless or refused) is proposed to the
    district government for closure and followed until it is closed. Not a rectification notice: there is no
    3–12-month deadline to meet (名录注5; 水污染防治法 Arts. 65, 66; 条例 Arts. 33–35 情节严重的)."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="closures")
    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="core/numbering.py reference, e.g. GT2026-0003",
    )
    rectification_case = models.ForeignKey(
        RectificationCase, on_delete=models.PROTECT, null=True, blank=True, related_name="closures"
    )
    ground = models.CharField(_("ground"), max_length=30, choices=ClosureGround.choices)
    reasons = models.JSONField(
        _("reasons"), default=list, help_text="the gate's reasons or the officer's note"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClosureStatus.choices, default=ClosureStatus.OPEN, db_index=True
    )
    officer = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    grounds_lapsed_at = models.DateTimeField(
        _("grounds no longer found at"),
        null=True,
        blank=True,
        help_text="the inventory no longer shows the gate's reason; an officer decides whether to withdraw",
    )
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    document_issued_on = models.DateField(_("document issued on"), null=True, blank=True)
    document_content = models.JSONField(
        _("document content"), default=dict, blank=True, help_text="the request as sent, frozen"
    )
    decision_number = models.CharField(_("government decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("closure case")
        verbose_name_plural = _("closure cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(status__in=["open", "proposed", "ordered"]),
                name="one_open_closure_per_facility",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.facility}"


class ClosureEvent(WorkflowEvent):
    """The closure case's timeline."""

    OWNER_FIELD = "closure"
    closure = models.ForeignKey(ClosureCase, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("closure case event")
        pass
