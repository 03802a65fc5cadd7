"""Protection areas loaded by the bureau (MISSION C2): stored from a GeoJSON file (by command or on screen), in
force for the gate once loaded, each load audited; then every facility is classified again and its problems derived
(a facility now inside an area goes down the closure path)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from shapely.geometry import shape

from ecopermit.accounts.facade import user_of
from ecopermit.catalog import gate
from ecopermit.catalog.models import ProtectionZone, ZoneFile
from ecopermit.catalog.zones_io import parse_zones
from ecopermit.core import clock, hooks
from ecopermit.core.audit.services import audit_record
from ecopermit.core.selectors import current_district
from ecopermit.core.types import Actor
from ecopermit.registry import facade as registry

# (file id, sha256) installed in this process; [1] is None until the first look, and after a load.
_synced: list[Any] = [None, None]


def zones_sync() -> None:
    """Installs the current loaded file's zones in this process's gate (a query; rebuilt only when it changed)."""
    row = ZoneFile.objects.filter(is_current=True).values_list("pk", "sha256").first()
    current = row[0] if row else None
    if _synced[1] is not None and _synced[0] == row:
        return
    if current is None:
        gate.use_zones(None)
    else:
        gate.use_zones(
            tuple(
                gate.zone_from_feature(
                    {
                        "name": z.name,
                        "level": z.level,
                        "district": z.district,
                        "approximate": z.approximate,
                        "source": z.source,
                    },
                    shape(z.geometry),
                )
                for z in ProtectionZone.objects.filter(file_id=current).order_by("index")
            )
        )
    _synced[0], _synced[1] = row, 1


@dataclass(frozen=True)
class ZoneLoadResult:
    file_id: int
    zones: int
    reclassified: int
    excluded: int


def zones_load(*, actor: Actor, file_name: str, content: bytes, demo: bool = False) -> ZoneLoadResult:
    """Validates and loads a GeoJSON file (``ZoneFileError`` naming each bad feature, nothing written), replaces the
    areas in force, classifies every facility again and derives their problems — all in one transaction."""
    from ecopermit.catalog.services import classification_refresh_many

    district = current_district()
    bounds = (district.min_lon, district.min_lat, district.max_lon, district.max_lat) if district else None
    specs = parse_zones(content, bounds=bounds)
    with transaction.atomic():
        ZoneFile.objects.filter(is_current=True).update(is_current=False)
        file = ZoneFile.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            loaded_at=clock.now(),
            loaded_by=user_of(actor),
            is_demo=demo,
        )
        ProtectionZone.objects.bulk_create(
            ProtectionZone(
                file=file,
                index=s.index,
                name=s.name,
                level=s.level,
                district=str(s.properties.get("district", district.code if district else "")),
                approximate=s.approximate,
                source=s.source,
                geometry=s.geometry,
            )
            for s in specs
        )
        audit_record(
            actor=actor,
            action="catalog.zones.load",
            obj=file,
            after={
                "file_name": file.file_name,
                "sha256": file.sha256,
                "zones": len(specs),
                "areas": sorted({f"{s.name}{s.level}" for s in specs}),
            },
        )
        _synced[1] = None
        zones_sync()
        ids = registry.facility_ids()
        summary = classification_refresh_many(actor=actor, facility_ids=ids)
        hooks.fire("classification_changed", actor=actor, facility_ids=ids)
    return ZoneLoadResult(file.pk, len(specs), summary.changed, summary.by_class.get("excluded", 0))


def zones_current() -> list[ProtectionZone]:
    return list(ProtectionZone.objects.filter(file__is_current=True).select_related("file").order_by("index"))
