"""One place to ask the time, so that deadlines and tests agree (time-machine patches it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()
