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

import msgspec
import pytest

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from trialfinder.ingest import RecordResult, ingest_paths, iter_records, sample_paths
from trialfinder.ingest.loader import Deriver, default_derivers, ingest_records
from trialfinder.ingest.reader import RawRecord, iter_raw_records
from trialfinder.ingest.rows import PreparedTrial, prepare_again, prepare_batch
from trialfinder.ingest.workers import worker_pool
from trialfinder.model import DerivedRecord, Trial
from trialfinder.search import build_query, locations, open_store, search
from trialfinder.search.sqlite_index import (
    make_index_entry,
    place_ids_packed,
    place_ids_unpacked,
)
from trialfinder.store import Store
from trialfinder.vocabulary import load_vocabulary

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
            (rowid, change_seq, sorted(names[number] for number in place_ids_unpacked(places)))
            for rowid, change_seq, places in connection.execute(
                "SELECT trial_rowid, change_seq, places FROM search_site ORDER BY 1"
            )
        ]
        return {
            "trials": connection.execute("SELECT rowid, * FROM trials ORDER BY rowid").fetchall(),
            # The derived table's integer key only says in which order rows were written
            # (kept kind by kind so pages fill), not what a store holds.
            "derived": connection.execute(
                "SELECT kind, nct_id, version, data FROM derived ORDER BY kind, nct_id"
            ).fetchall(),
            "sites": sites,  # type: ignore[dict-item]
            "locations": connection.execute(
                "SELECT country, city, trials FROM search_location ORDER BY 1, 2"
            ).fetchall(),
        }
    finally:
        connection.close()


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


def _title_record(trial: Trial) -> list[DerivedRecord]:
    """A deriver a worker process can be given (module level): the trial's title."""
    return [DerivedRecord(trial.nct_id, "title", "1", trial.brief_title.encode())]


def _failing(trial: Trial) -> list[DerivedRecord]:
    """A deriver that reports every trial it is given (as a derive failure)."""
    raise ValueError(trial.nct_id)


def _sample_trials() -> list[Trial]:
    return [record.trial for record in iter_records(sample_paths()) if record.trial][:60]


def test_workers_do_not_prepare_what_the_store_holds(store_url: str) -> None:
    """A re-ingest with workers derives nothing: they ask the store what it holds."""
    store = open_store(store_url)
    try:
        records = [RecordResult(where=f"t#{n}", trial=t) for n, t in enumerate(_sample_trials())]
        derivers = [Deriver(kind="failing", version="1", derive=_failing)]
        first = ingest_records(store, records, derivers=derivers, batch_size=10, jobs=2)
        assert (first.inserted, len(first.derive_failures)) == (60, 60)
        again = ingest_records(store, records, derivers=derivers, batch_size=10, jobs=2)
        assert (again.unchanged, again.derive_failures) == (60, [])
    finally:
        store.close()


def test_a_held_copy_written_after_another_copy_is_derived_again(tmp_path: Path) -> None:
    """The store holds X; the input has X' (same date, other content), then X again.
    X may be judged "held" before X' lands; written over X' it must bring its own
    derived records back, whichever process prepared it and whenever."""
    original = _sample_trials()[0]
    other = msgspec.structs.replace(original, brief_title="Another title")
    derivers = [Deriver(kind="title", version="1", derive=_title_record)]
    store = open_store(tmp_path / "again.db")
    try:
        ingest_records(store, [RecordResult(where="x", trial=original)], derivers=derivers)
        # X' is prepared here (the first record), X by a worker while X' waits its turn.
        records = [RecordResult(where="x'", trial=other), RecordResult(where="x", trial=original)]
        summary = ingest_records(store, records, derivers=derivers, batch_size=2, jobs=2)
        assert summary.updated == 2
        stored = store.get_trial(original.nct_id)
        assert stored is not None and stored.brief_title == original.brief_title
        title = store.get_derived("title", [original.nct_id])[original.nct_id]
        assert title.data == original.brief_title.encode()
        hits = search(store, build_query(text=original.brief_title, limit=100)).hits
        assert original.nct_id in {hit.nct_id for hit in hits}
    finally:
        store.close()


def _title_unless_it_names_cancer(trial: Trial) -> list[DerivedRecord]:
    """A deriver that fails on some real trials (those whose title names cancer)."""
    if "cancer" in trial.brief_title.lower():
        raise ValueError(trial.nct_id)
    return _title_record(trial)


