"""The nearest site a near-a-place search shows, read through the site grid and its file.

A hit's nearest site is found from the grid's coordinates, by its point in the record's
JSON (the sites are not decoded); these tests hold it to what
:func:`trialfinder.places.nearest_site` computes from the whole trial record, on real
records, on sites whose text looks like JSON and on trials placed at the
antimeridian, near a pole, on a radius edge and without any located site, in real
SQLite stores (the grid saved beside the index, then patched after an update).
"""

from __future__ import annotations

import math
import shutil
import sqlite3
from array import array
from collections.abc import Iterator
from contextlib import closing
from itertools import islice
from pathlib import Path

import msgspec
import numpy as np
import pytest

from trialfinder.model import Contact, GeoPoint, Location, Trial
from trialfinder.places import haversine_km, nearest_site, resolve_place
from trialfinder.search import SearchQuery, SearchResult, build_query, open_store, search
from trialfinder.search.indexed_facts import stored_points, trial_facts
from trialfinder.search.site_grid import SiteGrid
from trialfinder.store import Store
from trialfinder.store.records import decompress_record
from trialfinder.store.sqlite import SCHEMA_VERSION

_GRID_FILE = "trialfinder-sites.grid"


def _pages(store: Store, query: SearchQuery) -> SearchResult:
    from trialfinder.search import decode_page_token

    first = search(store, query)
    hits, token = list(first.hits), first.next_page_token
    while token is not None:
        page = search(store, msgspec.structs.replace(query, offset=decode_page_token(token, query)))
        hits.extend(page.hits)
        token = page.next_page_token
    return SearchResult(total=first.total, hits=hits, facets=first.facets)


def _nearest_only(query: SearchQuery) -> SearchQuery:
    """What the web pages and JSON APIs ask: each hit's nearest site only."""
    return msgspec.structs.replace(query, other_sites=False)


def _expected_site(trial: Trial, latitude: float, longitude: float) -> tuple[object, ...] | None:
    found = nearest_site(trial.locations, latitude, longitude)
    if found is None:
        return None
    location, distance = found
    return (location.facility, location.city, location.country, round(distance, 3))


def _shown(result: SearchResult) -> dict[str, tuple[object, ...] | None]:
    return {
        hit.nct_id: None
        if hit.nearest_site is None
        else (
            hit.nearest_site.facility,
            hit.nearest_site.city,
            hit.nearest_site.country,
            hit.nearest_site.distance_km,
        )
        for hit in result.hits
    }


@pytest.mark.parametrize(
    ("place", "within", "sort"),
    [
        ("Seoul", "300km", "distance"),
        ("Lyon, France", "1000km", "relevance"),
        ("Boston", None, "distance"),
    ],
)
def test_nearest_site_shown_is_the_nearest_of_the_trial_record(
    loaded_store_path: Path, place: str, within: str | None, sort: str
) -> None:
    store = open_store(loaded_store_path)
    try:
        trials = {trial.nct_id: trial for trial in store.iter_trials()}
        centre = resolve_place(place)
        query = build_query(near=place, within=within, sort=sort, limit=50)
        shown = _shown(_pages(store, _nearest_only(query)))
        assert any(site is not None for site in shown.values())
        for nct_id, site in shown.items():
            assert site == _expected_site(trials[nct_id], centre.latitude, centre.longitude)
        # The CLI's path (every site decoded and sorted) shows the same nearest site.
        assert _shown(_pages(store, query)) == shown
    finally:
        store.close()


@pytest.fixture()
def placed_store(loaded_store_path: Path, tmp_path: Path) -> Iterator[tuple[Store, Trial]]:
    """An empty SQLite store and a real trial to copy, placed anew by each test."""
    source = open_store(loaded_store_path)
    template = next(islice(source.iter_trials(), 0, None))
    source.close()
    store = open_store(tmp_path / "placed.db")
    yield store, template
    store.close()


