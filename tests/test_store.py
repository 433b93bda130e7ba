"""The Store protocol, run against SQLite and PostgreSQL alike (the ``store_url`` fixture).

Each test holds on both backends; the few PostgreSQL-only tests cover what
SQLite has no equivalent for (a read replica URL).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec
import psycopg
import pytest

from pg_server import PostgresServer
from trialfinder.ingest import RecordResult, ingest_paths, iter_records, sample_paths
from trialfinder.ingest.loader import Deriver, ingest_records
from trialfinder.model import Trial
from trialfinder.search import (
    SearchQuery,
    SearchResult,
    build_query,
    index_of,
    locations,
    open_store,
    search,
)
from trialfinder.settings import READ_DB_ENVIRONMENT, Settings
from trialfinder.store import DerivedRecord, Store
from trialfinder.store import postgres as postgres_store
from trialfinder.store import sqlite as sqlite_store


def make_trial(
    nct_id: str,
    updated: str | None = "2024-01-01",
    title: str = "A study",
    status: str | None = "RECRUITING",
    study_type: str | None = "INTERVENTIONAL",
) -> Trial:
    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        brief_title=title,
        overall_status=status,
        study_type=study_type,
        conditions=["Asthma"],
        source_last_updated=updated,
    )


def derived_for(nct_id: str, version: str = "1", data: bytes = b"parsed") -> DerivedRecord:
    return DerivedRecord(nct_id=nct_id, kind="criteria", version=version, data=data)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


def test_new_trials_are_inserted_and_read_back_whole(store: Store) -> None:
    trials = [make_trial("NCT00000001"), make_trial("NCT00000002", title="Second")]

    assert store.upsert_trials(trials) == ["inserted", "inserted"]
    assert store.get_trial("NCT00000002") == trials[1]
    assert store.get_trial(" nct00000001 ") == trials[0]
    assert store.get_trial("NCT09999999") is None


def test_newer_source_update_replaces_the_stored_trial(store: Store) -> None:
    store.upsert_trials([make_trial("NCT00000001", updated="2024-01-01")])
    newer = make_trial("NCT00000001", updated="2024-06-01", title="Renamed")

    assert store.upsert_trials([newer]) == ["updated"]
    assert store.get_trial("NCT00000001") == newer


def test_older_source_update_never_overwrites_a_newer_one(store: Store) -> None:
    newer = make_trial("NCT00000001", updated="2024-06-01", title="Current")
    store.upsert_trials([newer])

    outcomes = store.upsert_trials([make_trial("NCT00000001", updated="2023-01-01", title="Old")])

    assert outcomes == ["unchanged"]
    assert store.get_trial("NCT00000001") == newer


def test_dated_copy_is_not_replaced_by_an_undated_one(store: Store) -> None:
    dated = make_trial("NCT00000001", updated="2024-06-01")
    store.upsert_trials([dated])

    assert store.upsert_trials([make_trial("NCT00000001", updated=None, title="X")]) == [
        "unchanged"
    ]
    assert store.get_trial("NCT00000001") == dated


def test_identical_copy_is_unchanged_and_same_date_new_content_updates(store: Store) -> None:
    store.upsert_trials([make_trial("NCT00000001")])

    assert store.upsert_trials([make_trial("NCT00000001")]) == ["unchanged"]
    assert store.upsert_trials([make_trial("NCT00000001", title="Corrected")]) == ["updated"]


def test_repeated_nct_id_in_one_batch_is_applied_in_order(store: Store) -> None:
    outcomes = store.upsert_trials(
        [
            make_trial("NCT00000001", updated="2024-01-01", title="First"),
            make_trial("NCT00000002"),
            make_trial("NCT00000001", updated="2024-02-01", title="Second"),
            make_trial("NCT00000001", updated="2023-01-01", title="Stale"),
        ]
    )

    assert outcomes == ["inserted", "inserted", "updated", "unchanged"]
    stored = store.get_trial("NCT00000001")
    assert stored is not None and stored.brief_title == "Second"


def test_derived_records_are_written_only_for_trials_that_changed(store: Store) -> None:
    store.upsert_trials([make_trial("NCT00000001")], derived=[derived_for("NCT00000001")])

    store.upsert_trials(
        [make_trial("NCT00000001"), make_trial("NCT00000002")],
        derived=[derived_for("NCT00000001", data=b"redone"), derived_for("NCT00000002")],
    )

    found = store.get_derived("criteria", ["NCT00000001", "NCT00000002", "NCT00000003"])
    assert found == {
        "NCT00000001": derived_for("NCT00000001"),
        "NCT00000002": derived_for("NCT00000002"),
    }


def test_put_derived_overwrites_and_stale_derived_lists_missing_or_old(store: Store) -> None:
    store.upsert_trials([make_trial(f"NCT0000000{number}") for number in (1, 2, 3)])
    store.put_derived([derived_for("NCT00000001", version="1"), derived_for("NCT00000002")])
    store.put_derived([derived_for("NCT00000002", version="2", data=b"new")])

    assert list(store.stale_derived("criteria", "2")) == ["NCT00000001", "NCT00000003"]
    assert sorted(record.nct_id for record in store.iter_derived("criteria")) == [
        "NCT00000001",
        "NCT00000002",
    ]
    assert store.get_derived("criteria", ["NCT00000002"])["NCT00000002"].data == b"new"


def test_state_is_set_replaced_and_cleared(store: Store) -> None:
    assert store.get_state("sync.cursor") is None
    store.set_state("sync.cursor", "page-1")
    store.set_state("sync.cursor", "page-2")
    assert store.get_state("sync.cursor") == "page-2"
    store.set_state("sync.cursor", None)
    assert store.get_state("sync.cursor") is None


def test_setdefault_state_keeps_the_value_stored_first_by_any_process(
    store: Store, store_url: str
) -> None:
    other = open_store(store_url)  # another web node on the same database
    try:
        generation = store.data_generation()
        assert store.setdefault_state("secret", "first") == "first"
        moved = store.data_generation()
        assert moved != generation
        assert other.setdefault_state("secret", "second") == "first"
        assert store.get_state("secret") == other.get_state("secret") == "first"
        assert store.data_generation() == moved, "keeping the value is no new data"
    finally:
        other.close()


def test_state_commits_with_the_batch_it_came_with(store: Store) -> None:
    store.upsert_trials([make_trial("NCT00000001")], state={"sync.cursor": "page-1"})
    store.upsert_trials([make_trial("NCT00000001")], state={"sync.cursor": None, "a": "b"})

    assert store.get_state("sync.cursor") is None
    assert store.get_state("a") == "b"


class ExplodingRecords(Sequence[DerivedRecord]):
    """Fails while the store writes derived records, i.e. after the trials went in."""

    def __len__(self) -> int:
        return 1

    def __getitem__(self, index: int) -> DerivedRecord:
        raise RuntimeError("deriver crashed")

    def __iter__(self) -> Iterator[DerivedRecord]:
        raise RuntimeError("deriver crashed")


def test_a_failed_batch_leaves_no_trace(store: Store) -> None:
    store.upsert_trials([make_trial("NCT00000001", title="Before")])

    with pytest.raises(RuntimeError, match="deriver crashed"):
        store.upsert_trials(
            [make_trial("NCT00000001", updated="2025-01-01"), make_trial("NCT00000002")],
            derived=ExplodingRecords(),
            state={"sync.cursor": "page-9"},
        )

    assert store.count_trials() == 1
    stored = store.get_trial("NCT00000001")
    assert stored is not None and stored.brief_title == "Before"
    assert store.get_state("sync.cursor") is None


def test_nul_characters_in_registry_text_are_stored_and_searchable(store: Store) -> None:
    trial = msgspec.structs.replace(
        make_trial("NCT00000001", title="Nul\x00 byte asthma study", status="RECRUITING\x00"),
        conditions=["Asth\x00ma"],
        source_last_updated="2024-01-01\x00",
    )

    assert store.upsert_trials([trial]) == ["inserted"]
    assert store.get_trial("NCT00000001") == trial
    assert [hit.nct_id for hit in search(store, build_query("byte study")).hits] == ["NCT00000001"]
    assert store.get_trial("NCT0000\x000001") in (None, trial)


def test_get_trials_keeps_the_order_asked_and_skips_unknown_ids(store: Store) -> None:
    store.upsert_trials([make_trial(f"NCT0000000{number}") for number in (1, 2, 3)])

    found = store.get_trials(["NCT00000003", "NCT09999999", "nct00000001", "NCT00000002"])

    assert [trial.nct_id for trial in found] == ["NCT00000003", "NCT00000001", "NCT00000002"]
    assert store.get_trials([]) == []


class _TitleAndConditions(msgspec.Struct):
    nct_id: str
    brief_title: str | None = None
    conditions: list[str] = []


def test_get_trial_parts_decodes_only_the_fields_asked_in_the_order_asked(store: Store) -> None:
    store.upsert_trials([make_trial(f"NCT0000000{number}") for number in (1, 2, 3)])
    wanted = ["NCT00000003", "NCT09999999", "nct00000001"]

    parts = store.get_trial_parts(wanted, _TitleAndConditions)

    whole = store.get_trials(wanted)
    assert parts == [
        _TitleAndConditions(trial.nct_id, trial.brief_title, trial.conditions) for trial in whole
    ]
    assert [part.nct_id for part in parts] == ["NCT00000003", "NCT00000001"]
    assert store.get_trial_parts([], _TitleAndConditions) == []


def test_iteration_covers_every_trial_in_insertion_and_id_order(store: Store) -> None:
    ids = [f"NCT{number:08d}" for number in (7, 3, 11, 1, 5)]
    store.upsert_trials([make_trial(nct_id) for nct_id in ids])

    assert [trial.nct_id for trial in store.iter_trials(batch_size=2)] == ids
    assert list(store.iter_nct_ids()) == sorted(ids)
    assert store.count_trials() == 5


def test_stats_count_by_status_type_and_source(store: Store) -> None:
    store.upsert_trials(
        [
            make_trial("NCT00000001", status="RECRUITING", updated="2024-03-01"),
            make_trial("NCT00000002", status="COMPLETED", updated="2025-01-02"),
            make_trial("NCT00000003", status="RECRUITING", study_type=None),
            make_trial("NCT00000004", status=None, study_type="OBSERVATIONAL"),
        ]
    )

    stats = store.stats()

    assert stats.total == 4
    assert list(stats.by_status.items()) == [
        ("RECRUITING", 2),
        ("UNSPECIFIED", 1),
        ("COMPLETED", 1),
    ]
    assert list(stats.by_study_type.items()) == [
        ("INTERVENTIONAL", 2),
        ("UNSPECIFIED", 1),
        ("OBSERVATIONAL", 1),
    ]
    assert stats.by_source == {"ctgov_v2_json": 4}
    assert stats.last_updated == "2025-01-02"


def test_sample_ingest_gives_the_same_stats_as_on_sqlite(store: Store, tmp_path: Path) -> None:
    reference = open_store(tmp_path / "reference.db")
    try:
        ingest_paths(reference, sample_paths())
        expected = reference.stats()
        expected_trials = list(reference.iter_trials())
    finally:
        reference.close()

    summary = ingest_paths(store, sample_paths())

    assert summary.ingested == expected.total
    assert store.stats() == expected
    assert list(store.iter_trials()) == expected_trials
    assert ingest_paths(store, sample_paths()).unchanged == summary.read - len(summary.skipped)


def test_readers_see_whole_batches_while_a_write_is_in_progress(store_url: str) -> None:
    writer, reader = open_store(store_url), open_store(store_url)
    batch_size, batches = 50, 20
    seen_counts: list[int] = []
    done = threading.Event()

    def write() -> None:
        try:
            for batch in range(batches):
                writer.upsert_trials(
                    [make_trial(f"NCT{batch:04d}{row:04d}") for row in range(batch_size)]
                )
        finally:
            done.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while not done.is_set():
            seen_counts.append(reader.count_trials())
    finally:
        thread.join()
        writer.close()
    seen_counts.append(reader.count_trials())
    reader.close()

    assert all(count % batch_size == 0 for count in seen_counts)
    assert seen_counts[-1] == batch_size * batches


def test_concurrent_ingests_of_the_same_ids_keep_the_newest_copy(store_url: str) -> None:
    ids = [f"NCT{number:08d}" for number in range(200)]
    old = [make_trial(nct_id, updated="2024-01-01", title="old") for nct_id in ids]
    new = [make_trial(nct_id, updated="2025-01-01", title="new") for nct_id in reversed(ids)]
    stores = [open_store(store_url), open_store(store_url)]
    errors: list[BaseException] = []

    def ingest(store: Store, trials: list[Trial]) -> None:
        try:
            for start in range(0, len(trials), 25):
                store.upsert_trials(trials[start : start + 25])
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=ingest, args=(stores[0], old)),
        threading.Thread(target=ingest, args=(stores[1], new)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for opened in stores:
        opened.close()

    assert errors == []
    check = open_store(store_url)
    try:
        assert check.count_trials() == len(ids)
        assert {trial.brief_title for trial in check.iter_trials()} == {"new"}
    finally:
        check.close()


def schema_version(store_url: str) -> int:
    opened = open_store(store_url)
    try:
        return int(opened.schema_version())
    finally:
        opened.close()


def latest_schema_version(store_url: str) -> int:
    """The schema version this trialfinder migrates a database of ``store_url``'s kind to."""
    if store_url.startswith("postgresql://"):
        return postgres_store.SCHEMA_VERSION
    return sqlite_store.SCHEMA_VERSION


