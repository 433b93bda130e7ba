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
  crosses. Inside cells, the ring's cells whose sites all pass, and the passing
  trials of the cells the edge splits are exactly the trials with a site within
  the radius. :meth:`SiteGrid.nearest` gives each such
  trial's distance to its *nearest* site, for ``--sort distance``.

The grid is a main array (rebuilt rarely) plus a small delta of recently
changed trials whose main entries are masked as stale. The main array is kept in
a file beside the index (:meth:`SiteGrid.save`, :meth:`SiteGrid.open`) and mapped,
not read: every worker process of a server shares one copy in the page cache
instead of building ~290 MB of its own at 600,000 studies (10 s), and only the
pages a query touches are read. Sites are grouped by their point: registry
coordinates are city centroids, shared by many sites, so each distinct point keeps
its exact float64 coordinates (distances and radius edges stay those of
:func:`haversine_km`, as in PostgreSQL) and 32-bit Morton code once, and a site
costs 8 bytes: its rowid in point order and its point in rowid order (28 bytes when
every site kept its own coordinates, code and position: ~290 MB at 600,000 studies).
"""

from __future__ import annotations

import json
import math
import mmap
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

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
# A grid is patched with up to this many changed trials, or this fraction (1/n) of its
# trials, each read from its record by every process (~0.05-0.09 ms a registry study:
# ~1 s at 600,000); more are folded into a new main array once (7.5 s at 600,000, loaded).
_PATCHED_TRIALS = 1_000
_PATCHED_SHARE = 50
# Trials nearest a place are found among this many times as many nearest sites.
_NEAREST_SITES_PER_TRIAL = 8
# Trials with at most this many sites in all are measured site by site for their
# distance within a radius (~85 ns a site); more, and only the circle's sites are
# (covering the circle costs ~1-2 ms however few trials are asked).
_MEASURED_SITES_WITHOUT_COVER = 20_000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.uint64]
# A finest-level Morton code has 2 x 16 bits, and the grid's rowids stay below 2**32.
Narrow = npt.NDArray[np.uint32]
_NARROW_LIMIT = 1 << 32
# The grid file: this magic, the header's length (8 bytes, little-endian), the JSON
# header naming each array's dtype, length and offset, then the arrays. A file of
# another layout (TFSITES1: every site's own coordinates) is not read: it is rebuilt.
_FILE_MAGIC = b"TFSITES2"
_ALIGNMENT = 64


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


@lru_cache(maxsize=65_536)
def _point_terms(point: tuple[float, float]) -> tuple[int, ...]:
    """The index terms of the cells holding one point. Registry coordinates are city
    centroids, so the same few points recur across trials (36,519 sites of 2,000
    registry-like studies are 2,714 points): each is computed once."""
    code = _point_code(*point)
    return tuple(
        (level << _LEVEL_SHIFT) | (code >> (2 * (_MAX_LEVEL - level))) for level in INDEXED_LEVELS
    )


def cell_terms(points: Sequence[tuple[float, float]]) -> list[int]:
    """The index terms of the cells (at every indexed level) holding these points."""
    return sorted(set().union(*map(_point_terms, points)))


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
    rowid is in ``edge_rowids`` (trials with a site within the radius in a cell the
    edge splits: one holding sites on both sides of it).
    """

    cell_terms: list[int]
    edge_rowids: list[int]


