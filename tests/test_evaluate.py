from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import shared_path
from trialfinder.cli import main
from trialfinder.evaluate import (
    ExtractionReport,
    _read_ann,
    _read_lct,
    evaluate_chia,
    evaluate_criteria,
    evaluate_lct,
    extraction_portion,
    judge_pair,
    load_pairs,
    value_classes,
)
from trialfinder.patient import PatientProfile, extract_facts

ANNOTATIONS = "data/trialgpt_criterion/trialgpt_criterion_annotations.json"
CHIA = "data/chia/chia_without_scope"
LCT = "data/lct/leaf_clinical_trials"


def test_pregnancy_criterion_does_not_apply_to_a_man() -> None:
    note = "0. A 44 yo male is brought to the emergency room."
    patient = extract_facts(PatientProfile(note=note))
    assert judge_pair("Pregnant or lactating women", "exclusion", patient) == "not applicable"


def test_denied_condition_is_not_excluded_and_present_one_is() -> None:
    note = "0. A 58-year-old woman.\n1. She has type 2 diabetes.\n2. She denies smoking."
    patient = extract_facts(PatientProfile(note=note))
    assert judge_pair("Current smokers", "exclusion", patient) == "not excluded"
    assert judge_pair("Diabetes mellitus", "exclusion", patient) == "excluded"
    assert judge_pair("Patients with type 2 diabetes", "inclusion", patient) == "included"


def test_a_row_with_a_null_or_missing_field_is_reported_and_skipped(tmp_path: Path) -> None:
    rows = [
        {
            "annotation_id": 1,
            "patient_id": "p1",
            "note": "0. A 58-year-old woman.\n1. She has type 2 diabetes.",
            "criterion_type": "exclusion",
            "criterion_text": "Diabetes mellitus",
            "expert_eligibility": "excluded",
        },
        {
            "annotation_id": 2,
            "patient_id": "p1",
            "note": "0. A 58-year-old woman.",
            "criterion_type": "inclusion",
            "criterion_text": None,
            "expert_eligibility": "included",
        },
        {"annotation_id": 3, "patient_id": "p2", "criterion_type": "inclusion"},
    ]
    annotations = tmp_path / "pairs.json"
    annotations.write_text(json.dumps(rows))
    outcome = CliRunner().invoke(main, ["evaluate", "criteria", str(annotations)])
    assert outcome.exit_code == 0, outcome.output
    assert "accuracy: 100.0% (1/1)" in outcome.output
    assert "skipped 2 row(s)" in outcome.output
    assert "row 1:" in outcome.output and "row 2:" in outcome.output


def test_json_format_gives_accuracy_per_label_counts_confusion_and_skipped_rows(
    tmp_path: Path,
) -> None:
    note = "0. A 58-year-old woman.\n1. She has type 2 diabetes.\n2. She denies smoking."
    rows = [
        {
            "annotation_id": 1,
            "patient_id": "p1",
            "note": note,
            "criterion_type": "exclusion",
            "criterion_text": "Diabetes mellitus",
            "expert_eligibility": "excluded",
        },
        {
            "annotation_id": 2,
            "patient_id": "p1",
            "note": note,
            "criterion_type": "exclusion",
            "criterion_text": "Current smokers",
            "expert_eligibility": "excluded",
        },
        {"annotation_id": 3, "patient_id": "p2", "criterion_type": "inclusion", "note": None},
    ]
    annotations = tmp_path / "pairs.json"
    annotations.write_text(json.dumps(rows))
    outcome = CliRunner().invoke(
        main, ["evaluate", "criteria", str(annotations), "--format", "json"]
    )
    assert outcome.exit_code == 0, outcome.output
    summary = json.loads(outcome.output)
    assert summary["accuracy"] == 0.5 and (summary["correct"], summary["total"]) == (1, 2)
    assert summary["per_label"] == {"excluded": {"correct": 1, "total": 2}}
    assert summary["confusion"] == {"excluded": {"excluded": 1, "not excluded": 1}}
    assert [row["row"] for row in summary["skipped"]] == [2]
    assert summary["skipped"][0]["problem"]
    text = CliRunner().invoke(main, ["evaluate", "criteria", str(annotations)])
    assert "accuracy: 50.0% (1/2)" in text.output


def test_criteria_evaluation_beats_the_majority_baseline() -> None:
    predictions, report = evaluate_criteria(load_pairs(shared_path(ANNOTATIONS)))
    assert len(predictions) == report.total == 525
    assert report.accuracy > 0.70
    assert "confusion" in report.render()


