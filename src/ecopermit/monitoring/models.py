"""Online monitoring data (M1): data loggers, the frames they send, and the readings in them.

Alarms, declarations and electricity live beside these (added by their own migrations).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    HJ212_2017 = "2017", _("HJ 212-2017")
    HJ212_2005 = "2005", _("HJ/T 212-2005")


class ReadingKind(models.TextChoices):
    """Which upload a value came from (HJ 212-2017 表 5: CN 2011 / 2051 / 2061 / 2031)."""

    REALTIME = "rtd", _("Real-time")
    MINUTE = "min", _("Minute")
    HOUR = "hour", _("Hourly")
    DAY = "day", _("Daily")


class Datalogger(models.Model):
    """数采仪: one registered device per MN, bound to an outlet of a facility, with its access password."""

    mn = models.CharField(_("device number (MN)"), max_length=24, unique=True)
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.PROTECT, related_name="dataloggers", verbose_name=_("facility")
    )
    outlet = models.ForeignKey(
        "registry.Outlet", on_delete=models.PROTECT, related_name="dataloggers", verbose_name=_("outlet")
    )
    # HJ 212 carries the password in clear text on the wire; we keep only its SHA-256 so the database
    # does not hold a usable credential, and compare in constant time.
    password_sha256 = models.CharField(_("password (SHA-256)"), max_length=64)
    protocol = models.CharField(
        _("protocol"), max_length=4, choices=Protocol.choices, default=Protocol.HJ212_2017
    )
    active = models.BooleanField(_("active"), default=True)
    expected_interval_minutes = models.PositiveSmallIntegerField(
        _("expected upload interval (minutes)"), default=60
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last frame at"), null=True, blank=True)
    last_peer = models.CharField(_("last address"), max_length=64, blank=True)

    class Meta:
        ordering = ["mn"]
        verbose_name = _("data logger")
        verbose_name_plural = _("data loggers")

    def __str__(self) -> str:
        return self.mn


class Upload(models.Model):
    """One accepted data frame (after split-packet reassembly), stored once per (MN, CN, DataTime).

    The raw bytes of every frame, duplicates and rejects included, are also appended to the on-disk
    archive by the listener; this row keeps the decoded frame's identity and raw text for the record.
    """

    datalogger = models.ForeignKey(Datalogger, on_delete=models.PROTECT, related_name="uploads")
    mn = models.CharField(_("MN"), max_length=24)
    cn = models.CharField(_("command (CN)"), max_length=4)
    data_time = models.DateTimeField(_("data time"))
    qn = models.CharField(_("request number (QN)"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("received at"))
    peer = models.CharField(_("address"), max_length=64, blank=True)
    raw = models.TextField(_("raw frame"))
    warnings = models.JSONField(_("deviations"), default=list, blank=True)

    class Meta:
        verbose_name = _("data upload")
        constraints = [models.UniqueConstraint(fields=["mn", "cn", "data_time"], name="upload_once")]
        indexes = [models.Index(fields=["datalogger", "-data_time"], name="upload_logger_time")]
        ordering = ["-data_time"]


class Reading(models.Model):
    """One value of one pollutant at one outlet for one period.

    ``value`` is Rtd for real-time data and Avg for minute/hour/day data; min/max/cou are kept when sent.
    On PostgreSQL the table is partitioned by month of ``time`` (see the migration).
    """

    pk = models.CompositePrimaryKey("outlet", "pollutant", "kind", "time")
    outlet = models.ForeignKey(
        "registry.Outlet", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    pollutant = models.CharField(_("pollutant code"), max_length=10)
    kind = models.CharField(_("kind"), max_length=4, choices=ReadingKind.choices)
    time = models.DateTimeField(_("time"))
    value = models.FloatField(_("value"), null=True)
    minimum = models.FloatField(_("minimum"), null=True)
    maximum = models.FloatField(_("maximum"), null=True)
    cou = models.FloatField(_("cumulative (Cou)"), null=True)
    flag = models.CharField(_("flag"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("monitoring reading")
        ordering = ["time"]


from ecopermit.monitoring.models_alarms import (  # noqa: E402, F401  (Django finds them through this module)
    Alarm,
    Declaration,
    MonitoringSettings,
    PenaltyProposal,
    PowerMeter,
    PowerSample,
    Watermark,
)
