"""Ingest of every registry format into a real SQLite file, including bad input."""

from __future__ import annotations

import gc
import gzip
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import msgspec
import pytest

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, run_trialfinder, shared_path
from trialfinder.ingest import UnreadableInput, ingest_paths, iter_records, sample_paths
from trialfinder.ingest.ctgov_v2 import parse_study, parse_study_json
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.ingest.reader import MAX_RECORD_BYTES
from trialfinder.model import decode_trial, encode_trial, parse_age
from trialfinder.search import build_query, search
from trialfinder.store.sqlite import SQLiteStore


def shared_v2_studies() -> Path:
    return shared_path(API_V2_STUDIES)


def shared_legacy_xml() -> Path:
    return shared_path(LEGACY_XML_SAMPLE)


REPO = Path(__file__).resolve().parents[1]


def real_lines() -> list[bytes]:
    return [line for line in shared_v2_studies().read_bytes().splitlines() if line.strip()]


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "trials.db")


def test_all_real_records_ingest_without_a_skip(store: SQLiteStore) -> None:
    summary = ingest_paths(store, [shared_v2_studies(), shared_legacy_xml()])
    assert summary.skipped == []
    assert summary.inserted == 228 + 65
    assert store.count_trials() == 228 + 65


def test_bundled_sample_holds_every_distinct_real_study_and_the_five_reference_trials(
    store: SQLiteStore,
) -> None:
    summary = ingest_paths(store, sample_paths())
    assert summary.skipped == []
    assert store.count_trials() == 298
    for nct_id in ("NCT03877471", "NCT05018637", "NCT05160831", "NCT05227846", "NCT06949137"):
        assert getattr(store.get_trial(nct_id), "nct_id", None) == nct_id


def test_every_record_round_trips_through_the_store_unchanged(store: SQLiteStore) -> None:
    parsed = [parse_study_json(line) for line in real_lines()]
    parsed += [
        parse_clinical_study(path.read_bytes())
        for path in sorted(shared_legacy_xml().glob("*.xml"))
    ]
    store.upsert_trials(parsed)
    for trial in parsed:
        assert store.get_trial(trial.nct_id) == trial
        assert decode_trial(encode_trial(trial)) == trial


def test_v2_fields_present_in_the_source_are_kept() -> None:
    for line in real_lines():
        document = json.loads(line)
        trial = parse_study_json(line)
        protocol = document["protocolSection"]
        locations = protocol.get("contactsLocationsModule", {}).get("locations", [])
        assert len(trial.locations) == len(locations)
        for source, kept in zip(locations, trial.locations, strict=True):
            assert kept.city == source.get("city")
            if "geoPoint" in source:
                assert kept.latitude == source["geoPoint"]["lat"]
        eligibility = protocol.get("eligibilityModule", {})
        assert trial.eligibility.criteria_text == eligibility.get("eligibilityCriteria")
        assert trial.eligibility.minimum_age.text == eligibility.get("minimumAge")
        arms = protocol.get("armsInterventionsModule", {})
        assert len(trial.arm_groups) == len(arms.get("armGroups", []))
        assert len(trial.interventions) == len(arms.get("interventions", []))
        derived = document.get("derivedSection", {})
        ancestors = derived.get("conditionBrowseModule", {}).get("ancestors", [])
        assert [mesh.term for mesh in trial.condition_mesh_ancestors] == [
            mesh["term"] for mesh in ancestors
        ]


def test_fast_and_lenient_v2_parsers_agree_on_every_real_record() -> None:
    for line in real_lines():
        assert parse_study_json(line) == parse_study(json.loads(line))


def test_legacy_xml_maps_to_api_v2_vocabulary() -> None:
    trial = parse_clinical_study((shared_legacy_xml() / "NCT00055081.xml").read_bytes())
    assert trial.overall_status == "COMPLETED"
    assert trial.phases == ["NA"]
    assert trial.study_type == "INTERVENTIONAL"
    assert trial.design.masking == "NONE"
    assert trial.design.intervention_model == "PARALLEL"
    assert trial.enrollment.count == 320 and trial.enrollment.type == "ACTUAL"
    assert trial.funder_types == ["Other", "NIH"]
    assert trial.source_last_updated == "2013-12-06"
    assert trial.eligibility.criteria_text is not None
    assert trial.eligibility.criteria_text.startswith("Inclusion Criteria:")


