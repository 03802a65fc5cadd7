"""The inventory of fixed pollution sources (固定污染源清单库, MISSION R1–R4)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecopermit.core.models import TimeStampedModel
from ecopermit.core.types import Actor
from ecopermit.registry.vocab import (
    AcceptanceKind,
    CapacityUnit,
    CreditLevel,
    EiaReportType,
    Fuel,
    FurnaceKind,
    ManagementClass,
    Medium,
    OperatingStatus,
    OutletKind,
    PermitStatus,
    Process,
    Quantity,
    ReminderKind,
    ReportedProblem,
    Statistic,
    WaterTreatmentKind,
)

POSITIVE = [MinValueValidator(0)]


class Facility(TimeStampedModel):
    """排污单位 (R1)."""

    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    town = models.ForeignKey(
        "core.Town", on_delete=models.PROTECT, related_name="facilities", verbose_name=_("town/street")
    )
    park = models.ForeignKey(
        "core.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("park"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    primary_industry = models.CharField(_("main industry code"), max_length=4, db_index=True)
    status = models.CharField(
        _("operating status"),
        max_length=20,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
    )
    land_area_mu = models.DecimalField(
        _("land area (mu)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    output_value_10k = models.DecimalField(
        _("annual output value (10,000 yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    on_key_list = models.BooleanField(_("on the key pollutant discharge unit list"), default=False)
    in_industrial_building = models.BooleanField(_("produces in an industrial building"), default=True)
    management_class = models.CharField(
        _("management class"),
        max_length=20,
        choices=ManagementClass.choices,
        default=ManagementClass.UNKNOWN,
        db_index=True,
    )
    permit_status = models.CharField(
        _("permit status"),
        max_length=20,
        choices=PermitStatus.choices,
        default=PermitStatus.NONE,
        db_index=True,
    )
    credit_level = models.CharField(
        _("environmental credit level"),
        max_length=10,
        choices=CreditLevel.choices,
        default=CreditLevel.UNRATED,
        # Kept here until a credit app rates facilities; read by the 双随机 draw (E1).
        help_text=_(
            "As rated by the environmental credit evaluation; the random-inspection draw checks good records "
            "less often and poor records more often."
        ),
    )
    # 未批先建 (P1): compared with the EIA approval dates. The survey records them; blank = not known.
    construction_started_on = models.DateField(_("construction started on"), null=True, blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "permit_status"])
    # Who and why, set before a save or delete: simple_history writes them on the historical row (it reads the
    # instance attribute when there is one). Declared for the type checker only: no class attribute, no field.
    _history_user: Actor
    _change_reason: str

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["town", "name"]),
            models.Index(fields=["park", "name"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return self.name


class FacilityIndustry(models.Model):
    """One GB/T 4754-2017 code of a facility (several industries at one site: catalog article 5)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="industries")
    code = models.CharField(_("industry code"), max_length=4, db_index=True)
    is_primary = models.BooleanField(_("main industry"), default=False)
    history = HistoricalRecords()
    _history_user: Actor  # as on Facility
    _change_reason: str

    class Meta:
        verbose_name = _("facility industry")
        constraints = [models.UniqueConstraint(fields=["facility", "code"], name="facility_industry_unique")]
        ordering = ["-is_primary", "code"]

    def __str__(self) -> str:
        return self.code


