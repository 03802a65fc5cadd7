"""Stored classifications: each facility's result under the catalog, kept with its history (MISSION C1, C5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.registry.vocab import ManagementClass


class FacilityClassification(models.Model):
    """One result of the engine for one facility. A new row is written only when the profile, the edition or
    the result changes, so the rows of a facility are its classification history; the newest is current.

    A foreign key into the registry (not a facade id) because coverage is a join over facilities by town and
    industry; the registry never reads this table except through ``catalog.facade``.
    """

    class Scope(models.TextChoices):
        WHOLE = "whole", _("Whole facility")
        GENERAL_PROCESS = "general_process", _("General processes only")
        NONE = "none", _("No permit")

    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.CASCADE, related_name="classifications"
    )
    edition = models.CharField(_("catalog edition"), max_length=10)
    management_class = models.CharField(_("management class"), max_length=20, choices=ManagementClass.choices)
    permit_scope = models.CharField(_("permit scope"), max_length=20, choices=Scope.choices)
    decisions = models.JSONField(_("deciding rows"), default=list)
    gate = models.JSONField(_("gate reasons"), default=list)
    eia_advice = models.JSONField(_("EIA advice"), default=list)
    profile = models.JSONField(_("profile"))
    fingerprint = models.CharField(max_length=64, help_text="sha256 of edition + profile")
    is_current = models.BooleanField(default=True, db_index=True)
    classified_at = models.DateTimeField(_("classified at"))
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-classified_at", "-pk"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["facility"], condition=models.Q(is_current=True), name="one_current_classification"
            )
        ]
        indexes = [models.Index(fields=["is_current", "management_class"])]


class ZoneFile(models.Model):
    """One GeoJSON file of drinking-water source protection areas, as loaded; the newest replaces the others."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_current = models.BooleanField(default=True, db_index=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("protection-area file")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_zone_file"
            )
        ]


class ProtectionZone(models.Model):
    """饮用水水源保护区 at one level (水污染防治法 Art. 63), a polygon in WGS 84, as the file gave it."""

    file = models.ForeignKey(ZoneFile, on_delete=models.CASCADE, related_name="zones")
    index = models.PositiveIntegerField(help_text="the feature's index in the file")
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20)
    district = models.CharField(_("district code"), max_length=12, blank=True)
    approximate = models.BooleanField(_("approximate boundary"), default=False)
    source = models.TextField(_("source"), blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"))

    class Meta:
        verbose_name = _("protection area")
        ordering = ["file", "index"]
