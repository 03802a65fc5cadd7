"""What the platform concludes from the readings (M2, E4, P7): alarms, the evaluation's watermarks, the
enterprise's shutdown/maintenance declarations, power meters and their samples, per-district settings.

Imported by ``models.py`` so Django sees these models as the monitoring app's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecopermit.core.models import WorkflowEvent


class AlarmKind(models.TextChoices):
    EXCEEDANCE = "exceedance", _("Exceedance")
    MISSING_DATA = "missing_data", _("Missing data")
    ABNORMAL_DATA = "abnormal_data", _("Abnormal data")
    ELECTRICITY = "electricity", _("Treatment off while production runs")


class Basis(models.TextChoices):
    """Which concentration a limit is set on and an exceedance was judged on (issue 10)."""

    MEASURED = "measured", _("Measured value")
    CONVERTED = "converted", _("Converted to the reference O2")


class AbnormalReason(models.TextChoices):
    """Why data is abnormal (数据异常, issue 10); thresholds in ``MonitoringSettings``."""

    FLAGS = "flags", _("Only abnormal flags")
    CONSTANT = "constant", _("Constant value")
    ZERO = "zero", _("Zero while production runs")
    NO_O2 = "no_o2", _("No usable O2 content to convert")


class AlarmStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alarm status", "Open")
    EXPLAINED = "explained", _("Explained by a declaration")
    CLOSED = "closed", pgettext_lazy("alarm status", "Closed")


class AlarmStatistic(models.TextChoices):
    HOURLY = "hourly", _("Hourly average")
    DAILY = "daily", _("Daily average")
    HOURS = "hours", _("Hours without data")
    MINUTES = "minutes", _("Minutes")


class LimitBound(models.TextChoices):
    MAX = "max", _("Upper limit")
    MIN = "min", _("Lower limit")


class MonitoringSettings(models.Model):
    """Per-district settings of the evaluation (one row per district; defaults when there is none)."""

    district = models.OneToOneField(
        "core.District", on_delete=models.CASCADE, related_name="monitoring_settings"
    )
    missing_data_hours = models.PositiveSmallIntegerField(
        _("missing data: alarm after more than (hours)"), default=6
    )
    settle_minutes = models.PositiveSmallIntegerField(
        _("wait for late data before judging an hour (minutes)"), default=20
    )
    treatment_off_minutes = models.PositiveSmallIntegerField(
        _("electricity: treatment off while production runs for more than (minutes)"), default=30
    )
    abnormal_flag_hours = models.PositiveSmallIntegerField(
        _("abnormal data: only abnormal flags for more than (hours)"), default=6
    )
    constant_value_hours = models.PositiveSmallIntegerField(
        _("abnormal data: the same value for more than (hours)"), default=6
    )
    zero_value_hours = models.PositiveSmallIntegerField(
        _("abnormal data: zero while production runs for more than (hours)"), default=4
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")


class Watermark(models.Model):
    """How far an outlet's data has been judged: every hour before ``hourly_until`` and every Asia/Shanghai
    day before ``daily_until`` has been evaluated once and is not evaluated again, unless backlog for them
    arrives later (``uploads_until``)."""

    outlet = models.OneToOneField("registry.Outlet", on_delete=models.CASCADE, related_name="+")
    hourly_until = models.DateTimeField(null=True, blank=True)
    daily_until = models.DateField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The last upload of the outlet seen by the evaluation: an upload after it whose period lies before the
    # watermark is backlog (a logger catching up after an outage) and is judged again from its period.
    uploads_until = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("data watermark")


class Declaration(models.Model):
    """停产/检修申报: the enterprise declares a period in which its outlet (or all outlets) did not run
    normally; the officer accepts or rejects it. Accepted, it explains the alarms inside it."""

    class Kind(models.TextChoices):
        SHUTDOWN = "shutdown", _("Shutdown")
        MAINTENANCE = "maintenance", _("Maintenance")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="core/numbering.py reference, e.g. SB2026-00012",
    )
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    outlet = models.ForeignKey(
        "registry.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outlet"),
        help_text=_("Empty: the whole facility."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    reason = models.TextField(_("reason"))
    attachment = models.FileField(_("attachment"), upload_to="monitoring/declarations/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("shutdown or maintenance declaration")
        verbose_name_plural = _("shutdown or maintenance declarations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="declaration_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class PowerMeter(models.Model):
    """A power meter on production or treatment equipment (E4). Its data arrives as HJ 212 readings of
    ``outlet`` under ``code`` (e.g. an equipment or process-factor code), or by CSV import under ``meter_id``."""

    class Role(models.TextChoices):
        PRODUCTION = "production", _("Production")
        TREATMENT = "treatment", _("Treatment")

    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.CASCADE, related_name="+", verbose_name=_("facility")
    )
    name = models.CharField(_("equipment"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    outlet = models.ForeignKey(
        "registry.Outlet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outlet (HJ 212 data)"),
    )
    code = models.CharField(_("HJ 212 code"), max_length=20, blank=True)
    meter_id = models.CharField(_("meter number (CSV import)"), max_length=50, blank=True)
    threshold_kw = models.FloatField(_("running above (kW)"), default=1.0)

    class Meta:
        ordering = ["facility", "role", "name"]
        verbose_name = _("power meter")
        verbose_name_plural = _("power meters")
        constraints = [
            models.UniqueConstraint(
                fields=["meter_id"], condition=~models.Q(meter_id=""), name="meter_id_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PowerSample(models.Model):
    """One imported power value (kW) of a meter at a moment (CSV import; HJ 212 power stays in Reading)."""

    meter = models.ForeignKey(PowerMeter, on_delete=models.CASCADE, related_name="samples")
    time = models.DateTimeField()
    kw = models.FloatField()

    class Meta:
        verbose_name = _("electricity reading")
        ordering = ["time"]
        constraints = [models.UniqueConstraint(fields=["meter", "time"], name="power_sample_once")]


class Alarm(models.Model):
    """One finding: an exceeding hourly or daily average, a run of hours without data or of abnormal data, or
    treatment off while production runs. One per (outlet, pollutant, statistic, reason, period start) and kind.

    Consecutive exceeding periods of the same outlet, pollutant and statistic form one episode: they share
    ``episode_start`` and the one problem raised for it."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlarmKind.choices, db_index=True)
    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="core/numbering.py reference, e.g. BJ2026-000001",
    )
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    outlet = models.ForeignKey(
        "registry.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outlet"),
    )
    meter = models.ForeignKey(
        PowerMeter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("power meter"),
    )
    pollutant = models.CharField(_("pollutant code"), max_length=20, blank=True)
    statistic = models.CharField(_("statistic"), max_length=10, choices=AlarmStatistic.choices)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    limit = models.DecimalField(_("limit"), max_digits=14, decimal_places=4, null=True, blank=True)
    bound = models.CharField(_("bound"), max_length=3, choices=LimitBound.choices, blank=True)
    percent = models.DecimalField(
        _("exceeded by (%)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    basis = models.CharField(_("judged on"), max_length=10, choices=Basis.choices, blank=True)
    reference_o2 = models.DecimalField(
        _("reference O2 content (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    measured_value = models.DecimalField(
        _("measured value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    over_range = models.BooleanField(
        _("above the measuring range (T)"),
        default=False,
        help_text=_("The instrument flagged T: the true value was at least the value shown."),
    )
    reason = models.CharField(_("abnormality"), max_length=10, choices=AbnormalReason.choices, blank=True)
    detail = models.CharField(_("what was seen"), max_length=50, blank=True)  # flags seen, the constant value
    during_rectification = models.BooleanField(_("during the rectification period"), default=False)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AlarmStatus.choices, default=AlarmStatus.OPEN, db_index=True
    )
    episode_start = models.DateTimeField(_("episode start"))
    problem_id = models.IntegerField(_("problem"), null=True, blank=True)
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alarms",
        verbose_name=_("declaration"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("raised at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "outlet", "pollutant", "statistic", "reason", "period_start"],
                condition=models.Q(outlet__isnull=False),
                name="alarm_once_per_period",
            ),
            models.UniqueConstraint(
                fields=["meter", "period_start"],
                condition=models.Q(meter__isnull=False),
                name="alarm_once_per_meter_period",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "-period_start"], name="alarm_facility_time"),
            models.Index(fields=["outlet", "pollutant", "statistic", "period_start"], name="alarm_series"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.pollutant}"

    @property
    def pollutant_label(self) -> str:
        """The pollutant's Chinese name from the HJ 212 code table with its code, e.g. "颗粒物 a34013"."""
        from ecopermit.monitoring.hj212.codes import lookup

        if not self.pollutant:
            return ""
        row = lookup(self.pollutant)
        return f"{row.name_zh} {self.pollutant}" if row else self.pollutant


class AlarmEvent(WorkflowEvent):
    """One line of an alarm's timeline (the workflow kernel's event row): closed, explained by a declaration."""

    OWNER_FIELD = "alarm"
    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("alarm event")


class PenaltyProposal(models.Model):
    """Outbox (P7, issue 10): an exceedance during a rectification period, proposed to the officer for a
    penalty case under 《排污许可管理条例》 Art. 34(1) (超过许可排放浓度排放污染物). Written in the alarm's
    transaction; enforcement, above monitoring, reads the open ones (``monitoring.facade``) and marks them
    opened (with its penalty case) or dismissed. Monitoring never calls enforcement."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        OPENED = "opened", _("Penalty case opened")
        DISMISSED = "dismissed", _("Dismissed")

    alarm = models.OneToOneField(Alarm, on_delete=models.PROTECT, related_name="penalty_proposal")
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    problem_id = models.IntegerField(_("problem"), null=True, blank=True)
    rectification_case_id = models.IntegerField(_("rectification case"), null=True, blank=True)
    article_no = models.PositiveSmallIntegerField(_("article"), default=34)
    item_no = models.PositiveSmallIntegerField(_("item"), null=True, blank=True, default=1)
    facts = models.TextField(_("facts"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    penalty_case_id = models.IntegerField(_("penalty case"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("proposed at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("penalty proposal")
        verbose_name_plural = _("penalty proposals")
