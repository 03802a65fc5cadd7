"""``permits_expiring`` (issue 15 S2): the latest permit of each facility expiring within the window."""

from __future__ import annotations

import datetime as dt

import pytest

from ecopermit.registry import facade
from ecopermit.registry.models import Permit

pytestmark = pytest.mark.django_db


def test_only_the_latest_permit_within_the_window(personas):
    shipyard, fish = personas["shipyard"], personas["fish"]
    today = dt.date(2027, 3, 1)
    Permit.objects.create(
        facility=shipyard,
        number="P1",
        management_class="key",
        issued_on=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 4, 1),
    )
    Permit.objects.create(
        facility=fish,
        number="P2",
        management_class="key",
        issued_on=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 4, 1),
    )
    Permit.objects.create(
        facility=fish,
        number="P3",
        management_class="key",
        issued_on=dt.date(2027, 2, 1),
        valid_until=dt.date(2032, 1, 31),
    )
    found = facade.permits_expiring([shipyard.pk, fish.pk], today=today, within_days=60)
    assert [p.number for p in found] == ["P1"]
    assert facade.permits_expiring([shipyard.pk], today=today, within_days=10) == []
