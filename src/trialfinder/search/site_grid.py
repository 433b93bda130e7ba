"""Trial sites in memory for "near me" search: a quadtree of cells and exact distances.

Two halves work together (numbers in docs/search.md):

* Index time: :func:`cell_terms` gives each trial one term per quadtree cell
  (at several levels) that holds one of its sites, so the text index can
  select "trials with a site in any of these cells" with a handful of terms.
* Query time: :class:`SiteGrid` holds every site (latitude, longitude, trial
  rowid) sorted by Morton code, so each cell is one contiguous slice.
  :meth:`SiteGrid.within` covers the search circle with the largest cells
  wholly inside it (no distance check needed) and measures exact haversine
  distances only for sites in the thin ring of finest cells the circle's edge
  crosses. Inside cells plus the ring's passing trials are exactly the trials
  with a site within the radius. :meth:`SiteGrid.nearest` gives each such
  trial's distance to its *nearest* site, for ``--sort distance``.

The grid is a main array (rebuilt rarely) plus a small delta of recently
changed trials whose main entries are masked as stale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from trialfinder.places import bounding_box, haversine_km_many

__all__ = [
    "INDEXED_LEVELS",
    "GeoMatch",
    "Nearest",
    "SiteGrid",
    "cell_terms",
    "morton_codes",
]

# The finest level: 2**16 cells per axis (about 300 m of latitude, 600 m of longitude).
_MAX_LEVEL = 16
# Levels whose cells are indexed as terms: every other level, so a cell has 16 children.
INDEXED_LEVELS = (4, 6, 8, 10, 12, 14, 16)
# The circle's edge is resolved to cells about this fraction of the radius: finer
# means more cell terms per query, coarser means more sites measured one by one.
_EDGE_CELLS_PER_RADIUS = 64
_LEVEL_SHIFT = 40
# Trials nearest a place are found among this many times as many nearest sites.
_NEAREST_SITES_PER_TRIAL = 8

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.uint64]


def _spread_bits(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Put bit i of each 16-bit value at bit 2i (one half of a Morton code)."""
    spread = values & np.uint64(0xFFFF)
    spread = (spread | (spread << np.uint64(8))) & np.uint64(0x00FF00FF)
    spread = (spread | (spread << np.uint64(4))) & np.uint64(0x0F0F0F0F)
    spread = (spread | (spread << np.uint64(2))) & np.uint64(0x33333333)
    return (spread | (spread << np.uint64(1))) & np.uint64(0x55555555)