def test_cli_writes_one_prediction_per_pair(tmp_path: Path) -> None:
    output = tmp_path / "predictions.jsonl"
    outcome = CliRunner().invoke(
        main, ["evaluate", "criteria", str(shared_path(ANNOTATIONS)), "--predictions", str(output)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "accuracy:" in outcome.output
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert len(lines) == 525 and set(lines[0]) == {"annotation_id", "eligibility"}


def precision_recall(correct: int, report: ExtractionReport) -> tuple[float, float]:
    """Precision and recall in percent, as ``report.render()`` prints them."""
    return 100 * correct / report.predicted, 100 * correct / report.gold


def test_chia_measurement_values_are_scored(tmp_path: Path) -> None:
    for path in sorted(shared_path(CHIA).glob("NCT0*_inc.*"))[:200]:
        shutil.copy(path, tmp_path / path.name)
    report = evaluate_chia(tmp_path)
    # 276 since the alternatives of an OR group and the two thresholds of one Value span
    # ("> 35 and < 50 kg/m2") are read as the annotators wrote them (260 before).
    assert report.gold == 276
    assert report.all_correct <= report.span_matched <= report.predicted
    # Today's figures, pinned: a criteria-parser change that moves them updates them
    # here (and in bench/RESULTS_extraction.md) on purpose. Issue 12 moved them: gold
    # values read as the parser reads numbers, plain numbers far from a lab are not
    # values, restatements in brackets and time-measured quantities left out.
    # Raised again (issue 12, helper O): letter classes and "or worse" of scores, a score's
    # name ending in "score" before its value, listed grades with commas and half steps.
    # Raised again (issue 12, helper X2): OR alternatives and shared values read as annotated,
    # counted and scale numbers left out, more named quantities and units.
    # Raised again (issue 12, helper Y2): Roman grades of scores only, bracketed comparator
    # symbols, counted lesions, names from registry text, a value before its name, a score
    # on its scale, numbers inside codes.
    # Moved again (issue 12, helper S1): lengths read by their unit, comparators before a
    # name or a grade label, transaminases, GOLD grades, more spellings of the ULN.
    # Raised again (issue 12, helper S1, ninth session): scores the lexicon does not name,
    # read after the word "score".
    # Raised again (issue 12, helper S9, fifteenth session): an unnamed score's range after
    # "score between", Wood units, spellings ("gm/day", "degree celsius", "centimeters
    # squared"), names ("Mini Mental Status"), a class before "by the" and its scale.
    # Raised again (issue 12, helper X2, nineteenth session): gestational ages are scored
    # (Chia annotates them as Measurements).
    # Raised again (issue 12, helper Z5, twenty-first session): scores and measures the lexicon
    # lacked, a grade as a "level" before its score, the ULN bounded with no multiple.
    # Raised again (issue 12, helper Z4, twenty-second session): a lab's raising word
    # ("elevated ALT") is once the ULN, scales written in letters, a range's top as written.
    # Raised again (issue 12, helper V2, twenty-fourth session): the lower limit of normal is
    # read ("< 0.8 x LLN", "below the lower limit of normal", "low vitamin B12"), on both sides.
    # Raised again (issue 12, helper P5, twenty-seventh session): units as written ("mM" is
    # millimolar, "h-1" per hour, "2.5-fold ULN"), a scale named after "according to".
    # Raised again (issue 12, helper J6, twenty-ninth session): pressures, velocities, angles,
    # percentages of predicted and intervals in milliseconds no name reads, known by their unit.
    # Raised again (issue 12, helper W7, thirty-first session): blasts in cells/µL are the blast
    # count, unitless cardiopulmonary indices (MPR, E/e', RER); +2 matched of +3 read, the third
    # a blast count Chia leaves unannotated ("Blasts < 1,000/µL in peripheral blood").
    assert precision_recall(report.span_matched, report) == pytest.approx((86.7, 54.3), abs=0.3)
    assert precision_recall(report.all_correct, report) == pytest.approx((84.4, 52.9), abs=0.3)
    outcome = CliRunner().invoke(main, ["evaluate", "chia", str(tmp_path)])
    assert outcome.exit_code == 0 and "comparator+number+unit" in outcome.output


LCT_TEXT = (
    "Inclusion criteria:\n"
    "  1. Age >= 18 years;\n"
    "  2. Serum creatinine > 1.5 mg/dL;\n"
    "  3. BMI between 18 and 30 kg/m2;\n"
    "  4. Quality of life score > 40\n"
)


def _offset(text: str, fragment: str) -> str:
    start = LCT_TEXT.index(text) + text.index(fragment)
    return f"{start} {start + len(fragment)}\t{fragment}"


def _lct_ann() -> str:
    """Brat events as LCT writes them: Eq-Comparison with Operator/Value/Unit/Per spans."""
    lines = [
        ("T1", "Age", "Age >= 18 years", "Age"),
        ("T2", "Eq-Comparison", "Age >= 18 years", ">= 18 years"),
        ("T3", "Eq-Operator", "Age >= 18 years", ">="),
        ("T4", "Eq-Value", "Age >= 18 years", "18"),
        ("T5", "Observation", "Serum creatinine > 1.5", "Serum creatinine"),
        ("T6", "Eq-Comparison", "creatinine > 1.5 mg/dL", "> 1.5 mg/dL"),
        ("T7", "Eq-Operator", "creatinine > 1.5", ">"),
        ("T8", "Eq-Value", "creatinine > 1.5", "1.5"),
        ("T9", "Eq-Unit", "1.5 mg/dL", "mg"),
        ("T10", "Eq-Unit", "1.5 mg/dL", "dL"),
        ("T11", "Observation", "BMI between", "BMI"),
        ("T12", "Eq-Comparison", "BMI between 18 and 30 kg/m2", "between 18 and 30 kg/m2"),
        ("T13", "Eq-Operator", "BMI between", "between"),
        ("T14", "Eq-Value", "between 18 and", "18"),
        ("T15", "Eq-Value", "and 30 kg", "30"),
        ("T16", "Eq-Unit", "30 kg/m2", "kg"),
        ("T17", "Eq-Unit", "30 kg/m2", "m2"),
        ("T18", "Observation", "Quality of life score", "Quality of life score"),
        ("T19", "Eq-Comparison", "score > 40", "> 40"),
        ("T20", "Eq-Operator", "score > 40", ">"),
        ("T21", "Eq-Value", "score > 40", "40"),
    ]
    ann = [f"{tid}\t{kind} {_offset(text, fragment)}" for tid, kind, text, fragment in lines]
    ann += [
        "E1\tAge:T1 Numeric-Filter:E2",
        "E2\tEq-Comparison:T2 Operator:T3 Value:T4",
        "E3\tObservation:T5 Numeric-Filter:E4",
        "E4\tEq-Comparison:T6 Operator:T7 Value:T8 Unit:T9 Per:T10",
        "E5\tObservation:T11 Numeric-Filter:E6",
        "E6\tEq-Comparison:T12 Operator:T13 Value:T14 Value2:T15 Unit:T16 Per:T17",
        "E7\tObservation:T18 Numeric-Filter:E8",
        "E8\tEq-Comparison:T19 Operator:T20 Value:T21",
        "A1\tEq-Operator-Value T3 GTEQ",
        "A2\tEq-Operator-Value T7 GT",
        "A3\tEq-Operator-Value T13 BETWEEN",
        "A4\tEq-Operator-Value T20 GT",
    ]
    return "\n".join(ann) + "\n"


def test_lct_comparisons_are_scored_by_comparator_number_and_unit(tmp_path: Path) -> None:
    folder = tmp_path / "batch1"
    folder.mkdir()
    (folder / "NCT00000001.txt").write_text(LCT_TEXT)
    (folder / "NCT00000001.ann").write_text(_lct_ann())
    report = evaluate_lct(tmp_path)
    # Creatinine (mg/dL) and BMI (a range in kg/m2) are read exactly; the quality of
    # life score is not in the lexicon, and is read by the word "score" before its value.
    assert (report.measurements.gold, report.measurements.predicted) == (3, 3)
    assert report.measurements.all_correct == report.measurements.span_matched == 3
    assert (report.age.gold, report.age.all_correct) == (1, 1)
    outcome = CliRunner().invoke(main, ["evaluate", "lct", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert "Age numeric filters: 1" in outcome.output


def test_lct_wrong_unit_or_comparator_is_not_a_match(tmp_path: Path) -> None:
    wrong = LCT_TEXT.replace("> 1.5 mg/dL", "> 1.5 umol/L").replace("between 18 and 30", "over 18")
    (tmp_path / "NCT00000002.txt").write_text(wrong)
    name = wrong.index("Serum creatinine")
    value = wrong.index("> 1.5 umol/L")
    (tmp_path / "NCT00000002.ann").write_text(
        f"T5\tObservation {name} {name + 16}\tSerum creatinine\n"
        f"T6\tEq-Comparison {value} {value + 12}\t> 1.5 umol/L\n"
        f"T7\tEq-Operator {value} {value + 1}\t>\n"
        f"T8\tEq-Value {value + 2} {value + 5}\t1.5\n"
        f"T9\tEq-Unit {value + 6} {value + 12}\tumol/L\n"
        "E3\tObservation:T5 Numeric-Filter:E4\n"
        "E4\tEq-Comparison:T6 Operator:T7 Value:T8 Unit:T9\n"
        "A2\tEq-Operator-Value T7 LTEQ\n"
    )
    report = evaluate_lct(tmp_path).measurements
    assert report.gold == 1 and report.span_matched == 1
    assert report.unit_correct == 1 and report.number_correct == 1
    assert report.comparator_correct == 0 and report.all_correct == 0


def test_lct_real_corpus_is_scored_without_errors() -> None:
    report = evaluate_lct(shared_path(LCT))
    # 1,195 since "GradeⅠ－II" (a Roman numeral character) is read.
    # 1,165 since letter classes of a score ("Child-Pugh grade C") are read as the points
    # they span on both sides (they were 1,163 gold values without them); 1,194 since a
    # comparison typed right after an Observation but left unlinked is read as its filter.
    # 1,201 and 732 since a number written as a word before a time or a ULN multiple ("three
    # times the upper limit of normal", "less than one year") is read as the parser reads it.
    # 1,202 since a number word a bound ends on ("cognitive scale score greater than seven.")
    # is read as the parser reads it (helper S18, thirteenth session). 1,203 since days
    # written in sevenths after whole weeks ("36 6/7 weeks") are part of the number (helper X2,
    # nineteenth session; the value is on the check half, counted only). 1,205 since a
    # comparison with the ULN as its unit and no number ("greater than the upper limit of
    # normal") is read as once the limit (helper Z5, twenty-first session). 1,206 since the
    # letter classes of BCLC, ACC/AHA heart-failure and ASIA impairment stages are read (helper
    # Z4, twenty-second session; the value is on the check half, counted only). 1,208 since a
    # comparison with the lower limit of normal as its unit and no number ("vitamin A level
    # greater than or equal to lower limit of normal") is read as once that limit (helper V2,
    # twenty-fourth session; one value on each half, the check half's counted only).
    assert (report.measurements.gold, report.age.gold) == (1208, 732)
    assert report.measurements.all_correct <= report.measurements.span_matched
    assert report.measurements.span_matched <= report.measurements.predicted
    measurements, age = report.measurements, report.age
    # Pinned on purpose (issue 12): see bench/RESULTS_extraction.md.
    # Raised by the acceptance audit (grades explaining a range, run-on item numbers, litres,
    # left atrial diameter, "DFG", a bare life expectancy as a minimum): 93.5/72.7, 88.6/68.8.
    # Helper S1 (ninth session): scores known by the word "score" or their scale: 94.5/78.0,
    # 90.2/74.5.
    # Helper S14 (fourteenth session): a size before its nodule or mass, "million" multiplies:
    # 94.3/78.4. Helper S6 (sixteenth session): refractive error in diopters, msSBP/seSBP,
    # the apnea index, "LFT" / "liver function tests": 94.2/79.0. Helper S4 (sixteenth
    # session): a unit restated in brackets inside a range, a sign on a range's second end:
    # 94.4/79.0. Helper X2 (nineteenth session): days written in sevenths after whole weeks
    # are part of the number: 94.5/79.3. Helper J6 (twenty-ninth session): quantities known by
    # their unit alone (cmH2O, m/s, degrees, % predicted, ms): 94.6/79.6. Helper F1 (thirtieth
    # session): volumes the patient has, by their unit (mL, cc): 94.5/80.2. Helper W3
    # (thirty-sixth session): a threshold right after a stage or grade word is the unnamed
    # grade, which LCT annotates as a Stage, no numeric filter ("IVH grade 3-4"): 93.9/80.5.
    # Helper N4 (thirty-seventh session): a threshold after a scale or test word or in points
    # is an unnamed score ("Dubois 5 words test ≥ 9", "cut-off ≤14 points"), FEV1 in litres:
    # 93.8/81.3.
    assert precision_recall(measurements.span_matched, measurements) == pytest.approx(
        (93.8, 81.3), abs=0.3
    )
    # Helper S1: a unit written right after an unmarked comparison is the gold's, lengths
    # read by their unit, comparators before a name ("under age 50", "between the ages of
    # 21 and 65"): 90.5/72.6, 90.8/92.2.
    # Helper S8 (thirteenth session): cardiac indices per m², "normal upper limit" as ULN, a
    # value after "i.e.": 90.2/74.9. Helper S6 (sixteenth session), as above: 90.0/75.4;
    # helper S4 (sixteenth session), as above: 90.3/75.5. Helper T1 (seventeenth session): a
    # comparison the annotators negate, a ULN multiple before a list of names, "heart function
    # classification" as NYHA: 90.5/76.0. Helper J6 (twenty-ninth session), as above:
    # 90.5/76.3. Helper F1 (thirtieth session), as above, and percentiles by their unit: 90.7/77.0.
    # Helper W3 (thirty-sixth session), as above: 90.2/77.3. Helper N4 (thirty-seventh
    # session), as above: 90.2/78.2.
    assert precision_recall(measurements.all_correct, measurements) == pytest.approx(
        (90.2, 78.2), abs=0.3
    )
    # Helper S1 (eighth session): numbers in words, "N years of experience" / "duration of"
    # no ages: 90.4/72.5, 91.2/92.1.
    # Eighteenth session (minors): "Minors" read as age < 18, which LCT types a life stage with
    # no numeric filter, counts as seven extra ages: 91.4 -> 90.5.
    assert precision_recall(age.all_correct, age) == pytest.approx((90.5, 92.6), abs=0.3)


def judge(criterion: str, section: str, *sentences: str, **options: object) -> str:
    note = "\n".join(f"{number}. {sentence}" for number, sentence in enumerate(sentences))
    patient = extract_facts(PatientProfile(note=note))
    return judge_pair(criterion, section, patient, **options)  # type: ignore[arg-type]


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


CHIA_LINES = [
    ("Fasting glucose 100-125 mg/dL", "Fasting glucose", "100-125 mg/dL"),
    ("HbA1c = 6,5 %", "HbA1c", "= 6,5 %"),
    ("Platelets >=100 x 109/L", "Platelets", ">=100 x 109/L"),
    ("NYHA class II-IV", "NYHA", "II-IV"),
    ("ECOG 0 or 1", "ECOG", "0 or 1"),
    (
        "Creatinine greater than or equal to 2.0 mg/dL",
        "Creatinine",
        "greater than or equal to 2.0 mg/dL",
    ),
    (
        "Systolic blood pressure >/= 90 mmHg",
        "Systolic blood pressure",
        ">/= 90 mmHg",
    ),
    # Letter classes of a score are read on both sides as the points they span.
    ("moderate or severe hepatic dysfunction (Child Pugh B or C)", "Child Pugh", "B or C"),
    ("Severe heart failure (NYHA 2 or worse)", "NYHA", "2 or worse"),
    # A range's top is the number after its joiner, not a unit's power after it, and a dash
    # before it is no minus sign (Chia development half: NCT02201316, NCT02431442, NCT02607748).
    (
        "body mass index within the range 19 - 24.9 kg/m^2 (inclusive).",
        "body mass index",
        "within the range 19 - 24.9 kg/m^2",
    ),
    ("may have a BMI 27 -55 kg/ m2, inclusive.", "BMI", "27 -55 kg/ m2, inclusive"),
    ("have CAC between 10 to <1000, and", "CAC", "between 10 to <1000"),
    # Comparators written as a size's words (development half: NCT02638935).
    ("Lesion larger than 4 cm in the longest dimension", "longest dimension", "larger than 4 cm"),
]


def test_chia_gold_values_are_read_as_the_parser_reads_numbers(tmp_path: Path) -> None:
    text = "\n".join(line for line, _, _ in CHIA_LINES) + "\n"
    ann: list[str] = []
    offset = 0
    for number, (line, name, value) in enumerate(CHIA_LINES):
        name_at, value_at = offset + line.index(name), offset + line.index(value)
        ann.append(f"T{2 * number}\tMeasurement {name_at} {name_at + len(name)}\t{name}")
        ann.append(f"T{2 * number + 1}\tValue {value_at} {value_at + len(value)}\t{value}")
        ann.append(f"R{number}\tHas_value Arg1:T{2 * number} Arg2:T{2 * number + 1}")
        offset += len(line) + 1
    (tmp_path / "NCT00000001_inc.txt").write_text(text)
    (tmp_path / "NCT00000001_inc.ann").write_text("\n".join(ann) + "\n")
    report = evaluate_chia(tmp_path)
    assert report.gold == len(CHIA_LINES)
    # Each annotated value is read with its comparator, number(s) and unit, and the
    # parser reads each the same way.
    assert report.all_correct == report.predicted == len(CHIA_LINES)


def test_extraction_halves_are_fixed_by_the_nct_id() -> None:
    from trialfinder import extraction_portion

    assert extraction_portion("NCT00050349_inc.ann") == extraction_portion("NCT00050349_exc")
    halves = {extraction_portion(f"NCT{number:08d}") for number in range(20)}
    assert halves == {"development", "check"}


def _brat_spans(text: str, spans: list[tuple[str, str, str]]) -> list[str]:
    """``T`` lines for (id, kind, fragment) found in ``text``, each after the one before."""
    lines = []
    cursor = 0
    for tid, kind, fragment in spans:
        start = text.index(fragment, cursor) if fragment in text[cursor:] else text.index(fragment)
        cursor = start
        lines.append(f"{tid}\t{kind} {start} {start + len(fragment)}\t{fragment}")
    return lines


def test_chia_alternatives_and_two_threshold_values_are_read_as_annotated(
    tmp_path: Path,
) -> None:
    text = (
        "Hemoglobin greater than or equal to 10 g/dL\n"
        "Serum potassium < 3.5 or > 5.1 mEq/L\n"
        "Body mass index > 35 and < 50 kg/m2\n"
        "ASA physical status 1 or 2\n"
        "ALT/AST > 3 x ULN\n"
    )
    first = text.index("greater than")
    discontinuous = f"{first} {first + 12};{text.index('10 g/dL')} {text.index('10 g/dL') + 7}"
    ann = [
        *_brat_spans(
            text,
            [
                ("T1", "Measurement", "Hemoglobin"),
                ("T3", "Value", "equal to 10 g/dL"),
                ("T4", "Measurement", "Serum potassium"),
                ("T5", "Value", "< 3.5"),
                ("T6", "Value", "> 5.1 mEq/L"),
                ("T7", "Measurement", "Body mass index"),
                ("T8", "Value", "> 35 and < 50 kg/m2"),
                ("T9", "Measurement", "ASA physical status"),
                ("T10", "Value", "1"),
                ("T11", "Value", "2"),
                ("T12", "Measurement", "ALT/AST"),
                ("T13", "Value", "> 3 x ULN"),
            ],
        ),
        f"T2\tValue {discontinuous}\tgreater than 10 g/dL",
        "R1\tHas_value Arg1:T1 Arg2:T2",
        "*\tOR T2 T3",
        "R2\tHas_value Arg1:T4 Arg2:T5",
        "*\tOR T5 T6",
        "R3\tHas_value Arg1:T7 Arg2:T8",
        "R4\tHas_value Arg1:T9 Arg2:T10",
        "*\tOR T10 T11",
        "R5\tHas_value Arg1:T12 Arg2:T13",
    ]
    (tmp_path / "NCT00000001_inc.txt").write_text(text)
    (tmp_path / "NCT00000001_inc.ann").write_text("\n".join(ann) + "\n")
    report = evaluate_chia(tmp_path)
    # "greater than" OR "equal to" 10 g/dL is one value >= 10; "< 3.5" OR "> 5.1" are
    # two; "> 35 and < 50" writes two thresholds; ASA "1" OR "2" is the range 1-2; the
    # value ALT and AST share is one extracted value.
    assert (report.gold, report.gold_with_number) == (7, 7)
    assert report.all_correct == report.predicted == 7


def _lct_measurements(folder: Path, document: str, text: str, ann: list[str]) -> ExtractionReport:
    """The LCT measurement scores of one document written with its annotation lines."""
    (folder / f"{document}.txt").write_text(text)
    (folder / f"{document}.ann").write_text("\n".join(ann) + "\n")
    return evaluate_lct(folder).measurements


def test_lct_pairs_multipliers_and_per_units_are_read_as_written(tmp_path: Path) -> None:
    text = (
        "BP >140/90 mmHg\nPlatelet count of <100x109/L\nHeart rate <140/min\nPain score >= 4/10\n"
    )
    spans = [
        ("T1", "Observation", "BP"),
        ("T2", "Eq-Comparison", ">140/90 mmHg"),
        ("T3", "Eq-Operator", ">"),
        ("T4", "Eq-Value", "140"),
        ("T5", "Eq-Value", "90"),
        ("T6", "Eq-Unit", "mmHg"),
        ("T7", "Observation", "Platelet count"),
        ("T8", "Eq-Comparison", "<100x109/L"),
        ("T9", "Eq-Operator", "<"),
        ("T10", "Eq-Value", "100"),
        ("T11", "Eq-Value", "109"),
        ("T12", "Eq-Unit", "L\n"),
        ("T13", "Observation", "Heart rate"),
        ("T14", "Eq-Comparison", "<140/min"),
        ("T15", "Eq-Operator", "<140/"),
        ("T16", "Eq-Value", "140/m"),
        ("T17", "Eq-Unit", "min"),
        ("T18", "Observation", "Pain score"),
        ("T19", "Eq-Comparison", ">= 4/10"),
        ("T20", "Eq-Operator", ">="),
        ("T21", "Eq-Value", "4/"),
        ("T22", "Eq-Unit", "10\n"),
    ]
    ann = _brat_spans(text, spans)
    # Fragments above are unique anchors; trim them to the annotated characters.
    trims = {"T12": 1, "T15": 1, "T16": 3, "T21": 1, "T22": 2}
    for index, line in enumerate(ann):
        tid, rest = line.split("\t", 1)
        if tid in trims:
            kind, start, _ = rest.split("\t")[0].split()
            end = int(start) + trims[tid]
            ann[index] = f"{tid}\t{kind} {start} {end}\t{text[int(start) : end]}"
    ann += [
        "E1\tObservation:T1 Numeric-Filter:E2",
        "E2\tEq-Comparison:T2 Operator:T3 Value:T4 Value2:T5 Unit:T6",
        "E3\tObservation:T7 Numeric-Filter:E4",
        "E4\tEq-Comparison:T8 Operator:T9 Value:T10 Value2:T11 Per:T12",
        "E5\tObservation:T13 Numeric-Filter:E6",
        "E6\tEq-Comparison:T14 Operator:T15 Value:T16 Per:T17",
        "E7\tObservation:T18 Numeric-Filter:E8",
        "E8\tEq-Comparison:T19 Operator:T20 Value:T21 Unit:T22",
        "A1\tEq-Operator-Value T3 GT",
        "A2\tEq-Operator-Value T9 LT",
        "A3\tEq-Operator-Value T15 LT",
        "A4\tEq-Operator-Value T20 GTEQ",
    ]
    report = _lct_measurements(tmp_path, "NCT00000003", text, ann)
    # "140/90" is a pair of thresholds (the first is compared), "100x109/L" is 10^11 per
    # litre, "/min" is per minute, "4/10" is a point on a 0-10 scale (no unit).
    assert report.gold == 4
    assert report.all_correct == report.predicted == 4


def test_lct_unlinked_comparisons_labels_and_per_units_are_read_as_written(
    tmp_path: Path,
) -> None:
    text = (
        "LDL-C ≤ 250 mg/dL\n"
        "ASA physical status I and II\n"
        "Platelet count below 50,000 per ul\n"
        "Bipolar I and II disorder\n"
    )
    ann = _brat_spans(
        text,
        [
            ("T1", "Observation", "LDL-C"),
            ("T2", "Eq-Comparison", "≤ 250 mg/dL"),
            ("T3", "Eq-Operator", "≤"),
            ("T4", "Eq-Value", "250"),
            ("T5", "Eq-Unit", "mg"),
            ("T6", "Eq-Unit", "dL"),
            ("T7", "Observation", "ASA"),
            ("T8", "Eq-Comparison", "status I and II"),
            ("T9", "Eq-Unit", "status"),
            ("T10", "Eq-Value", "I"),
            ("T11", "Eq-Value", "II"),
            ("T12", "Observation", "Platelet count"),
            ("T13", "Eq-Comparison", "below 50,000 per ul"),
            ("T14", "Eq-Operator", "below"),
            ("T15", "Eq-Value", "50,000"),
            ("T16", "Eq-Unit", "ul"),
            ("T17", "Condition", "Bipolar"),
            ("T18", "Eq-Comparison", "I and II"),
            ("T19", "Eq-Value", "I"),
            ("T20", "Eq-Value", "II"),
        ],
    )
    ann += [
        # LDL-C and its comparison are typed but not joined; so is the bipolar type,
        # which is no measurement (a Condition's unlinked comparison stays out).
        "E1\tObservation:T1",
        "E2\tEq-Comparison:T2 Operator:T3 Value:T4 Unit:T5 Per:T6",
        "E3\tObservation:T7 Numeric-Filter:E4",
        "E4\tEq-Comparison:T8 Unit:T9 Value:T10 Value2:T11",
        "E5\tObservation:T12 Numeric-Filter:E6",
        "E6\tEq-Comparison:T13 Operator:T14 Value:T15 Unit:T16",
        "E7\tCondition:T17",
        "E8\tEq-Comparison:T18 Value:T19 Value2:T20",
        "A1\tEq-Operator-Value T3 LTEQ",
        "A2\tEq-Operator-Value T14 LT",
    ]
    report = _lct_measurements(tmp_path, "NCT00000004", text, ann)
    # LDL-C ≤ 250 mg/dL is LDL's filter; "status" names the scale, not a unit; "ul"
    # after "per" is per microlitre.
    assert report.gold == 3
    assert report.all_correct == report.predicted == 3


def test_chia_spelled_inclusive_comparators_are_read_as_the_parser_reads_them(
    tmp_path: Path,
) -> None:
    text = "AUDIT score of > or equal to 5\nGlasgow Coma Score below or equal to 8\n"
    ann = _brat_spans(
        text,
        [
            ("T1", "Measurement", "AUDIT score"),
            ("T2", "Value", "> or equal to 5"),
            ("T3", "Measurement", "Glasgow Coma Score"),
            ("T4", "Value", "below or equal to 8"),
        ],
    )
    ann += ["R1\tHas_value Arg1:T1 Arg2:T2", "R2\tHas_value Arg1:T3 Arg2:T4"]
    (tmp_path / "NCT00000001_inc.txt").write_text(text)
    (tmp_path / "NCT00000001_inc.ann").write_text("\n".join(ann) + "\n")
    report = evaluate_chia(tmp_path)
    assert report.gold == 2
    assert report.all_correct == report.predicted == 2


def test_lct_unit_written_after_an_unmarked_comparison_is_the_gold_unit(tmp_path: Path) -> None:
    # "liver stiffness [≥15] kPa", "Prothrombin time activity [< 40%]": the annotators linked
    # no Unit span, so the gold was read without a unit and the parser's kPa and % missed.
    for document in ("NCT03863730", "NCT03920618"):
        assert extraction_portion(document) == "development"
        for suffix in (".txt", ".ann"):
            source = next(shared_path(LCT).rglob(document + suffix))
            (tmp_path / source.name).write_bytes(source.read_bytes())
    report = evaluate_lct(tmp_path).measurements
    assert report.all_correct == report.unit_correct == report.gold == 7


def test_lct_a_uln_unit_written_normal_upper_limit_is_read() -> None:
    # "BIL < 1.25 times normal upper limit (ULN)" (LCT NCT03868852, development half): the
    # annotators marked "normal upper limit" and "ULN" as the unit; the bare spelling was
    # unread, so the gold unit could match nothing.
    ann = next(shared_path(LCT).rglob("NCT03868852.ann"))
    assert extraction_portion(ann.name) == "development"
    document = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    measurements, _ = _read_lct(ann, document)
    gold = next(g for g in measurements if document[g.start : g.end].startswith("< 1.25"))
    assert (gold.comparator, gold.number, gold.unit) == ("<", 1.25, "ULN")


def test_a_bound_written_before_its_comparator_and_name_is_read_from_the_other_side() -> None:
    # "145 mmHg ≤ msSBP ≤ 190 mmHg" (LCT) and "18 ≤ BMI ≤ 32 kg/m²" (Chia), both of the
    # development half: the first number bounds the quantity from below. LCT marks its
    # operator "≤" as written and Chia writes both bounds in one Value, so the gold read "≤
    # 145" and "≤ 18" (one value), which no correct reading could match.
    ann = next(shared_path(LCT).rglob("NCT03860220.ann"))
    assert extraction_portion(ann.name) == "development"
    document = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    lct = {(g.comparator, g.number) for g in _read_lct(ann, document)[0]}
    assert {(">=", 145.0), ("<=", 190.0)} <= lct
    chia = shared_path(CHIA) / "NCT02456129_inc.ann"
    assert extraction_portion(chia.name) == "development"
    bmi = [(g.comparator, g.number, g.unit) for g in _read_ann(chia) if 23 <= g.start < 42]
    assert bmi == [(">=", 18.0, None), ("<=", 32.0, "kg/m**2")]


def test_a_comparison_the_annotators_negate_is_read_as_its_complement() -> None:
    # "no more than 8" (LCT NCT03865953, development half): the annotators mark "more than 8"
    # with the operator "GT" and a Negation event on the comparison ("no"), so the gold read
    # "> 8", which the text's (and the parser's) "≤ 8" could never match.
    ann = next(shared_path(LCT).rglob("NCT03865953.ann"))
    assert extraction_portion(ann.name) == "development"
    document = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    start = document.index("no more than 8")
    gold = _read_lct(ann, document)[0]
    pain = [(g.comparator, g.number) for g in gold if start <= g.start < start + 20]
    assert pain == [("<=", 8.0)]


def test_a_gestational_age_is_scored_as_the_measurement_chia_annotates_it(tmp_path: Path) -> None:
    # "preterm delivery (<37 weeks of gestation)" and "Term singleton infants (>37 weeks
    # gestational age)" (NCT02242188, development half): Chia annotates a gestational age as a
    # Measurement with its Value, unlike a life expectancy (an Observation), so the scorer
    # keeps it although it is measured in weeks.
    for path in shared_path(CHIA).glob("NCT02242188_*"):
        assert extraction_portion(path.name) == "development"
        shutil.copy(path, tmp_path / path.name)
    report = evaluate_chia(tmp_path)
    gestation = [g for g in _read_ann(tmp_path / "NCT02242188_exc.ann") if g.unit == "week"]
    assert [(g.comparator, g.number) for g in gestation] == [("<", 37.0)]
    assert (report.gold, report.predicted, report.all_correct) == (5, 5, 5)


def test_a_result_written_as_a_word_is_scored_by_the_concept_the_parse_reads(
    tmp_path: Path,
) -> None:
    # "negative serum or urine pregnancy test" (NCT00094861) and "a negative screen for HIV I
    # and II, HBsAg, and antibody to Hepatitis C virus" (NCT01322464), development half: Chia
    # annotates "negative" as the Value of each test. The parse reads the result as the test or
    # infection it names, negated, which is the reading the judge uses; a number reader finds
    # none of them. The urine screens for alcohol, drugs of abuse and cotinine, and HIV II
    # (one "HIV" read for two annotated tests), are read by nothing.
    for stem in ("NCT00094861_inc", "NCT01322464_inc"):
        assert extraction_portion(stem) == "development"
        for path in shared_path(CHIA).glob(f"{stem}.*"):
            shutil.copy(path, tmp_path / path.name)
    results = [g.result for g in _read_ann(tmp_path / "NCT01322464_inc.ann")]
    assert results.count(False) == 7 and True not in results
    report = evaluate_chia(tmp_path)
    assert (report.gold_results, report.results_read) == (8, 4)
    # The comparator + number + unit figures are those of the numbers alone.
    assert (report.gold, report.predicted, report.all_correct) == (20, 11, 9)


@pytest.mark.parametrize(
    ("document", "value", "expected"),
    [
        ("NCT03231982_exc", "Class 3 or 4", ("between", 3.0, 4.0)),
        ("NCT02282319_inc", "class 1 & 2", ("between", 1.0, 2.0)),
        ("NCT03323047_inc", "Level I or level II", ("between", 1.0, 2.0)),
    ],
)
def test_chia_grades_listed_after_their_scale_s_word_are_the_range_they_span(
    document: str, value: str, expected: tuple[str, float, float]
) -> None:
    # "heart failure (NYHA Class 3 or 4)", "ASA … class 1 & 2", "Level I or level II on the
    # ASA …" (development half): listed grades, read as the range they span as "3 or 4" is;
    # with the scale's word before them the gold read only the first ("= 3").
    ann = shared_path(CHIA) / f"{document}.ann"
    assert extraction_portion(ann.name) == "development"
    text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    gold = [
        (g.comparator, g.number, g.upper) for g in _read_ann(ann) if text[g.start : g.end] == value
    ]
    assert gold == [expected]


def test_lct_a_letter_class_of_one_point_is_that_point_as_the_parse_reads_it(
    tmp_path: Path,
) -> None:
    # "BCLC stage B": one class of one point, "= 2" on both sides; a class of several points
    # stays their range.
    text = "BCLC stage B\nChild-Pugh class C\n"
    ann = [
        "T1\tCondition 0 10\tBCLC stage",
        "T2\tEq-Comparison 11 12\tB",
        "T3\tEq-Value 11 12\tB",
        "T4\tCondition 13 29\tChild-Pugh class",
        "T5\tEq-Comparison 30 31\tC",
        "T6\tEq-Value 30 31\tC",
        "E1\tCondition:T1 Numeric-Filter:E2",
        "E2\tEq-Comparison:T2 Value:T3",
        "E3\tCondition:T4 Numeric-Filter:E4",
        "E4\tEq-Comparison:T5 Value:T6",
    ]
    assert [text[11:12], text[30:31]] == ["B", "C"]
    report = _lct_measurements(tmp_path, "NCT00000005", text, ann)
    assert report.gold == 2
    assert report.all_correct == report.predicted == 2


@pytest.mark.parametrize(
    ("written", "unit", "expected"),
    [
        # NCT00050349-style lab thresholds as Chia and LCT write them.
        (
            "≥ 1,500/mm3",
            "1/mm**3",
            [
                "unit: count per volume",
                "comparator: symbol",
                "number: thousand separator",
                "unit position: right after its number",
            ],
        ),
        (
            "at least 10 g/dL",
            "g/dL",
            [
                "unit: mass concentration",
                "comparator: at least / at most",
                "number: whole number",
                "unit position: right after its number",
            ],
        ),
        (
            "between 18.5 and 30 kg/m2",
            "kg/m**2",
            [
                "unit: other (kg/m**2)",
                "comparator: between",
                "number: decimal point",
                "unit position: right after its number",
            ],
        ),
        (
            "above the upper limit of normal",
            "ULN",
            [
                "unit: x ULN",
                "comparator: words",
                "number: a limit in words (elevated, above the ULN)",
                "unit position: apart from its number",
            ],
        ),
        (
            "less than two",
            None,
            ["unit: no unit", "comparator: words", "number: spelt out", "unit position: no unit"],
        ),
        (
            "> 2,5 x ULN",
            "ULN",
            [
                "unit: x ULN",
                "comparator: symbol",
                "number: decimal comma",
                "unit position: right after its number",
            ],
        ),
        (
            "1.5 x 10^9/L or more",
            "1/nL",
            [
                "unit: count per volume",
                "comparator: after the number (or more, or less)",
                "number: x 10^n",
                "unit position: right after its number",
            ],
        ),
    ],
)
def test_a_value_is_classed_by_its_unit_comparator_number_and_unit_position(
    written: str, unit: str | None, expected: list[str]
) -> None:
    assert value_classes(written, unit, True) == expected


def test_the_extraction_report_counts_misses_and_false_positives_by_class(
    tmp_path: Path,
) -> None:
    # The class counts add up to the scores: every class axis counts each gold value once,
    # its misses are the gold values no extracted value matches, its false positives the
    # extracted values no gold value matches.
    for path in sorted(shared_path(CHIA).glob("NCT0*_inc.*"))[:40]:
        shutil.copy(path, tmp_path / path.name)
    report = evaluate_chia(tmp_path)
    for axis in ("unit", "comparator", "number", "unit position"):
        counts = [c for name, c in report.classes.items() if name.startswith(f"{axis}: ")]
        assert sum(c[0] for c in counts) == report.gold
        assert sum(c[1] for c in counts) == report.gold - report.all_correct
        assert sum(c[2] for c in counts) <= report.predicted - report.all_correct
        assert sum(c[2] for c in counts) > 0
