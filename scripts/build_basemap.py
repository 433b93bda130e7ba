"""Rebuild the offline basemap shipped in ``src/trialfinder/data/basemap/``.

Source: Natural Earth 4.1.0 Admin-0 countries (public domain), as redistributed in
TopoJSON by the npm package ``world-atlas`` 2.0.2 (ISC licence). Get it with
``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz`` and run::

    python scripts/build_basemap.py package/countries-110m.json package/countries-50m.json

The output keeps, per country, its ISO 3166-1 numeric code, its name, its bounding
box, a label point and its polygons with coordinates rounded to 0.01° (about 1 km),
which is finer than the 1:50m source needs; both scales go into one
zstd-compressed msgspec JSON file. See docs/maps.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import msgspec
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from trialfinder.present.basemap import (
    BASEMAP_PATH,
    COORDINATE_SCALE,
    Basemap,
    BasemapCountry,
    BasemapScale,
    Ring,
)

Point = tuple[float, float]


class _Transform(msgspec.Struct):
    scale: tuple[float, float]
    translate: tuple[float, float]


class _Geometry(msgspec.Struct):
    type: str
    arcs: msgspec.Raw = msgspec.Raw(
        b"[]"
    )  # Polygon: rings of arc ids; MultiPolygon: polygons of rings
    id: str | None = None
    properties: dict[str, str] = {}


class _Collection(msgspec.Struct):
    geometries: list[_Geometry]


class _Topology(msgspec.Struct):
    objects: dict[str, _Collection]
    arcs: list[list[tuple[int, int]]]
    transform: _Transform


def _decoded_arcs(topology: _Topology) -> list[list[Point]]:
    """TopoJSON arcs are delta-encoded integers on a grid; turn them back into degrees."""
    (scale_x, scale_y), (left, bottom) = topology.transform.scale, topology.transform.translate
    arcs: list[list[Point]] = []
    for arc in topology.arcs:
        x = y = 0
        points: list[Point] = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + left, y * scale_y + bottom))
        arcs.append(points)
    return arcs


def _ring(arc_ids: Sequence[int], arcs: list[list[Point]]) -> list[Point]:
    """Join a ring's arcs; a negative id (~i) walks arc i backwards. Shared end points
    appear once."""
    points: list[Point] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else list(reversed(arcs[~arc_id]))
        points.extend(arc[1:] if points else arc)
    return points


def _unwrapped(points: list[Point]) -> list[Point]:
    """Keep a ring continuous across the antimeridian (Russia, Fiji, Antarctica).

    Natural Earth's rings jump from 180° to −180°; drawn flat, that jump is a line
    across the whole map. Each point is moved by 360° to stay next to the one before,
    so a shape may reach past 180° (the renderer draws it again 360° west). A ring
    that goes once round the globe (Antarctica) is closed along the pole.
    """
    if not points:
        return points
    result = [points[0]]
    for lon, lat in points[1:]:
        previous_lon = result[-1][0]
        while lon - previous_lon > 180.0:
            lon -= 360.0
        while previous_lon - lon > 180.0:
            lon += 360.0
        result.append((lon, lat))
    drift = result[-1][0] - result[0][0]
    if abs(drift) > 180.0:
        pole = -90.0 if sum(lat for _, lat in result) < 0 else 90.0
        result += [(result[-1][0], pole), (result[0][0], pole)]
    return result


def _quantised(points: list[Point]) -> Ring:
    flat: list[int] = []
    previous: tuple[int, int] | None = None
    for lon, lat in points:
        point = (round(lon * COORDINATE_SCALE), round(lat * COORDINATE_SCALE))
        if point != previous:
            flat.extend(point)
            previous = point
    return flat


def _area_and_centroid(points: list[Point]) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2.0, (cx / (3.0 * area), cy / (3.0 * area))


def _country(geometry: _Geometry, arcs: list[list[Point]]) -> BasemapCountry | None:
    if geometry.type == "Polygon":
        polygons_arcs = [msgspec.json.decode(geometry.arcs, type=list[list[int]])]
    elif geometry.type == "MultiPolygon":
        polygons_arcs = msgspec.json.decode(geometry.arcs, type=list[list[list[int]]])
    else:
        return None
    polygons: list[list[Ring]] = []
    all_points: list[Point] = []
    best_area, label = -1.0, (0.0, 0.0)
    for polygon in polygons_arcs:
        rings_points = [_unwrapped(_ring(ring, arcs)) for ring in polygon]
        rings = [ring for ring in (_quantised(points) for points in rings_points) if len(ring) >= 6]
        if not rings:
            continue
        polygons.append(rings)
        outer = rings_points[0]
        all_points.extend(outer)
        area, centroid = _area_and_centroid(outer)
        if area > best_area:
            best_area, label = area, centroid
    if not polygons:
        return None
    lons = [lon for lon, _ in all_points]
    lats = [lat for _, lat in all_points]
    return BasemapCountry(
        code=geometry.id or "",
        name=geometry.properties.get("name", ""),
        bbox=(min(lons), min(lats), max(lons), max(lats)),
        label=(round(label[0], 2), round(label[1], 2)),
        polygons=polygons,
    )


def build_scale(name: str, source: Path) -> BasemapScale:
    topology = msgspec.json.decode(source.read_bytes(), type=_Topology)
    arcs = _decoded_arcs(topology)
    countries = [
        country
        for geometry in topology.objects["countries"].geometries
        if (country := _country(geometry, arcs)) is not None
    ]
    return BasemapScale(name=name, countries=countries)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries_110m", type=Path)
    parser.add_argument("countries_50m", type=Path)
    parser.add_argument("--output", type=Path, default=BASEMAP_PATH)
    args = parser.parse_args(argv)
    basemap = Basemap(
        source="Natural Earth 4.1.0 Admin 0 countries via world-atlas 2.0.2 (npm)",
        licence="Natural Earth: public domain; world-atlas packaging: ISC",
        scales=[
            build_scale("110m", args.countries_110m),
            build_scale("50m", args.countries_50m),
        ],
    )
    encoded = msgspec.json.encode(basemap)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(zstandard.ZstdCompressor(level=19).compress(encoded))
    print(
        f"{args.output}: {len(encoded):,} bytes of JSON, {args.output.stat().st_size:,} compressed"
    )


if __name__ == "__main__":
    main()
