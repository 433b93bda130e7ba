"""Derived records as stores keep them: compressed with a dictionary per kind, read back whole.

Every kind ingest derives (the parsed criteria, their summary) must come back from
either backend byte for byte as its deriver made it, while what the database holds is
a zstd frame naming the kind's dictionary (or, for the small summary, the data as it
is). A store written before these codecs and before study records (trials kept as
typed records, criteria as MessagePack, the API JSON as a derived record in a frame
without a dictionary, derived records under a WITHOUT ROWID key) is migrated on open
and answers the API, pages and matching exactly as a store written now does.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import msgspec
import psycopg
import pytest
import zstandard

from trialfinder.criteria import (
    CRITERIA_KIND,
    CRITERIA_SUMMARY_KIND,
    derive_criteria_record,
    encode_criteria,
    parse_trial_criteria,
)
from trialfinder.ingest import ingest_paths
from trialfinder.ingest.study_json import STUDY_JSON_KIND, STUDY_JSON_VERSION, encode_study_json
from trialfinder.match import match_store, match_trial
from trialfinder.model import DerivedRecord, encode_trial
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.present.snippets import SnippetText
from trialfinder.search import open_store
from trialfinder.search.indexed_facts import points_blob, trial_facts
from trialfinder.store import sqlite as sqlite_store
from trialfinder.store.base import Store
from trialfinder.store.criteria_form import is_text_free
from trialfinder.store.records import (
    RECORD_DICTIONARY_FILE,
    criteria_source,
    decompress_record,
    derived_dictionary_files,
    pack_derived,
    unpack_derived,
)
from trialfinder.store.sqlite_migrations import DERIVED_KIND_CODES, MIGRATIONS
from trialfinder.web.api.study_documents import study_documents

KINDS = (CRITERIA_KIND, CRITERIA_SUMMARY_KIND)


def _dictionary_id(kind: str) -> int:
    path = Path(sqlite_store.__file__).parents[1] / "data" / derived_dictionary_files()[kind]
    return zstandard.ZstdCompressionDict(path.read_bytes()).dict_id()


def _frame_dictionary(data: bytes) -> int:
    return int(zstandard.get_frame_parameters(data).dict_id)


def test_the_large_kinds_are_kept_as_frames_naming_their_own_dictionary() -> None:
    assert set(derived_dictionary_files()) == {CRITERIA_KIND, STUDY_JSON_KIND}
    assert _dictionary_id(CRITERIA_KIND) != _dictionary_id(STUDY_JSON_KIND)
    for kind in (CRITERIA_KIND, STUDY_JSON_KIND):
        data = b'{"a study":"' + b"text " * 200 + b'"}'
        packed = pack_derived(kind, data)
        assert _frame_dictionary(packed) == _dictionary_id(kind)
        assert len(packed) < len(data) / 4
        assert unpack_derived(packed) == data
        # Already packed (in an ingest worker, or copied from a store): kept as it is.
        assert pack_derived(kind, packed) == packed


def test_other_kinds_and_data_from_older_stores_are_read_as_they_are() -> None:
    summary = b"\x98\xabNCT00000001"
    assert pack_derived(CRITERIA_SUMMARY_KIND, summary) == summary
    assert pack_derived("someone else's kind", b"parsed") == b"parsed"
    assert unpack_derived(b"parsed") == b"parsed"
    # The API JSON as stores wrote it before: zstd level 3, no dictionary.
    old_json = zstandard.ZstdCompressor(level=3).compress(b'{"protocolSection":{}}')
    assert unpack_derived(old_json) == b'{"protocolSection":{}}'


def test_every_derived_kind_of_every_real_record_reads_back_as_derived(
    store_url: str, real_data_paths: list[Path]
) -> None:
    store = open_store(store_url)
    try:
        ingest_paths(store, real_data_paths[:1], jobs=1)
        trials = list(store.iter_trials())
        nct_ids = [trial.nct_id for trial in trials]
        made = {
            (record.kind, record.nct_id): record.data
            for trial in trials
            for record in derive_criteria_record(trial)
        }
        for kind in KINDS:
            read = store.get_derived(kind, nct_ids)
            assert {nct_id: record.data for nct_id, record in read.items()} == {
                nct_id: made[kind, nct_id] for nct_id in nct_ids
            }, kind
            assert {record.nct_id: record.data for record in store.iter_derived(kind)} == {
                nct_id: made[kind, nct_id] for nct_id in nct_ids
            }, kind
        # As stored: frames of each large kind's dictionary, a third of the bytes or less.
        stored = {(record.kind, record.nct_id): record.data for record in store.derived_of(nct_ids)}
        kept = [stored[CRITERIA_KIND, nct_id] for nct_id in nct_ids]
        assert {_frame_dictionary(data) for data in kept} == {_dictionary_id(CRITERIA_KIND)}
        assert sum(map(len, kept)) * 3 < sum(len(made[CRITERIA_KIND, nct_id]) for nct_id in nct_ids)
        assert [stored[CRITERIA_SUMMARY_KIND, nct_id] for nct_id in nct_ids] == [
            made[CRITERIA_SUMMARY_KIND, nct_id] for nct_id in nct_ids
        ]
        assert _stored_bytes(store_url, CRITERIA_KIND) == sum(
            len(stored[CRITERIA_KIND, nct_id]) for nct_id in nct_ids
        )
        # The API JSON is the trial's record, not a derived record beside it.
        assert _stored_bytes(store_url, STUDY_JSON_KIND) == 0
    finally:
        store.close()


def _stored_bytes(store_url: str, kind: str) -> int:
    """What the database itself holds of one kind's data, in bytes."""
    query = "SELECT sum(length(data)) FROM derived WHERE kind = "
    if store_url.startswith("postgresql://"):
        with psycopg.connect(store_url) as connection:
            row = connection.execute(query + "%s", (kind,)).fetchone()
    else:
        with sqlite3.connect(store_url) as connection:
            row = connection.execute(query + "?", (DERIVED_KIND_CODES.get(kind, kind),)).fetchone()
    assert row is not None
    return int(row[0] or 0)