def _placed(template: Trial, nct_id: str, sites: list[tuple[str, float, float] | str]) -> Trial:
    """The template trial with these sites: (facility, latitude, longitude), or a
    facility name alone for a site without coordinates."""
    locations = [
        Location(facility=site, city="Nowhere", country="France")
        if isinstance(site, str)
        else Location(facility=site[0], country="France", geo_point=GeoPoint(site[1], site[2]))
        for site in sites
    ]
    return msgspec.structs.replace(template, nct_id=nct_id, locations=locations)


def test_antimeridian_pole_edge_and_siteless_trials(placed_store: tuple[Store, Trial]) -> None:
    store, template = placed_store
    edge_centre = (45.0, 5.0)
    edge_site = (45.3, 5.2)
    edge_km = haversine_km(*edge_centre, *edge_site)
    trials = [
        # Across the antimeridian: the site at -179.95 is nearer to -179.99 than 179.9 is.
        _placed(
            template, "NCT90000001", [("West of the line", 10.0, 179.9), ("East", 10.0, -179.95)]
        ),
        # Near the north pole: both sites are within 20 km of it, whatever their longitude.
        _placed(template, "NCT90000002", [("Pole A", 89.9, 0.0), ("Pole B", 89.95, 120.0)]),
        _placed(template, "NCT90000003", [("On the edge", *edge_site)]),
        _placed(template, "NCT90000004", ["Unplaced clinic", "Another unplaced clinic"]),
        # Many sites, the nearest twice at the same point: the registry's first is shown.
        _placed(
            template,
            "NCT90000005",
            [(f"Far {number}", 40.0 + number / 10, 3.0) for number in range(30)]
            + [("First at the point", 45.05, 5.05), ("Second at the point", 45.05, 5.05)],
        ),
    ]
    store.upsert_trials(trials)
    by_id = {trial.nct_id: trial for trial in trials}

    def near(latitude: float, longitude: float, within: str | None) -> dict[str, object]:
        query = build_query(
            near=f"{latitude}, {longitude}", within=within, sort="distance", limit=20
        )
        shown = _shown(_pages(store, _nearest_only(query)))
        for nct_id, site in shown.items():
            assert site == _expected_site(by_id[nct_id], latitude, longitude)
        return shown

    across = near(10.0, -179.99, "20km")
    assert set(across) == {"NCT90000001"}
    assert across["NCT90000001"] is not None and across["NCT90000001"][0] == "East"

    pole = near(90.0, 0.0, "20km")
    assert set(pole) == {"NCT90000002"}
    assert pole["NCT90000002"] is not None and pole["NCT90000002"][0] == "Pole B"

    assert "NCT90000003" in near(*edge_centre, f"{edge_km + 0.001:.3f}km")
    assert "NCT90000003" not in near(*edge_centre, f"{edge_km - 0.001:.3f}km")

    everywhere = near(*edge_centre, None)
    assert set(everywhere) == set(by_id)
    assert everywhere["NCT90000004"] is None
    assert list(everywhere)[-1] == "NCT90000004"  # no located site: after every placed trial
    assert everywhere["NCT90000005"] is not None
    assert everywhere["NCT90000005"][0] == "First at the point"


def test_site_text_that_looks_like_json_does_not_change_the_site_shown(
    placed_store: tuple[Store, Trial],
) -> None:
    """The nearest site is found in the record's JSON by its point: facility names and
    contacts holding braces, quotes and a point's own text (trial text is untrusted)
    still show the site the whole record gives."""
    store, template = placed_store
    tricky = [
        'Clinic {"geoPoint":{"lat":45.05,"lon":5.05}}',
        "Brace } and { and }} and {{",
        '"},{"facility":"Impostor","geoPoint":{"lat":45.05,"lon":5.05}}',
        'Backslash \\ and quote " and },{',
    ]
    far = [(name, 40.0, 3.0) for name in tricky]
    locations = [
        Location(
            facility=name,
            country="France",
            contacts=[Contact(name='{"lat":45.05,"lon":5.05}}', phone="}{")],
            geo_point=GeoPoint(latitude, longitude),
        )
        for name, latitude, longitude in [*far, (tricky[2], 45.05, 5.05), (tricky[0], 45.05, 5.05)]
    ]
    trial = msgspec.structs.replace(template, nct_id="NCT90000009", locations=locations)
    store.upsert_trials([trial])
    query = build_query(near="45.0, 5.0", within="50km", sort="distance", limit=5)
    shown = _shown(_pages(store, _nearest_only(query)))
    assert shown == {"NCT90000009": _expected_site(trial, 45.0, 5.0)}
    assert shown["NCT90000009"] is not None and shown["NCT90000009"][0] == tricky[2]