def test_status_verified_date_is_read_from_both_formats_and_old_records_still_load() -> None:
    """Status "Unknown" is explained by when the sponsor last verified it (issue 17)."""
    verified = {}
    for line in real_lines():
        protocol = json.loads(line)["protocolSection"]
        status = protocol.get("statusModule", {})
        verified[protocol["identificationModule"]["nctId"]] = status.get("statusVerifiedDate")
    assert any(verified.values())
    for line in real_lines():
        trial = parse_study_json(line)
        assert trial.status_verified_date == verified[trial.nct_id]
    legacy = parse_clinical_study((shared_legacy_xml() / "NCT00739817.xml").read_bytes())
    assert legacy.status_verified_date == "2009-08"
    stored_before_the_field = encode_trial(legacy).replace(
        b',"status_verified_date":"2009-08"', b""
    )
    assert b"status_verified_date" not in stored_before_the_field
    assert decode_trial(stored_before_the_field).status_verified_date is None


@pytest.mark.parametrize(
    ("text", "years"),
    [("18 Years", 18.0), ("6 Months", 0.5), ("N/A", None), (None, None), ("2 Weeks", 0.038330)],
)
def test_registry_ages_become_years_keeping_the_text(text: str | None, years: float | None) -> None:
    age = parse_age(text)
    assert age.years == pytest.approx(years, abs=1e-5) if years is not None else age.years is None
    assert age.text == (text.strip() if text else None)


def test_messy_types_are_converted_leniently_not_rejected() -> None:
    document = json.loads(real_lines()[0])
    protocol = document["protocolSection"]
    protocol["conditionsModule"]["conditions"] = "Lung disease"
    protocol["designModule"]["enrollmentInfo"] = {"count": "120", "type": "ACTUAL"}
    protocol["eligibilityModule"]["healthyVolunteers"] = "maybe"
    protocol["contactsLocationsModule"]["locations"][0]["geoPoint"] = {"lat": "north"}
    trial = parse_study(document)
    assert trial.conditions == ["Lung disease"]
    assert trial.enrollment.count == 120
    assert trial.eligibility.healthy_volunteers is None
    assert trial.locations[0].latitude is None
    assert trial.locations[0].city == protocol["contactsLocationsModule"]["locations"][0]["city"]


