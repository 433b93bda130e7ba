"""Land, country borders and country names under a site map, drawn offline as SVG.

A map of trial sites is only readable against the world it sits on: dots on a blank
rectangle tell nobody whether a site is in Lyon or Geneva. The shapes are Natural
Earth's Admin-0 countries (public domain) at two scales, 1:110m for continent-wide
views and 1:50m for closer ones, shipped in the package (``scripts/build_basemap.py``
rebuilds the file; provenance in docs/maps.md), so a page needs nothing from the
network and reads the same with JavaScript off.

Drawing is a pure function of a :class:`Projection` (how degrees become pixels,
chosen by the site map) and the view: only countries that reach into it are drawn,
points closer than half a pixel are merged, and each shape is drawn again 360° east
or west when the view straddles the antimeridian.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Final, NamedTuple
from xml.sax.saxutils import escape

import msgspec
import numpy as np
import numpy.typing as npt
import zstandard

__all__ = [
    "BASEMAP_PATH",
    "COORDINATE_SCALE",
    "Basemap",
    "BasemapCountry",
    "BasemapScale",
    "Projection",
    "Ring",
    "load_basemap",
    "render_basemap_svg",
]

COORDINATE_SCALE: Final = 100
"""Stored coordinates are integers in hundredths of a degree (about 1 km)."""

BASEMAP_PATH: Final = (
    Path(__file__).resolve().parents[1] / "data" / "basemap" / "natural_earth_countries.json.zst"
)

_DETAILED_BELOW_DEGREES: Final = 60.0
"""Views narrower than this (in longitude) use the 1:50m shapes; wider ones 1:110m."""

_MIN_LABEL_PIXELS: Final = 40.0
_LABEL_CHAR_PIXELS: Final = 6.5  # an 11 px sans-serif letter, on average
_MIN_STEP_PIXELS: Final = 0.5
# How far past an edge of the map a point must be for a run of them to be simplified
# (_on_map): far more than half a border line's width (0.7 pixels) and its round joins.
_OFF_MAP_MARGIN_PIXELS: Final = 8.0

Ring = list[int]
"""A closed ring as flat integers: lon0, lat0, lon1, lat1, … in :data:`COORDINATE_SCALE` units."""


class BasemapCountry(msgspec.Struct, frozen=True):
    code: str  # ISO 3166-1 numeric, "" where Natural Earth has none (e.g. Kosovo)
    name: str
    bbox: tuple[float, float, float, float]  # west, south, east, north in degrees
    label: tuple[float, float]  # lon, lat of the largest polygon's centroid
    polygons: list[list[Ring]]  # each polygon: outer ring then holes


class BasemapScale(msgspec.Struct, frozen=True):
    name: str  # "110m" or "50m"
    countries: list[BasemapCountry]


class Basemap(msgspec.Struct, frozen=True):
    source: str
    licence: str
    scales: list[BasemapScale]

    def scale(self, name: str) -> BasemapScale:
        return next(scale for scale in self.scales if scale.name == name)


@functools.cache
def load_basemap() -> Basemap:
    """The shipped basemap, read once per process (about 1 MB of shapes in memory)."""
    data = resources.files("trialfinder").joinpath("data/basemap/natural_earth_countries.json.zst")
    raw = zstandard.ZstdDecompressor().decompress(data.read_bytes())
    return msgspec.json.decode(raw, type=Basemap)


class Projection(msgspec.Struct, frozen=True):
    """Equirectangular degrees → pixels, as the site map fits it to its points.

    ``x = (lon × x_stretch − centre_x) × scale + width / 2`` and
    ``y = height / 2 − (lat − centre_y) × scale``; ``x_stretch`` is the cosine of the
    view's middle latitude, so shapes near the sites keep their true proportions.
    """

    width: int
    height: int
    x_stretch: float
    centre_x: float
    centre_y: float
    scale: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.width / 2.0 + (lon * self.x_stretch - self.centre_x) * self.scale,
            self.height / 2.0 - (lat - self.centre_y) * self.scale,
        )

    def view(self) -> tuple[float, float, float, float]:
        """West, south, east, north (degrees; east may exceed 180 past the antimeridian)."""
        half_x = self.width / 2.0 / self.scale
        half_y = self.height / 2.0 / self.scale
        return (
            (self.centre_x - half_x) / self.x_stretch,
            self.centre_y - half_y,
            (self.centre_x + half_x) / self.x_stretch,
            self.centre_y + half_y,
        )


def _shifts(
    bbox: tuple[float, float, float, float], view: tuple[float, float, float, float]
) -> Iterator[float]:
    """The longitude offsets (−360, 0, +360) at which a shape overlaps the view."""
    west, south, east, north = view
    if bbox[3] < south or bbox[1] > north:
        return
    for shift in (-360.0, 0.0, 360.0):
        if bbox[2] + shift >= west and bbox[0] + shift <= east:
            yield shift


class _RingDegrees(NamedTuple):
    """A ring's longitudes and latitudes in degrees and its west, south, east and north."""

    longitudes: npt.NDArray[np.float64]
    latitudes: npt.NDArray[np.float64]
    box: tuple[float, float, float, float]


