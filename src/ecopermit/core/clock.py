"""One place to ask the time, so that deadlines and tests agree (time-machine patches it).

``travel`` sets the business clock for a block of code; the demo loader uses it to build a case history that
happened over months. The audit log never uses it: its timestamps are always the real time.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_travel: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("ecopermit_clock", default=None)


def now() -> dt.datetime:
    return _travel.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def travel(to: dt.datetime) -> Iterator[None]:
    token = _travel.set(to)
    try:
        yield
    finally:
        _travel.reset(token)
