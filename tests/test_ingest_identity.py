"""A fast ingest stores exactly what the plain, one-trial-at-a-time path would.

The ingest is tuned for speed (criteria parsed in worker processes that receive
encoded trials, one reused zstd compressor per thread, batched writes). These
tests rebuild every stored byte of the real records the slow, obvious way in
the test itself and compare: the compressed record blobs (each trial's study record,
its API v2 JSON, against a compressor made per record, as earlier versions did), the
content hashes, and every derived record (criteria parses and their summaries).
"""

from __future__ import annotations

import hashlib
import sqlite3
from importlib import resources
from pathlib import Path

import zstandard

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from trialfinder.criteria import CRITERIA_KIND
from trialfinder.ingest import ingest_paths, iter_records
from trialfinder.ingest.loader import default_derivers
from trialfinder.model import DerivedRecord, Trial, encode_trial
from trialfinder.store.criteria_form import text_free
from trialfinder.store.records import derived_dictionary_files
from trialfinder.store.sqlite import SQLiteStore
from trialfinder.store.sqlite_migrations import DERIVED_KIND_CODES
from trialfinder.store.study_record import head_end, study_record


def _reference_derived(record: DerivedRecord, trial: Trial) -> bytes:
    """A derived record's data as the store keeps it, compressed the obvious way with its
    kind's dictionary (the small kinds as they are); the parsed criteria without the texts
    the trial's eligibility text holds."""
    dictionary_file = derived_dictionary_files().get(record.kind)
    if dictionary_file is None:
        return record.data
    data = record.data
    if record.kind == CRITERIA_KIND:
        data = text_free(data, trial.eligibility.criteria_text or "")
    return _reference_blob(data, dictionary_file, level=5)


def _reference_blob(
    encoded: bytes, dictionary_file: str = "study_json_dictionary_v1.zstd", level: int = 6
) -> bytes:
    """A record compressed the obvious way: a new compressor for each one, with the
    dictionary and level records are written with (its id in the frame), a study record's
    first block ending with its head (``head_end``)."""
    dictionary = (resources.files("trialfinder") / "data" / dictionary_file).read_bytes()
    compressor = zstandard.ZstdCompressor(
        level=level, dict_data=zstandard.ZstdCompressionDict(dictionary), write_dict_id=True
    )
    end = head_end(encoded) if dictionary_file == "study_json_dictionary_v1.zstd" else None
    if end is None:
        return compressor.compress(encoded)
    frame = compressor.compressobj(size=len(encoded))
    head = frame.compress(encoded[:end]) + frame.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    return head + frame.compress(encoded[end:]) + frame.flush()


def _real_trials(paths: list[Path]) -> dict[str, Trial]:
    return {record.trial.nct_id: record.trial for record in iter_records(paths) if record.trial}


def test_a_parallel_ingest_stores_the_same_bytes_as_the_plain_path(tmp_path: Path) -> None:
    paths = [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE)]
    store = SQLiteStore(tmp_path / "fast.db")
    # Small batches so that worker processes parse most of them.
    summary = ingest_paths(store, paths, batch_size=25, jobs=2)
    store.close()
    expected = _real_trials(paths)
    assert summary.inserted == len(expected) == 293
    assert summary.derive_failures == []

    connection = sqlite3.connect(tmp_path / "fast.db")
    try:
        stored = {
            nct_id: (content_hash, record)
            for nct_id, content_hash, record in connection.execute(
                "SELECT nct_id, content_hash, record FROM trials"
            )
        }
        names = {code: kind for kind, code in DERIVED_KIND_CODES.items()}
        derived = {
            (names[kind], nct_id): (version, data)
            for kind, nct_id, version, data in connection.execute(
                "SELECT kind, nct_id, version, data FROM derived"
            )
        }
    finally:
        connection.close()

    assert sorted(stored) == sorted(expected)
    for nct_id, trial in expected.items():
        encoded = encode_trial(trial)
        content_hash, blob = stored[nct_id]
        assert blob == _reference_blob(study_record(trial)), nct_id
        assert content_hash == hashlib.blake2b(encoded, digest_size=16).digest(), nct_id
    reference = {
        (record.kind, record.nct_id): (record.version, _reference_derived(record, trial))
        for trial in expected.values()
        for deriver in default_derivers()
        for record in deriver.derive(trial)
    }
    assert derived == reference
