"""A parallel ingest prepares records in worker processes; the store must not tell.

Each record's bytes go once to a worker, which decodes it, runs the derivers, and
makes the stored row (encoded, hashed, compressed) and the search index's entry;
the writing process only writes (``trialfinder.ingest.rows``). These tests compare
that path with the in-process one (``--jobs 1``) on the real records: the rows a
worker sends back, and every table and search answer of the two stores.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from trialfinder.ingest import ingest_paths
from trialfinder.ingest.loader import default_derivers
from trialfinder.ingest.reader import RawRecord, iter_raw_records
from trialfinder.ingest.rows import prepare_batch
from trialfinder.ingest.workers import worker_pool
from trialfinder.search import build_query, locations, open_store, search
from trialfinder.search.sqlite_index import make_index_entry
from trialfinder.store import Store

_QUERIES = [
    {"text": "cancer"},
    {"condition": "breast cancer"},
    {"text": "cancer", "phases": ["2", "3"], "sex": "female"},
    {"text": "diabetes", "statuses": ["recruiting", "completed"]},
    {"statuses": ["recruiting"], "age": "62"},
    {"near": "Seoul", "within": "50km"},
    {"text": "cancer", "near": "Boston", "within": "100km", "sort": "distance"},
    {"sort": "updated"},
]


def _answer(store: Store, query: dict[str, object]) -> tuple[object, ...]:
    """What a search finds, apart from the order of equal scores (that follows how the
    index was split into segments, which depends on when it committed)."""
    result = search(store, build_query(**{"limit": 100, **query}))  # type: ignore[arg-type]
    hits = sorted((hit.nct_id, round(hit.score or 0.0, 3)) for hit in result.hits)
    return result.total, result.facets, hits if result.total <= 100 else len(hits)


def _real_paths() -> list[Path]:
    return [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE)]


def test_a_worker_prepares_the_same_rows_as_this_process() -> None:
    items = list(iter_raw_records(_real_paths()))
    assert any(isinstance(item, RawRecord) and item.kind == "xml" for item in items)
    derivers = default_derivers()
    here = prepare_batch(items, derivers, make_index_entry)
    pool = worker_pool(1)
    try:
        there = pool.submit(prepare_batch, items, derivers, make_index_entry).result()
    finally:
        pool.shutdown()
    assert len(here.records) == len(items) == 293
    assert there == here


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row a store file holds about its trials and their index, place ids as names."""
    connection = sqlite3.connect(path)
    try:
        names = dict(
            (number, (country, city))
            for number, country, city in connection.execute(
                "SELECT id, country, city FROM search_place_name"
            )
        )
        sites = [
            (rowid, change_seq, points, sorted(names[number] for number in _ids(places)))
            for rowid, change_seq, points, places in connection.execute(
                "SELECT trial_rowid, change_seq, points, places FROM search_site ORDER BY 1"
            )
        ]
        return {
            "trials": connection.execute("SELECT rowid, * FROM trials ORDER BY rowid").fetchall(),
            "derived": connection.execute("SELECT * FROM derived ORDER BY 1, 2").fetchall(),
            "sites": sites,  # type: ignore[dict-item]
            "locations": connection.execute(
                "SELECT country, city, trials FROM search_location ORDER BY 1, 2"
            ).fetchall(),
        }
    finally:
        connection.close()


def _ids(blob: bytes) -> list[int]:
    return [int.from_bytes(blob[at : at + 4], "little") for at in range(0, len(blob), 4)]


def test_workers_and_this_process_build_the_same_store(tmp_path: Path) -> None:
    stores = {}
    for jobs in (1, 2):
        path = tmp_path / f"jobs{jobs}.db"
        store = open_store(path)
        # Small batches, so that the workers prepare most of them.
        summary = ingest_paths(store, _real_paths(), batch_size=25, jobs=jobs)
        assert (summary.inserted, summary.derive_failures) == (293, [])
        stores[jobs] = store
    try:
        answers = {
            jobs: [_answer(store, query) for query in _QUERIES] for jobs, store in stores.items()
        }
        assert all(answer[0] for answer in answers[1])
        assert answers[2] == answers[1]
        assert locations(stores[2]) == locations(stores[1])
    finally:
        for store in stores.values():
            store.close()
    assert _tables(tmp_path / "jobs2.db") == _tables(tmp_path / "jobs1.db")
