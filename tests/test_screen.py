"""Cohort screening and patient input on the command line (real SQLite store, real files)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from seed_trials import seed_trial
from trialfinder.cli import main
from trialfinder.criteria import derive_criteria_record
from trialfinder.fhir import PatientRecord
from trialfinder.match import stored_criteria
from trialfinder.patient import PatientProfile
from trialfinder.screen import SCREEN_COLUMNS, screen_cohort
from trialfinder.search import open_store

SYNTHEA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fhir_bulk_synthea_10"
SAMPLE_BUNDLE = (
    resources.files("trialfinder") / "data" / "sample" / "fhir" / "bundle_osteoporosis.json"
)
TRIALS = ("NCT05227846", "NCT05018637")
needs_synthea = pytest.mark.skipif(
    not SYNTHEA.exists(), reason="../shared/data/fhir_bulk_synthea_10 not found"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding two seed trials with their parsed criteria."""
    path = tmp_path_factory.mktemp("screen") / "trials.db"
    store = open_store(path)
    try:
        trials = [seed_trial(nct_id) for nct_id in TRIALS]
        store.upsert_trials(
            trials, derived=[record for t in trials for record in derive_criteria_record(t)]
        )
    finally:
        store.close()
    return path


def _invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    outcome = CliRunner().invoke(main, list(args), input=stdin)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_match_reads_the_patient_from_standard_input(db: Path, tmp_path: Path) -> None:
    profile = {"age": 55, "sex": "female", "conditions": ["decompensated alcoholic cirrhosis"]}
    patient_file = tmp_path / "patient.json"
    patient_file.write_text(json.dumps(profile))
    common = ("--trial", "NCT05227846", "--format", "json", "--db", str(db))
    from_stdin = _invoke("match", "--patient", "-", *common, stdin=json.dumps(profile))
    from_file = _invoke("match", "--patient", str(patient_file), *common)
    assert from_stdin[0] == 0, from_stdin
    assert from_stdin[1] == from_file[1]
    assert json.loads(from_stdin[1])["results"][0]["nct_id"] == "NCT05227846"


