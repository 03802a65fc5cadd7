"""The pool reads complaint counts from the app above through the ``complaint_counts`` hook (G1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from ecopermit.inspections import services
from ecopermit.inspections.models import PoolEntry

pytestmark = pytest.mark.django_db
ASKED: list[Any] = []
COUNTS: dict[int, int] = {}


def fake_counts(*, since: Any) -> dict[int, int]:
    ASKED.append(since)
    return dict(COUNTS)


@override_settings(ECOPERMIT_HOOKS={"complaint_counts": [f"{__name__}.fake_counts"]})
def test_pool_refresh_asks_the_hook_and_three_complaints_make_a_special_object(personas):  # type: ignore[no-untyped-def]
    shipyard, fish = personas["shipyard"], personas["fish"]
    type(shipyard).objects.filter(pk__in=[shipyard.pk, fish.pk]).update(management_class="simplified")
    COUNTS.clear()
    COUNTS.update({shipyard.pk: 3, fish.pk: 2})
    services.pool_refresh(actor=personas["officer"])
    assert isinstance(ASKED[-1], dt.datetime)  # one year back
    assert PoolEntry.objects.get(facility=shipyard).category == "special"
    assert "近一年信访投诉 3 次" in PoolEntry.objects.get(facility=shipyard).reasons
    assert PoolEntry.objects.get(facility=fish).category == "simplified"


@override_settings(ECOPERMIT_HOOKS={})
def test_without_an_answer_nothing_is_counted(personas):  # type: ignore[no-untyped-def]
    services.pool_refresh(actor=personas["officer"])
    assert not any("信访" in r for e in PoolEntry.objects.all() for r in e.reasons)
