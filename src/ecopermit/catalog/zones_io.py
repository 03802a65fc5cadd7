"""Reading a GeoJSON file of drinking-water source protection areas (饮用水水源保护区, MISSION C2) with errors that
name the feature (its index in ``features``) and what is wrong. Nothing here writes; ``zones_store`` does.

Each feature is one protection area at one level: ``properties.name`` (the source, e.g. 虹桥水库), ``properties.level``
(一级保护区, 二级保护区 or 准保护区: 水污染防治法 Art. 63), a Polygon or MultiPolygon in WGS 84 longitude/latitude.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.validation import explain_validity

LEVELS = ("一级保护区", "二级保护区", "准保护区")
MAX_FEATURES = 5000


@dataclass(frozen=True)
class ZoneSpec:
    index: int
    name: str
    level: str
    approximate: bool
    source: str
    geometry: dict[str, Any]  # the GeoJSON geometry as given
    properties: dict[str, Any]


class ZoneFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def parse_zones(
    text: str | bytes, *, bounds: tuple[float, float, float, float] | None = None
) -> list[ZoneSpec]:
    """The zones of a GeoJSON FeatureCollection, or :class:`ZoneFileError` listing every problem.

    ``bounds`` (min lon, min lat, max lon, max lat) is the district's box: a zone wholly outside it is refused."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ZoneFileError(
            [_("The file is not GeoJSON (JSON could not be read: %(e)s).") % {"e": exc}]
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ZoneFileError([_("The file must be a GeoJSON FeatureCollection.")])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ZoneFileError([_("The FeatureCollection has no features.")])
    if len(features) > MAX_FEATURES:
        raise ZoneFileError([_("At most %(n)d features in one file.") % {"n": MAX_FEATURES}])
    approximate = bool(data.get("approximate", False))
    source = str(data.get("source", ""))
    errors: list[str] = []
    out: list[ZoneSpec] = []
    seen: dict[tuple[str, str], int] = {}
    for i, feature in enumerate(features):
        where = f"features[{i}]"  # the same in every language: the index in the file
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(_("%(w)s: not a GeoJSON Feature.") % {"w": where})
            continue
        props = feature.get("properties") or {}
        name = props.get("name") if isinstance(props, dict) else None
        level = props.get("level") if isinstance(props, dict) else None
        if not isinstance(name, str) or not name.strip():
            errors.append(_("%(w)s: properties.name (the protection area's name) is missing.") % {"w": where})
        if level not in LEVELS:
            errors.append(
                _("%(w)s: properties.level must be one of %(levels)s, not %(v)r.")
                % {"w": where, "levels": "、".join(LEVELS), "v": level}
            )
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            geometry = {}
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            errors.append(
                _("%(w)s: the geometry must be a Polygon or MultiPolygon (the area's boundary), not %(k)s.")
                % {"w": where, "k": kind or "—"}
            )
            continue
        try:
            geom = shape(geometry)
        except Exception as exc:  # shapely raises several kinds for malformed coordinates
            errors.append(_("%(w)s: the coordinates cannot be read (%(e)s).") % {"w": where, "e": exc})
            continue
        if geom.is_empty:
            errors.append(_("%(w)s: the polygon is empty.") % {"w": where})
            continue
        if not geom.is_valid:
            errors.append(
                _("%(w)s: not a valid polygon (%(why)s).") % {"w": where, "why": explain_validity(geom)}
            )
            continue
        minx, miny, maxx, maxy = geom.bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            errors.append(
                _("%(w)s: coordinates must be longitude, latitude in degrees (WGS 84).") % {"w": where}
            )
            continue
        if bounds is not None and (
            maxx < bounds[0] or minx > bounds[2] or maxy < bounds[1] or miny > bounds[3]
        ):
            errors.append(_("%(w)s: lies wholly outside the district.") % {"w": where})
            continue
        if isinstance(name, str) and level in LEVELS:
            key = (name.strip(), str(level))
            if key in seen:
                errors.append(
                    _("%(w)s: %(n)s %(l)s appears twice (also features[%(j)d]).")
                    % {"w": where, "n": key[0], "l": key[1], "j": seen[key]}
                )
                continue
            seen[key] = i
            out.append(
                ZoneSpec(
                    i,
                    key[0],
                    key[1],
                    bool(props.get("approximate", approximate)),
                    str(props.get("source", source)),
                    geometry,
                    dict(props),
                )
            )
    if errors:
        raise ZoneFileError(errors)
    return out