def _ring_degrees(ring: Ring) -> _RingDegrees:
    values = np.asarray(ring, dtype=np.float64)
    longitudes = values[0::2] / COORDINATE_SCALE
    latitudes = values[1::2] / COORDINATE_SCALE
    return _RingDegrees(
        longitudes,
        latitudes,
        (
            float(longitudes.min()),
            float(latitudes.min()),
            float(longitudes.max()),
            float(latitudes.max()),
        ),
    )


def _ring_path(ring: _RingDegrees, projection: Projection, shift: float) -> str:
    """The ring as an SVG path, points closer than half a pixel to the last drawn one left
    out, and so are points the map does not show (:func:`_on_map`). Projected in one
    numpy pass (the same operations in the same order as :meth:`Projection.project`, so
    the same floats); the kept points are formatted by one format string (as
    ``f"{x:.1f}"`` formats each: a map's ~3,000 points one by one were most of a
    near-a-place page's map)."""
    xs = (
        projection.width / 2.0
        + ((ring.longitudes + shift) * projection.x_stretch - projection.centre_x)
        * projection.scale
    )
    ys = projection.height / 2.0 - (ring.latitudes - projection.centre_y) * projection.scale
    kept = _kept(xs, ys)
    if len(kept) < 3:
        return ""
    kept = kept[_on_map(xs[kept], ys[kept], projection)]
    coordinates = np.empty(2 * len(kept), dtype=np.float64)
    coordinates[0::2] = xs[kept]
    coordinates[1::2] = ys[kept]
    return ("M%.1f %.1f" + "L%.1f %.1f" * (len(kept) - 1) + "Z") % tuple(coordinates.tolist())


def _on_map(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], projection: Projection
) -> npt.NDArray[np.bool_]:
    """Which of a ring's points to write: all but those inside a run of points beyond
    one edge of the map (past a margin wider than a border line). Such a run becomes the
    straight line from its first point to its last, which stays beyond that edge (a
    half-plane is convex) as every line the run drew did, so the land and borders the
    map shows are the same: only a shape's outline out of sight is simpler. A city's map
    in a large country drew ~90 % of its points out of sight (5,842 → 516 around
    Boston), and writing each point was most of its cost."""
    margin = _OFF_MAP_MARGIN_PIXELS
    # Which edge each point is past (0: none), the first of west, east, north, south
    # that holds: written last to first, so the first one is what stays. Four masked
    # writes on one small array, not ``np.select`` (its lists of arrays and its broadcasting
    # were a third of drawing a ring: 0.19 of a near page's 0.52 ms of ring paths).
    side = np.zeros(len(xs), dtype=np.int8)
    side[ys > projection.height + margin] = 4
    side[ys < -margin] = 3
    side[xs > projection.width + margin] = 2
    side[xs < -margin] = 1
    shown = np.ones(len(xs), dtype=bool)
    inner = side[1:-1]
    shown[1:-1] = (inner == 0) | (inner != side[:-2]) | (inner != side[2:])
    return shown


