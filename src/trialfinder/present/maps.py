"""Site maps as self-contained SVG: trial sites drawn without tiles, fonts or network.

Labels are untrusted trial text: they are made legal XML and escaped here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from trialfinder.model import Location
from trialfinder.places import valid_coordinates

__all__ = ["MapPoint", "render_sites_svg"]


class MapPoint(NamedTuple):
    """One dot on a site map; ``label`` is untrusted text (it is escaped)."""

    latitude: float
    longitude: float
    label: str

    @classmethod
    def from_location(cls, location: Location) -> MapPoint | None:
        """A site's dot, labelled "facility, city, country"; None without coordinates."""
        if (
            location.latitude is None
            or location.longitude is None
            or not valid_coordinates(location.latitude, location.longitude)
        ):
            return None
        parts = (location.facility, location.city, location.country)
        label = ", ".join(part for part in parts if part) or "Site"
        return cls(location.latitude, location.longitude, label)


# Characters XML 1.0 forbids outright: escaping cannot make them legal, so they go.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LABEL_MAX_CHARS = 300
_MIN_SPAN_DEGREES = 0.5
_MARGIN_FRACTION = 0.1
_DOT_RADIUS = 5


def _xml_legal(text: str) -> str:
    """Untrusted text made legal and short; callers still escape it."""
    cleaned = _XML_ILLEGAL.sub("", text)
    if len(cleaned) > _LABEL_MAX_CHARS:
        cleaned = cleaned[: _LABEL_MAX_CHARS - 1] + "…"
    return cleaned


def _unwrapped_longitudes(longitudes: Sequence[float]) -> list[float]:
    """Shift western longitudes by 360° when the points sit across the antimeridian
    (Fiji and Samoa), so the map spans the Pacific rather than the whole world."""
    ordered = sorted(longitudes)
    gaps = [(ordered[i + 1] - ordered[i], ordered[i + 1]) for i in range(len(ordered) - 1)]
    wrap_gap = ordered[0] + 360.0 - ordered[-1]
    widest_gap, first_east_of_gap = max(gaps, default=(0.0, ordered[0]))
    if widest_gap <= wrap_gap:
        return list(longitudes)
    return [lon + 360.0 if lon < first_east_of_gap else lon for lon in longitudes]


def render_sites_svg(
    points: Iterable[MapPoint], width: int = 640, height: int = 400, title: str = "Trial sites"
) -> str:
    """A self-contained SVG map of sites: an equirectangular projection fitted to
    the points (with a margin), one circle per site with its label as a tooltip.

    No tiles, fonts or links: the picture needs nothing from the network.
    """
    if not (16 <= width <= 10_000 and 16 <= height <= 10_000):
        raise ValueError(f"Map size {width}x{height} is outside 16..10000 pixels.")
    usable = [point for point in points if valid_coordinates(point.latitude, point.longitude)]
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(_xml_legal(title))}>'
        f"<title>{escape(_xml_legal(title))}</title>"
        f'<rect width="{width}" height="{height}" fill="#eef3f7"/>'
    )
    if not usable:
        return (
            header + f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" text-anchor="middle" '
            'font-family="sans-serif" font-size="14">No sites with coordinates</text></svg>'
        )
    longitudes = _unwrapped_longitudes([point.longitude for point in usable])
    latitudes = [point.latitude for point in usable]
    mid_lat = (min(latitudes) + max(latitudes)) / 2.0
    # Equirectangular with the standard parallel at the middle: true shape nearby.
    x_stretch = max(math.cos(math.radians(mid_lat)), 0.05)
    xs = [lon * x_stretch for lon in longitudes]
    span_x = max(max(xs) - min(xs), _MIN_SPAN_DEGREES * x_stretch)
    span_y = max(max(latitudes) - min(latitudes), _MIN_SPAN_DEGREES)
    plot_width = width * (1.0 - 2.0 * _MARGIN_FRACTION)
    plot_height = height * (1.0 - 2.0 * _MARGIN_FRACTION)
    scale = min(plot_width / span_x, plot_height / span_y)
    centre_x = (max(xs) + min(xs)) / 2.0
    centre_y = (max(latitudes) + min(latitudes)) / 2.0
    circles = []
    for point, x in zip(usable, xs, strict=True):
        pixel_x = width / 2.0 + (x - centre_x) * scale
        pixel_y = height / 2.0 - (point.latitude - centre_y) * scale
        circles.append(
            f'<circle cx="{pixel_x:.1f}" cy="{pixel_y:.1f}" r="{_DOT_RADIUS}" '
            'fill="#c0392b" fill-opacity="0.8" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(_xml_legal(point.label))}</title></circle>"
        )
    return header + "".join(circles) + "</svg>"
