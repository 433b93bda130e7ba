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


def judge(criterion: str, section: str, *sentences: str, **options: object) -> str:
    note = "\n".join(f"{number}. {sentence}" for number, sentence in enumerate(sentences))
    patient = extract_facts(PatientProfile(note=note))
    return judge_pair(criterion, section, note, patient, **options)  # type: ignore[arg-type]


WOMAN = "A 32-year-old woman is admitted after a car accident."


def test_pregnancy_is_unknown_for_a_woman_of_childbearing_age_whose_note_is_silent() -> None:
    assert judge("Pregnant patients", "exclusion", WOMAN) == "not enough information"
    assert judge("Pregnant patients", "exclusion", "A 75-year-old woman.") == "not applicable"


def test_negative_pregnancy_test_is_not_excluded() -> None:
    assert judge("Current pregnancy", "exclusion", WOMAN, "Pregnancy test is negative.") == (
        "not excluded"
    )


def test_severity_the_note_does_not_state_is_not_enough_information() -> None:
    note = ("A 51-year-old woman.", "She has hypertension.")
    assert judge("Uncontrolled hypertension", "exclusion", *note) == "not enough information"
    assert judge("Hypertension", "exclusion", *note) == "excluded"


def test_plans_and_language_are_not_enough_information() -> None:
    assert judge("Planning to deliver outside the clinic", "exclusion", WOMAN) == (
        "not enough information"
    )
    assert judge("Women who don't speak French", "exclusion", WOMAN) == "not enough information"


def test_unrecorded_body_weight_is_not_enough_information() -> None:
    assert judge("Patient weight >110 kg", "exclusion", WOMAN) == "not enough information"


def test_population_word_alone_does_not_exclude() -> None:
    note = ("A 51-year-old woman.", "She has diabetes mellitus.")
    assert judge("Diabetic patients on insulin", "exclusion", *note) == "not excluded"


def test_exclusion_naming_the_trials_own_condition_is_not_applied_blindly() -> None:
    note = ("A 51-year-old woman is seen for osteoporosis.",)
    criterion = "Conditions that affect bone such as idiopathic osteoporosis"
    trial_concepts = frozenset({"osteoporosis"})
    assert judge(criterion, "exclusion", *note, trial_concepts=trial_concepts) == "not excluded"


def test_failures_during_the_study_are_not_applicable() -> None:
    assert judge("MRI images unable to be processed", "exclusion", WOMAN) == "not applicable"


def test_menopausal_status_follows_a_womans_age() -> None:
    assert judge("Premenopausal", "inclusion", "A 38 year old woman.") == "included"
    assert judge("Postmenopausal women", "exclusion", "A 36-year-old woman.") == "not excluded"


def test_mild_criterion_is_not_met_by_a_severe_finding() -> None:
    note = ("A 62-year-old man.", "Examination confirms severe cognitive deficits.")
    criterion = "Symptoms of mild cognitive impairment"
    assert judge(criterion, "inclusion", *note) == "not included"


def test_one_of_several_listed_risk_factors_is_enough() -> None:
    note = ("A 58-year-old woman.", "She has hypertension and obesity.", "She denies smoking.")
    criterion = "One or more risk factors, such as smoking, diabetes or obesity"
    assert judge(criterion, "inclusion", *note) == "included"


def test_wished_for_pregnancy_is_not_a_state() -> None:
    note = ("A 36-year-old woman.", "Pregnancy test is negative.")
    assert judge("Desire pregnancy within 12 months", "inclusion", *note) == (
        "not enough information"
    )


def test_possible_diagnosis_is_not_enough_information() -> None:
    note = ("A 36-year-old woman.", "The differential diagnosis includes uterine fibroids.")
    assert judge("Patients with fibroids", "exclusion", *note) == "not enough information"


def test_both_sexes_criterion_is_included() -> None:
    assert judge("Both genders are eligible for study", "inclusion", "A 32-year-old male.") == (
        "included"
    )