def test_match_reads_a_fhir_bundle_and_a_note_file(db: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("She has a total bilirubin of 10.6 mg/dL.")
    common = ("--trial", "NCT05227846", "--format", "json", "--db", str(db))
    code, out, _ = _invoke("match", "--patient", str(SAMPLE_BUNDLE), "--note", str(note), *common)
    assert code == 0, out
    evidence = {c["evidence"] for c in json.loads(out)["results"][0]["criteria"]}
    assert "measurements: Total bilirubin = 0.7 mg/dL" in evidence  # from the Bundle
    assert any(e and e.startswith("age: ") for e in evidence)  # from the birth date
    code, out, _ = _invoke("match", "--note", str(note), *common)
    assert code == 0, out
    evidence = {c["evidence"] for c in json.loads(out)["results"][0]["criteria"]}
    assert "She has a total bilirubin of 10.6 mg/dL." in evidence


def test_match_with_an_invalid_field_names_it_in_one_line(db: Path) -> None:
    code, _, err = _invoke("match", "--patient", "-", "--db", str(db), stdin='{"sex": "banana"}')
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "`sex`" in err and "female" in err and "male" in err
    code, _, err = _invoke("match", "--db", str(db))
    assert code == 2 and "--patient" in err


@needs_synthea
def test_screen_writes_one_csv_row_per_patient_and_trial(db: Path) -> None:
    args = ("screen", "--patients", str(SYNTHEA), "--trial", TRIALS[0], "--trial", TRIALS[1])
    code, out, err = _invoke(*args, "--db", str(db))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == SCREEN_COLUMNS
    assert len(rows) == 13 * 2
    assert {row["nct_id"] for row in rows} == set(TRIALS)
    assert len({row["patient_id"] for row in rows}) == 13
    for row in rows:
        assert row["verdict"] in {"excluded", "possible", "likely"}
        assert (row["verdict"] == "excluded") == bool(row["first_failing_criterion"])
        counts = [int(row[name]) for name in ("met", "not_met", "unknown", "not_applicable")]
        assert sum(counts) > 0
    assert err == ""  # nothing about the patients goes anywhere else


@needs_synthea
def test_screen_writes_json_lines_to_the_file_named(db: Path, tmp_path: Path) -> None:
    output = tmp_path / "rows.jsonl"
    code, out, err = _invoke(
        "screen", "--patients", str(SYNTHEA), "--trial", TRIALS[0], "--output", str(output),
        "--db", str(db),
    )  # fmt: skip
    assert code == 0, err
    assert out == ""
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(rows) == 13
    assert all(tuple(row) == SCREEN_COLUMNS and row["nct_id"] == TRIALS[0] for row in rows)
    assert err == f"Wrote 13 rows to {output}.\n"


def test_screen_reads_json_lines_and_folders_of_profiles(db: Path, tmp_path: Path) -> None:
    lines = tmp_path / "cohort.jsonl"
    lines.write_text(
        json.dumps({"id": "p-1", "age": 70, "sex": "male"})
        + "\n"
        + '{"sex": "banana"}\n'
        + json.dumps({"age": 30, "sex": "female"})
        + "\n"
    )
    code, out, err = _invoke(
        "screen", "--patients", str(lines), "--trial", TRIALS[0], "--db", str(db)
    )
    assert code == 0, err
    assert [row["patient_id"] for row in csv.DictReader(io.StringIO(out))] == ["p-1", "line 3"]
    assert "skipped cohort.jsonl line 2: invalid patient profile" in err and "banana" not in err
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "anna.json").write_text(json.dumps({"age": 62, "sex": "female"}))
    (folder / "osteo.json").write_bytes(SAMPLE_BUNDLE.read_bytes())
    code, out, err = _invoke(
        "screen", "--patients", str(folder), "--trial", TRIALS[1], "--db", str(db)
    )
    assert code == 0, err
    assert [row["patient_id"] for row in csv.DictReader(io.StringIO(out))] == ["anna", "osteo"]


def test_screen_needs_trials_or_a_condition(db: Path, tmp_path: Path) -> None:
    lines = tmp_path / "cohort.jsonl"
    lines.write_text('{"age": 40}\n')
    code, _, err = _invoke("screen", "--patients", str(lines), "--db", str(db))
    assert code == 2 and "--trial" in err
    code, out, err = _invoke(
        "screen", "--patients", str(lines), "--cond", "cirrhosis", "--db", str(db)
    )
    assert code == 0, err
    assert [row["nct_id"] for row in csv.DictReader(io.StringIO(out))] == ["NCT05227846"]


def test_screen_cohort_counts_match_the_criteria(db: Path) -> None:
    store = open_store(db)
    try:
        trials = list(stored_criteria(store, [TRIALS[0]]).values())
    finally:
        store.close()
    done: list[int] = []
    patient = PatientRecord("p", PatientProfile(age=80))
    (row,) = screen_cohort([patient], trials, done.append)
    assert done == [1]
    assert row.verdict == "excluded" and row.first_failing_criterion is not None
    assert "Age" in row.first_failing_criterion
    assert row.met + row.not_met + row.unknown + row.not_applicable == len(trials[0].criteria)


@needs_synthea
def test_match_takes_a_bulk_export_of_one_patient_only(db: Path, tmp_path: Path) -> None:
    code, _, err = _invoke("match", "--patient", str(SYNTHEA), "--db", str(db))
    assert code == 1 and "holds 13 patients" in err and "trialfinder screen" in err
    one = tmp_path / "one"
    one.mkdir()
    patient_line = (SYNTHEA / "Patient.000.ndjson").read_bytes().splitlines()[0]
    (one / "Patient.000.ndjson").write_bytes(patient_line + b"\n")
    args = ("match", "--patient", str(one), "--trial", TRIALS[0], "--format", "json")
    code, out, err = _invoke(*args, "--db", str(db))
    assert code == 0, err
    assert json.loads(out)["results"][0]["nct_id"] == TRIALS[0]
