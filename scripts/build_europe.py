"""Europe subset of world-atlas countries-110m.json as projected SVG paths (see README.md).

Usage: python scripts/build_europe.py countries-110m.json > static/geo/europe-countries.json
"""

import json
import math
import sys
from pathlib import Path

LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -25.0, 45.0, 34.0, 71.5
MARGIN = 5.0  # degrees kept beyond the window, so that outlines leave it cleanly
SCALE = 10.0  # SVG units per degree of latitude
COS = math.cos(math.radians((LAT_MIN + LAT_MAX) / 2))


def decode(topology):
    """The arcs as lists of (longitude, latitude), undoing TopoJSON's delta quantisation."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def project(lon, lat):
    lon = min(max(lon, LON_MIN - MARGIN), LON_MAX + MARGIN)
    lat = min(max(lat, LAT_MIN - MARGIN), LAT_MAX + MARGIN)
    return round((lon - LON_MIN) * SCALE * COS, 1), round((LAT_MAX - lat) * SCALE, 1)


def in_window(points):
    return any(LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX for lon, lat in points)


def path(points):
    """An SVG path of the ring, without points closer than 1 unit to the previous one."""
    kept = []
    for x, y in (project(lon, lat) for lon, lat in points):
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 1:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z"


def country_paths(topology):
    arcs = decode(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [ring(arcs, indexes) for polygon in polygons for indexes in polygon]
        d = "".join(path(points) for points in rings if in_window(points))
        if d:
            yield {"id": geometry.get("id", ""), "name": geometry["properties"]["name"], "d": d}


def main(source):
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    europe = {
        "source": "world-atlas 2.0.2 countries-110m.json (Natural Earth 4.1.0)",
        "width": round((LON_MAX - LON_MIN) * SCALE * COS),
        "height": round((LAT_MAX - LAT_MIN) * SCALE),
        "countries": list(country_paths(topology)),
    }
    json.dump(europe, sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