class FacilityAccess(models.Model):
    """Which enterprise and agency users may see a facility (scope of FACILITY_BOUND_ROLES)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_access"
    )
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="accesses")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise access")
        constraints = [models.UniqueConstraint(fields=["user", "facility"], name="facility_access_unique")]


class Boiler(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="boilers")
    name = models.CharField(_("name or number"), max_length=100)
    fuel = models.CharField(_("fuel"), max_length=20, choices=Fuel.choices)
    capacity = models.DecimalField(_("capacity"), max_digits=8, decimal_places=2, validators=POSITIVE)
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=5, choices=CapacityUnit.choices, default=CapacityUnit.T_PER_H
    )
    # 批建不符 (P1): the survey says whether the EIA approval covers it; None = not recorded.
    in_eia_approval = models.BooleanField(_("covered by the EIA approval"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("boiler")
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="boiler_unique_name")]

    @property
    def is_electric(self) -> bool:
        return self.fuel == Fuel.ELECTRIC


class Furnace(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="furnaces")
    name = models.CharField(_("name or number"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=FurnaceKind.choices)
    energy = models.CharField(_("energy"), max_length=20, choices=Fuel.choices)
    # 批建不符 (P1): the survey says whether the EIA approval covers it; None = not recorded.
    in_eia_approval = models.BooleanField(_("covered by the EIA approval"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("furnace")
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="furnace_unique_name")]


class FacilityProcess(models.Model):
    """A surface-treatment or coating process run at the facility."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="processes")
    process = models.CharField(_("process"), max_length=40, choices=Process.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production process")
        constraints = [
            models.UniqueConstraint(fields=["facility", "process"], name="facility_process_unique")
        ]


class FacilityQuantity(models.Model):
    """A yearly quantity (use of solvent coatings, annual processing…); the catalog takes the right year."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="quantities")
    kind = models.CharField(_("quantity"), max_length=60, choices=Quantity.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, validators=POSITIVE)
    from_eia = models.BooleanField(_("figure from the EIA (under one year of production)"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production quantity")
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind", "year"], name="facility_quantity_unique")
        ]
        ordering = ["kind", "-year"]


class WaterTreatment(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="water_treatments")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WaterTreatmentKind.choices)
    capacity_t_per_day = models.DecimalField(
        _("capacity (t/d)"), max_digits=10, decimal_places=2, validators=POSITIVE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wastewater treatment")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="water_treatment_unique_name")
        ]


class Outlet(models.Model):
    """排放口 (R3)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="outlets")
    code = models.CharField(_("outlet code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    medium = models.CharField(_("medium"), max_length=10, choices=Medium.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=OutletKind.choices)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    standard = models.CharField(_("emission standard"), max_length=200, blank=True)
    auto_monitoring_installed = models.BooleanField(_("automatic monitoring installed"), default=False)
    auto_monitoring_networked = models.BooleanField(_("automatic monitoring networked"), default=False)
    standardized = models.BooleanField(_("set up to the standard"), default=False)
    # 批建不符 (P1): the survey says whether the EIA approval covers it; None = not recorded.
    in_eia_approval = models.BooleanField(_("covered by the EIA approval"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outlet")
        constraints = [models.UniqueConstraint(fields=["facility", "code"], name="outlet_unique_code")]
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OutletLimit(models.Model):
    """许可排放限值: outlet × pollutant × statistic × value × unit × clause, valid over a date range."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="limits")
    pollutant_code = models.CharField(_("pollutant code (HJ 212-2017)"), max_length=10)
    pollutant_name = models.CharField(_("pollutant"), max_length=50)
    statistic = models.CharField(_("statistic"), max_length=20, choices=Statistic.choices)
    value = models.DecimalField(_("limit"), max_digits=14, decimal_places=4, validators=POSITIVE)
    unit = models.CharField(_("unit"), max_length=20)
    source = models.CharField(_("standard or permit clause"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Flue-gas limits of boilers and furnaces are set on the concentration converted to a reference O2
    # content (折算; GB 13271-2014 §5.2, GB 39726-2020 §4.6): monitoring judges such a limit on that value.
    converted = models.BooleanField(_("on the converted value (折算)"), default=False)
    reference_o2 = models.DecimalField(
        _("reference O2 content (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emission limit")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant_code", "statistic", "valid_from"], name="outlet_limit_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(converted=False, reference_o2__isnull=True)
                | models.Q(converted=True, reference_o2__gte=0, reference_o2__lt=21),
                name="outlet_limit_reference_o2",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="outlet_limit_valid_range",
            ),
        ]
        ordering = ["pollutant_code", "statistic", "-valid_from"]


class OutletMeasurement(models.Model):
    """A monitoring result the survey recorded for an outlet (a sample or a monitoring report), compared with the
    outlet's limit when problems are derived (不能达标类, P1)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="measurements")
    pollutant_code = models.CharField(_("pollutant code (HJ 212-2017)"), max_length=10)
    sampled_on = models.DateField(_("sampled on"))
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=4, validators=POSITIVE)
    unit = models.CharField(_("unit"), max_length=20)
    report_number = models.CharField(_("monitoring report number"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outlet measurement")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "pollutant_code", "sampled_on"], name="outlet_measurement_unique"
            )
        ]
        ordering = ["-sampled_on", "pollutant_code"]


class SurveyProblem(models.Model):
    """A problem a town or department found on the ground and reported on the survey's 问题 sheet (一查, P1).

    The registry keeps what the survey said; the intake flow raises it as a problem of the rectification workflow.
    """

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="survey_problems")
    number = models.CharField(_("problem number"), max_length=30)
    kind = models.CharField(_("problem"), max_length=40, choices=ReportedProblem.choices)
    description = models.TextField(_("description"))
    outlet_code = models.CharField(_("outlet code"), max_length=20, blank=True)
    found_on = models.DateField(_("found on"))
    reported_by = models.CharField(_("reported by"), max_length=100)
    required_action = models.TextField(_("required action"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey problem")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="survey_problem_unique_number")
        ]
        ordering = ["found_on", "number"]


class EiaApproval(models.Model):
    """环评批复 (R4)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="eia_approvals")
    number = models.CharField(_("approval number"), max_length=100)
    project_name = models.CharField(_("project"), max_length=200, blank=True)
    report_type = models.CharField(_("report type"), max_length=20, choices=EiaReportType.choices)
    approved_on = models.DateField(_("approved on"))
    approving_body = models.CharField(_("approving body"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EIA approval")
        constraints = [models.UniqueConstraint(fields=["facility", "number"], name="eia_unique_number")]
        ordering = ["-approved_on"]


class Acceptance(models.Model):
    """竣工环保验收."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="acceptances")
    eia_number = models.CharField(_("EIA approval number"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AcceptanceKind.choices, default=AcceptanceKind.SELF
    )
    completed_on = models.DateField(_("completed on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("completion acceptance")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "eia_number", "completed_on"], name="acceptance_unique"
            )
        ]
        ordering = ["-completed_on"]


class Permit(models.Model):
    """排污许可证 (valid 5 years, 排污许可管理条例 art. 14)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="permits")
    number = models.CharField(_("permit number"), max_length=50, unique=True)
    management_class = models.CharField(
        _("management class"),
        max_length=20,
        choices=[
            (ManagementClass.KEY, ManagementClass.KEY.label),
            (ManagementClass.SIMPLIFIED, ManagementClass.SIMPLIFIED.label),
        ],
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discharge permit")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("issued_on")), name="permit_valid_range"
            )
        ]


class Registration(models.Model):
    """排污登记."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="registrations")
    number = models.CharField(_("registration number"), max_length=50, unique=True)
    registered_on = models.DateField(_("registered on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discharge registration")
        ordering = ["-registered_on"]


class CommitmentApproval(models.Model):
    """告知承诺 approval."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="commitment_approvals")
    number = models.CharField(_("approval number"), max_length=100)
    matter = models.CharField(_("matter"), max_length=200)
    approved_on = models.DateField(_("approved on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification-commitment approval")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="commitment_unique_number")
        ]
        ordering = ["-approved_on"]


class ImportBatch(models.Model):
    """One uploaded survey spreadsheet: what it held, whether it was applied, and what it changed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        REJECTED = "rejected", _("Rejected (errors)")
        APPLIED = "applied", _("Applied")

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    summary = models.JSONField(_("summary"), default=dict)
    errors = models.JSONField(_("errors"), default=list)
    content = models.BinaryField(_("file content"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey import")
        ordering = ["-uploaded_at"]


class PaperworkReminder(models.Model):
    """A reminder sent about a permit or registration (延续 before expiry, 变更 after a change), once per subject:
    the unique key makes "sent once" a property of the database, not of the worker's memory."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="paperwork_reminders")
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    subject = models.CharField(
        _("subject"), max_length=200, help_text="the permit or registration number, or the change noticed"
    )
    due_on = models.DateField(_("apply by"))
    text = models.CharField(_("text"), max_length=500)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("paperwork reminder")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind", "subject"], name="paperwork_reminder_once")
        ]
