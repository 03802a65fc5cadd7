"""一单两库 (items, object pool, inspector pool), sampling plans and draws, inspection records (MISSION E1, E2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.cases.vocab import Kind
from ecopermit.core.models import WorkflowEvent
from ecopermit.inspections.vocab import (
    Answer,
    EvidenceKind,
    InspectionKind,
    InspectionStatus,
    NonSiteSource,
    Outcome,
    PeriodKind,
    PlanStatus,
    PoolCategory,
)

USER = settings.AUTH_USER_MODEL


class InspectionItem(models.Model):
    """一单: one item of the inspection list, per industry checklist ("general" for every facility), with its
    legal basis. Loaded from the data files in ``inspections/checklists/`` (``checklist_sync``)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    checklist = models.CharField(_("checklist"), max_length=30, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("inspection item"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    finding_kind = models.CharField(max_length=40, help_text="cases Kind raised when the answer is 'no'")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["checklist", "position", "code"]
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class PoolEntry(models.Model):
    """二库 (1): a facility in the inspection-object pool, with its category and why (computed by ``pool_refresh``)."""

    facility = models.OneToOneField(
        "registry.Facility", on_delete=models.CASCADE, related_name="inspection_pool"
    )
    category = models.CharField(_("category"), max_length=20, choices=PoolCategory.choices, db_index=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    manual_special_reason = models.CharField(
        _("special supervision set by hand"),
        max_length=200,
        blank=True,
        help_text="kept across refreshes; puts the facility under special supervision",
    )
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("inspection pool entry")
        ordering = ["category", "facility_id"]


class Inspector(models.Model):
    """二库 (2): an enforcement officer (a bureau officer) with the certificate number of the 执法证."""

    user = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="inspector")
    certificate_number = models.CharField(_("enforcement certificate number"), max_length=40, unique=True)
    available = models.BooleanField(_("available for draws"), default=True)

    class Meta:
        ordering = ["certificate_number"]
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self) -> str:
        return f"{self.user.display_name}（{self.certificate_number}）"


class Recusal(models.Model):
    """A facility an inspector must not inspect (回避), with the reason."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="recusals")
    facility = models.ForeignKey("registry.Facility", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("recusal")
        constraints = [models.UniqueConstraint(fields=["inspector", "facility"], name="recusal_unique")]


class SamplingPlan(models.Model):
    """A 双随机 plan for one period: ratios per category, credit factors, the seed published before the draw,
    the pools as they stood at the draw (snapshot) and the result."""

    code = models.CharField(
        _("plan identity"),
        max_length=40,
        unique=True,
        help_text="part of the draw's seed; must not contain '|'",
    )
    name = models.CharField(_("name"), max_length=100)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    ratios = models.JSONField(_("ratio per category"), help_text='exact fractions, e.g. {"key": "1/4"}')
    credit_factors = models.JSONField(_("credit factors"))
    staff_count = models.PositiveSmallIntegerField(
        _("enforcement staff for general units"),
        null=True,
        blank=True,
        help_text="when set, general units (simplified, registration) are drawn by the staff ratio 1:10 per year",
    )
    sources = models.JSONField(default=dict, blank=True, help_text="where each default came from")
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    seed = models.CharField(_("published seed"), max_length=200, blank=True)
    seed_published_at = models.DateTimeField(_("seed published at"), null=True, blank=True)
    seed_published_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    snapshot = models.JSONField(_("inputs at the draw"), null=True, blank=True)
    result = models.JSONField(_("draw result"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("sampling plan")
        verbose_name_plural = _("sampling plans")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DrawTask(models.Model):
    """One result of a draw: a facility and its two inspectors."""

    plan = models.ForeignKey(SamplingPlan, on_delete=models.PROTECT, related_name="tasks")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=PoolCategory.choices)
    credit = models.CharField(max_length=10)
    inspector1 = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+")
    inspector2 = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("drawn inspection")
        ordering = ["plan_id", "facility_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "facility"], name="drawtask_unique")]


class Inspection(models.Model):
    """检查: from a draw task, ad hoc, or non-site (evidence recorded without a visit)."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="inspections")
    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="core/numbering.py reference, e.g. JC2026-0007",
    )
    task = models.OneToOneField(
        DrawTask, on_delete=models.PROTECT, null=True, blank=True, related_name="inspection"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    non_site_source = models.CharField(
        _("non-site source"), max_length=30, choices=NonSiteSource.choices, blank=True
    )
    checklist = models.CharField(_("checklist"), max_length=30)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.OPEN,
        db_index=True,
    )
    inspector1 = models.ForeignKey(
        Inspector, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    inspector2 = models.ForeignKey(
        Inspector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second inspector"),
    )
    inspected_at = models.DateTimeField(_("time of inspection"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    representative = models.CharField(_("enterprise representative"), max_length=50, blank=True)
    representative_title = models.CharField(_("representative's position"), max_length=50, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.CharField(_("result"), max_length=20, choices=Outcome.choices, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    publication_deadline = models.DateField(_("publish by"), null=True, blank=True, db_index=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"#{self.pk} {self.facility}"


class ChecklistAnswer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        ordering = ["item__checklist", "item__position"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_unique")]


class Finding(models.Model):
    """A problem found; recorded as a problem on the facility's rectification case (``problem_id``)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        InspectionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("problem"), max_length=40)
    description = models.TextField(_("description"))
    required_action = models.TextField(_("required action"), blank=True)
    problem_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection finding")
        ordering = ["pk"]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind


class Evidence(models.Model):
    """A photo, document, video or data extract, stored with its SHA-256."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("inspection evidence")
        ordering = ["uploaded_at", "pk"]


class InspectionEvent(WorkflowEvent):
    """One line of an inspection's timeline (the workflow kernel's event row): completed, published."""

    OWNER_FIELD = "inspection"
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("inspection event")