def set_recorded_version(store_url: str, version: int) -> None:
    """Make the database claim a schema version, as an older or newer trialfinder left it."""
    if store_url.startswith("postgresql://"):
        with psycopg.connect(store_url, autocommit=True) as connection:
            connection.execute("DELETE FROM schema_version WHERE version > %s", (version,))
            connection.execute(
                "INSERT INTO schema_version (version) SELECT generate_series(1, %s)"
                " ON CONFLICT DO NOTHING",
                (version,),
            )
    else:
        with sqlite3.connect(store_url) as connection:
            connection.execute(f"PRAGMA user_version = {version}")


def create_first_schema_version(store_url: str) -> None:
    """A database as trialfinder's first schema version left it."""
    if store_url.startswith("postgresql://"):
        with psycopg.connect(store_url, autocommit=True) as connection:
            connection.execute(
                "CREATE TABLE schema_version (version integer PRIMARY KEY,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            for statement in postgres_store.MIGRATIONS[0]:
                connection.execute(statement)
            connection.execute("INSERT INTO schema_version (version) VALUES (1)")
    else:
        with sqlite3.connect(store_url) as connection:
            for statement in sqlite_store.MIGRATIONS[0]:
                connection.execute(statement)
            connection.execute("PRAGMA user_version = 1")


def test_reopening_keeps_the_data_and_the_schema_version(store_url: str) -> None:
    first = open_store(store_url)
    first.upsert_trials([make_trial("NCT00000001")])
    first.close()

    reopened = open_store(store_url)
    try:
        assert reopened.count_trials() == 1
    finally:
        reopened.close()
    assert schema_version(store_url) == latest_schema_version(store_url)


def test_a_first_version_database_is_migrated_on_open(store_url: str) -> None:
    create_first_schema_version(store_url)

    migrated = open_store(store_url)
    try:
        assert migrated.upsert_trials([make_trial("NCT00000001")]) == ["inserted"]
        assert migrated.get_trial("NCT00000001") == make_trial("NCT00000001")
    finally:
        migrated.close()
    assert schema_version(store_url) == latest_schema_version(store_url)


def test_a_database_from_a_newer_trialfinder_is_refused(store_url: str) -> None:
    open_store(store_url).close()
    set_recorded_version(store_url, 99)

    with pytest.raises(RuntimeError, match="newer than this trialfinder"):
        open_store(store_url)


@pytest.mark.postgres
def test_read_url_serves_user_reads_while_writes_go_to_the_primary(
    postgres_server: PostgresServer,
) -> None:
    primary_url = postgres_server.create_database()
    replica_url = postgres_server.create_database()
    try:
        replica = postgres_store.PostgresStore(replica_url)
        index_of(replica)
        replica.upsert_trials([make_trial("NCT00000009", title="Only on the replica")])
        replica.close()
        read_only_replica = f"{replica_url}?options=-c%20default_transaction_read_only%3Don"

        store = postgres_store.PostgresStore(primary_url, read_url=read_only_replica)
        index_of(store)
        try:
            store.upsert_trials([make_trial("NCT00000001")], state={"sync.cursor": "p1"})

            assert getattr(store.get_trial("NCT00000009"), "nct_id", None) == "NCT00000009"
            assert store.get_trial("NCT00000001") is None
            assert [trial.nct_id for trial in store.get_trials(["NCT00000009"])] == ["NCT00000009"]
            assert store.count_trials() == 1
            assert list(store.iter_nct_ids()) == ["NCT00000001"]
            assert store.get_state("sync.cursor") == "p1"
        finally:
            store.close()
    finally:
        postgres_server.drop_database(primary_url)
        postgres_server.drop_database(replica_url)


@pytest.mark.postgres
def test_read_db_environment_variable_sets_the_read_url(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    primary_url = postgres_server.create_database()
    try:
        monkeypatch.setenv(READ_DB_ENVIRONMENT, primary_url)
        settings = Settings.read(db=primary_url)
        store = open_store(settings.db, read_url=settings.read_db)
        try:
            assert store.read_url == primary_url
        finally:
            store.close()
    finally:
        postgres_server.drop_database(primary_url)


def test_every_real_record_reads_back_as_on_the_sqlite_store(
    loaded_store_url: str, loaded_store_path: Path
) -> None:
    reference, store = open_store(loaded_store_path), open_store(loaded_store_url)
    try:
        ids = list(reference.iter_nct_ids())
        assert list(store.iter_nct_ids()) == ids
        assert store.stats() == reference.stats()
        assert store.get_trials(ids) == reference.get_trials(ids)
    finally:
        reference.close()
        store.close()


PATIENT_NOTE = (
    "62 year old woman with type 2 diabetes diagnosed ten years ago, treated with metformin "
    "and sitagliptin, HbA1c 8.1 percent, BMI 31, hypertension controlled on lisinopril, "
    "no history of cancer, heart failure or stroke, creatinine normal, lives in Pune, India."
) * 3

# (query, whether the two backends must agree on order too: all but relevance ranking)
PARITY_QUERIES = [
    pytest.param(build_query("breast cancer"), False, id="text"),
    pytest.param(build_query("diabetes", statuses=["recruiting"]), False, id="text+status"),
    pytest.param(build_query(condition="asthma"), False, id="condition-field"),
    pytest.param(build_query(intervention="pembrolizumab"), False, id="intervention-field"),
    pytest.param(build_query("Sjögren's non-small-cell"), False, id="accents-hyphens"),
    pytest.param(build_query("xyzzyplugh"), True, id="no-match"),
    pytest.param(build_query(), True, id="empty-by-update"),
    pytest.param(
        build_query(phases=["phase 3"], sex="female", age="45", healthy_volunteers=False),
        True,
        id="filters",
    ),
    pytest.param(
        build_query(funder_types=["industry"], intervention_types=["drug"], sort="updated"),
        True,
        id="funder+itype",
    ),
    pytest.param(build_query("cancer", near="Seoul", within="100 km"), False, id="near-radius"),
    pytest.param(
        build_query(near="Mumbai", within="300 km", sort="distance"), True, id="near-distance"
    ),
    # The default near a place: nearest band first (no text: plainly nearest first).
    pytest.param(build_query(near="Mumbai", within="300 km"), True, id="near-default"),
    pytest.param(build_query("cancer", near="Lyon, France"), False, id="near-default-text"),
]


def all_pages(store: Store, query: SearchQuery) -> SearchResult:
    first = search(store, msgspec.structs.replace(query, limit=100))
    hits = list(first.hits)
    while len(hits) < first.total:
        page = search(store, msgspec.structs.replace(query, limit=100, offset=len(hits)))
        assert page.hits, "a page came back empty before the total was reached"
        hits.extend(page.hits)
    return SearchResult(total=first.total, hits=hits, facets=first.facets)


@pytest.mark.parametrize(("query", "same_order"), PARITY_QUERIES)
def test_search_gives_the_sqlite_result_set(
    loaded_store_url: str, loaded_store_path: Path, query: SearchQuery, same_order: bool
) -> None:
    reference, store = open_store(loaded_store_path), open_store(loaded_store_url)
    try:
        expected, found = all_pages(reference, query), all_pages(store, query)
        assert found.total == expected.total
        assert found.facets == expected.facets
        expected_ids = [hit.nct_id for hit in expected.hits]
        found_ids = [hit.nct_id for hit in found.hits]
        assert sorted(found_ids) == sorted(expected_ids)
        if same_order:
            assert found_ids == expected_ids
            assert [hit.nearest_site for hit in found.hits] == [
                hit.nearest_site for hit in expected.hits
            ]
        assert locations(store) == locations(reference)
    finally:
        reference.close()
        store.close()


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(build_query("lung cancer pembrolizumab zzqx"), id="relaxed"),
        pytest.param(
            build_query("lung cancer pembrolizumab zzqx", near="Seoul", within="2000 km"),
            id="relaxed-near-a-place",
        ),
        pytest.param(build_query(PATIENT_NOTE), id="patient-note"),
    ],
)
def test_long_descriptions_find_overlapping_trials_on_both_backends(
    loaded_store_url: str, loaded_store_path: Path, query: SearchQuery
) -> None:
    """Which words of a description are "too common" depends on each index's word
    counts (exact on PostgreSQL, per field on SQLite): close, not always equal."""
    reference, store = open_store(loaded_store_path), open_store(loaded_store_url)
    try:
        expected = {hit.nct_id for hit in all_pages(reference, query).hits}
        found = {hit.nct_id for hit in all_pages(store, query).hits}
    finally:
        reference.close()
        store.close()
    assert expected and found
    assert len(expected & found) >= min(len(expected), len(found)) / 2