def _finest_rows_columns(
    latitudes: FloatArray, longitudes: FloatArray
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    size = 1 << _MAX_LEVEL
    rows = np.clip(np.floor((latitudes + 90.0) / 180.0 * size), 0, size - 1)
    columns = np.clip(np.floor((longitudes + 180.0) / 360.0 * size), 0, size - 1)
    return rows.astype(np.uint64), columns.astype(np.uint64)


def morton_codes(latitudes: FloatArray, longitudes: FloatArray) -> CodeArray:
    """Each point's finest cell as a Morton code: a cell at any level is a code range."""
    rows, columns = _finest_rows_columns(latitudes, longitudes)
    return (_spread_bits(rows) << np.uint64(1)) | _spread_bits(columns)


def _term(level: int, prefixes: CodeArray) -> CodeArray:
    return (np.uint64(level) << np.uint64(_LEVEL_SHIFT)) | prefixes


def _prefixes(codes: CodeArray, level: int) -> CodeArray:
    return codes >> np.uint64(2 * (_MAX_LEVEL - level))


# Bit i of a byte moved to bit 2i, for Morton codes of single points in plain Python.
_SPREAD_BYTE = tuple(
    sum(((byte >> bit) & 1) << (2 * bit) for bit in range(8)) for byte in range(256)
)


def _point_code(latitude: float, longitude: float) -> int:
    """:func:`morton_codes` for one point, without numpy's per-call overhead."""
    size = 1 << _MAX_LEVEL
    row = min(max(math.floor((latitude + 90.0) / 180.0 * size), 0), size - 1)
    column = min(max(math.floor((longitude + 180.0) / 360.0 * size), 0), size - 1)
    spread_row = _SPREAD_BYTE[row & 0xFF] | (_SPREAD_BYTE[row >> 8] << 16)
    spread_column = _SPREAD_BYTE[column & 0xFF] | (_SPREAD_BYTE[column >> 8] << 16)
    return (spread_row << 1) | spread_column


def cell_terms(points: Sequence[tuple[float, float]]) -> list[int]:
    """The index terms of the cells (at every indexed level) holding these points."""
    codes = {_point_code(latitude, longitude) for latitude, longitude in points}
    return sorted(
        {
            (level << _LEVEL_SHIFT) | (code >> (2 * (_MAX_LEVEL - level)))
            for code in codes
            for level in INDEXED_LEVELS
        }
    )


class _Cells(NamedTuple):
    """Cells of one level as row and column numbers (``2**level`` per axis)."""

    level: int
    rows: IntArray
    columns: IntArray

    def bounds(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        size = float(1 << self.level)
        south = self.rows / size * 180.0 - 90.0
        west = self.columns / size * 360.0 - 180.0
        return south, south + 180.0 / size, west, west + 360.0 / size

    def codes(self) -> CodeArray:
        rows = self.rows.astype(np.uint64)
        columns = self.columns.astype(np.uint64)
        return (_spread_bits(rows) << np.uint64(1)) | _spread_bits(columns)

    def children(self, levels: int) -> _Cells:
        factor = 1 << levels
        offsets_rows, offsets_columns = np.divmod(np.arange(factor * factor), factor)
        rows = (self.rows[:, None] * factor + offsets_rows[None, :]).ravel()
        columns = (self.columns[:, None] * factor + offsets_columns[None, :]).ravel()
        return _Cells(self.level + levels, rows, columns)

    def select(self, keep: npt.NDArray[np.bool_]) -> _Cells:
        return _Cells(self.level, self.rows[keep], self.columns[keep])


def _distance_bounds(
    cells: _Cells, latitude: float, longitude: float
) -> tuple[FloatArray, FloatArray]:
    """Least and greatest distance from the centre to any point of each cell.

    On a sphere the farthest point of a latitude/longitude rectangle is one of its
    corners; the nearest is on the meridian nearest in longitude (or straight
    north/south when the centre's longitude is inside), at the latitude where
    that meridian comes closest.
    """
    south, north, west, east = cells.bounds()
    corners = [
        haversine_km_many(latitude, longitude, corner_latitude, corner_longitude)
        for corner_latitude in (south, north)
        for corner_longitude in (west, east)
    ]
    farthest = np.maximum.reduce(corners)
    inside_longitudes = (west <= longitude) & (longitude <= east)
    west_gap = np.mod(west - longitude, 360.0)
    east_gap = np.mod(longitude - east, 360.0)
    nearest_longitude = np.where(west_gap <= east_gap, west, east)
    gap = np.radians(np.minimum(np.minimum(west_gap, east_gap), 180.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        closest_latitude = np.degrees(np.arctan2(math.tan(math.radians(latitude)), np.cos(gap)))
    pole = 90.0 if latitude >= 0.0 else -90.0
    closest_latitude = np.where(gap >= math.pi / 2.0, pole, closest_latitude)
    meridian_latitude = np.clip(closest_latitude, south, north)
    nearest_latitude = np.where(
        inside_longitudes, np.clip(latitude, south, north), meridian_latitude
    )
    nearest = haversine_km_many(
        latitude,
        longitude,
        nearest_latitude,
        np.where(inside_longitudes, longitude, nearest_longitude),
    )
    return nearest, farthest


class GeoMatch(NamedTuple):
    """The trials with a site within a radius, as index terms and rowids.

    A trial is within the radius exactly when it has one of ``cell_terms`` or its
    rowid is in ``edge_rowids`` (trials with a site in a cell the edge crosses).
    """

    cell_terms: list[int]
    edge_rowids: list[int]


class _Sites(NamedTuple):
    latitudes: FloatArray
    longitudes: FloatArray
    rowids: IntArray
    codes: CodeArray

    @classmethod
    def build(cls, points: Mapping[int, Sequence[tuple[float, float]]]) -> _Sites:
        counts = [len(sites) for sites in points.values()]
        flat = [site for sites in points.values() for site in sites]
        coordinates = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
        rowids = np.repeat(np.fromiter(points, dtype=np.int64, count=len(points)), counts)
        return cls.sorted(coordinates[:, 0].copy(), coordinates[:, 1].copy(), rowids)

    @classmethod
    def sorted(cls, latitudes: FloatArray, longitudes: FloatArray, rowids: IntArray) -> _Sites:
        codes = morton_codes(latitudes, longitudes)
        order = np.argsort(codes, kind="stable")
        return cls(latitudes[order], longitudes[order], rowids[order], codes[order])

    def __len__(self) -> int:
        return len(self.rowids)

    def slices(self, cells: _Cells) -> npt.NDArray[np.intp]:
        """Positions of the sites inside any of the cells (each cell is one code range)."""
        if len(cells.rows) == 0 or len(self) == 0:
            return np.zeros(0, dtype=np.intp)
        shift = np.uint64(2 * (_MAX_LEVEL - cells.level))
        low = cells.codes() << shift
        high = (cells.codes() + np.uint64(1)) << shift
        starts = np.searchsorted(self.codes, low)
        ends = np.searchsorted(self.codes, high)
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.intp)
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions: npt.NDArray[np.intp] = np.arange(total) + offsets
        return positions


class SiteGrid:
    """Every indexed site, for exact radius selection and nearest-site distances."""

    def __init__(self, latitudes: FloatArray, longitudes: FloatArray, rowids: IntArray) -> None:
        self._main = _Sites.sorted(latitudes, longitudes, rowids)
        # 32-bit (positions and SQLite rowids of a registry copy stay far below 2**31):
        # these two arrays cost 8 bytes a site instead of 16, ~80 MB less at 600,000 studies.
        self._main_by_rowid = np.argsort(self._main.rowids, kind="stable").astype(np.int32)
        # Kept, not recomputed per query: gathering every site's rowid costs ~30 ms at 600k.
        self._main_sorted_rowids = self._main.rowids[self._main_by_rowid].astype(np.int32)
        self._stale: IntArray = np.zeros(0, dtype=np.int64)
        self._changed: dict[int, Sequence[tuple[float, float]]] = {}
        self._delta = _Sites.build({})
        self._occupied = {
            level: np.unique(_prefixes(self._main.codes, level)) for level in INDEXED_LEVELS
        }

    @property
    def sites(self) -> int:
        return len(self._main) + len(self._delta)

    def needs_rebuild(self) -> bool:
        """Whether the delta has grown enough that a fresh build is cheaper."""
        return len(self._changed) > max(1_000, len(self._main) // 20)

    def update(self, points: Mapping[int, Sequence[tuple[float, float]]]) -> None:
        """Replace the sites of changed trials (their main entries become stale)."""
        self._changed.update(points)
        self._stale = np.unique(np.fromiter(self._changed, dtype=np.int64))
        self._delta = _Sites.build(self._changed)

    def _occupied_cells(self, cells: _Cells) -> _Cells:
        if len(cells.rows) == 0:
            return cells
        prefixes = cells.codes()
        known = self._occupied[cells.level]
        positions = np.minimum(np.searchsorted(known, prefixes), max(len(known) - 1, 0))
        keep = known[positions] == prefixes if len(known) else np.zeros(len(prefixes), bool)
        if len(self._delta):
            keep |= np.isin(prefixes, np.unique(_prefixes(self._delta.codes, cells.level)))
        return cells.select(keep)

    def _measured(self, cells: Iterable[_Cells], latitude: float, longitude: float) -> _Measured:
        """Sites in the cells (fresh ones only) with their distance from the centre."""
        parts: list[_Measured] = []
        for sites in (self._main, self._delta):
            positions = np.concatenate(
                [sites.slices(group) for group in cells] or [np.zeros(0, dtype=np.intp)]
            )
            rowids = sites.rowids[positions]
            if sites is self._main and len(self._stale):
                fresh = ~np.isin(rowids, self._stale)
                positions, rowids = positions[fresh], rowids[fresh]
            distances = haversine_km_many(
                latitude, longitude, sites.latitudes[positions], sites.longitudes[positions]
            )
            parts.append(_Measured(rowids, distances))
        return _Measured(
            np.concatenate([part.rowids for part in parts]),
            np.concatenate([part.distances for part in parts]),
        )

    def _cover(
        self, latitude: float, longitude: float, radius_km: float
    ) -> tuple[list[_Cells], _Cells]:
        """Cells wholly inside the circle (largest first) and the finest cells on its edge."""
        finest = _level_for(radius_km / _EDGE_CELLS_PER_RADIUS, coarser=False)
        start = min(_level_for(radius_km, coarser=True), finest)
        box = bounding_box(latitude, longitude, radius_km)
        size = 1 << start
        row_range = _span(box.min_lat, box.max_lat, -90.0, 180.0, size)
        column_range = _span(box.min_lon, box.max_lon, -180.0, 360.0, size)
        rows, columns = np.meshgrid(row_range, column_range, indexing="ij")
        cells = _Cells(start, rows.ravel(), columns.ravel())
        inside_cells: list[_Cells] = []
        while True:
            cells = self._occupied_cells(cells)
            nearest, farthest = _distance_bounds(cells, latitude, longitude)
            inside = farthest <= radius_km
            edge = (nearest <= radius_km) & ~inside
            inside_cells.append(cells.select(inside))
            if cells.level >= finest:
                return inside_cells, cells.select(edge)
            cells = cells.select(edge).children(2)

    def within(self, latitude: float, longitude: float, radius_km: float) -> GeoMatch:
        """The trials with a site within ``radius_km`` of the centre, as index terms."""
        inside_cells, edge_cells = self._cover(latitude, longitude, radius_km)
        terms = np.concatenate(
            [_term(cells.level, cells.codes()) for cells in inside_cells]
            or [np.zeros(0, dtype=np.uint64)]
        )
        measured = self._measured([edge_cells], latitude, longitude)
        passing = np.unique(measured.rowids[measured.distances <= radius_km])
        return GeoMatch(
            cell_terms=[int(term) for term in terms],
            edge_rowids=[int(rowid) for rowid in passing],
        )

    def nearest(
        self, latitude: float, longitude: float, radius_km: float, limit: int | None = None
    ) -> Nearest:
        """Trials with a site within the radius and the distance to their nearest site,
        nearest first (ties by rowid); with ``limit``, maybe only the first (at least
        ``limit`` of them)."""
        inside_cells, edge_cells = self._cover(latitude, longitude, radius_km)
        measured = self._measured([*inside_cells, edge_cells], latitude, longitude)
        keep = measured.distances <= radius_km
        rowids, distances = measured.rowids[keep], measured.distances[keep]
        complete = True
        if limit is not None and len(distances) > _NEAREST_SITES_PER_TRIAL * limit:
            # The trials among the k nearest sites come first, in order of their nearest
            # one; with enough of them, the rest need not be sorted at all.
            nearest = np.argpartition(distances, _NEAREST_SITES_PER_TRIAL * limit)
            nearest = nearest[: _NEAREST_SITES_PER_TRIAL * limit]
            if len(np.unique(rowids[nearest])) >= limit:
                rowids, distances = rowids[nearest], distances[nearest]
                complete = False
        order = np.lexsort((distances, rowids))
        rowids, distances = rowids[order], distances[order]
        first = np.ones(len(rowids), dtype=bool)
        first[1:] = rowids[1:] != rowids[:-1]
        rowids, distances = rowids[first], distances[first]
        by_distance = np.lexsort((rowids, distances))
        return Nearest(rowids[by_distance], distances[by_distance], complete)

    def distances(self, latitude: float, longitude: float, rowids: IntArray) -> FloatArray:
        """Each trial's distance to its nearest site (infinite without one)."""
        result = np.full(len(rowids), np.inf)
        delta_order = np.argsort(self._delta.rowids, kind="stable")
        for sites, order, sorted_rowids in (
            (self._main, self._main_by_rowid, self._main_sorted_rowids),
            (self._delta, delta_order, self._delta.rowids[delta_order]),
        ):
            # The few asked rowids take the big array's type, or numpy would copy it.
            asked = rowids.astype(sorted_rowids.dtype)
            starts = np.searchsorted(sorted_rowids, asked, side="left")
            lengths = np.searchsorted(sorted_rowids, asked, side="right") - starts
            owners = np.repeat(np.arange(len(rowids)), lengths)
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            positions = order[np.arange(int(lengths.sum())) + offsets]
            if sites is self._main and len(self._stale):
                fresh = ~np.isin(sites.rowids[positions], self._stale)
                positions, owners = positions[fresh], owners[fresh]
            measured = haversine_km_many(
                latitude, longitude, sites.latitudes[positions], sites.longitudes[positions]
            )
            np.minimum.at(result, owners, measured)
        return result


class Nearest(NamedTuple):
    """Trials nearest first; ``complete`` when no trial within the radius is left out."""

    rowids: IntArray
    distances: FloatArray
    complete: bool


class _Measured(NamedTuple):
    rowids: IntArray
    distances: FloatArray


def _level_for(size_km: float, *, coarser: bool) -> int:
    """The indexed level whose cells are about ``size_km`` tall (north to south)."""
    exact = math.log2(20_015.0 / max(size_km, 1e-3))
    fitting = [level for level in INDEXED_LEVELS if (level <= exact if coarser else level >= exact)]
    if not fitting:
        return INDEXED_LEVELS[0] if coarser else INDEXED_LEVELS[-1]
    return max(fitting) if coarser else min(fitting)


def _span(low: float, high: float, origin: float, extent: float, size: int) -> IntArray:
    first = max(0, min(size - 1, math.floor((low - origin) / extent * size)))
    last = max(0, min(size - 1, math.floor((high - origin) / extent * size)))
    return np.arange(first, last + 1, dtype=np.int64)
