"""Moving a store between backends (``trialfinder copy-store``) and PostgreSQL without
search tables (``trialfinder search-tables off``).

Every test runs on real SQLite files and the real PostgreSQL server of the test run
(tests/pg_server.py): a SQLite store copied into PostgreSQL serves the same pages
(through a node's own index) and the same totals (through the database's index);
an interrupted copy rerun continues with nothing lost or written twice; a row that
cannot be copied is reported and the rest goes on; a database without search tables
takes ingests, numbers every write in its change log, is served by node indexes and
refuses to be searched without one; and a copy back to SQLite answers as the source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import msgspec
import psycopg
import pytest

from conftest import run_trialfinder
from live_server import ServeProcess
from pg_server import REAL_STUDIES, PostgresServer
from registry_standin import load_studies, nct_id_of
from trialfinder.ingest import ingest_paths
from trialfinder.search import (
    SearchDirRequired,
    build_query,
    keeps_search_tables,
    open_store,
    page_token_key,
    search,
    set_search_tables,
)
from trialfinder.settings import Settings
from trialfinder.store import DerivedRecord, Store
from trialfinder.store import open_store as open_store_without_index
from trialfinder.store.transfer import BadRow, CopyProgress, copy_checkpoint_key, copy_store

pytestmark = pytest.mark.postgres

QUERIES: Sequence[dict[str, Any]] = (
    {},
    {"text": "cancer"},
    {"text": "asthma", "statuses": ["recruiting"]},
    {"condition": "breast cancer", "phases": ["2", "3"]},
    {"sex": "female", "age": "62"},
    {"condition": "cancer", "near": "Boston", "within": "2000km", "sort": "distance"},
)


class _Interrupted(Exception):
    """Stands for a copy killed between two batches."""


def _query(asked: dict[str, Any]) -> Any:
    text = asked.get("text", "")
    return build_query(text, **{name: value for name, value in asked.items() if name != "text"})


def _answers(store: Store) -> list[tuple[int, list[str], object]]:
    results = [search(store, _query(asked)) for asked in QUERIES]
    return [
        (result.total, [hit.nct_id for hit in result.hits], result.facets) for result in results
    ]


def _by_key(records: Sequence[DerivedRecord]) -> list[DerivedRecord]:
    return sorted(records, key=lambda record: (record.kind, record.nct_id))


def _totals(store: Store) -> list[int]:
    return [search(store, _query(asked)).total for asked in QUERIES]


@pytest.fixture
def sqlite_source(tmp_path: Path) -> Path:
    """A SQLite store of the first sixty real studies (with their derived records) that
    has served pages (it holds its page-token secret, which a copy takes along)."""
    studies = tmp_path / "studies.jsonl"
    studies.write_bytes(
        b"".join(msgspec.json.encode(study) + b"\n" for study in load_studies()[:REAL_STUDIES])
    )
    path = tmp_path / "source.db"
    store = open_store(path)
    try:
        ingest_paths(store, [studies])
        page_token_key(store)
    finally:
        store.close()
    return path


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(url)


def _copy(
    source: str | Path, target: str | Path, **options: Any
) -> tuple[CopyProgress, list[BadRow]]:
    bad: list[BadRow] = []
    source_store = open_store_without_index(source)
    target_store = open_store(target)
    try:
        done = copy_store(source_store, target_store, on_bad_row=bad.append, **options)
    finally:
        source_store.close()
        target_store.close()
    return done, bad


def _change_log(url: str) -> tuple[int, int, int, int]:
    """Trials, change-log entries, distinct change numbers and trials missing from the log."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM trials), (SELECT count(*) FROM trial_change),"
            " (SELECT count(DISTINCT change_seq) FROM trial_change),"
            " (SELECT count(*) FROM trials WHERE id NOT IN (SELECT trial_id FROM trial_change))"
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2], row[3]