def write_jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_malformed_records_are_reported_with_position_and_the_rest_lands(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines()[:5]
    huge_field = json.loads(good[0])
    huge_field["protocolSection"]["identificationModule"]["nctId"] = "NCT99999991"
    huge_field["protocolSection"]["descriptionModule"]["briefSummary"] = "x" * (50 * 1024 * 1024)
    no_id = json.loads(good[1])
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    lines = [
        good[0],
        b'{"protocolSection": {"identificationModule": {"nctId": ',
        good[2],
        json.dumps(no_id).encode(),
        b"[1, 2, 3",
        json.dumps(huge_field).encode(),
        b'"just a string"',
        good[3],
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    summary = ingest_paths(store, [path])
    assert summary.inserted == 3
    reasons = {item.where: item.reason for item in summary.skipped}
    assert set(reasons) == {f"{path}:{n}" for n in (2, 4, 5, 6, 7)}
    assert "invalid JSON" in reasons[f"{path}:2"]
    assert "nctId" in reasons[f"{path}:4"]
    assert str(MAX_RECORD_BYTES)[:2] in reasons[f"{path}:6"].replace(",", "")
    assert store.get_trial("NCT99999991") is None


def test_search_pages_arrays_single_studies_gzip_directories_and_zips(
    tmp_path: Path, store: SQLiteStore
) -> None:
    lines = real_lines()
    documents = [json.loads(line) for line in lines[:12]]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "page.json").write_text(
        json.dumps({"studies": documents[0:3], "nextPageToken": "abc", "totalCount": 99})
    )
    (inputs / "array.json").write_text(json.dumps(documents[3:5]))
    (inputs / "single.json").write_text(json.dumps(documents[5]))
    (inputs / "lines.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[6:8])))
    (inputs / "lines-named-json.json").write_bytes(b"\n".join(lines[8:10]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bulk/NCTA.json", lines[10])
        archive.writestr("bulk/NCTB.json", lines[11])
        archive.writestr(
            "bulk/NCT00055081.xml", (shared_legacy_xml() / "NCT00055081.xml").read_bytes()
        )
        archive.writestr("bulk/readme.txt", "not a study")
    (inputs / "bulk.zip").write_bytes(buffer.getvalue())
    summary = ingest_paths(store, [inputs])
    assert summary.skipped == []
    assert store.count_trials() == 13


def test_hostile_xml_with_entities_is_refused_not_expanded(
    tmp_path: Path, store: SQLiteStore
) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info>"
        b"<brief_title>&lol2;</brief_title></clinical_study>"
    )
    external = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b"<clinical_study><id_info><nct_id>NCT00000002</nct_id></id_info>"
        b"<brief_title>&ext;</brief_title></clinical_study>"
    )
    (tmp_path / "bomb.xml").write_bytes(bomb)
    (tmp_path / "external.xml").write_bytes(external)
    (tmp_path / "broken.xml").write_bytes(b"<clinical_study><id_info>")
    summary = ingest_paths(
        store, [tmp_path / "bomb.xml", tmp_path / "external.xml", tmp_path / "broken.xml"]
    )
    assert store.count_trials() == 0
    assert len(summary.skipped) == 3
    assert all("XML" in item.reason for item in summary.skipped)


def with_update(line: bytes, date: str, title: str) -> bytes:
    document = json.loads(line)
    document["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": date}
    document["protocolSection"]["identificationModule"]["briefTitle"] = title
    return json.dumps(document).encode()


def test_newer_update_wins_and_older_never_overwrites(tmp_path: Path, store: SQLiteStore) -> None:
    line = real_lines()[0]
    nct_id = parse_study_json(line).nct_id
    ingest_paths(store, [write_jsonl(tmp_path / "a.jsonl", [with_update(line, "2025-01-01", "A")])])
    newer = ingest_paths(
        store, [write_jsonl(tmp_path / "b.jsonl", [with_update(line, "2025-06-01", "B")])]
    )
    older = ingest_paths(
        store, [write_jsonl(tmp_path / "c.jsonl", [with_update(line, "2024-01-01", "C")])]
    )
    again = ingest_paths(
        store, [write_jsonl(tmp_path / "d.jsonl", [with_update(line, "2025-06-01", "B")])]
    )
    assert (newer.updated, older.unchanged, again.unchanged) == (1, 1, 1)
    trial = store.get_trial(nct_id)
    assert trial is not None and trial.brief_title == "B"


def test_missing_input_raises_a_clear_error(store: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="no such file"):
        list(iter_records([tmp_path / "nope.json"]))
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableInput, match="zip"):
        ingest_paths(store, [tmp_path / "broken.zip"])


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run_trialfinder(*args, "--db", str(db))


def test_cli_ingest_reports_skips_and_exits_zero_when_input_was_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "some.jsonl", [*real_lines()[:3], b"{broken"])
    result = run_cli("ingest", str(path), "--format", "json", db=tmp_path / "t.db")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["ingested"], summary["skipped"]) == (3, 1)
    assert summary["skipped_records"][0]["where"].endswith("some.jsonl:4")