def _as_an_older_trialfinder_left_it(path: Path) -> None:
    """Rewrite a store as schema version 4 kept it: trials as typed records (the record
    dictionary at level 5), derived records in a WITHOUT ROWID table, the criteria as
    MessagePack, the API JSON a derived record zstd-compressed without a dictionary, the
    site coordinates in ``search_site``."""
    old_json = zstandard.ZstdCompressor(level=3)
    record_dictionary = Path(sqlite_store.__file__).parents[1] / "data" / RECORD_DICTIONARY_FILE
    typed_record = zstandard.ZstdCompressor(
        level=5, dict_data=zstandard.ZstdCompressionDict(record_dictionary.read_bytes())
    )
    with sqlite3.connect(path) as connection:
        trials = {
            nct_id: decompress_record(record)
            for nct_id, record in connection.execute("SELECT nct_id, record FROM trials")
        }
        connection.executemany(
            "UPDATE trials SET record = ? WHERE nct_id = ?",
            [(typed_record.compress(encode_trial(t)), nct_id) for nct_id, t in trials.items()],
        )
        # Derived kinds by their names, as migration 6 found them.
        names = {code: kind for kind, code in DERIVED_KIND_CODES.items()}
        rows = [
            (names[kind], nct_id, version, data)
            for kind, nct_id, version, data in connection.execute(
                "SELECT kind, nct_id, version, data FROM derived"
            )
        ]
        rows += [
            (STUDY_JSON_KIND, nct_id, STUDY_JSON_VERSION, encode_study_json(trial))
            for nct_id, trial in trials.items()
        ]
        connection.execute("DROP TABLE derived")
        (old_table,) = [sql for sql in MIGRATIONS[0] if "CREATE TABLE derived" in sql]
        connection.execute(old_table)
        connection.executemany(
            "INSERT INTO derived (kind, nct_id, version, data) VALUES (?, ?, ?, ?)",
            [
                (
                    kind,
                    nct_id,
                    version,
                    old_json.compress(unpack_derived(data))
                    if kind == STUDY_JSON_KIND
                    # Criteria as their parser encoded them, texts and all.
                    else encode_criteria(parse_trial_criteria(trials[nct_id]))
                    if kind == CRITERIA_KIND
                    else unpack_derived(data),
                )
                for kind, nct_id, version, data in rows
            ],
        )
        # Its search_site kept each trial's site coordinates (dropped by migration 5).
        connection.execute("ALTER TABLE search_site ADD COLUMN points BLOB NOT NULL DEFAULT x''")
        connection.executemany(
            "UPDATE search_site SET points = ? WHERE trial_rowid = ?",
            [
                (points_blob(trial_facts(trials[nct_id]).points), rowid)
                for rowid, nct_id in connection.execute(
                    "SELECT rowid, nct_id FROM trials"
                ).fetchall()
            ],
        )
        connection.execute("PRAGMA user_version = 4")


def _derived_table(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'derived'"
        ).fetchone()
    return str(sql)


