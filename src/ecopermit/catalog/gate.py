"""The gate (MISSION C2, catalog footnote 5): who gets no permit and no registration at all.

A facility inside a drinking-water source protection zone (饮用水水源保护区, 一级 or 二级: 水污染防治法 arts. 65
and 66 order existing discharging projects there to be dismantled or closed), or whose production facilities
or products are in the eliminate category of industrial policy (产业政策立即淘汰类), is outside the catalog
(注5). It goes down the closure path instead; the engine gives it the class ``excluded`` with these reasons.

Zones are GeoJSON polygons, one file per district in ``catalog/zones/``; the eliminate list is the bureau's
data files ``catalog/data/eliminated_<edition>.json`` (the edition in force on the day decides). Both are package data, read once per process. Pure Python
plus shapely: no Django import.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import shapely
from shapely.geometry import shape

if TYPE_CHECKING:
    from ecopermit.catalog.profile import Profile

__all__ = [
    "EliminatedList",
    "GateReason",
    "Zone",
    "check",
    "eliminated_list",
    "eliminated_lists",
    "known_eliminated_ids",
    "package_zones",
    "use_zones",
    "zones",
]

_PACKAGE = "ecopermit.catalog"
# 准保护区 restricts new and expanded projects but does not close existing ones (水污染防治法 art. 67).
GATING_LEVELS = frozenset({"一级保护区", "二级保护区"})


class GateReason(NamedTuple):
    kind: str  # "water_source_zone" | "eliminated"
    reason: str  # Chinese, for the facility page and the closure-path documents
    details: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason, **self.details}


@dataclass(frozen=True, slots=True, eq=False)
class Zone:
    name: str
    level: str
    district: str
    approximate: bool
    source: str
    geometry: Any  # a prepared shapely geometry
    bbox: tuple[float, float, float, float]


# Zones the bureau loaded (``catalog.zones_store``: from a GeoJSON file, by command or on screen) replace the
# package files once there are any; ``use_zones`` installs them in this process.
_loaded: tuple[Zone, ...] | None = None


def use_zones(loaded: tuple[Zone, ...] | None) -> None:
    """Judges with these zones from now on in this process (None: the package files again)."""
    global _loaded
    _loaded = loaded
    _extent.cache_clear()


def zones() -> tuple[Zone, ...]:
    """The zones in force: the ones loaded by the bureau, else every district file in ``catalog/zones/``."""
    return _loaded if _loaded is not None else package_zones()


def zone_from_feature(
    props: Mapping[str, Any],
    geometry: Any,
    *,
    district: str = "",
    approximate: bool = False,
    source: str = "",
) -> Zone:
    """One zone from a GeoJSON feature's properties and its (valid) shapely geometry."""
    shapely.prepare(geometry)
    return Zone(
        name=props["name"],
        level=props["level"],
        district=props.get("district", district),
        approximate=bool(props.get("approximate", approximate)),
        source=props.get("source", source),
        geometry=geometry,
        bbox=tuple(geometry.bounds),
    )


@cache
def package_zones() -> tuple[Zone, ...]:
    """Every zone of every district file in ``catalog/zones/``."""
    out = []
    folder = resources.files(_PACKAGE).joinpath("zones")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".geojson"):
            continue
        collection = json.loads(entry.read_text(encoding="utf-8"))
        district = collection.get("district", "")
        default_approximate = bool(collection.get("approximate", False))
        for feature in collection["features"]:
            props = feature["properties"]
            geometry = shape(feature["geometry"])
            if not geometry.is_valid:
                raise RuntimeError(f"{entry.name}: zone {props.get('name')!r} is not a valid polygon")
            out.append(
                zone_from_feature(
                    props,
                    geometry,
                    district=district,
                    approximate=default_approximate,
                    source=collection.get("source", ""),
                )
            )
    return tuple(out)


@dataclass(frozen=True, slots=True, eq=False)
class EliminatedList:
    title: str
    source: str
    entries: Mapping[str, Mapping[str, Any]]
    edition: str = "2019"
    in_force_from: dt.date = dt.date(2020, 1, 1)
    successors: Mapping[str, str] = MappingProxyType({})  # an entry of the edition replaced -> this edition's

    def applies(self, entry_id: str, on: dt.date) -> bool:
        """An entry closes a facility when it is to be eliminated at once, or its deadline has passed."""
        entry = self.entries[entry_id]
        deadline = entry.get("deadline")
        return entry.get("immediate", False) or (
            deadline is not None and on > dt.date.fromisoformat(deadline)
        )

    def resolve(self, entry_id: str) -> str | None:
        """This edition's entry for an id recorded under this or the replaced edition (None: not in this one)."""
        return entry_id if entry_id in self.entries else self.successors.get(entry_id)