class _Sites(NamedTuple):
    """Sites grouped by their point, the distinct points sorted by Morton code (the main
    array narrow: 32-bit codes, starts and rowids). Registry coordinates are city
    centroids, so a point is shared by many sites (36,519 sites of 2,000 registry-like
    studies are 2,714 points): a site is its rowid, 4 bytes, and its coordinates are
    kept once per point. A cell is one run of points, a point one run of sites."""

    latitudes: FloatArray  # a point's
    longitudes: FloatArray
    codes: npt.NDArray[np.unsignedinteger[Any]]  # a point's, ascending
    # Point p's sites are at starts[p]:starts[p + 1].
    starts: npt.NDArray[np.unsignedinteger[Any]] | IntArray
    rowids: npt.NDArray[np.unsignedinteger[Any]] | IntArray  # a site's trial

    @classmethod
    def build(cls, points: Mapping[int, Sequence[tuple[float, float]]]) -> _Sites:
        counts = [len(sites) for sites in points.values()]
        flat = [site for sites in points.values() for site in sites]
        coordinates = np.asarray(flat, dtype=np.float64).reshape(-1, 2)
        rowids = np.repeat(np.fromiter(points, dtype=np.int64, count=len(points)), counts)
        return cls.sorted(coordinates[:, 0].copy(), coordinates[:, 1].copy(), rowids)

    @classmethod
    def sorted(
        cls,
        latitudes: FloatArray,
        longitudes: FloatArray,
        rowids: npt.NDArray[np.integer[Any]],
        *,
        narrow: bool = False,
    ) -> _Sites:
        codes = morton_codes(latitudes, longitudes)
        # Points are told apart by their exact bits (0.0 and -0.0 are two points, as the
        # records write them), sites of one point kept in rowid order.
        latitude_bits = latitudes.view(np.int64)
        longitude_bits = longitudes.view(np.int64)
        order = np.lexsort((rowids, longitude_bits, latitude_bits, codes))
        new_point = np.ones(len(order), dtype=bool)
        new_point[1:] = (np.diff(latitude_bits[order]) != 0) | (np.diff(longitude_bits[order]) != 0)
        firsts = order[new_point]
        starts = np.append(np.flatnonzero(new_point), len(order))
        sorted_rowids = rowids[order]
        if narrow:
            if len(rowids) and (int(rowids.min()) < 0 or int(rowids.max()) >= _NARROW_LIMIT):
                raise ValueError("the site grid holds rowids 0 .. 2**32 - 1 only")
            return cls(
                latitudes[firsts],
                longitudes[firsts],
                codes[firsts].astype(np.uint32),
                starts.astype(np.uint32),
                sorted_rowids.astype(np.uint32),
            )
        return cls(
            latitudes[firsts],
            longitudes[firsts],
            codes[firsts],
            starts.astype(np.int64),
            sorted_rowids.astype(np.int64),
        )

    def __len__(self) -> int:
        return len(self.rowids)

    def point_slices(self, cells: _Cells) -> npt.NDArray[np.intp]:
        """The points inside any of the cells (each cell is one code range)."""
        if len(cells.rows) == 0 or len(self.codes) == 0:
            return np.zeros(0, dtype=np.intp)
        shift = np.uint64(2 * (_MAX_LEVEL - cells.level))
        starts = _code_positions(self.codes, cells.codes() << shift)
        ends = _code_positions(self.codes, (cells.codes() + np.uint64(1)) << shift)
        return _runs(starts, ends - starts)[0]

    def point_sites(
        self, points: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """The positions of these points' sites and, for each, the index of its point."""
        firsts = self.starts[points].astype(np.intp)
        return _runs(firsts, self.starts[points + 1].astype(np.intp) - firsts)

    def site_points(self, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """The point of each of these sites."""
        found: npt.NDArray[np.intp] = np.searchsorted(self.starts, positions, side="right") - 1
        return found

    def points_of_sites(self) -> IntArray:
        """Every site's point, in site order."""
        starts = self.starts.astype(np.int64)
        return np.repeat(np.arange(len(self.codes), dtype=np.int64), starts[1:] - starts[:-1])

    def per_site(self) -> tuple[FloatArray, FloatArray, IntArray]:
        """Every site's latitude, longitude and rowid (to build another grid from)."""
        points = self.points_of_sites()
        return self.latitudes[points], self.longitudes[points], self.rowids.astype(np.int64)


def _runs(
    firsts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Every position of the runs ``firsts[i]:firsts[i] + lengths[i]`` and, for each, ``i``."""
    owners = np.repeat(np.arange(len(firsts)), lengths)
    offsets = np.repeat(firsts - np.cumsum(lengths) + lengths, lengths)
    positions: npt.NDArray[np.intp] = np.arange(int(lengths.sum())) + offsets
    return positions, owners


def _code_positions(
    codes: npt.NDArray[np.unsignedinteger[Any]], values: CodeArray
) -> npt.NDArray[np.intp]:
    """``searchsorted(codes, values)`` without converting ``codes``: numpy would copy a
    32-bit main array to 64 bits on every call."""
    if codes.dtype == np.uint64:
        found: npt.NDArray[np.intp] = np.searchsorted(codes, values)
        return found
    beyond = values >= np.uint64(_NARROW_LIMIT)
    found = np.searchsorted(codes, np.minimum(values, _NARROW_LIMIT - 1).astype(codes.dtype))
    return np.where(beyond, len(codes), found)


class _Main(NamedTuple):
    """The main array and what queries need precomputed about it, as saved in a file."""

    sites: _Sites
    # Each site's point in rowid order, and where each rowid's run starts there:
    # rowid r's sites are at the points trial_points[starts[r]:starts[r + 1]].
    trial_points: Narrow
    starts: Narrow
    # Per indexed level, the cells holding a site (sorted prefixes).
    occupied: dict[int, Narrow]

    @classmethod
    def build(cls, latitudes: FloatArray, longitudes: FloatArray, rowids: IntArray) -> _Main:
        sites = _Sites.sorted(latitudes, longitudes, rowids, narrow=True)
        order = np.argsort(sites.rowids, kind="stable")
        site_points = sites.points_of_sites().astype(np.uint32)
        last = int(sites.rowids.max()) if len(sites) else -1
        starts = np.searchsorted(sites.rowids[order], np.arange(last + 2, dtype=np.uint32)).astype(
            np.uint32
        )
        occupied = {
            level: np.unique(sites.codes >> np.uint32(2 * (_MAX_LEVEL - level)))
            for level in INDEXED_LEVELS
        }
        return cls(sites, site_points[order], starts, occupied)

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        return {
            **self.sites._asdict(),
            "trial_points": self.trial_points,
            "trial_starts": self.starts,
            **{f"occupied{level}": cells for level, cells in self.occupied.items()},
        }

    @classmethod
    def of(cls, arrays: Mapping[str, npt.NDArray[Any]]) -> _Main:
        sites = _Sites(*(arrays[name] for name in _Sites._fields))
        occupied = {level: arrays[f"occupied{level}"] for level in INDEXED_LEVELS}
        return cls(sites, arrays["trial_points"], arrays["trial_starts"], occupied)

    def site_count(self, rowids: IntArray) -> int:
        """How many sites these trials have (a changed trial's as the grid was saved)."""
        asked = rowids[(rowids >= 0) & (rowids < len(self.starts) - 1)]
        return int((self.starts[asked + 1].astype(np.int64) - self.starts[asked]).sum())

    def runs(self, rowids: IntArray) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """The points of these trials' sites and, for each, the index of its trial."""
        known = (rowids >= 0) & (rowids < len(self.starts) - 1)
        asked = np.where(known, rowids, 0)
        firsts = self.starts[asked].astype(np.intp)
        ends = self.starts[np.where(known, asked + 1, 0)].astype(np.intp)
        positions, owners = _runs(firsts, np.where(known, ends - firsts, 0))
        return self.trial_points[positions].astype(np.intp), owners


class SiteGrid:
    """Every indexed site, for exact radius selection and nearest-site distances."""

    def __init__(self, latitudes: FloatArray, longitudes: FloatArray, rowids: IntArray) -> None:
        self._use(_Main.build(latitudes, longitudes, rowids))

    def _use(self, main: _Main) -> None:
        self._main_parts = main
        self._main = main.sites
        self._occupied = main.occupied
        self._stale: IntArray = np.zeros(0, dtype=np.int64)
        self._changed: dict[int, Sequence[tuple[float, float]]] = {}
        self._delta = _Sites.build({})

    def save(self, path: Path, watermark: int) -> None:
        """Write the main array to ``path`` (atomically: a process mapping the old file
        keeps reading it) with the watermark it is current at. The delta is not saved."""
        arrays = self._main_parts.arrays()
        entries: list[tuple[str, str, int, int]] = []
        header_room = 4_096
        offset = header_room
        for name, array in arrays.items():
            entries.append((name, array.dtype.str, len(array), offset))
            offset += -(-array.nbytes // _ALIGNMENT) * _ALIGNMENT
        header = json.dumps({"watermark": watermark, "arrays": entries}).encode()
        if len(header) + 16 > header_room:
            raise ValueError("site grid header too large")
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        with partial.open("wb") as file:
            file.write(_FILE_MAGIC + len(header).to_bytes(8, "little") + header)
            for (_, _, _, start), array in zip(entries, arrays.values(), strict=True):
                file.seek(start)
                file.write(np.ascontiguousarray(array).tobytes())
            file.truncate(offset)
        os.replace(partial, path)

    @classmethod
    def open(cls, path: Path) -> tuple[SiteGrid, int] | None:
        """The grid saved in ``path`` (mapped read-only) and its watermark, or None when
        there is no such file or it is not one."""
        try:
            with path.open("rb") as file:
                start = file.read(16)
                if len(start) < 16 or start[:8] != _FILE_MAGIC:
                    return None
                header = json.loads(file.read(int.from_bytes(start[8:], "little")))
                # Plain arrays over one shared mapping (np.memmap's subclass costs ~1 ms
                # an indexing call); the arrays keep the mapping alive.
                mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            arrays = {
                name: np.frombuffer(mapped, dtype=np.dtype(dtype), count=length, offset=offset)
                for name, dtype, length, offset in header["arrays"]
            }
        except (OSError, ValueError, KeyError):
            return None
        grid = cls.__new__(cls)
        grid._use(_Main.of(arrays))
        return grid, int(header["watermark"])

    @property
    def sites(self) -> int:
        return len(self._main) + len(self._delta)

    def needs_rebuild(self, changed_trials: int | None = None) -> bool:
        """Whether the delta (or a delta of ``changed_trials``) is big enough that folding
        it into a new main array, once for every process, is cheaper than each process
        reading the changed trials' records."""
        changed = len(self._changed) if changed_trials is None else changed_trials
        return changed > max(_PATCHED_TRIALS, (len(self._main_parts.starts) - 1) // _PATCHED_SHARE)

    def update(self, points: Mapping[int, Sequence[tuple[float, float]]]) -> None:
        """Replace the sites of changed trials (their main entries become stale)."""
        self._changed.update(points)
        self._stale = np.unique(np.fromiter(self._changed, dtype=np.int64))
        self._delta = _Sites.build(self._changed)

    def merged(self) -> SiteGrid:
        """This grid with its delta folded into a new main array: a saved grid that fell
        far behind is brought up to date from the changed trials alone."""
        latitudes, longitudes, rowids = self._main.per_site()
        fresh = ~np.isin(rowids, self._stale)
        changed = self._delta.per_site()
        return SiteGrid(
            np.concatenate([latitudes[fresh], changed[0]]),
            np.concatenate([longitudes[fresh], changed[1]]),
            np.concatenate([rowids[fresh], changed[2]]),
        )

    def _occupied_cells(self, cells: _Cells) -> _Cells:
        if len(cells.rows) == 0:
            return cells
        prefixes = cells.codes()
        known = self._occupied[cells.level]
        positions = np.searchsorted(known, prefixes.astype(known.dtype))
        positions = np.minimum(positions, max(len(known) - 1, 0))
        keep = known[positions] == prefixes if len(known) else np.zeros(len(prefixes), bool)
        if len(self._delta):
            keep |= np.isin(prefixes, np.unique(_prefixes(self._delta.codes, cells.level)))
        return cells.select(keep)

    def _measured(self, cells: Iterable[_Cells], latitude: float, longitude: float) -> _Measured:
        """Sites in the cells (fresh ones only) with their distance from the centre (one
        distance a point, shared by its sites)."""
        parts: list[_Measured] = []
        for sites in (self._main, self._delta):
            points = np.concatenate(
                [sites.point_slices(group) for group in cells] or [np.zeros(0, dtype=np.intp)]
            )
            distances = haversine_km_many(
                latitude, longitude, sites.latitudes[points], sites.longitudes[points]
            )
            positions, owners = sites.point_sites(points)
            rowids = sites.rowids[positions].astype(np.int64)
            if sites is self._main and len(self._stale):
                fresh = ~np.isin(rowids, self._stale)
                rowids, owners = rowids[fresh], owners[fresh]
            codes = sites.codes[points].astype(np.uint64)
            parts.append(_Measured(rowids, distances[owners], codes[owners]))
        return _Measured(
            np.concatenate([part.rowids for part in parts]),
            np.concatenate([part.distances for part in parts]),
            np.concatenate([part.codes for part in parts]),
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
        measured = self._measured([edge_cells], latitude, longitude)
        passes = measured.distances <= radius_km
        # An edge cell whose sites all pass is as good as an inside cell: sites in one
        # city share its centroid, so most are. Only the trials of cells the circle
        # really splits are named one by one (their rowids cost the index a term
        # lookup each: ~2,200 of them made a 100 km circle around Tokyo cost 26 ms).
        edge = _prefixes(measured.codes, edge_cells.level)
        split = np.unique(edge[~passes])
        whole = np.setdiff1d(np.unique(edge[passes]), split)
        terms = np.concatenate(
            [_term(cells.level, cells.codes()) for cells in inside_cells]
            + [_term(edge_cells.level, whole)]
        )
        passing = np.unique(measured.rowids[passes & np.isin(edge, split)])
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

    def distances(
        self,
        latitude: float,
        longitude: float,
        rowids: IntArray,
        within_km: float | None = None,
    ) -> FloatArray:
        """Each trial's distance to its nearest site (infinite without one); with
        ``within_km``, to its nearest site within that radius (infinite without one).

        Within a radius, trials with many sites in all are measured only at the sites in
        the circle, not at every site: ~2,000 trials with a site near Lyon have ~10^6
        sites worldwide, the circle a few ten thousand. ``rowids`` are then distinct.
        Trials with few sites are measured at each (what a radius keeps of them is the
        same nearest site: the circle's cover cost ~10x more for a page of them)."""
        result = np.full(len(rowids), np.inf)
        if within_km is None or (
            self._main_parts.site_count(rowids.astype(np.int64)) <= _MEASURED_SITES_WITHOUT_COVER
        ):
            owners, _, _, measured = self._trial_sites(latitude, longitude, rowids)
            if within_km is not None:
                inside = measured <= within_km
                owners, measured = owners[inside], measured[inside]
        else:
            inside_cells, edge_cells = self._cover(latitude, longitude, within_km)
            circle = self._measured([*inside_cells, edge_cells], latitude, longitude)
            keep = circle.distances <= within_km
            order = np.argsort(rowids, kind="stable")
            places = np.searchsorted(rowids, circle.rowids[keep], sorter=order)
            places = np.minimum(places, max(len(rowids) - 1, 0))
            owners = order[places] if len(rowids) else np.zeros(0, dtype=np.intp)
            asked = rowids[owners] == circle.rowids[keep] if len(rowids) else owners > 0
            owners, measured = owners[asked], circle.distances[keep][asked]
        np.minimum.at(result, owners, measured)
        return result

    def nearest_points(
        self, latitude: float, longitude: float, rowids: IntArray
    ) -> list[list[tuple[float, float]]]:
        """Each trial's nearest site coordinates: usually one point, every point at the
        nearest distance when several tie (none without a located site)."""
        # Each site measured once: what distances() gives without a radius, from the same sites.
        owners, latitudes, longitudes, measured = self._trial_sites(latitude, longitude, rowids)
        nearest = np.full(len(rowids), np.inf)
        np.minimum.at(nearest, owners, measured)
        points: list[list[tuple[float, float]]] = [[] for _ in range(len(rowids))]
        for index in np.flatnonzero(measured <= nearest[owners]):
            points[int(owners[index])].append((float(latitudes[index]), float(longitudes[index])))
        return points

    def _trial_sites(
        self, latitude: float, longitude: float, rowids: IntArray
    ) -> tuple[npt.NDArray[np.intp], FloatArray, FloatArray, FloatArray]:
        """The fresh sites of these trials: for each, the index of its trial in
        ``rowids``, its coordinates and its distance from the centre."""
        asked = rowids.astype(np.int64)
        points, owners = self._main_parts.runs(asked)
        if len(self._stale):
            fresh = ~np.isin(asked[owners], self._stale)
            points, owners = points[fresh], owners[fresh]
        latitudes = self._main.latitudes[points]
        longitudes = self._main.longitudes[points]
        delta = self._delta
        if len(delta):
            order = np.argsort(delta.rowids, kind="stable")
            sorted_rowids = delta.rowids[order]
            firsts = np.searchsorted(sorted_rowids, asked, side="left")
            lengths = np.searchsorted(sorted_rowids, asked, side="right") - firsts
            positions, changed_owners = _runs(firsts, lengths)
            changed = delta.site_points(order[positions])
            owners = np.concatenate([owners, changed_owners])
            latitudes = np.concatenate([latitudes, delta.latitudes[changed]])
            longitudes = np.concatenate([longitudes, delta.longitudes[changed]])
        measured = haversine_km_many(latitude, longitude, latitudes, longitudes)
        return owners, latitudes, longitudes, measured


class Nearest(NamedTuple):
    """Trials nearest first; ``complete`` when no trial within the radius is left out."""

    rowids: IntArray
    distances: FloatArray
    complete: bool


class _Measured(NamedTuple):
    rowids: IntArray
    distances: FloatArray
    # Each site's finest-level Morton code.
    codes: CodeArray


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
