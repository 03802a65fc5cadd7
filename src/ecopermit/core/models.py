"""Shared kernel: base models and the district's jurisdictions (镇街、园区、部门)."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopermit.core import clock
from ecopermit.core.audit.models import AuditEvent, AuditHead  # noqa: F401 — registers the audit models
from ecopermit.core.types import Actor


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class District(models.Model):
    """The district an installation serves, loaded from its jurisdiction file (core/districts/<name>.json)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    city = models.CharField(_("city"), max_length=50, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    bureau = models.CharField(_("ecology and environment bureau"), max_length=100)
    notice_prefix = models.CharField(_("document number prefix"), max_length=20, blank=True)
    centre_lat = models.FloatField(_("centre latitude"))
    centre_lon = models.FloatField(_("centre longitude"))
    min_lat = models.FloatField()
    max_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lon = models.FloatField()
    leading_group = models.JSONField(_("leading group"), default=dict, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


class Town(models.Model):
    class Kind(models.TextChoices):
        STREET = "street", _("sub-district (街道)")
        TOWN = "town", _("town (镇)")

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="towns")
    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    aliases = models.JSONField(default=list, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("town/street")
        verbose_name_plural = _("towns/streets")

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="parks")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50)
    authority = models.CharField(_("managing body"), max_length=100, blank=True)
    town = models.ForeignKey(Town, on_delete=models.PROTECT, null=True, blank=True, related_name="parks")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="departments")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    field = models.CharField(_("field of work"), max_length=100, blank=True)
    is_lead = models.BooleanField(_("lead department"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """A message to one user in the platform (and by e-mail when the user has an address)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("message"), max_length=500)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")


class Counter(models.Model):
    """The last number taken per series (the kind of document or record), prefix and year (core/numbering.py)."""

    series = models.CharField(max_length=30)
    prefix = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number counter")
        constraints = [models.UniqueConstraint(fields=["series", "prefix", "year"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.prefix} {self.year}: {self.last}"


class WorkflowEvent(models.Model):
    """The event row of the workflow kernel (core/workflow.py): one line of a record's timeline — a move between
    statuses, or a record added (a notice, an upload, a reminder). Concrete models name their owner's field."""

    OWNER_FIELD: ClassVar[str]

    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    @classmethod
    def record(
        cls,
        owner: Any,
        actor: Actor,
        kind: str,
        *,
        note: str = "",
        data: dict[str, Any] | None = None,
        from_status: str = "",
        to_status: str = "",
    ) -> Self:
        """Appends the event to ``owner``'s timeline, at the business clock's time; the platform acts as nobody."""
        # The default manager: ``objects`` of the concrete event model (this abstract one has none).
        return cls._default_manager.create(
            **{cls.OWNER_FIELD: owner},
            at=clock.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            kind=kind,
            note=note,
            data=data or {},
            from_status=from_status,
            to_status=to_status,
        )
