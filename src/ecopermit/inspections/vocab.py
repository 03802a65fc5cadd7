"""Choices of the 双随机 pools, plans and inspection records (MISSION E1, E2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolCategory(models.TextChoices):
    """Categories of the inspection-object pool (检查对象名录库); keys are those of ``draw.CATEGORIES``."""

    KEY_DISCHARGER = "key_discharger", _("Key discharger")
    KEY = "key", _("Key-management permit")
    SIMPLIFIED = "simplified", _("Simplified-management permit")
    REGISTRATION = "registration", _("Registration")
    SPECIAL = "special", _("Special supervision")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SEED_PUBLISHED = "seed_published", _("Seed published")
    DRAWN = "drawn", _("Drawn")


class InspectionKind(models.TextChoices):
    DRAWN = "drawn", _("Random draw")
    AD_HOC = "ad_hoc", _("Ad hoc")
    NON_SITE = "non_site", _("Non-site supervision")


class NonSiteSource(models.TextChoices):
    """Non-site supervision (E4): evidence recorded without a visit."""

    MONITORING_ALARM = "monitoring_alarm", _("Automatic-monitoring alarm")
    ELECTRICITY = "electricity", _("Electricity-monitoring finding")
    VIDEO = "video", _("Video surveillance")
    DRONE = "drone", _("Drone observation")


class InspectionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    COMPLETED = "completed", _("Completed")
    PUBLISHED = "published", _("Result published")


class Answer(models.TextChoices):
    YES = "yes", _("Compliant")
    NO = "no", _("Not compliant")
    NA = "na", _("Not applicable")


class Outcome(models.TextChoices):
    COMPLIANT = "compliant", _("No problem found")
    PROBLEMS = "problems", _("Problems found")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")
    DATA = "data", _("Monitoring or electricity data")