def test_locations_list_cities_of_a_country_as_on_sqlite(
    loaded_store_url: str, loaded_store_path: Path
) -> None:
    reference, store = open_store(loaded_store_path), open_store(loaded_store_url)
    try:
        assert locations(store, "India") == locations(reference, "India")
        assert locations(store, "india") != []
    finally:
        reference.close()
        store.close()


@pytest.mark.postgres
def test_a_database_indexed_before_field_words_is_migrated_and_finds_the_same_trials(
    postgres_server: PostgresServer,
) -> None:
    """Schema version 4 fills the field-words columns from the stored headlines, and
    version 5 folds them with the tags into search_match."""
    url = postgres_server.create_database()
    try:
        store = open_store(url)
        ingest_paths(store, sample_paths())
        queries = [param.values[0] for param in PARITY_QUERIES]
        expected = [
            [hit.nct_id for hit in all_pages(store, query).hits]  # type: ignore[arg-type]
            for query in queries
        ]
        store.close()
        with psycopg.connect(url, autocommit=True) as connection:
            # Back to version 3's layout: words, tags and ages in search_doc.
            connection.execute(
                "ALTER TABLE search_doc ADD COLUMN minimum_age double precision,"
                " ADD COLUMN maximum_age double precision, ADD COLUMN tags text[],"
                " ADD COLUMN document tsvector"
            )
            connection.execute(
                "UPDATE search_doc AS doc SET minimum_age = m.minimum_age,"
                " maximum_age = m.maximum_age,"
                " tags = array(SELECT substr(lexeme, 3) FROM unnest(tsvector_to_array(m.words))"
                "   AS lexeme WHERE lexeme LIKE 't:%'),"
                " document = array_to_tsvector(array(SELECT lexeme"
                "   FROM unnest(tsvector_to_array(m.words)) AS lexeme"
                "   WHERE strpos(lexeme, ':') = 0 AND strpos(lexeme, ' ') = 0))"
                " FROM search_match AS m WHERE m.trial_id = doc.trial_id"
            )
            connection.execute(
                "ALTER TABLE search_doc ALTER COLUMN tags SET NOT NULL,"
                " ALTER COLUMN document SET NOT NULL"
            )
            connection.execute(
                "CREATE INDEX search_doc_document ON search_doc USING gin (document)"
            )
            connection.execute("CREATE INDEX search_doc_tags ON search_doc USING gin (tags)")
            connection.execute(
                "CREATE INDEX search_doc_headline ON search_doc USING gin (headline)"
            )
            connection.execute("DROP TABLE search_match, search_facet_set")
            connection.execute(
                "DROP FUNCTION trialfinder_search_words, trialfinder_prefixed,"
                " trialfinder_facet_key, trialfinder_field_words, trialfinder_adjacent_pairs"
            )
            connection.execute("DROP TABLE trial_change")  # version 6's change log
            connection.execute("DELETE FROM schema_version WHERE version >= 4")

        migrated = open_store(url)
        try:
            found = [
                [hit.nct_id for hit in all_pages(migrated, query).hits]  # type: ignore[arg-type]
                for query in queries
            ]
        finally:
            migrated.close()
        assert schema_version(url) == postgres_store.SCHEMA_VERSION
        assert found == expected
        assert any(len(nct_ids) > 1 for nct_ids in found)
    finally:
        postgres_server.drop_database(url)


