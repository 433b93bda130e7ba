from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from trialfinder.cli import main
from trialfinder.evaluate import evaluate_chia, evaluate_criteria, judge_pair, load_pairs
from trialfinder.patient import PatientProfile, extract_facts

ANNOTATIONS = Path("/work/shared/data/trialgpt_criterion/trialgpt_criterion_annotations.json")
CHIA = Path("/work/shared/data/chia/chia_without_scope")


def test_pregnancy_criterion_does_not_apply_to_a_man() -> None:
    note = "0. A 44 yo male is brought to the emergency room."
    patient = extract_facts(PatientProfile(note=note))
    assert judge_pair("Pregnant or lactating women", "exclusion", note, patient) == "not applicable"


def test_denied_condition_is_not_excluded_and_present_one_is() -> None:
    note = "0. A 58-year-old woman.\n1. She has type 2 diabetes.\n2. She denies smoking."
    patient = extract_facts(PatientProfile(note=note))
    assert judge_pair("Current smokers", "exclusion", note, patient) == "not excluded"
    assert judge_pair("Diabetes mellitus", "exclusion", note, patient) == "excluded"
    assert judge_pair("Patients with type 2 diabetes", "inclusion", note, patient) == "included"


def test_criteria_evaluation_beats_the_majority_baseline() -> None:
    predictions, report = evaluate_criteria(load_pairs(ANNOTATIONS))
    assert len(predictions) == report.total == 525
    assert report.accuracy > 0.70
    assert "confusion" in report.render()


def test_cli_writes_one_prediction_per_pair(tmp_path: Path) -> None:
    output = tmp_path / "predictions.jsonl"
    outcome = CliRunner().invoke(
        main, ["evaluate", "criteria", str(ANNOTATIONS), "--predictions", str(output)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "accuracy:" in outcome.output
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(lines) == 525 and set(lines[0]) == {"annotation_id", "eligibility"}


def test_chia_measurement_values_are_scored(tmp_path: Path) -> None:
    for path in sorted(CHIA.glob("NCT0*_inc.*"))[:200]:
        shutil.copy(path, tmp_path / path.name)
    report = evaluate_chia(tmp_path)
    assert report.gold > 0 and report.predicted > 0
    assert report.all_correct <= report.span_matched <= report.predicted
    outcome = CliRunner().invoke(main, ["evaluate", "chia", str(tmp_path)])
    assert outcome.exit_code == 0 and "comparator+number+unit" in outcome.output