def _kept(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    """The points drawn: the first, then each one at least half a pixel (x plus y) from
    the last one drawn. A point that far from the one before it is drawn whenever that
    one was; only after a point left out are points measured one by one, until one is
    drawn again."""
    count = len(xs)
    if count == 0:
        return np.zeros(0, dtype=np.intp)
    steps = np.abs(np.diff(xs)) + np.abs(np.diff(ys))
    keep = np.ones(count, dtype=bool)
    resume = 1  # points from here on are drawn up to the next short step
    for short in (np.flatnonzero(steps < _MIN_STEP_PIXELS) + 1).tolist():
        if short < resume:
            continue
        last = short - 1  # drawn: every point before ``short`` since ``resume`` was
        index = short
        while index < count:
            if abs(xs[index] - xs[last]) + abs(ys[index] - ys[last]) < _MIN_STEP_PIXELS:
                keep[index] = False
                index += 1
                continue
            last = index
            index += 1
            break
        resume = index
    return np.flatnonzero(keep)


def render_basemap_svg(projection: Projection) -> str:
    """An SVG group with sea-coloured nothing, land with borders, and country names.

    The caller draws the sea (its background) before and the site markers after.
    """
    view = projection.view()
    span = view[2] - view[0]
    basemap = load_basemap()
    scale = basemap.scale("50m" if span < _DETAILED_BELOW_DEGREES else "110m")
    shapes: list[str] = []
    labels: list[str] = []
    for country, rings in zip(scale.countries, _rings_in_degrees(scale.name), strict=True):
        for shift in _shifts(country.bbox, view):
            path = "".join(
                _ring_path(ring, projection, shift)
                for ring in rings
                if _overlaps(ring.box, view, shift)
            )
            if path:
                shapes.append(f'<path d="{path}"><title>{escape(country.name)}</title></path>')
            label_x, label_y = projection.project(country.label[0] + shift, country.label[1])
            west_x, _ = projection.project(country.bbox[0] + shift, 0.0)
            east_x, _ = projection.project(country.bbox[2] + shift, 0.0)
            half_text = len(country.name) * _LABEL_CHAR_PIXELS / 2.0
            inside = (
                half_text <= label_x <= projection.width - half_text
                and 12.0 <= label_y <= projection.height - 4.0
            )
            if inside and east_x - west_x >= _MIN_LABEL_PIXELS:
                labels.append(
                    f'<text x="{label_x:.1f}" y="{label_y:.1f}">{escape(country.name)}</text>'
                )
    return (
        '<g class="basemap-land" fill="#f4f1e8" stroke="#9a9483" stroke-width="0.7" '
        'stroke-linejoin="round">' + "".join(shapes) + "</g>"
        '<g class="basemap-labels" fill="#5b5646" font-family="sans-serif" font-size="11" '
        'text-anchor="middle" aria-hidden="true">' + "".join(labels) + "</g>"
    )


@functools.cache
def _rings_in_degrees(scale: str) -> list[list[_RingDegrees]]:
    """Per country of a scale, its rings in degrees, in the order of its polygons' rings:
    converted once per process, not for every map (~10% of drawing one)."""
    return [
        [_ring_degrees(ring) for polygon in country.polygons for ring in polygon]
        for country in load_basemap().scale(scale).countries
    ]


def _overlaps(
    box: tuple[float, float, float, float], view: tuple[float, float, float, float], shift: float
) -> bool:
    """Whether a ring's box reaches into the view (rings far away are skipped)."""
    ring_west, ring_south, ring_east, ring_north = box
    west, south, east, north = view
    return (
        ring_west + shift <= east
        and ring_east + shift >= west
        and ring_south <= north
        and ring_north >= south
    )
