"""Stored records: the zstd dictionary they are written with, the pages they are kept in,
and old stores still opening."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import zstandard

from trialfinder.ingest import ingest_paths, iter_records, sample_paths
from trialfinder.model import encode_trial
from trialfinder.search import build_query, open_store, search
from trialfinder.store.records import (
    compress_record,
    compress_records,
    decompress_record,
    in_dictionary_training_half,
)


def _shipped_dictionary(name: str) -> zstandard.ZstdCompressionDict:
    data = (resources.files("trialfinder") / "data" / name).read_bytes()
    return zstandard.ZstdCompressionDict(data)


def test_records_are_study_records_written_with_the_api_json_dictionary(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.db"))
    ingest_paths(store, sample_paths()[:1])
    store.close()
    newest = _shipped_dictionary("study_json_dictionary_v1.zstd").dict_id()
    with sqlite3.connect(tmp_path / "new.db") as connection:
        blobs = [row[0] for row in connection.execute("SELECT record FROM trials")]
    assert blobs
    assert {zstandard.get_frame_parameters(blob).dict_id for blob in blobs} == {newest}


def test_a_store_written_with_older_dictionaries_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(str(path))
    ingest_paths(store, sample_paths()[:1])
    expected = {trial.nct_id: trial for trial in store.iter_trials()}
    store.close()
    # Rewrite every record as older versions did: typed records, with the v1 or v2
    # dictionary at level 3 (v2 naming its id, as it was written), v3 at level 5, or none.
    older = [
        zstandard.ZstdCompressor(
            level=5,
            dict_data=_shipped_dictionary("record_dictionary_v3.zstd"),
            write_dict_id=True,
        ),
        zstandard.ZstdCompressor(
            level=3, dict_data=_shipped_dictionary("record_dictionary_v1.zstd")
        ),
        zstandard.ZstdCompressor(
            level=3,
            dict_data=_shipped_dictionary("record_dictionary_v2.zstd"),
            write_dict_id=True,
        ),
        zstandard.ZstdCompressor(level=3),
    ]
    with sqlite3.connect(path) as connection:
        rows = list(connection.execute("SELECT rowid, nct_id FROM trials"))
        for rowid, nct_id in rows:
            compressor = older[rowid % len(older)]
            blob = compressor.compress(encode_trial(expected[nct_id]))
            connection.execute("UPDATE trials SET record = ? WHERE rowid = ?", (blob, rowid))
    reopened = open_store(str(path))
    try:
        assert {trial.nct_id: trial for trial in reopened.iter_trials()} == expected
        some = sorted(expected)[:3]
        assert reopened.get_trials(some) == [expected[nct_id] for nct_id in some]
    finally:
        reopened.close()


def test_every_sample_trial_round_trips_through_a_new_store_exactly(tmp_path: Path) -> None:
    expected = {record.trial.nct_id: record.trial for record in iter_records(sample_paths())}
    store = open_store(str(tmp_path / "new.db"))
    try:
        ingest_paths(store, sample_paths())
        assert {trial.nct_id: trial for trial in store.iter_trials()} == expected
        for nct_id, trial in expected.items():
            assert store.get_trial(nct_id) == trial
    finally:
        store.close()


def _page_size(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])


def _answers(path: Path) -> tuple[dict[str, object], list[str]]:
    """Every stored trial and the ids a text search finds, as a reader would see them."""
    store = open_store(str(path))
    try:
        trials: dict[str, object] = {trial.nct_id: trial for trial in store.iter_trials()}
        found = search(store, build_query(text="cancer", limit=50))
        return trials, [hit.nct_id for hit in found.hits]
    finally:
        store.close()


def test_a_new_store_keeps_records_in_64_kb_pages(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.db"))
    ingest_paths(store, sample_paths()[:1])
    store.close()
    assert _page_size(tmp_path / "new.db") == 65_536


def test_a_store_made_with_4_kb_pages_opens_grows_and_converts(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # Every store before this one was created with SQLite's default 4 KB pages.
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA page_size = 4096")
        connection.execute("VACUUM")
    store = open_store(str(path))
    ingest_paths(store, sample_paths()[:1])
    store.close()
    assert _page_size(path) == 4096
    before = _answers(path)
    assert before[1]

    # The conversion docs/data-model.md gives, with the store closed.
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA page_size = 65536")
        connection.execute("VACUUM")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    assert _page_size(path) == 65_536
    assert _answers(path) == before


def test_a_record_round_trips_through_compression() -> None:
    trials = [record.trial for record in iter_records(sample_paths()[:1]) if record.trial]
    for trial in trials[:5]:
        assert decompress_record(compress_record(trial)) == trial


def test_records_compressed_together_are_each_one_compressed_alone() -> None:
    """A batch's records, every JSON made first and then every one compressed, are the
    bytes each trial's record is alone, and read back as the trials (the whole sample:
    API v2 studies and legacy XML)."""
    trials = [record.trial for record in iter_records(sample_paths()) if record.trial]
    together = compress_records(trials)
    assert together == [compress_record(trial) for trial in trials]
    assert [decompress_record(blob) for blob in together] == trials


def test_the_dictionary_training_split_is_fixed_and_about_half() -> None:
    ids = [f"NCT{number:08d}" for number in range(10_000)]
    training = sum(in_dictionary_training_half(nct_id) for nct_id in ids)
    assert 4_700 < training < 5_300
    # The split documents what the shipped dictionary was trained on: it must never drift.
    pinned = ["NCT00000000", "NCT00000001", "NCT00000002", "NCT05594173"]
    assert [in_dictionary_training_half(nct_id) for nct_id in pinned] == [
        True,
        False,
        False,
        True,
    ]
