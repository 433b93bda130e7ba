"""A web node's own search index over PostgreSQL, following the database's change log.

Every test runs on the real PostgreSQL server of the test run (tests/pg_server.py)
and real index directories: a node opened on an empty directory builds its index
from the database, follows writes made by another store on the primary (or on a
streaming standby, within the stated lag), gives the same answers as another
node and the same totals as the database's own index and as SQLite over the same
studies, and a crash between the index commit and its watermark only repeats work.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import msgspec
import psycopg
import pytest

from pg_server import REAL_STUDIES, ReplicatedPostgres, database_of_studies
from registry_standin import load_studies, renamed_study
from trialfinder.ingest import ingest_paths
from trialfinder.ingest.ctgov_v2 import parse_study_json
from trialfinder.model import Trial
from trialfinder.search import (
    SearchQuery,
    SearchResult,
    build_query,
    index_of,
    locations,
    open_store,
    search,
    sqlite_index,
)
from trialfinder.search.node_index import NodeIndex
from trialfinder.store import Store

pytestmark = pytest.mark.postgres

LOADED_STUDIES = REAL_STUDIES
WRITTEN_ID = "NCT09999907"
WRITTEN_WORD = "okapiosis"
RENAMED_WORD = "quetzalgia"
# A trial written on the primary is searchable on a node reading the standby within
# this long (docs/deploy.md; the test prints what it saw).
STATED_LAG_SECONDS = 5.0

QUERIES: Sequence[dict[str, Any]] = (
    {},
    {"text": "cancer"},
    {"text": "asthma", "statuses": ["recruiting"]},
    {"condition": "diabetes"},
    {"condition": "breast cancer", "phases": ["2", "3"]},
    {"text": "heart failure", "sort": "updated"},
    {"sex": "female", "age": "62"},
    {"condition": "cancer", "near": "Boston", "within": "2000km", "sort": "distance"},
    {"text": "pembrolizumab", "limit": 5},
)


@pytest.fixture
def database(real_studies_database: str) -> str:
    """A database holding sixty real studies."""
    return real_studies_database


def _trial(study: dict[str, Any]) -> Trial:
    return parse_study_json(msgspec.json.encode(study))


def _query(asked: dict[str, Any]) -> SearchQuery:
    text = asked.get("text", "")
    return build_query(text, **{name: value for name, value in asked.items() if name != "text"})


def _answer(result: SearchResult) -> tuple[int, list[str], object]:
    return result.total, [hit.nct_id for hit in result.hits], result.facets


def _search_word(store: Store, word: str) -> list[str]:
    return [hit.nct_id for hit in search(store, build_query(word)).hits]


def test_a_node_started_on_an_empty_directory_builds_its_index_from_postgresql(
    database: str, tmp_path: Path
) -> None:
    node = open_store(database, search_dir=tmp_path / "node")
    try:
        index = index_of(node)
        assert isinstance(index, NodeIndex)
        assert index.directory.parent == tmp_path / "node"
        everything = search(node, build_query(limit=100))
        assert everything.total == LOADED_STUDIES
        assert len({hit.nct_id for hit in everything.hits}) == LOADED_STUDIES
        assert (index.directory / "tantivy" / "meta.json").exists()
        assert (index.directory / "tables.sqlite").exists()
    finally:
        node.close()


def test_two_nodes_give_the_same_answers_and_the_totals_of_sqlite_and_postgresql(
    database: str, tmp_path: Path
) -> None:
    nodes = [open_store(database, search_dir=tmp_path / name) for name in ("a", "b")]
    in_database = open_store(database)
    on_sqlite = open_store(tmp_path / "same.db")
    try:
        ingest_paths(on_sqlite, [tmp_path / "studies.jsonl"])
        for asked in QUERIES:
            query = _query(asked)
            first, second = (search(node, query) for node in nodes)
            assert _answer(first) == _answer(second), asked
            assert first.total == search(on_sqlite, query).total, asked
            assert first.total == search(in_database, query).total, asked
            assert _answer(first) == _answer(search(on_sqlite, query)), asked
    finally:
        for store in (*nodes, in_database, on_sqlite):
            store.close()


def test_a_node_follows_writes_on_the_primary(database: str, tmp_path: Path) -> None:
    node = open_store(database, search_dir=tmp_path / "node")
    writer = open_store(database)
    study = load_studies()[LOADED_STUDIES]
    try:
        assert _search_word(node, WRITTEN_WORD) == []
        writer.upsert_trials([_trial(renamed_study(study, WRITTEN_ID, WRITTEN_WORD))])
        assert _search_word(node, WRITTEN_WORD) == [WRITTEN_ID]

        writer.upsert_trials([_trial(renamed_study(study, WRITTEN_ID, RENAMED_WORD))])
        assert _search_word(node, WRITTEN_WORD) == []
        assert _search_word(node, RENAMED_WORD) == [WRITTEN_ID]
        assert search(node, build_query()).total == LOADED_STUDIES + 1

        # A trial deleted with its change logged (no store path deletes one today).
        with psycopg.connect(database, autocommit=True) as connection, connection.transaction():
            connection.execute("DELETE FROM trials WHERE nct_id = %s", (WRITTEN_ID,))
            connection.execute(
                "WITH moved AS (UPDATE data_generation SET counter = counter + 1"
                " RETURNING counter) UPDATE trial_change SET change_seq = moved.counter"
                " FROM moved WHERE trial_id = (SELECT max(trial_id) FROM trial_change)"
            )
        assert _search_word(node, RENAMED_WORD) == []
        assert search(node, build_query()).total == LOADED_STUDIES
    finally:
        node.close()
        writer.close()


def test_a_crash_between_the_index_commit_and_the_watermark_only_repeats_work(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object) -> None:
        raise RuntimeError("killed after the Tantivy commit")

    crashed = open_store(database, search_dir=tmp_path / "node")
    with monkeypatch.context() as patched:
        patched.setattr(sqlite_index, "_store_indexed", crash)
        with pytest.raises(RuntimeError, match="killed"):
            search(crashed, build_query())
    crashed.close()

    restarted = open_store(database, search_dir=tmp_path / "node")
    in_database = open_store(database)
    try:
        everything = search(restarted, build_query(limit=100))
        assert everything.total == LOADED_STUDIES
        assert len({hit.nct_id for hit in everything.hits}) == LOADED_STUDIES
        assert locations(restarted) == locations(in_database)
    finally:
        restarted.close()
        in_database.close()


def test_a_node_reading_the_standby_follows_the_primary_within_the_lag(
    replicated_postgres: ReplicatedPostgres, tmp_path: Path
) -> None:
    primary = replicated_postgres.primary
    database = database_of_studies(primary, load_studies()[:20], tmp_path)
    standby_url = replicated_postgres.standby.standby_url(database)
    node = open_store(database, read_url=standby_url, search_dir=tmp_path / "node")
    writer = open_store(database)
    try:
        assert search(node, build_query()).total == 20
        study = renamed_study(load_studies()[20], WRITTEN_ID, WRITTEN_WORD)
        writer.upsert_trials([_trial(study)])
        written_at = time.monotonic()
        while _search_word(node, WRITTEN_WORD) != [WRITTEN_ID]:
            assert time.monotonic() - written_at < STATED_LAG_SECONDS, "not found within the lag"
            time.sleep(0.005)
        lag = time.monotonic() - written_at
        print(f"searchable on the node reading the standby {lag * 1000:.0f} ms after the write")
    finally:
        node.close()
        writer.close()
        primary.drop_database(database)


def test_a_nodes_tables_that_kept_site_points_drop_them_and_answer_the_same(
    database: str, tmp_path: Path
) -> None:
    """Tables an older trialfinder made held every trial's site coordinates: a node
    opened on them drops the column (the grid reads the records) and answers the same."""
    near = _query(QUERIES[7])
    node = open_store(database, search_dir=tmp_path / "node")
    try:
        index = index_of(node)
        assert isinstance(index, NodeIndex)
        tables, tantivy = index.directory / "tables.sqlite", index.directory / "tantivy"
        expected = _answer(search(node, near))
    finally:
        node.close()
    connection = sqlite3.connect(tables)
    try:
        connection.execute("ALTER TABLE search_site ADD COLUMN points BLOB NOT NULL DEFAULT x''")
        connection.commit()
    finally:
        connection.close()
    (tantivy / "trialfinder-sites.grid").write_bytes(b"TFSITES1" + bytes(64))
    node = open_store(database, search_dir=tmp_path / "node")
    try:
        assert _answer(search(node, near)) == expected
    finally:
        node.close()
    with closing(sqlite3.connect(tables)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(search_site)")]
    assert columns == ["trial_rowid", "change_seq", "places"]