def _search_rows(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT (SELECT count(*) FROM search_match)").fetchone()
    assert row is not None
    return int(row[0])


def test_a_sqlite_store_copied_into_postgresql_serves_the_same_pages(
    sqlite_source: Path, database: str, tmp_path: Path
) -> None:
    switched = run_trialfinder("search-tables", "off", "--db", database)
    assert switched.returncode == 0, switched.stderr
    assert switched.stdout.strip() == "search tables: off"
    copied = run_trialfinder(
        "copy-store", str(sqlite_source), database, "--batch-size", "25", timeout=600
    )
    assert copied.returncode == 0, copied.stderr
    assert f"Copied {REAL_STUDIES} trials: {REAL_STUDIES} written, 0 unchanged, 0 bad" in (
        copied.stdout
    )
    assert f"read {REAL_STUDIES} of {REAL_STUDIES} trials" in copied.stderr
    nodes = [
        ServeProcess(["--db", str(sqlite_source)]),
        ServeProcess(["--db", database, "--search-dir", str(tmp_path / "node")]),
    ]
    nct_id = nct_id_of(load_studies()[3])
    paths = [
        "/search?q=cancer",
        "/search?q=asthma&status=RECRUITING",
        "/search?cond=diabetes&phase=PHASE2&phase=PHASE3",
        "/search.json?q=heart%20failure",
        f"/trials/{nct_id}",
        f"/trials/{nct_id}/qualify",
        "/locations",
        "/api/v2/studies?query.cond=cancer&countTotal=true&pageSize=5",
        f"/api/v2/studies/{nct_id}",
    ]
    try:
        urls = [node.wait_until_serving() for node in nodes]
        for path in paths:
            answers = [httpx.get(f"{url}{path}", timeout=60) for url in urls]
            assert [answer.status_code for answer in answers] == [200, 200], path
            assert answers[0].content == answers[1].content, path
    finally:
        logs = [node.stop() for node in nodes]
    assert all(b"Traceback" not in log for log in logs)


def test_a_copy_from_a_missing_file_is_refused_without_making_one(
    database: str, tmp_path: Path
) -> None:
    refused = run_trialfinder("copy-store", str(tmp_path / "typo.db"), database, timeout=600)
    assert refused.returncode == 2
    assert "no store at" in refused.stderr
    assert not (tmp_path / "typo.db").exists()


def test_a_copy_keeping_search_tables_gives_the_answers_of_sqlite(
    sqlite_source: Path, database: str
) -> None:
    done, bad = _copy(sqlite_source, database)
    assert (done.read, done.written, done.unchanged, done.bad, bad) == (60, 60, 0, 0, [])
    assert _change_log(database) == (60, 60, 60, 0)
    source, target = open_store(sqlite_source), open_store(database)
    try:
        assert keeps_search_tables(target)
        assert _totals(target) == _totals(source)
        nct_ids = list(source.iter_nct_ids())
        assert list(target.iter_nct_ids()) == nct_ids
        assert target.get_trials(nct_ids) == source.get_trials(nct_ids)
        assert _by_key(target.derived_of(nct_ids)) == _by_key(source.derived_of(nct_ids))
        assert len(source.derived_of(nct_ids)) >= REAL_STUDIES
        copied_state = dict(target.iter_state())
        for key, value in source.iter_state():
            assert (copied_state.get(key) == value) != key.startswith("search."), key
        assert copied_state[copy_checkpoint_key(source)] == str(done.read)
    finally:
        source.close()
        target.close()


def test_an_interrupted_copy_continues_where_it_stopped(sqlite_source: Path, database: str) -> None:
    def stop_after_two_batches(done: CopyProgress) -> None:
        if done.read >= 14:
            raise _Interrupted

    with pytest.raises(_Interrupted):
        _copy(sqlite_source, database, batch_size=7, on_progress=stop_after_two_batches)
    assert _change_log(database) == (14, 14, 14, 0)
    done, bad = _copy(sqlite_source, database, batch_size=7)
    assert (done.read, done.written, done.bad, bad) == (60 - 14, 60 - 14, 0, [])
    assert _change_log(database) == (60, 60, 60, 0)
    again, _ = _copy(sqlite_source, database, batch_size=7)
    assert again == CopyProgress(0, 0, 0, 0)
    source, target = open_store(sqlite_source), open_store(database)
    try:
        assert list(target.iter_nct_ids()) == list(source.iter_nct_ids())
        assert _totals(target) == _totals(source)
    finally:
        source.close()
        target.close()


def test_a_rerun_after_the_source_changed_brings_only_the_change(
    sqlite_source: Path, database: str
) -> None:
    _copy(sqlite_source, database)
    source = open_store(sqlite_source)
    try:
        trial = source.get_trials(list(source.iter_nct_ids())[:1])[0]
        changed = msgspec.structs.replace(
            trial, brief_title="Okapiosis of the knee", source_last_updated="2099-01-01"
        )
        source.upsert_trials([changed])
    finally:
        source.close()
    done, _ = _copy(sqlite_source, database)
    assert (done.read, done.written) == (1, 1)
    target = open_store(database)
    try:
        assert search(target, build_query("okapiosis")).total == 1
        assert _change_log(database) == (60, 60, 60, 0)
    finally:
        target.close()


def test_a_row_that_cannot_be_copied_is_reported_and_the_rest_goes_on(
    sqlite_source: Path, database: str
) -> None:
    with sqlite3.connect(sqlite_source) as connection:
        broken = connection.execute(
            "SELECT nct_id FROM trials ORDER BY change_seq LIMIT 1 OFFSET 9"
        ).fetchone()[0]
        connection.execute("UPDATE trials SET record = x'00ff' WHERE nct_id = ?", (broken,))
    copied = run_trialfinder(
        "copy-store", str(sqlite_source), database, "--batch-size", "25", timeout=600
    )
    assert copied.returncode == 0, copied.stderr
    assert f"skipped {broken}" in copied.stderr
    assert "does not decompress" in copied.stderr
    assert "Copied 60 trials: 59 written, 0 unchanged, 1 bad" in copied.stdout
    assert _change_log(database)[0] == 59


def test_a_row_the_target_refuses_is_reported_and_the_rest_goes_on(
    sqlite_source: Path, database: str
) -> None:
    with sqlite3.connect(sqlite_source) as connection:
        refused = connection.execute(
            "SELECT nct_id FROM trials ORDER BY change_seq LIMIT 1 OFFSET 30"
        ).fetchone()[0]
        # Not UTF-8: SQLite keeps it, PostgreSQL text cannot hold it.
        connection.execute(
            "UPDATE trials SET study_type = CAST(x'ff' AS TEXT) WHERE nct_id = ?", (refused,)
        )
    done, bad = _copy(sqlite_source, database, batch_size=25)
    assert [row.nct_id for row in bad] == [refused]
    assert (done.read, done.written, done.bad) == (60, 59, 1)
    assert _change_log(database) == (59, 59, 59, 0)
    again, bad_again = _copy(sqlite_source, database, batch_size=25)
    assert (again, bad_again) == (CopyProgress(0, 0, 0, 0), [])


def test_without_search_tables_ingest_writes_the_change_log_and_nodes_serve(
    sqlite_source: Path, database: str, tmp_path: Path
) -> None:
    writer = open_store(database)
    try:
        set_search_tables(writer, keep=False)
        assert not keeps_search_tables(writer)
        summary = ingest_paths(writer, [tmp_path / "studies.jsonl"])
        assert summary.inserted == REAL_STUDIES
        assert _search_rows(database) == 0
        assert _change_log(database) == (60, 60, 60, 0)
        with pytest.raises(SearchDirRequired, match="--search-dir"):
            search(writer, build_query("cancer"))
    finally:
        writer.close()
    from trialfinder.web.app import create_app

    with pytest.raises(SearchDirRequired):
        create_app(Settings(db=database))
    refused = run_trialfinder("search", "cancer", "--db", database)
    assert refused.returncode == 1
    assert "keeps no search tables" in refused.stderr
    assert "Traceback" not in refused.stderr
    source = open_store(sqlite_source)
    node = open_store(database, search_dir=tmp_path / "node")
    try:
        assert _answers(node) == _answers(source)
        set_search_tables(node, keep=True)
        assert _search_rows(database) == REAL_STUDIES
    finally:
        node.close()
    refilled = open_store(database)
    try:
        assert keeps_search_tables(refilled)
        assert _totals(refilled) == _totals(source)
    finally:
        refilled.close()
        source.close()


def test_a_postgresql_store_copied_back_to_sqlite_answers_as_the_source(
    sqlite_source: Path, database: str, tmp_path: Path
) -> None:
    _copy(sqlite_source, database)
    back = tmp_path / "back.db"
    done, bad = _copy(database, back)
    assert (done.read, done.written, bad) == (60, 60, [])
    source, copied = open_store(sqlite_source), open_store(back)
    try:
        assert _answers(copied) == _answers(source)
        nct_ids = list(source.iter_nct_ids())
        assert copied.get_trials(nct_ids) == source.get_trials(nct_ids)
        assert _by_key(copied.derived_of(nct_ids)) == _by_key(source.derived_of(nct_ids))
    finally:
        source.close()
        copied.close()
