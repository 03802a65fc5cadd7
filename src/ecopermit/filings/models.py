"""The enterprise's self-proof (自证守法, MISSION M3–M5, E5; issue 13): execution reports, self-monitoring, the
management ledger, and the cross-check findings that compare them with each other and with the online data.

- ``ReportingRequirement``: which execution reports a permit requires (annual always; quarterly or monthly where the
  permit says), with ``DeadlineOverride`` rows where the ministry moved a due date for a year.
- ``ExecutionReport``: one report due (a permit, a kind, a period, its due date) and its status; each submission is
  a ``ReportVersion`` (the national platform's PDF plus its key tables as data), never edited: a resubmission after
  a return is a new version, the old one kept.
- ``MonitoringPlanItem`` / ``MonitoringResult``: the self-monitoring plan per outlet and pollutant, and its results.
- ``LedgerEntry``: the management ledger, append-only (a correction is a new entry pointing at the one it corrects).
- ``CrossCheckFinding``: two figures that should agree and do not, each with its source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core.models import WorkflowEvent

USER = settings.AUTH_USER_MODEL


class ReportKind(models.TextChoices):
    """The kinds ``rules.reports`` knows (HJ 944 and the industry specifications that add a half-year report)."""

    ANNUAL = "annual", _("Annual report")
    SEMIANNUAL = "semiannual", _("Half-year report")
    QUARTERLY = "quarterly", _("Quarterly report")
    MONTHLY = "monthly", _("Monthly report")


class Frequency(models.TextChoices):
    """What a permit requires besides the annual report (HJ 944 §5.3: annual for every permit; quarterly or monthly
    where the permit says so)."""

    ANNUAL = "annual", _("Annual only")
    SEMIANNUAL = "semiannual", _("Annual and half-year")
    QUARTERLY = "quarterly", _("Annual and quarterly")
    MONTHLY = "monthly", _("Annual and monthly")


class ReportStatus(models.TextChoices):
    DUE = "due", _("To be submitted")
    SUBMITTED = "submitted", _("Submitted, under review")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class ReportingRequirement(models.Model):
    """The reports one permit requires. Without a row the default rule applies (``rules.reports``)."""

    permit = models.OneToOneField("registry.Permit", on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("reporting frequency"), max_length=20, choices=Frequency.choices)
    source = models.CharField(_("permit clause"), max_length=200, blank=True)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("reporting requirement")


class DeadlineOverride(models.Model):
    """A due date the ministry moved for one period by notice (e.g. annual reports of 2026 due 2027-03-31).
    ``number``: 1 for the year, 1–2 half-years, 1–4 quarters, 1–12 months (``rules.reports.Override``)."""

    kind = models.CharField(_("report kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("period number"))
    due_on = models.DateField(_("due on"))
    source = models.CharField(_("notice"), max_length=200)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("deadline override")
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="filings_override_one_per_period")
        ]


class ExecutionReport(models.Model):
    """One execution report due: its permit, kind and period, its due date and where it stands."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    permit = models.ForeignKey("registry.Permit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("report kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveIntegerField(_("year"))
    period_no = models.PositiveIntegerField(_("period number"))  # 1 for the year, 1–4 quarters, 1–12 months
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    covers_start = models.DateField(
        _("covers from")
    )  # a stub folded in from the period before (HJ 944 5.1.2)
    covers_end = models.DateField(_("covers to"))
    due_on = models.DateField(_("due on"))
    due_source = models.CharField(_("source of the due date"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    overdue_problem_id = models.IntegerField(_("overdue problem"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("execution report")
        ordering = ["due_on", "facility_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["permit", "kind", "year", "period_no"], name="filings_report_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="filings_report_period"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.number


class ReportVersion(models.Model):
    """One submission of a report: the PDF from the national platform and its key tables (``report_data``), as
    submitted. Never edited; the review is recorded on it."""

    class Review(models.TextChoices):
        PENDING = "", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="filings/reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    data = models.JSONField(_("report tables"), default=dict)
    shutdown_only = models.BooleanField(_("shutdown statement only"), default=False)
    via = models.CharField(_("entered by"), max_length=10, default="screen")  # screen | xlsx
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, blank=True, default="")
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("execution report version")
        ordering = ["report_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="filings_version_unique"),
        ]


class ReportEvent(WorkflowEvent):
    """One line of a report's timeline: submitted, accepted, returned, reminded, overdue."""

    OWNER_FIELD = "report"
    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("execution report event")


class SamplingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class MonitoringPlanItem(models.Model):
    """自行监测方案: one outlet and pollutant, sampled at a frequency, or monitored automatically."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey("registry.Outlet", on_delete=models.PROTECT, related_name="+")
    pollutant_code = models.CharField(_("pollutant code (HJ 212-2017)"), max_length=10)
    frequency = models.CharField(_("frequency"), max_length=20, choices=SamplingFrequency.choices)
    automatic = models.BooleanField(_("automatic monitoring"), default=False)
    source = models.CharField(_("source of the frequency"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("self-monitoring plan item")
        ordering = ["facility_id", "outlet_id", "pollutant_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant_code"], name="filings_plan_one_per_pollutant"
            ),
        ]


class MonitoringResult(models.Model):
    """One self-monitoring result (manual sampling, or taken from the online data). Kept at least five years
    (条例 Art. 19)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual sampling")
        XLSX = "xlsx", _("Spreadsheet upload")
        ONLINE = "online", _("Online monitoring")

    plan_item = models.ForeignKey(MonitoringPlanItem, on_delete=models.PROTECT, related_name="results")
    sampled_on = models.DateField(_("sampled on"))
    laboratory = models.CharField(_("laboratory"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20)
    file = models.FileField(_("monitoring report"), upload_to="filings/monitoring/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    over_limit = models.BooleanField(_("over the limit"), default=False)
    problem_id = models.IntegerField(_("problem"), null=True, blank=True)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("self-monitoring result")
        ordering = ["-sampled_on", "pk"]


class LedgerCategory(models.TextChoices):
    """HJ 944-2018 §4 (管理台账记录内容)."""

    PRODUCTION = "production", _("Production facility operation")
    PRODUCTION_ABNORMAL = "production_abnormal", _("Production facility abnormal operation")
    TREATMENT = "treatment", _("Pollution-control facility operation")
    TREATMENT_ABNORMAL = "treatment_abnormal", _("Pollution-control facility abnormal operation")
    REAGENT = "reagent", _("Reagent and material use")
    MONITORING = "monitoring", _("Monitoring records")
    OTHER = "other", _("Other")


class LedgerEntry(models.Model):
    """管理台账: append-only. A correction is a new entry that names the one it corrects (条例 Art. 21: kept at least
    five years; the database keeps every entry)."""

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=30, choices=LedgerCategory.choices)
    subject = models.CharField(_("facility or outlet"), max_length=100)
    occurred_on = models.DateField(_("date"))
    content = models.TextField(_("record"))
    data = models.JSONField(_("figures"), default=dict, blank=True)
    abnormal = models.BooleanField(_("abnormal event"), default=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["facility", "occurred_on"])]


class LedgerFrequency(models.TextChoices):
    """How often a ledger category is recorded (``rules.ledger``; HJ 944 as copied into permits)."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    PER_EVENT = "per_event", _("As it happens (per episode, batch or sampling)")


class LedgerRequirement(models.Model):
    """The recording frequency the permit's 副本 names for one ledger category. Without a row the category's
    default (``data/ledger_frequencies.json``) is shown, and the bureau's monthly rule is what the watch judges."""

    permit = models.ForeignKey("registry.Permit", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=30, choices=LedgerCategory.choices)
    frequency = models.CharField(_("recording frequency"), max_length=20, choices=LedgerFrequency.choices)
    source = models.CharField(_("permit clause"), max_length=200)
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("ledger requirement")
        ordering = ["permit", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["permit", "category"], name="filings_ledger_requirement_one_per_category"
            )
        ]


class CrossCheckFinding(models.Model):
    """Two figures that should agree and do not (issue 13 cross-checks), each with its source; a problem once the
    officer confirms it (条例 Art. 37(4): untrue reporting)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To be examined")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("check"), max_length=30)
    key = models.CharField(max_length=200)  # what makes the finding unique: raised once
    outlet_code = models.CharField(_("outlet"), max_length=20, blank=True)
    pollutant_code = models.CharField(_("pollutant"), max_length=10, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    reported_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    reported_source = models.CharField(max_length=200)
    compared_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    compared_source = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    problem_id = models.IntegerField(null=True, blank=True)
    found_at = models.DateTimeField(_("found at"))

    class Meta:
        verbose_name = _("cross-check finding")
        ordering = ["-found_at"]
        constraints = [models.UniqueConstraint(fields=["key"], name="filings_crosscheck_once")]
