"""Site maps as self-contained SVG: trial sites on an offline basemap, no tiles or network.

The map is fitted to the sites but never closer than a few degrees, so the country
around them and its neighbours stay in view (:mod:`trialfinder.present.basemap`
draws land, borders and names). A handful of sites get their names written beside
the markers, since hover tooltips do not exist on phones or on paper; more than a
handful would overlap, so those keep tooltips only. When the reader gave a place,
it is drawn as its own marker and the site nearest to it stands out.

Labels are untrusted trial text: they are made legal XML and escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from trialfinder.model import Location
from trialfinder.places import haversine_km, valid_coordinates
from trialfinder.present.basemap import Projection, render_basemap_svg
from trialfinder.present.xml_text import xml_legal

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


_LABEL_MAX_CHARS = 300
_VISIBLE_LABEL_CHARS = 28
_MAX_LABELLED_POSITIONS = 6
_MIN_SPAN_DEGREES = 4.0
_MARGIN_FRACTION = 0.1
_DOT_RADIUS = 5
_NEAREST_RADIUS = 8
_LABEL_CHAR_PIXELS = 7.5  # a 14 px sans-serif letter, on average
_SEA = "#dbe8f1"


def _xml_legal(text: str) -> str:
    """Untrusted text made legal and short; callers still escape it."""
    cleaned = xml_legal(text)
    if len(cleaned) > _LABEL_MAX_CHARS:
        cleaned = cleaned[: _LABEL_MAX_CHARS - 1] + "…"
    return cleaned


def _visible_label(label: str) -> str:
    """The first part of "facility, city, country", short enough to sit beside a marker."""
    head = _xml_legal(label).split(",", 1)[0].strip() or "Site"
    if len(head) > _VISIBLE_LABEL_CHARS:
        head = head[: _VISIBLE_LABEL_CHARS - 1].rstrip() + "…"
    return head


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


def _fitted_projection(
    longitudes: Sequence[float], latitudes: Sequence[float], width: int, height: int
) -> Projection:
    """Equirectangular, standard parallel at the middle, fitted to the points with a
    margin and at least :data:`_MIN_SPAN_DEGREES` across."""
    mid_lat = (min(latitudes) + max(latitudes)) / 2.0
    x_stretch = max(math.cos(math.radians(mid_lat)), 0.05)
    xs = [lon * x_stretch for lon in longitudes]
    span_x = max(max(xs) - min(xs), _MIN_SPAN_DEGREES * x_stretch)
    span_y = max(max(latitudes) - min(latitudes), _MIN_SPAN_DEGREES)
    plot_width = width * (1.0 - 2.0 * _MARGIN_FRACTION)
    plot_height = height * (1.0 - 2.0 * _MARGIN_FRACTION)
    return Projection(
        width=width,
        height=height,
        x_stretch=x_stretch,
        centre_x=(max(xs) + min(xs)) / 2.0,
        centre_y=(max(latitudes) + min(latitudes)) / 2.0,
        scale=min(plot_width / span_x, plot_height / span_y),
    )


def _label_text(x: float, y: float, text: str, width: int) -> str:
    """A name beside its marker, on the side with room, with a halo so it reads over borders."""
    if x + 9 + len(text) * _LABEL_CHAR_PIXELS > width:
        anchor, label_x = "end", x - 9
    else:
        anchor, label_x = "start", x + 9
    return f'<text x="{label_x:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def render_sites_svg(
    points: Iterable[MapPoint],
    width: int = 640,
    height: int = 400,
    title: str = "Trial sites",
    place: MapPoint | None = None,
    labelled: int | None = None,
) -> str:
    """A self-contained SVG map of sites over land, borders and country names.

    One circle per site with its label as a tooltip; the names of the first
    ``labelled`` marker positions written beside them (default: all of them when
    there are at most a handful, none otherwise). With ``place``, the place is a
    dark diamond and the site nearest to it a larger ringed circle. No tiles,
    fonts or links: the picture needs nothing from the network.
    """
    if not (16 <= width <= 10_000 and 16 <= height <= 10_000):
        raise ValueError(f"Map size {width}x{height} is outside 16..10000 pixels.")
    usable = [point for point in points if valid_coordinates(point.latitude, point.longitude)]
    if place is not None and not valid_coordinates(place.latitude, place.longitude):
        place = None
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(_xml_legal(title))}>'
        f"<title>{escape(_xml_legal(title))}</title>"
        f'<rect width="{width}" height="{height}" fill="{_SEA}"/>'
    )
    if not usable:
        return (
            header + f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" text-anchor="middle" '
            'font-family="sans-serif" font-size="14">No sites with coordinates</text></svg>'
        )
    framed = [*usable, place] if place is not None else usable
    longitudes = _unwrapped_longitudes([point.longitude for point in framed])
    projection = _fitted_projection(longitudes, [point.latitude for point in framed], width, height)
    pixels = [
        projection.project(lon, point.latitude)
        for point, lon in zip(framed, longitudes, strict=True)
    ]
    nearest = (
        min(
            range(len(usable)),
            key=lambda i: haversine_km(
                place.latitude, place.longitude, usable[i].latitude, usable[i].longitude
            ),
        )
        if place is not None
        else None
    )
    circles = []
    for index, (point, (x, y)) in enumerate(zip(usable, pixels, strict=False)):
        if index == nearest:
            circles.append(
                f'<circle class="nearest-site" cx="{x:.1f}" cy="{y:.1f}" r="{_NEAREST_RADIUS}" '
                'fill="#e67e22" stroke="#1b1b1b" stroke-width="2">'
                f"<title>Nearest site: {escape(_xml_legal(point.label))}</title></circle>"
            )
        else:
            circles.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_DOT_RADIUS}" '
                'fill="#c0392b" fill-opacity="0.85" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(_xml_legal(point.label))}</title></circle>"
            )
    # Sites sharing a city share a position: one name per position, "+N" for the rest.
    positions: dict[tuple[int, int], list[MapPoint]] = {}
    for point, (x, y) in zip(usable, pixels, strict=False):
        positions.setdefault((round(x), round(y)), []).append(point)
    if labelled is None:
        labelled = len(positions) if len(positions) <= _MAX_LABELLED_POSITIONS else 0
    labels = []
    for (x, y), sharing in list(positions.items())[:labelled]:
        more = f" +{len(sharing) - 1}" if len(sharing) > 1 else ""
        labels.append(_label_text(x, y, _visible_label(sharing[0].label) + more, width))
    marker = ""
    if place is not None:
        x, y = pixels[-1]
        marker = (
            f'<path class="searched-place" d="M{x:.1f} {y - 12:.1f}L{x + 12:.1f} {y:.1f}'
            f'L{x:.1f} {y + 12:.1f}L{x - 12:.1f} {y:.1f}Z" fill="#1f3a93" stroke="#ffffff" '
            f'stroke-width="1.5"><title>{escape(_xml_legal(place.label))}</title></path>'
        )
        labels.append(_label_text(x, y, _visible_label(place.label), width))
    return (
        header
        + render_basemap_svg(projection)
        + marker
        + "".join(circles)
        + '<g class="site-labels" fill="#1b1b1b" font-family="sans-serif" font-size="14" '
        'font-weight="600" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
        'stroke-linejoin="round">' + "".join(labels) + "</g></svg>"
    )