def test_a_store_written_before_the_codecs_upgrades_and_answers_the_same(
    loaded_store_path: Path, tmp_path: Path
) -> None:
    old_path = tmp_path / "old.db"
    shutil.copyfile(loaded_store_path, old_path)
    _as_an_older_trialfinder_left_it(old_path)
    assert "WITHOUT ROWID" in _derived_table(old_path)
    patient = extract_facts(
        PatientProfile(age=55, sex="female", conditions=["breast cancer", "type 2 diabetes"])
    )
    current = open_store(loaded_store_path)
    old = open_store(old_path)
    try:
        assert old.schema_version() == sqlite_store.SCHEMA_VERSION
        nct_ids = list(current.iter_nct_ids())
        assert len(nct_ids) > 250
        for start in range(0, len(nct_ids), 10):
            page = nct_ids[start : start + 10]
            assert study_documents(old, page) == study_documents(current, page)
            assert old.get_trials(page) == current.get_trials(page)
            assert old.get_trial_parts(page, SnippetText) == current.get_trial_parts(
                page, SnippetText
            )
        # Matching reads the summaries of every trial, then the criteria of candidates.
        expected = match_store(current, patient, limit=None)
        assert expected.results
        assert match_store(old, patient, limit=None) == expected
        assert match_store(old, patient, nct_ids[:40]) == match_store(
            current, patient, nct_ids[:40]
        )
        # Written again after the upgrade: packed as now, into the new table.
        (record,) = old.get_derived(CRITERIA_KIND, nct_ids[:1]).values()
        old.put_derived([DerivedRecord(record.nct_id, CRITERIA_KIND, record.version, record.data)])
        (stored,) = [r for r in old.derived_of(nct_ids[:1]) if r.kind == CRITERIA_KIND]
        assert _frame_dictionary(stored.data) == _dictionary_id(CRITERIA_KIND)
        assert old.get_derived(CRITERIA_KIND, nct_ids[:1])[nct_ids[0]] == record
    finally:
        current.close()
        old.close()
    assert "WITHOUT ROWID" not in _derived_table(old_path)
    with sqlite3.connect(old_path) as connection:
        kinds = {kind for (kind,) in connection.execute("SELECT DISTINCT kind FROM derived")}
    assert kinds == {"c", "s", STUDY_JSON_KIND}


@pytest.fixture
def ingested_store(store_url: str, real_data_paths: list[Path]) -> Iterator[Store]:
    """A store (each backend) holding the first real data file as ingest keeps it."""
    store = open_store(store_url)
    try:
        ingest_paths(store, real_data_paths[:1], jobs=1)
        yield store
    finally:
        store.close()


def test_parsed_criteria_are_kept_without_the_eligibility_text_the_record_holds(
    ingested_store: Store,
) -> None:
    store = ingested_store
    trials = list(store.iter_trials())
    made = {t.nct_id: encode_criteria(parse_trial_criteria(t)) for t in trials}
    stored = {
        r.nct_id: unpack_derived(r.data)
        for r in store.derived_of(list(made))
        if r.kind == CRITERIA_KIND
    }
    assert all(is_text_free(data) for data in stored.values())
    # Each criterion's text is where it stands in the eligibility text, not a copy.
    criteria = [
        (trial, criterion)
        for trial in trials
        for criterion in parse_trial_criteria(trial).iter_criteria()
        if len(criterion.text) > 40 and criterion.text in criteria_source(trial)
    ]
    assert len(criteria) > 100
    assert not any(c.text.encode() in stored[t.nct_id] for t, c in criteria)
    assert sum(map(len, stored.values())) * 3 < sum(map(len, made.values())) * 2
    # Written again without its trial at hand (a refresh): kept text-free all the same.
    nct_id = trials[0].nct_id
    store.put_derived([DerivedRecord(nct_id, CRITERIA_KIND, "any", made[nct_id])])
    (again,) = [r for r in store.derived_of([nct_id]) if r.kind == CRITERIA_KIND]
    assert is_text_free(unpack_derived(again.data))
    assert store.get_derived(CRITERIA_KIND, [nct_id])[nct_id].data == made[nct_id]


def test_criteria_kept_beside_another_version_of_their_trial_are_parsed_again(
    ingested_store: Store,
) -> None:
    store = ingested_store
    trial = next(t for t in store.iter_trials() if t.eligibility.criteria_text)
    assert store.get_derived(CRITERIA_KIND, [trial.nct_id])
    text = trial.eligibility.criteria_text or ""
    changed = msgspec.structs.replace(
        trial,
        eligibility=msgspec.structs.replace(
            trial.eligibility,
            criteria_text="Inclusion Criteria:\n\n* Age 90 or older\n\n" + text,
        ),
        source_last_updated="2999-01-01",
    )
    # The trial changes and its criteria record stays the one made from the text before
    # (written without derived records, as when parsing the new text failed).
    store.upsert_trials([changed])
    assert store.get_derived(CRITERIA_KIND, [trial.nct_id]) == {}
    assert list(store.iter_derived(CRITERIA_KIND)) == [
        r for r in store.iter_derived(CRITERIA_KIND) if r.nct_id != trial.nct_id
    ]
    patient = extract_facts(PatientProfile(age=60, sex="female"))
    assert match_store(store, patient, [trial.nct_id]).results == [
        match_trial(parse_trial_criteria(changed), patient)
    ]