def test_grid_is_saved_beside_the_index_and_patched_after_an_update(
    placed_store: tuple[Store, Trial], tmp_path: Path
) -> None:
    store, template = placed_store
    lyon = [("Lyon site", 45.76, 4.84)]
    store.upsert_trials([_placed(template, f"NCT9100000{n}", lyon) for n in range(5)])
    query = _nearest_only(build_query(near="45.76, 4.84", within="10km", limit=20))
    assert search(store, query).total == 5
    grid_file = tmp_path / "placed.db.search" / _GRID_FILE
    assert grid_file.exists()
    saved = grid_file.stat()

    # Moved to Seoul after the grid was saved: the saved grid is patched, not rebuilt.
    store.upsert_trials([_placed(template, "NCT91000000", [("Seoul site", 37.57, 126.98)])])
    assert {hit.nct_id for hit in search(store, query).hits} == {
        f"NCT9100000{n}" for n in range(1, 5)
    }
    seoul = search(store, _nearest_only(build_query(near="37.57, 126.98", within="10km")))
    assert [hit.nct_id for hit in seoul.hits] == ["NCT91000000"]
    assert seoul.hits[0].nearest_site is not None
    assert seoul.hits[0].nearest_site.facility == "Seoul site"

    # Another process (here a second store) maps the same file and sees the same.
    other = open_store(tmp_path / "placed.db")
    try:
        assert [hit.nct_id for hit in search(other, query).hits] == [
            hit.nct_id for hit in search(store, query).hits
        ]
    finally:
        other.close()
    assert grid_file.stat().st_ino == saved.st_ino  # nobody rebuilt it


