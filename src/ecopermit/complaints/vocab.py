"""The words of complaints other apps may read: kinds, channels, statuses, findings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ODOUR = "odour", _("Odour")
    NOISE = "noise", _("Noise")
    DUST = "dust", _("Dust")
    SMOKE = "smoke", _("Smoke")
    WASTE_WATER = "waste_water", _("Waste water")
    SOLID_WASTE = "solid_waste", _("Solid waste")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Public website")
    PHONE = "phone", _("Telephone call")
    HOTLINE_12345 = "hotline_12345", _("12345 hotline transfer")
    HOTLINE_12369 = "hotline_12369", _("12369 hotline transfer")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted for handling")
    DECLINED = "declined", _("Not accepted")
    FOUND = "found", _("Finding made")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Concluded")


class Finding(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class RecordKind(models.TextChoices):
    VISIT = "visit", _("Site visit")
    MEDIATION = "mediation", _("Mediation between the factory and residents")
