"""The offline basemap: Natural Earth countries drawn under site maps."""

from __future__ import annotations

import itertools
import math
import re

from trialfinder.present.basemap import Projection, load_basemap, render_basemap_svg


def _fitted(west: float, south: float, east: float, north: float) -> Projection:
    """A 640×400 projection showing the box, as the site map fits its points."""
    x_stretch = math.cos(math.radians((south + north) / 2))
    scale = min(640 / ((east - west) * x_stretch), 400 / (north - south))
    return Projection(
        width=640,
        height=400,
        x_stretch=x_stretch,
        centre_x=(west + east) / 2 * x_stretch,
        centre_y=(south + north) / 2,
        scale=scale,
    )


def test_basemap_ships_both_scales_with_provenance() -> None:
    basemap = load_basemap()
    assert "Natural Earth" in basemap.source and "public domain" in basemap.licence
    for name in ("110m", "50m"):
        codes = {country.code for country in basemap.scale(name).countries}
        assert {"250", "410", "840", "356"} <= codes  # France, South Korea, USA, India


def test_view_of_france_draws_france_and_its_neighbours_with_names() -> None:
    svg = render_basemap_svg(_fitted(-2.0, 42.0, 8.0, 50.0))
    assert ">France</text>" in svg
    assert "<title>Switzerland</title>" in svg
    assert "<title>Brazil</title>" not in svg  # far away: not drawn at all


def test_every_path_is_a_closed_shape_of_finite_numbers() -> None:
    svg = render_basemap_svg(_fitted(-30.0, -40.0, 60.0, 70.0))
    paths = re.findall(r'd="([^"]*)"', svg)
    assert paths
    for path in paths:
        assert path.startswith("M") and path.endswith("Z")
        assert "nan" not in path and "inf" not in path


def test_view_across_the_antimeridian_draws_fiji_and_chukotka() -> None:
    fiji = render_basemap_svg(_fitted(170.0, -25.0, 190.0, -10.0))
    assert "<title>Fiji</title>" in fiji
    chukotka = render_basemap_svg(_fitted(160.0, 55.0, 200.0, 72.0))
    assert "<title>Russia</title>" in chukotka and "<title>United States of America</title>" in (
        chukotka
    )
    # No edge runs across the whole picture (the antimeridian jump a flat map would draw).
    for path in re.findall(r'd="([^"]*)"', chukotka):
        xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+) ", path)]
        steps = [abs(b - a) for a, b in itertools.pairwise(xs)]
        assert max(steps, default=0.0) < 640


def test_paths_are_those_of_projecting_point_by_point() -> None:
    """The one-pass projection draws exactly what projecting each point does."""
    from trialfinder.present.basemap import (
        _MIN_STEP_PIXELS,
        COORDINATE_SCALE,
        _ring_degrees,
        _ring_path,
    )

    def point_by_point(ring: list[int], projection: Projection, shift: float) -> str:
        parts: list[str] = []
        last: tuple[float, float] | None = None
        for index in range(0, len(ring), 2):
            x, y = projection.project(
                ring[index] / COORDINATE_SCALE + shift, ring[index + 1] / COORDINATE_SCALE
            )
            if last is not None and abs(x - last[0]) + abs(y - last[1]) < _MIN_STEP_PIXELS:
                continue
            parts.append(f"{'L' if parts else 'M'}{x:.1f} {y:.1f}")
            last = (x, y)
        return "".join(parts) + "Z" if len(parts) >= 3 else ""

    projections = [
        Projection(640, 400, math.cos(math.radians(46.0)), 2.0, 46.0, 40.0),
        Projection(640, 400, math.cos(math.radians(37.5)), 127.0 * 0.79, 37.5, 9.3),
        Projection(640, 400, 0.95, 178.0, -17.0, 3.1),
        # Whole-world and wider views: most points fall within half a pixel of the last
        # one drawn, and are left out.
        Projection(640, 400, 1.0, 0.0, 0.0, 1.7),
        Projection(640, 400, 0.7, -40.0, 20.0, 0.2),
    ]
    for scale in load_basemap().scales:
        for country in scale.countries[::7]:
            for polygon in country.polygons:
                for ring in polygon:
                    for projection in projections:
                        for shift in (-360.0, 0.0, 360.0):
                            assert _ring_path(
                                _ring_degrees(ring), projection, shift
                            ) == point_by_point(ring, projection, shift)
