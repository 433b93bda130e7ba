"""A trial kept once, as its API v2 JSON: every real record reads back exactly, and the API
sends the JSON it holds.

The store keeps a study record (:mod:`trialfinder.store.study_record`) instead of a
typed record beside a derived copy of the API JSON. These tests hold it to both views:
the trial read back equals the trial written, for every real record of every source
format, and the JSON read back is the export of that trial, byte for byte.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import msgspec
import pytest
import zstandard

from live_server import hostile_trial
from trialfinder.ingest import iter_records
from trialfinder.ingest.study_json import encode_study_json
from trialfinder.model import Location, Trial, encode_trial
from trialfinder.present.snippets import SnippetText
from trialfinder.search import open_store
from trialfinder.store import study_record as record_form
from trialfinder.store.records import (
    compress_record,
    decompress_bytes,
    decompress_parts,
    decompress_record,
    study_json_in_record,
)
from trialfinder.store.study_record import (
    criteria_text_of,
    study_json_of,
    study_record,
    study_record_parts,
    trial_of,
)
from trialfinder.web.api.study_documents import study_documents


@pytest.fixture(scope="module")
def real_trials(real_data_paths: list[Path]) -> list[Trial]:
    trials = [record.trial for record in iter_records(real_data_paths) if record.trial]
    assert {trial.source_format for trial in trials} == {"ctgov_v2_json", "ctgov_legacy_xml"}
    return trials


class _Sites(msgspec.Struct):
    """The sites a search hit reads (whole ones, contacts and all)."""

    locations: list[Location] = []


class _Summary(msgspec.Struct):
    """Fields the API JSON holds otherwise than the trial (ages, a sponsor, dates)."""

    nct_id: str
    brief_title: str | None = None
    eligibility: dict[str, object] = {}
    lead_sponsor: dict[str, object] | None = None
    start_date: dict[str, object] | None = None


def test_every_real_record_reads_back_exactly_from_its_study_record(
    real_trials: list[Trial],
) -> None:
    for trial in [*real_trials, hostile_trial()]:
        blob = compress_record(trial)
        assert decompress_record(blob) == trial, trial.nct_id
        assert study_json_in_record(blob) == encode_study_json(trial), trial.nct_id


def test_a_registry_study_is_kept_as_its_api_json_and_nothing_else(
    real_trials: list[Trial],
) -> None:
    registry = [trial for trial in real_trials if trial.source_format == "ctgov_v2_json"]
    assert len(registry) > 100
    for trial in registry:
        assert study_record(trial) == encode_study_json(trial), trial.nct_id


def test_a_legacy_xml_record_says_after_its_json_what_the_json_does_not(
    real_trials: list[Trial],
) -> None:
    legacy = [trial for trial in real_trials if trial.source_format == "ctgov_legacy_xml"]
    assert legacy
    for trial in legacy:
        text = study_record(trial)
        document, trailer = text.split(b"\n")
        assert document == encode_study_json(trial)
        assert msgspec.json.decode(trailer)["fields"]["source_format"] == "ctgov_legacy_xml"
        assert trial_of(text) == trial


def test_parts_read_from_a_study_record_equal_those_of_the_whole_trial(
    real_trials: list[Trial],
) -> None:
    """Straight from the JSON where it holds a field as the trial does (a hit's snippet
    texts and sites), else through the whole trial (ages, sponsors, dates)."""
    for trial in real_trials:
        blob = compress_record(trial)
        for parts in (SnippetText, _Sites, _Summary):
            expected = msgspec.json.decode(encode_trial(trial), type=parts)
            assert decompress_parts(blob, parts) == expected, (trial.nct_id, parts)


def test_a_hits_parts_are_read_from_the_json_before_the_modules_they_do_not_need(
    real_trials: list[Trial],
) -> None:
    """A page's snippet texts come from the modules before the outcomes, its sites from
    the protocol section, a stored parse's texts from before the sites: what follows is
    never decoded (here it is not even JSON)."""
    registry = [trial for trial in real_trials if trial.source_format == "ctgov_v2_json"]
    cuts = (
        (SnippetText, b',"outcomesModule":'),
        (_Sites, b',"derivedSection":'),
    )
    for trial in registry[:60]:
        text = study_record(trial)
        for parts, key in cuts:
            if key not in text:
                continue
            broken = text[: text.index(key)] + key + b"not JSON"
            expected = msgspec.json.decode(encode_trial(trial), type=parts)
            assert study_record_parts(parts).read(broken) == expected, (trial.nct_id, parts)
        if b',"contactsLocationsModule":' in text:
            broken = (
                text[: text.index(b',"contactsLocationsModule":')] + b',"contactsLocationsModule":!'
            )
            assert criteria_text_of(broken) == trial.eligibility.criteria_text, trial.nct_id


def test_module_names_written_in_trial_text_do_not_cut_its_json(
    real_trials: list[Trial],
) -> None:
    """Trial text is untrusted: a summary or title that spells the keys where a reader
    stops decoding is a string in the JSON, and every part still reads whole."""
    keys = '","outcomesModule":{}},"derivedSection":{"eligibilityModule":'
    trial = msgspec.structs.replace(
        real_trials[0],
        brief_title="Knee pain" + keys,
        brief_summary=keys + " knee pain",
        conditions=[keys, "Knee Pain"],
        detailed_description="A" + keys,
    )
    blob = compress_record(trial)
    for parts in (SnippetText, _Sites, _Summary):
        expected = msgspec.json.decode(encode_trial(trial), type=parts)
        assert decompress_parts(blob, parts) == expected, parts
    assert criteria_text_of(decompress_bytes(blob)) == trial.eligibility.criteria_text


def test_a_hits_snippet_texts_are_decompressed_from_the_records_first_block_alone(
    real_trials: list[Trial],
) -> None:
    """A record's first zstd block ends with its head: a results page's snippet texts
    read back equal with every later block destroyed, and any zstd reader still gives
    the whole record."""
    decompressor = zstandard.ZstdDecompressor(dict_data=_api_json_dictionary())
    registry = [trial for trial in real_trials if trial.source_format == "ctgov_v2_json"]
    for trial in registry:
        blob = compress_record(trial)
        assert decompressor.decompress(blob) == study_record(trial), trial.nct_id
        first_block_end = _first_block_end(blob)
        if record_form.head_end(study_record(trial)) is None:
            assert first_block_end == len(blob), trial.nct_id
            continue
        assert first_block_end < len(blob), trial.nct_id
        broken = blob[:first_block_end] + bytes(len(blob) - first_block_end)
        expected = msgspec.json.decode(encode_trial(trial), type=SnippetText)
        assert decompress_parts(broken, SnippetText) == expected, trial.nct_id


def test_records_written_in_one_block_still_give_their_parts(real_trials: list[Trial]) -> None:
    """Stores written before heads existed (one block a record), and records with a
    trailer (which a head would hide; a long one's first block is where zstd cut it,
    128 kB in), read their parts from the whole record."""
    compressor = zstandard.ZstdCompressor(dict_data=_api_json_dictionary(), write_dict_id=True)
    legacy = [trial for trial in real_trials if trial.source_format == "ctgov_legacy_xml"]
    for trial in [*real_trials[:40], *legacy[:10]]:
        blobs = [compressor.compress(study_record(trial))]
        if trial in legacy:
            assert record_form.head_end(study_record(trial)) is None, trial.nct_id
            blobs.append(compress_record(trial))
        for blob in blobs:
            for parts in (SnippetText, _Sites, _Summary):
                expected = msgspec.json.decode(encode_trial(trial), type=parts)
                assert decompress_parts(blob, parts) == expected, (trial.nct_id, parts)


def _first_block_end(blob: bytes) -> int:
    """Where a zstd frame's first block ends (RFC 8878: a 3-byte header after the frame's)."""
    start = zstandard.frame_header_size(blob)
    header = int.from_bytes(blob[start : start + 3], "little")
    return start + 3 + (1 if (header >> 1) & 3 == 1 else header >> 3)


def test_json_an_older_export_made_is_not_served_and_the_trial_still_reads() -> None:
    trial = hostile_trial()
    text = study_record(trial) + b'\n{"version":"0"}'
    assert study_json_of(text) is None
    assert trial_of(text) == trial
    assert study_json_of(study_record(trial)) == encode_study_json(trial)


def test_a_store_answers_the_api_from_its_records_and_exports_older_ones(
    loaded_store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "trials.db"
    path.write_bytes(loaded_store_path.read_bytes())
    store = open_store(path)
    try:
        records = store.get_records(list(store.iter_nct_ids()))
        # Registry studies: their records are the JSON alone, the trailer is this test's.
        nct_ids = [
            nct_id for nct_id, blob in records.items() if b"\n" not in decompress_bytes(blob)
        ]
        nct_ids = nct_ids[:3]
        trials = store.get_trials(nct_ids)
        expected = [encode_study_json(trial) for trial in trials]
        assert study_documents(store, nct_ids) == expected
    finally:
        store.close()
    # The first record made by an older export, as a store would hold it.
    with sqlite3.connect(path) as connection:
        (blob,) = connection.execute(
            "SELECT record FROM trials WHERE nct_id = ?", (nct_ids[0],)
        ).fetchone()
        dictionary = _api_json_dictionary()
        assert zstandard.get_frame_parameters(blob).dict_id == dictionary.dict_id()
        older = decompress_bytes(blob) + b'\n{"version":"0"}'
        rewritten = zstandard.ZstdCompressor(dict_data=dictionary, write_dict_id=True).compress(
            older
        )
        connection.execute("UPDATE trials SET record = ? WHERE nct_id = ?", (rewritten, nct_ids[0]))
    store = open_store(path)
    try:
        assert study_json_in_record(store.get_records(nct_ids[:1])[nct_ids[0]]) is None
        assert study_documents(store, nct_ids) == expected
        assert store.get_trials(nct_ids) == trials
    finally:
        store.close()


def _api_json_dictionary() -> zstandard.ZstdCompressionDict:
    data = (resources.files("trialfinder") / "data" / "study_json_dictionary_v1.zstd").read_bytes()
    return zstandard.ZstdCompressionDict(data)