def test_a_batch_prepares_each_trial_as_it_alone_would_be_prepared() -> None:
    """A batch is prepared one step at a time over all its trials (every parse, then every
    stored record, every index entry...): each record, derived record and failure is the
    one that preparing its trial alone gives, in read order."""
    items = list(iter_raw_records(_real_paths()))
    derivers = [
        *default_derivers(),
        Deriver(kind="title", version="1", derive=_title_unless_it_names_cancer),
    ]
    batch = prepare_batch(items, derivers, make_index_entry)
    alone = [prepare_batch([item], derivers, make_index_entry) for item in items]
    assert batch.records == [one.records[0] for one in alone]
    assert batch.derive_failures == [failure for one in alone for failure in one.derive_failures]
    assert 0 < len(batch.derive_failures) < len(items)


def test_a_trial_prepared_again_equals_one_prepared_in_full() -> None:
    trial = _sample_trials()[0]
    derivers = [Deriver(kind="title", version="1", derive=_title_record)]
    record = RecordResult(where="x", trial=trial)
    held = prepare_batch([record], derivers, make_index_entry, lambda _: {trial.nct_id})
    full = prepare_batch([record], derivers, make_index_entry)
    assert isinstance(held.records[0], PreparedTrial) and held.records[0].derived is None
    assert prepare_again(held.records[0], derivers, make_index_entry, []) == full.records[0]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_study_twice_in_a_batch_is_judged_copy_by_copy(tmp_path: Path, jobs: int) -> None:
    """Each copy is written in its turn, against the one before it: the newer wins
    whichever comes first, and the derived records are the stored copy's."""
    trials = _sample_trials()
    older = msgspec.structs.replace(trials[0], source_last_updated="2001-01-01")
    newer = msgspec.structs.replace(
        trials[0], brief_title="The newer copy", source_last_updated="2099-01-01"
    )
    derivers = [Deriver(kind="title", version="1", derive=_title_record)]
    # With workers, the first record is prepared here and the next batch of 6 (both copies)
    # by a worker; more input follows, so that batch is not the last.
    before = [RecordResult(where="pad", trial=trials[6])]
    between = [RecordResult(where=f"t#{n}", trial=t) for n, t in enumerate(trials[1:5])]
    after = [RecordResult(where=f"u#{n}", trial=t) for n, t in enumerate(trials[7:13])]
    for name, first, second, counts in (
        ("rising", older, newer, (12, 1, 0)),
        ("falling", newer, older, (12, 0, 1)),
    ):
        store = open_store(tmp_path / f"{name}.db")
        try:
            records = [
                *before,
                RecordResult(where="first", trial=first),
                *between,
                RecordResult(where="second", trial=second),
                *after,
            ]
            summary = ingest_records(store, records, derivers=derivers, batch_size=7, jobs=jobs)
            assert (summary.inserted, summary.updated, summary.unchanged) == counts
            stored = store.get_trial(trials[0].nct_id)
            assert stored is not None and stored.brief_title == "The newer copy"
            title = store.get_derived("title", [trials[0].nct_id])[trials[0].nct_id]
            assert title.data == b"The newer copy"
        finally:
            store.close()


def _vocabulary_is_loaded() -> bool:
    return load_vocabulary.cache_info().currsize > 0


def test_workers_fork_with_the_vocabulary_the_index_entry_maker_loaded(tmp_path: Path) -> None:
    """An ingest asks its store for the index entry maker once, before it forks its
    workers; asking loads the vocabulary the entries read, so that no worker loads it again
    (and no entry asks for it)."""
    store = open_store(tmp_path / "maker.db")
    try:
        load_vocabulary.cache_clear()
        assert store.index_entry_maker() is make_index_entry
        assert _vocabulary_is_loaded()
        pool = worker_pool(1)
        try:
            assert pool.submit(_vocabulary_is_loaded).result()
        finally:
            pool.shutdown()
    finally:
        store.close()


def test_a_trials_place_ids_read_back_from_their_gaps_wide_ones_included() -> None:
    """``search_site.places`` keeps sorted place ids as 16-bit gaps; a gap of 65,535 or more
    (a store with that many places) takes three halves and reads back the same."""
    for ids in (
        [],
        [1],
        [3, 1, 2],
        [7, 65_534, 65_535, 65_536 + 9],
        [65_535],
        [65_535, 131_070],
        [70_000, 5_000_000, 2**32 - 1],
    ):
        packed = place_ids_packed(ids)
        assert place_ids_unpacked(packed) == sorted(ids)
    assert len(place_ids_packed(range(1, 23))) == 44