@pytest.mark.postgres
def test_a_patient_note_on_an_analyzed_database_uses_the_word_statistics(
    postgres_server: PostgresServer, loaded_store_path: Path
) -> None:
    """After ANALYZE, common words take the planner's estimate instead of a count, and
    the note still finds what SQLite finds (the same cut at "too common")."""
    from trialfinder.search import postgres_index

    url = postgres_server.create_database()
    try:
        store = open_store(url)
        ingest_paths(store, sample_paths())
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE search_match")
            shares = postgres_index._common_lexeme_shares(connection)
        assert shares and all(0 < share <= 1 for share in shares.values())
        reference = open_store(loaded_store_path)
        try:
            query = build_query(PATIENT_NOTE)
            expected = {hit.nct_id for hit in all_pages(reference, query).hits}
            found = {hit.nct_id for hit in all_pages(store, query).hits}
        finally:
            reference.close()
            store.close()
        assert found and len(expected & found) >= min(len(expected), len(found)) / 2
    finally:
        postgres_server.drop_database(url)


def test_a_reingest_parses_only_the_trials_that_changed(store: Store) -> None:
    """A copy the store already holds is not parsed again (a re-ingest or an overlapping
    sync is mostly those; the parse is most of an ingest's CPU)."""
    parsed: list[str] = []

    def counting(trial: Trial) -> list[DerivedRecord]:
        parsed.append(trial.nct_id)
        return [DerivedRecord(trial.nct_id, "counted", "1", trial.brief_title.encode())]

    derivers = [Deriver(kind="counted", version="1", derive=counting)]
    trials = [record.trial for record in iter_records(sample_paths()) if record.trial][:40]
    records = [RecordResult(where=f"test#{index}", trial=t) for index, t in enumerate(trials)]
    first = ingest_records(store, records, derivers=derivers, batch_size=15)
    assert (first.inserted, len(parsed)) == (40, 40)

    parsed.clear()
    again = ingest_records(store, records, derivers=derivers, batch_size=15)
    assert (again.unchanged, parsed) == (40, [])

    changed = msgspec.structs.replace(
        trials[3], brief_title="A new title", source_last_updated="2099-01-01"
    )
    newer = ingest_records(
        store,
        [*records[:3], RecordResult(where="test#changed", trial=changed), *records[4:]],
        derivers=derivers,
        batch_size=15,
    )
    assert (newer.updated, newer.unchanged, parsed) == (1, 39, [changed.nct_id])
    stored = store.get_derived("counted", [changed.nct_id])[changed.nct_id]
    assert stored.data == b"A new title"