def test_saved_grid_answers_as_the_built_one(tmp_path: Path) -> None:
    random = np.random.default_rng(7)
    latitudes = np.concatenate([random.uniform(-90, 90, 3_000), [89.99, -89.99, 0.0, 0.0]])
    longitudes = np.concatenate([random.uniform(-180, 180, 3_000), [0.0, 0.0, 179.999, -180.0]])
    rowids = np.concatenate([random.integers(1, 800, 3_000), [900, 901, 902, 903]])
    built = SiteGrid(latitudes, longitudes, rowids)
    built.save(tmp_path / _GRID_FILE, watermark=42)
    opened = SiteGrid.open(tmp_path / _GRID_FILE)
    assert opened is not None
    saved, watermark = opened
    assert watermark == 42 and saved.sites == built.sites
    asked = np.arange(0, 1_000, dtype=np.int64)
    for latitude, longitude, radius in [
        (0.0, 179.99, 500.0),
        (90.0, 10.0, 200.0),
        (-30.0, 20.0, 3_000.0),
    ]:
        assert saved.within(latitude, longitude, radius) == built.within(
            latitude, longitude, radius
        )
        assert np.array_equal(
            saved.distances(latitude, longitude, asked), built.distances(latitude, longitude, asked)
        )
        expected = {
            int(rowid)
            for rowid, lat, lon in zip(rowids, latitudes, longitudes, strict=True)
            if haversine_km(latitude, longitude, float(lat), float(lon)) <= radius
        }
        assert set(saved.nearest(latitude, longitude, radius).rowids.tolist()) == expected
        # Within a radius, only the circle's sites are measured: the same distances
        # for the trials with a site in it, none for the others.
        whole = built.distances(latitude, longitude, asked)
        circle = saved.distances(latitude, longitude, asked, within_km=radius)
        assert np.array_equal(circle, np.where(whole <= radius, whole, np.inf))
        assert set(asked[np.isfinite(circle)].tolist()) == expected
    empty = SiteGrid(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    empty.save(tmp_path / "empty.grid", watermark=0)
    reopened = SiteGrid.open(tmp_path / "empty.grid")
    assert reopened is not None and reopened[0].sites == 0
    assert reopened[0].distances(1.0, 2.0, np.array([1, 2])).tolist() == [np.inf, np.inf]
    assert reopened[0].nearest_points(1.0, 2.0, np.array([1])) == [[]]
    assert reopened[0].within(1.0, 2.0, 50.0).edge_rowids == []
    assert SiteGrid.open(tmp_path / "missing.grid") is None
    (tmp_path / "junk.grid").write_bytes(b"not a grid")
    assert SiteGrid.open(tmp_path / "junk.grid") is None


def test_distances_within_a_radius_whether_the_circle_or_the_trials_sites_are_measured() -> None:
    """Few asked trials are measured at each of their sites, many only at the circle's
    (the cover): either way each trial's nearest site within the radius, the nearest of
    all its sites when that one is inside, infinite otherwise; changed trials included."""
    random = np.random.default_rng(11)
    count = 40_000  # more sites than the trials' own are measured for
    latitudes = random.uniform(40.0, 50.0, count)
    longitudes = random.uniform(0.0, 12.0, count)
    rowids = random.integers(1, 4_000, count)
    grid = SiteGrid(latitudes, longitudes, rowids)
    grid.update({7: [(45.0, 6.0), (48.85, 2.35)], 9: []})
    for asked in (np.arange(0, 4_001, dtype=np.int64), np.array([7, 9, 12, 3_999, 5_000])):
        for latitude, longitude, radius in [(45.0, 6.0, 50.0), (48.85, 2.35, 250.0)]:
            whole = grid.distances(latitude, longitude, asked)
            within = grid.distances(latitude, longitude, asked, within_km=radius)
            assert np.array_equal(within, np.where(whole <= radius, whole, np.inf))
            assert np.isfinite(within).any() and not np.isfinite(within).all()


def test_a_store_without_any_located_site(placed_store: tuple[Store, Trial]) -> None:
    store, template = placed_store
    store.upsert_trials([_placed(template, "NCT92000000", ["Unplaced clinic"])])
    nowhere = _nearest_only(build_query(near="Lyon, France", sort="distance"))
    result = search(store, nowhere)
    assert [hit.nct_id for hit in result.hits] == ["NCT92000000"]
    assert result.hits[0].nearest_site is None
    assert search(store, _nearest_only(build_query(near="Lyon, France", within="50km"))).total == 0


def test_searches_around_one_place_see_each_write(placed_store: tuple[Store, Trial]) -> None:
    """The circle around a place and the named-in queries of the default order are kept
    per data generation: a search after a write sees the trial written, in its place."""
    store, template = placed_store
    lyon = [("Lyon site", 45.76, 4.84)]
    titled = msgspec.structs.replace(
        _placed(template, "NCT92000001", lyon), brief_title="Zzyzxvaccine study"
    )
    store.upsert_trials([titled])
    around = build_query("zzyzxvaccine", near="45.76, 4.84", within="25km", limit=10)
    nearest = build_query("zzyzxvaccine", near="45.76, 4.84", limit=10)
    assert [hit.nct_id for hit in search(store, around).hits] == ["NCT92000001"]
    assert [hit.nct_id for hit in search(store, nearest).hits] == ["NCT92000001"]

    # A second trial, nearer and also named in its title; the first one moved away.
    closer = msgspec.structs.replace(
        _placed(template, "NCT92000002", [("Closer site", 45.761, 4.841)]),
        brief_title="Zzyzxvaccine trial",
    )
    store.upsert_trials([closer, _placed(template, "NCT92000001", [("Far", 10.0, 10.0)])])
    assert [hit.nct_id for hit in search(store, around).hits] == ["NCT92000002"]
    assert [hit.nct_id for hit in search(store, nearest).hits][:1] == ["NCT92000002"]


def test_a_grid_with_its_changes_folded_in_answers_as_one_built_from_the_current_sites() -> None:
    """Sites share points (city centroids): the grid keeps each point once. A grid that
    fell behind is brought up to date by folding its changed trials into a new main
    array; it answers as a grid built from the current sites and as the patched one."""
    random = np.random.default_rng(5)
    cities = np.column_stack([random.uniform(-60, 70, 40), random.uniform(-180, 180, 40)])
    cities = np.vstack([cities, [[0.0, 0.0], [-0.0, 0.0], [89.99, 179.999]]])
    chosen = random.integers(0, len(cities), 6_000)
    rowids = random.integers(1, 1_500, 6_000)
    sites: dict[int, list[tuple[float, float]]] = {}
    for rowid, city in zip(rowids.tolist(), chosen.tolist(), strict=True):
        point = (float(cities[city][0]), float(cities[city][1]))
        if point not in sites.setdefault(rowid, []):
            sites[rowid].append(point)

    def grid_of(points: dict[int, list[tuple[float, float]]]) -> SiteGrid:
        flat = [(rowid, *point) for rowid, located in points.items() for point in located]
        table = np.asarray(flat, dtype=np.float64).reshape(-1, 3)
        return SiteGrid(table[:, 1].copy(), table[:, 2].copy(), table[:, 0].astype(np.int64))

    patched = grid_of(sites)
    changes = {7: [(48.85, 2.35)], 9: [], 2_000: [(float(cities[3][0]), float(cities[3][1]))]}
    changes.update({rowid: [(35.0, 139.0)] for rowid in range(100, 400)})
    patched.update(changes)
    merged = patched.merged()
    current = {**sites, **changes}
    rebuilt = grid_of(current)
    assert merged.sites == rebuilt.sites == sum(map(len, current.values()))
    asked = np.arange(0, 2_100, dtype=np.int64)
    for latitude, longitude in [(float(cities[3][0]), float(cities[3][1])), (35.0, 139.0)]:
        for radius in (1.0, 800.0, 6_000.0):
            answers = [
                (
                    grid.within(latitude, longitude, radius),
                    grid.nearest(latitude, longitude, radius).rowids.tolist(),
                    grid.distances(latitude, longitude, asked).tolist(),
                    grid.distances(latitude, longitude, asked, within_km=radius).tolist(),
                )
                for grid in (patched, merged, rebuilt)
            ]
            assert answers[0] == answers[1] == answers[2]
        nearest = [grid.nearest_points(latitude, longitude, asked) for grid in (patched, merged)]
        assert nearest[0] == nearest[1] == rebuilt.nearest_points(latitude, longitude, asked)
    # Points are told apart by their bits: 0.0 and -0.0 stay as the records write them
    # (the hit's site is then found in the record by its written point).
    zeros = SiteGrid(np.array([0.0, -0.0]), np.array([0.0, 0.0]), np.array([1, 2]))
    found = zeros.nearest_points(0.0, 0.0, np.array([1, 2]))
    assert [[math.copysign(1.0, point[0]) for point in points] for points in found] == [
        [1.0],
        [-1.0],
    ]


def test_a_grid_file_far_behind_is_brought_up_to_date_from_the_changed_trials(
    placed_store: tuple[Store, Trial], tmp_path: Path
) -> None:
    """More changed trials than a patch is worth: the saved grid gets them folded in and
    is saved again, and searches see every trial where its record now places it."""
    store, real = placed_store
    # Short trials: only their sites matter here, and many are written.
    template = msgspec.structs.replace(
        real,
        brief_summary=None,
        detailed_description=None,
        eligibility=msgspec.structs.replace(real.eligibility, criteria_text=None),
    )
    lyon = [("Lyon site", 45.76, 4.84)]
    store.upsert_trials([_placed(template, f"NCT93{n:06d}", lyon) for n in range(1_200)])
    around_lyon = _nearest_only(build_query(near="45.76, 4.84", within="10km", limit=5))
    assert search(store, around_lyon).total == 1_200
    grid_file = tmp_path / "placed.db.search" / _GRID_FILE
    first = grid_file.stat()

    seoul = [("Seoul site", 37.57, 126.98)]
    store.upsert_trials([_placed(template, f"NCT93{n:06d}", seoul) for n in range(1_100)])
    around_seoul = _nearest_only(build_query(near="37.57, 126.98", within="10km", limit=5))
    assert search(store, around_seoul).total == 1_100
    assert search(store, around_lyon).total == 100
    assert grid_file.stat().st_ino != first.st_ino  # saved again, current
    reopened = open_store(tmp_path / "placed.db")
    try:
        assert search(reopened, around_seoul).total == 1_100
        hit = search(reopened, around_seoul).hits[0]
        assert hit.nearest_site is not None and hit.nearest_site.facility == "Seoul site"
    finally:
        reopened.close()


def test_every_stored_record_gives_the_site_points_its_trial_is_indexed_with(
    loaded_store_path: Path,
) -> None:
    """The site grid is built from the records' points alone: for every real record
    (API v2 and legacy XML) they are the points the trial's indexed facts hold."""
    store = open_store(loaded_store_path)
    try:
        records = store.get_records(list(store.iter_nct_ids()))
        located = 0
        for record in records.values():
            points = trial_facts(decompress_record(record)).points
            assert stored_points(record) == points
            located += bool(points)
        assert located > 100
    finally:
        store.close()


def _as_the_previous_trialfinder_left_it(path: Path) -> None:
    """The store as trialfinder wrote it before migration 5: every indexed trial's site
    coordinates in ``search_site.points`` (packed doubles), and a grid file of the layout
    that kept each site's own coordinates."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("ALTER TABLE search_site ADD COLUMN points BLOB NOT NULL DEFAULT x''")
        records = dict(connection.execute("SELECT rowid, record FROM trials"))
        connection.executemany(
            "UPDATE search_site SET points = ? WHERE trial_rowid = ?",
            [
                (
                    array(
                        "d", [value for point in stored_points(record) for value in point]
                    ).tobytes(),
                    rowid,
                )
                for rowid, record in records.items()
            ],
        )
        connection.execute("PRAGMA user_version = 5")
        connection.commit()
    finally:
        connection.close()
    grid_file = path.with_name(path.name + ".search") / _GRID_FILE
    grid_file.write_bytes(b"TFSITES1" + bytes(64))


def test_a_store_keeping_site_points_migrates_and_answers_the_same(
    loaded_store_path: Path, tmp_path: Path
) -> None:
    current = open_store(loaded_store_path)
    query = _nearest_only(build_query(near="Lyon, France", within="1000km", limit=50))
    try:
        expected = _shown(_pages(current, query))
    finally:
        current.close()
    old_path = tmp_path / "old.db"
    shutil.copyfile(loaded_store_path, old_path)
    shutil.copytree(
        loaded_store_path.with_name(loaded_store_path.name + ".search"),
        old_path.with_name("old.db.search"),
    )
    _as_the_previous_trialfinder_left_it(old_path)
    old = open_store(old_path)
    try:
        assert old.schema_version() == SCHEMA_VERSION
        assert _shown(_pages(old, query)) == expected
    finally:
        old.close()
    with closing(sqlite3.connect(old_path)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(search_site)")]
    assert columns == ["trial_rowid", "change_seq", "places"]


@pytest.mark.parametrize(
    ("text", "place", "within"),
    [
        ("breast cancer", "Seoul", "50km"),
        ("ovarian cancer", "Houston", "100km"),
        ("asthma", "Paris", None),
    ],
)
def test_a_search_near_a_place_reads_the_index_watermark_once_per_look_at_the_index(
    loaded_store_path: Path, text: str, place: str, within: str | None
) -> None:
    """The site grid a search orders and places its hits with is the one of the searcher's
    own data generation: a search near a place asks the database for the index's watermark
    once each time it looks at the index (once per relaxation tier), not again for the
    grid of its distance page and of its hits' nearest sites (~37 us a read under load,
    ~7 reads a page before). The page is the one a fresh store answers the first time."""
    store = open_store(loaded_store_path)
    try:
        query = _nearest_only(build_query(text, near=place, within=within, limit=10))
        first = search(store, query)
        statements: list[str] = []
        store.connection.set_trace_callback(statements.append)
        try:
            again = search(store, query)
        finally:
            store.connection.set_trace_callback(None)
        assert again == first
        reads = [statement for statement in statements if "FROM state" in statement]
        looks = [statement for statement in statements if "max(change_seq)" in statement]
        assert first.hits and len(looks) >= 1
        assert len(reads) == len(looks)
    finally:
        store.close()