def test_cli_ingest_of_an_unreadable_input_fails_with_a_message(tmp_path: Path) -> None:
    result = run_cli("ingest", str(tmp_path / "missing.jsonl"), db=tmp_path / "t.db")
    assert result.returncode != 0
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_stats_json_has_the_documented_keys(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run_cli("ingest", str(shared_v2_studies()), "--quiet", db=db).returncode == 0
    stats = json.loads(run_cli("stats", "--format", "json", db=db).stdout)
    assert set(stats) == {"total", "by_status", "by_study_type", "by_source", "last_updated"}
    assert stats["total"] == 228
    assert stats["by_source"] == {"ctgov_v2_json": 228}
    assert stats["by_status"]["RECRUITING"] == 210


def test_cli_show_unknown_trial_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    result = run_cli("show", "NCT00000000", db=tmp_path / "t.db")
    assert result.returncode != 0
    assert "NCT00000000" in result.stderr and "Traceback" not in result.stderr


def test_cli_show_json_is_the_full_record(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run_cli("ingest", str(shared_v2_studies()), "--quiet", db=db)
    line = real_lines()[0]
    expected = parse_study_json(line)
    shown = run_cli("show", expected.nct_id, "--format", "json", db=db)
    assert msgspec.json.decode(shown.stdout.encode(), type=type(expected)) == expected


def test_killed_ingest_leaves_whole_trials_and_a_rerun_finishes(tmp_path: Path) -> None:
    shared_v2_studies()  # bench/scale.py scales these records up
    sys.path.insert(0, str(REPO / "bench"))
    from scale import scaled_study_lines

    big = write_jsonl(tmp_path / "big.jsonl", list(scaled_study_lines(4000, heavy=True)))
    db = tmp_path / "killed.db"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trialfinder",
            "ingest",
            str(big),
            "--quiet",
            "--batch-size",
            "50",
            "--db",
            str(db),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists() and _count(db) >= 200:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _count(db)
    assert 0 < partial < 4000, "the kill must land mid-ingest"
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    store = SQLiteStore(db)
    for trial in store.iter_trials():
        assert trial.brief_title  # every stored trial decodes whole
    # The search index catches up with whatever the killed run committed.
    assert search(store, build_query(limit=1)).total == partial
    store.close()
    rerun = run_cli("ingest", str(big), "--quiet", "--format", "json", db=db)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["inserted"] == 4000 - partial
    assert summary["unchanged"] == partial
    assert _count(db) == 4000
    _assert_index_agrees_with_store(db)


def _assert_index_agrees_with_store(db: Path) -> None:
    """Every stored trial is indexed once, as stored: found by its id and its status."""
    store = SQLiteStore(db)
    try:
        trials = list(store.iter_trials())
        assert search(store, build_query(limit=1)).total == len(trials)
        statuses = Counter(trial.overall_status for trial in trials if trial.overall_status)
        assert search(store, build_query(limit=1)).facets.status == dict(statuses)
        for trial in trials[:: len(trials) // 25]:
            found = search(store, build_query(trial.nct_id, limit=5))
            assert [hit.nct_id for hit in found.hits] == [trial.nct_id]
            assert found.hits[0].title == trial.title
    finally:
        store.close()


def _count(db: Path) -> int:
    connection = sqlite3.connect(db, timeout=30)
    try:
        return int(connection.execute("SELECT count(*) FROM trials").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()


def test_parallel_criteria_parsing_stores_the_same_records(tmp_path: Path) -> None:
    serial = SQLiteStore(tmp_path / "serial.db")
    parallel = SQLiteStore(tmp_path / "parallel.db")
    ingest_paths(serial, [shared_v2_studies()], batch_size=40, jobs=1)
    summary = ingest_paths(parallel, [shared_v2_studies()], batch_size=40, jobs=2)
    assert summary.inserted == 228 and summary.derive_failures == []
    ids = list(serial.iter_nct_ids())
    assert list(parallel.iter_nct_ids()) == ids
    for kind in ("criteria", "criteria_summary"):
        assert parallel.get_derived(kind, ids) == serial.get_derived(kind, ids)


def test_ingest_on_a_terminal_draws_a_bar_that_reaches_every_record(tmp_path: Path) -> None:
    """The bar goes to a real pseudo-terminal; in pipes (every other test) there is none."""
    import fcntl
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where a bar has no room to draw.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "trialfinder", "ingest", "--db", str(tmp_path / "t.db")]
            + [str(path) for path in sample_paths()],
            stderr=terminal,
            stdout=subprocess.PIPE,
        )
        os.close(terminal)
        drawn = b""
        while True:  # read while it draws: a full terminal buffer would block it
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child has closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        stdout = child.stdout.read() if child.stdout is not None else b""
        assert child.wait(timeout=300) == 0
    finally:
        os.close(controller)
    total = sum(1 for record in iter_records(sample_paths()) if record.trial is not None)
    final_bar = drawn.decode(errors="replace").split("\r")[-2]
    # Compressed inputs give no cheap total: the bar counts without a percentage.
    assert final_bar.startswith(f"{total}study") or f"{total}/{total}" in final_bar, final_bar
    assert f"ingested {total}" in stdout.decode()


def _ingest_shared_studies(tmp_path: Path, jobs: int) -> int:
    """How many of the shared API v2 studies an ingest into a new store inserts."""
    store = SQLiteStore(tmp_path / "trials.db")
    try:
        return ingest_paths(store, [shared_v2_studies()], batch_size=100, jobs=jobs).inserted
    finally:
        store.close()


def test_an_ingest_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The collector is set for the load only: a server that syncs keeps its own settings."""
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    assert _ingest_shared_studies(tmp_path, jobs=2) == 228
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen


def test_an_ingest_in_a_process_that_froze_its_tables_freezes_nothing_more(tmp_path: Path) -> None:
    """A web server freezes its long-lived tables; a sync it runs must not freeze the sync's own
    objects for the rest of the server's life (they could never be collected as garbage cycles)."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert _ingest_shared_studies(tmp_path, jobs=1) == 228
        # Frozen objects still die when their last reference goes: the count may only fall.
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