@cache
def eliminated_lists() -> tuple[EliminatedList, ...]:
    """Every edition of the eliminate list in ``catalog/data/eliminated_<edition>.json``, oldest first. The 2024年本
    of 产业结构调整指导目录 replaced the 2019年本 from 2024-02-01; each file names its source edition."""
    out = []
    folder = resources.files(_PACKAGE).joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("eliminated_") and entry.name.endswith(".json")):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        entries = {e["id"]: MappingProxyType(e) for e in data["entries"]}
        if len(entries) != len(data["entries"]):
            raise RuntimeError(f"{entry.name}: duplicate entry ids")
        successors = {e["replaces"]: e["id"] for e in data["entries"] if e.get("replaces")}
        out.append(
            EliminatedList(
                title=data["title"],
                source=data["source"],
                entries=MappingProxyType(entries),
                edition=data["edition"],
                in_force_from=dt.date.fromisoformat(data["in_force_from"]),
                successors=MappingProxyType(successors),
            )
        )
    return tuple(sorted(out, key=lambda x: x.in_force_from))


def eliminated_list(on: dt.date | None = None) -> EliminatedList:
    """The edition in force on ``on`` (the newest when no day is given)."""
    lists = eliminated_lists()
    if on is None:
        return lists[-1]
    in_force = [x for x in lists if x.in_force_from <= on]
    return in_force[-1] if in_force else lists[0]


def known_eliminated_ids() -> frozenset[str]:
    return frozenset(i for x in eliminated_lists() for i in x.entries)


@cache
def _extent() -> tuple[float, float, float, float]:
    """The bounding box of all zones: most facilities are outside it, and one comparison settles them."""
    boxes = [z.bbox for z in zones()]
    if not boxes:
        return (0.0, 0.0, -1.0, -1.0)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _inside(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _zone_reason(zone: Zone) -> GateReason:
    shown = f"{zone.name}{zone.level}"
    caveat = "（示意范围，非法定边界，须以省政府批准的保护区划定为准）" if zone.approximate else ""
    return GateReason(
        "water_source_zone",
        f"位于饮用水水源保护区（{shown}）内{caveat}：不予核发排污许可证或排污登记（名录注5；《水污染防治法》"
        "第六十五条、第六十六条），应依法关停取缔",
        {"zone": zone.name, "level": zone.level, "district": zone.district, "approximate": zone.approximate},
    )


def check(profile: Profile, on: dt.date) -> tuple[GateReason, ...]:
    """The reasons that keep ``profile`` out of permitting on ``on`` (empty: it passes the gate)."""
    reasons: list[GateReason] = []
    location = profile.location
    if location is not None and _inside(_extent(), location.lon, location.lat):
        x, y = location.lon, location.lat
        for zone in zones():
            if profile.district and zone.district != profile.district:
                continue
            if zone.level not in GATING_LEVELS:
                continue
            minx, miny, maxx, maxy = zone.bbox
            # The bounding box rejects almost every facility before shapely is asked (the benchmark's hot path).
            if minx <= x <= maxx and miny <= y <= maxy and shapely.intersects_xy(zone.geometry, x, y):
                reasons.append(_zone_reason(zone))
    if profile.eliminated:
        reasons.append(
            GateReason(
                "eliminated",
                "生产设施或产品经认定属于产业政策立即淘汰类：不予核发排污许可证或排污登记（名录注5），应依法关停取缔",
                {"source": "officer"},
            )
        )
    if profile.eliminated_items:
        listing = eliminated_list(on)
        for recorded in profile.eliminated_items:
            item = listing.resolve(recorded)
            if item is None or not listing.applies(item, on):
                continue
            entry = listing.entries[item]
            reasons.append(
                GateReason(
                    "eliminated",
                    f"生产设施或产品属于{listing.source}：“{entry['text']}”"
                    f"{'' if entry.get('verified') else '（该条目文字尚未与官方文本核对）'}"
                    "：不予核发排污许可证或排污登记（名录注5），应依法关停取缔",
                    {
                        "source": "list",
                        "edition": listing.edition,
                        "entry": item,
                        "text": entry["text"],
                        "verified": entry.get("verified", False),
                    },
                )
            )
    return tuple(reasons)
