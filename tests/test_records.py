"""Stored records: the zstd dictionary they are written with, and old stores still opening."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import zstandard

from trialfinder.ingest import ingest_paths, iter_records, sample_paths
from trialfinder.model import encode_trial
from trialfinder.search import open_store
from trialfinder.store.records import (
    compress_record,
    decompress_record,
    in_dictionary_training_half,
)


def _shipped_dictionary(name: str) -> zstandard.ZstdCompressionDict:
    data = (resources.files("trialfinder") / "data" / name).read_bytes()
    return zstandard.ZstdCompressionDict(data)


def test_records_are_written_with_the_newest_dictionary_and_name_it(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "new.db"))
    ingest_paths(store, sample_paths()[:1])
    store.close()
    newest = _shipped_dictionary("record_dictionary_v2.zstd").dict_id()
    with sqlite3.connect(tmp_path / "new.db") as connection:
        blobs = [row[0] for row in connection.execute("SELECT record FROM trials")]
    assert blobs
    assert {zstandard.get_frame_parameters(blob).dict_id for blob in blobs} == {newest}


def test_a_store_written_with_the_v1_dictionary_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(str(path))
    ingest_paths(store, sample_paths()[:1])
    expected = {trial.nct_id: trial for trial in store.iter_trials()}
    store.close()
    # Rewrite every record as an older version did: the v1 dictionary, and one without any.
    old = zstandard.ZstdCompressor(
        level=3, dict_data=_shipped_dictionary("record_dictionary_v1.zstd")
    )
    plain = zstandard.ZstdCompressor(level=3)
    with sqlite3.connect(path) as connection:
        rows = list(connection.execute("SELECT rowid, nct_id FROM trials"))
        for rowid, nct_id in rows:
            compressor = old if rowid % 2 else plain
            blob = compressor.compress(encode_trial(expected[nct_id]))
            connection.execute("UPDATE trials SET record = ? WHERE rowid = ?", (blob, rowid))
    reopened = open_store(str(path))
    try:
        assert {trial.nct_id: trial for trial in reopened.iter_trials()} == expected
        some = sorted(expected)[:3]
        assert reopened.get_trials(some) == [expected[nct_id] for nct_id in some]
    finally:
        reopened.close()


def test_a_record_round_trips_through_compression() -> None:
    trials = [record.trial for record in iter_records(sample_paths()[:1]) if record.trial]
    for trial in trials[:5]:
        assert decompress_record(compress_record(trial)) == trial


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
