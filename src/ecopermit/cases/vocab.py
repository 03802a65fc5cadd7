"""Problem categories and kinds (plan 二(一)2(1), MISSION P1), sources, services, documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NOT_COMPLIANT = "not_compliant", _("Cannot meet standards (不能达标类)")
    INCOMPLETE = "incomplete", _("Incomplete procedures (手续不全类)")
    OTHER = "other", _("Other (其他类)")


class Kind(models.TextChoices):
    OVER_STANDARD = "over_standard", _("Emissions over the standard")
    OVER_SPECIAL = "over_special", _("Emissions over city or province special requirements")
    OVER_TOTAL = "over_total", _("Key-pollutant totals over the permit, EIA or total-control limit")
    NO_EMISSION_RIGHTS = "no_emission_rights", _("No emission-rights indicator")
    BUILT_BEFORE_APPROVAL = "built_before_approval", _("Built before approval (未批先建)")
    BUILT_NOT_AS_APPROVED = "built_not_as_approved", _("Built differently from the approval (批建不符)")
    NO_AUTO_MONITORING = "no_auto_monitoring", _("Automatic monitoring not installed")
    MONITORING_NOT_NETWORKED = "monitoring_not_networked", _("Automatic monitoring not networked")
    OUTLET_NOT_STANDARD = "outlet_not_standard", _("Outlets not set up to the rules")
    NO_PERMIT = "no_permit", _("No permit or registration")
    PERMIT_EXPIRED = "permit_expired", _("Permit expired while still discharging (无证排污)")
    NOT_REGISTERED = "not_registered", _("Not registered (未登记)")
    MONITORING_DATA_MISSING = "monitoring_data_missing", _("Automatic monitoring data missing")
    MONITORING_DATA_ABNORMAL = "monitoring_data_abnormal", _("Automatic monitoring data abnormal")
    TREATMENT_NOT_RUNNING = "treatment_not_running", _("Treatment facility not running while production runs")
    REPORT_MISSING = "report_missing", _("Execution report not submitted on time")
    SELF_MONITORING_MISSING = "self_monitoring_missing", _("Self-monitoring not carried out")
    LEDGER_MISSING = "ledger_missing", _("Management ledger not kept")
    UNTRUE_REPORT = "untrue_report", _("Execution report untrue")
    OTHER_VIOLATION = "other_violation", _("Other violation")


CATEGORY_OF: dict[str, str] = {
    Kind.OVER_STANDARD: Category.NOT_COMPLIANT,
    Kind.OVER_SPECIAL: Category.NOT_COMPLIANT,
    Kind.OVER_TOTAL: Category.NOT_COMPLIANT,
    Kind.NO_EMISSION_RIGHTS: Category.NOT_COMPLIANT,
    Kind.BUILT_BEFORE_APPROVAL: Category.INCOMPLETE,
    Kind.BUILT_NOT_AS_APPROVED: Category.INCOMPLETE,
    Kind.NO_AUTO_MONITORING: Category.OTHER,
    Kind.MONITORING_NOT_NETWORKED: Category.OTHER,
    Kind.OUTLET_NOT_STANDARD: Category.OTHER,
    Kind.NO_PERMIT: Category.OTHER,
    Kind.PERMIT_EXPIRED: Category.OTHER,
    Kind.NOT_REGISTERED: Category.OTHER,
    Kind.MONITORING_DATA_MISSING: Category.OTHER,
    Kind.MONITORING_DATA_ABNORMAL: Category.OTHER,
    Kind.TREATMENT_NOT_RUNNING: Category.OTHER,
    Kind.REPORT_MISSING: Category.OTHER,
    Kind.SELF_MONITORING_MISSING: Category.OTHER,
    Kind.LEDGER_MISSING: Category.OTHER,
    Kind.UNTRUE_REPORT: Category.OTHER,
    Kind.OTHER_VIOLATION: Category.OTHER,
}


class Source(models.TextChoices):
    SURVEY = "survey", _("Survey")
    CATALOG_GATE = "catalog_gate", _("Catalog gate")
    INSPECTION = "inspection", _("Inspection")
    MONITORING_ALARM = "monitoring_alarm", _("Monitoring alarm")
    OVERDUE_FILING = "overdue_filing", _("Overdue filing")
    COMPLAINT = "complaint", _("Complaint")
    MANUAL = "manual", _("Entered by hand")
    INVENTORY = "inventory", _("Derived from the inventory")
    FILING_CHECK = "filing_check", _("Cross-check of the self-proof filings")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FIXED = "fixed", _("Fixed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExitPath(models.TextChoices):
    """How a case ends (plan 二(一)2, MISSION P3, P4)."""

    FIX_AND_RIGHTS = "fix_and_rights", _("Fix, prove compliance by monitoring, obtain emission rights, apply")
    AS_BUILT_EIA = "as_built_eia", _("File an as-built EIA report with the bureau, apply")
    IMPROVEMENT_PLAN = "improvement_plan", _("Carry out an improvement plan, pass acceptance, apply")
    FIX = "fix", _("Fix, apply")


class ServiceKind(models.TextChoices):
    TECHNICAL_GUIDANCE = "technical_guidance", _("Technical guidance")
    MONITORING = "monitoring", _("Monitoring (shared or joint)")
    AS_BUILT_EIA_HELP = "as_built_eia_help", _("Help with the as-built EIA")
    TEMPORARY_BUILDING = "temporary_building", _("Temporary building for pollution control")
    STEWARD = "steward", _("Environmental steward")
    EMISSION_RIGHTS = "emission_rights", _("Emission-rights indicator")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    RECTIFICATION_PLAN = "rectification_plan", _("Rectification plan")
    AS_BUILT_EIA = "as_built_eia", _("As-built EIA report")
    IMPROVEMENT_PLAN = "improvement_plan", _("Improvement plan")
    ACCEPTANCE_REPORT = "acceptance_report", _("Acceptance report")
    MONITORING_REPORT = "monitoring_report", _("Monitoring report")
    OTHER = "other", _("Other")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with comments")


class ClosureGround(models.TextChoices):
    """Why a facility goes down the closure path (关停取缔, MISSION C2, P5)."""

    WATER_SOURCE_ZONE = "water_source_zone", _("Inside a drinking-water source protection area")
    ELIMINATED = "eliminated", _("Production or product in the eliminate category of industrial policy")
    RECTIFICATION_FAILED = "rectification_failed", _("Rectification hopeless or refused")
