"""Classifying facilities of the inventory and keeping each result (MISSION C1, C5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ecopermit.accounts.facade import user_of
from ecopermit.catalog.models import FacilityClassification
from ecopermit.core import clock
from ecopermit.core.audit.services import audit_record
from ecopermit.core.types import Actor
from ecopermit.registry import facade as registry


def engine_result(profile: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """The pure engine's answer for one profile, in the JSON form of `ecopermit classify`."""
    from ecopermit.catalog.engine import classify
    from ecopermit.catalog.profile import parse_profile

    return classify(parse_profile(profile), on=on).to_json()


def _fingerprint(edition: str, profile: dict[str, Any]) -> str:
    text = json.dumps({"edition": edition, "profile": profile}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def classification_refresh(*, actor: Actor, facility_id: int) -> FacilityClassification:
    """Classifies one facility as it is now. Writes a new result (and an audit event when the class changes)
    only if the profile, the edition or the result differ from the current one."""
    from ecopermit.catalog.zones_store import zones_sync

    zones_sync()  # the protection areas the bureau loaded, if any (C2)
    profile = registry.facility_profile(facility_id)
    result = engine_result(profile, clock.today())
    fingerprint = _fingerprint(result["edition"], profile)
    current = (
        FacilityClassification.objects.select_for_update()
        .filter(facility_id=facility_id, is_current=True)
        .first()
    )
    if (
        current is not None
        and current.fingerprint == fingerprint
        and current.management_class == result["class"]
    ):
        return current
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    row = FacilityClassification.objects.create(
        facility_id=facility_id,
        edition=result["edition"],
        management_class=result["class"],
        permit_scope=result["permit_scope"],
        decisions=result["decisions"],
        gate=result["gate"],
        eia_advice=result["eia_advice"],
        profile=profile,
        fingerprint=fingerprint,
        classified_at=clock.now(),
        classified_by=user_of(actor),
    )
    registry.facility_set_management_class(facility_id=facility_id, management_class=result["class"])
    before = None if current is None else {"class": current.management_class, "decisions": current.decisions}
    if before is None or before["class"] != row.management_class:
        audit_record(
            actor=actor,
            action="catalog.classify",
            object_type="registry.facility",
            object_id=facility_id,
            before=before,
            after={"class": row.management_class, "decisions": row.decisions, "edition": row.edition},
        )
    return row


@dataclass(frozen=True)
class RefreshSummary:
    checked: int
    changed: int
    by_class: dict[str, int]


def classification_refresh_many(
    *, actor: Actor, facility_ids: Iterable[int] | None = None, progress: Callable[[int], None] | None = None
) -> RefreshSummary:
    """Classifies many facilities (all when ``facility_ids`` is None), one transaction each."""
    ids = list(facility_ids) if facility_ids is not None else registry.facility_ids()
    changed = 0
    by_class: dict[str, int] = {}
    for n, facility_id in enumerate(ids, start=1):
        before = (
            FacilityClassification.objects.filter(facility_id=facility_id, is_current=True)
            .values_list("pk", flat=True)
            .first()
        )
        row = classification_refresh(actor=actor, facility_id=facility_id)
        changed += row.pk != before
        by_class[row.management_class] = by_class.get(row.management_class, 0) + 1
        if progress is not None:
            progress(n)
    return RefreshSummary(checked=len(ids), changed=changed, by_class=by_class)
