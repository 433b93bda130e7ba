"""The offline basemap: Natural Earth countries drawn under site maps."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np

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
        _OFF_MAP_MARGIN_PIXELS,
        COORDINATE_SCALE,
        _ring_degrees,
        _ring_path,
    )

    def beyond(x: float, y: float, projection: Projection) -> int:
        """Which edge of the map the point is past, margin included (0: none)."""
        margin = _OFF_MAP_MARGIN_PIXELS
        for side, past in enumerate(
            (
                x < -margin,
                x > projection.width + margin,
                y < -margin,
                y > projection.height + margin,
            )
        ):
            if past:
                return side + 1
        return 0

    def point_by_point(ring: list[int], projection: Projection, shift: float) -> str:
        points: list[tuple[float, float]] = []
        for index in range(0, len(ring), 2):
            x, y = projection.project(
                ring[index] / COORDINATE_SCALE + shift, ring[index + 1] / COORDINATE_SCALE
            )
            last = points[-1] if points else None
            if last is not None and abs(x - last[0]) + abs(y - last[1]) < _MIN_STEP_PIXELS:
                continue
            points.append((x, y))
        if len(points) < 3:
            return ""
        sides = [beyond(x, y, projection) for x, y in points]
        drawn = [
            point
            for index, point in enumerate(points)
            if index in (0, len(points) - 1)
            or not sides[index]
            or not sides[index - 1] == sides[index] == sides[index + 1]
        ]
        return (
            "".join(f"{'L' if index else 'M'}{x:.1f} {y:.1f}" for index, (x, y) in enumerate(drawn))
            + "Z"
        )

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


def _winding(xs: np.ndarray, ys: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """The winding number of the closed ring (xs, ys) around each point (px, py)."""
    x0, y0 = xs, ys
    x1, y1 = np.roll(xs, -1), np.roll(ys, -1)
    px, py = px[:, None], py[:, None]
    cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0)
    upward = (y0 <= py) & (y1 > py) & (cross > 0)
    downward = (y0 > py) & (y1 <= py) & (cross < 0)
    return np.asarray(upward.sum(axis=1) - downward.sum(axis=1))


def test_points_left_out_of_sight_change_nothing_the_map_shows() -> None:
    """Every spot of the map (and a border's width around it) is inside a country's
    ring exactly as often with the runs of points beyond an edge left out as with
    every point: fill and borders are drawn the same; only what is out of sight differs."""
    from trialfinder.present.basemap import _kept, _on_map, _ring_degrees

    projections = [
        _fitted(-71.4, 42.2, -70.7, 42.6),  # Boston: most of North America out of sight
        _fitted(126.5, 37.3, 127.3, 37.8),
        _fitted(-2.0, 42.0, 8.0, 50.0),
        _fitted(150.8, -34.2, 151.5, -33.6),
    ]
    spots_x, spots_y = np.meshgrid(np.linspace(-2.0, 642.0, 41), np.linspace(-2.0, 402.0, 26))
    spots_x, spots_y = spots_x.ravel(), spots_y.ravel()
    left_out = 0
    for projection in projections:
        for country in load_basemap().scale("50m").countries:
            for polygon in country.polygons:
                for ring in polygon:
                    degrees = _ring_degrees(ring)
                    xs = projection.width / 2.0 + (
                        degrees.longitudes * projection.x_stretch - projection.centre_x
                    ) * (projection.scale)
                    ys = projection.height / 2.0 - (degrees.latitudes - projection.centre_y) * (
                        projection.scale
                    )
                    kept = _kept(xs, ys)
                    drawn = kept[_on_map(xs[kept], ys[kept], projection)]
                    if len(kept) < 3 or len(drawn) == len(kept):
                        continue
                    left_out += len(kept) - len(drawn)
                    assert np.array_equal(
                        _winding(xs[kept], ys[kept], spots_x, spots_y),
                        _winding(xs[drawn], ys[drawn], spots_x, spots_y),
                    )
    assert left_out > 10_000
