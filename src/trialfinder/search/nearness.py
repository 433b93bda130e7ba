"""Distance as people read it: nearness in bands, for ordering results near a place.

Someone who names a place and asks for no order wants the trials they can reach
first (issue 13, rule 4), but reaching is not measured in kilometres: a person 8 km
from one hospital and 15 km from another calls both "near", and a 2 km difference
must not put a trial that only mentions their condition above one about it. So the
default order near a place is **nearest band first, the better match first within a
band** (then the nearer site), and only an explicit ``sort=distance`` is strictly
nearest first.

The band edges follow how a patient travels to a trial's visits, which recur (every
few weeks, often for months):

* **25 km, the same city or metro area**: local transport or a short drive, well
  under an hour each way; visits fit into a working day. Registry coordinates are
  city centroids, so sites of one metropolitan area (a centroid per municipality:
  Mumbai and Thane, Paris and Créteil, Seoul and Suwon's neighbours) lie within a
  few tens of kilometres of each other: distances inside the band say more about
  which municipality a hospital is filed under than about the journey.
* **100 km, the region**: a day trip by road or regional train, about 1-1.5 hours
  each way; feasible for a trial's visits without a night away.
* **1,000 km, the country**: a domestic flight or a long train ride and a night
  away; the same health system and language for most countries.
* **5,000 km, the continent**: a medium-haul flight.
* **farther**: intercontinental travel.

Both index backends order by :func:`distance_bands` (SQLite's index, PostgreSQL's
headline search), so they agree; a radius (``--within``) still filters exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["BAND_EDGES_KM", "band_radii", "distance_band", "distance_bands"]

# Upper edges of the nearness bands, nearest first; beyond the last is one more band.
BAND_EDGES_KM = (25.0, 100.0, 1_000.0, 5_000.0)


def distance_band(distance_km: float) -> int:
    """The band a site at ``distance_km`` falls in: 0 for the same metro area, then
    the region, the country, the continent, and ``len(BAND_EDGES_KM)`` farther."""
    return sum(distance_km > edge for edge in BAND_EDGES_KM)


def distance_bands(
    distances_km: np.ndarray[Any, np.dtype[np.float64]],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """:func:`distance_band` of every distance (infinite, for no site: past the last band)."""
    bands = np.searchsorted(np.asarray(BAND_EDGES_KM), distances_km, side="left")
    return np.where(np.isfinite(distances_km), bands, len(BAND_EDGES_KM) + 1).astype(np.int64)


def band_radii(radius_km: float | None, farthest_km: float) -> tuple[float, ...]:
    """The outer edges of the bands to search in turn, nearest first, up to the radius
    (``farthest_km``, the whole Earth, without one)."""
    limit = farthest_km if radius_km is None else radius_km
    return (*(edge for edge in BAND_EDGES_KM if edge < limit), limit)
