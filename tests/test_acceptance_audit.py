"""Issue 12's acceptance audit: answers a new user found wrong or unclear, on real criteria.

Each test is one behaviour, checked on the criterion texts of real trials
(the API v2 studies in ``../shared``) against patients written the way a GP
writes them. See the "acceptance audit" section of ``bench/RESULTS_accuracy.md``.
"""

from __future__ import annotations

import pytest

from seed_trials import seed_trial
from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import match_trial


def _criterion_text(nct_id: str, start: str) -> str:
    trial = seed_trial(nct_id) if nct_id == "NCT06949137" else v2_trial(nct_id)
    parsed = parse_trial_criteria(trial)
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


@pytest.mark.parametrize(
    ("nct_id", "start"),
    [
        ("NCT03983954", "Eastern Cooperative Oncology Group (ECOG) performance status"),
        ("NCT04073706", "Eastern Cooperative Oncology Group (ECOG) performance status"),
        ("NCT04576156", "Eastern Cooperative Oncology Group Performance Status score"),
        ("NCT03165734", "Eastern Cooperative Oncology Group performance status 0 to 2"),
    ],
)
def test_ecog_written_out_is_a_performance_status_not_a_cancer_criterion(
    nct_id: str, start: str
) -> None:
    """ "Oncology" in "Eastern Cooperative Oncology Group" names a body, not a disease the
    patient must have: an ECOG 1 patient meets it, an ECOG 4 patient does not."""
    text = _criterion_text(nct_id, start)
    fit = judged(text, "inclusion", facts(note="A 61-year-old woman with lung cancer. ECOG 1."))
    assert fit.status == "met", fit.reason
    assert "Oncology" not in fit.reason
    bedbound = judged(text, "inclusion", facts(note="A 61-year-old woman. ECOG 4."))
    assert bedbound.status == "not_met", bedbound.reason


def test_a_pregnant_patient_is_told_so_in_a_sentence() -> None:
    patient = facts(note="31F, pregnant 12 weeks.")
    for text in ("Pregnant or breastfeeding women", "Women who are pregnant or nursing"):
        result = judged(text, "exclusion", patient)
        assert result.status == "met"
        assert result.reason == "the patient is pregnant"


def test_weeks_written_after_pregnant_give_the_gestational_age() -> None:
    # NCT06209411: "≥ 24 weeks gestational age (as determined by … ultrasound)".
    text = _criterion_text("NCT06209411", "≥ 24 weeks gestational age")
    for note, weeks in (
        ("31F, pregnant 12 weeks.", 12),
        ("31F, pregnant at 30 weeks.", 30),
        ("A 29-year-old woman, currently pregnant for 26 weeks.", 26),
    ):
        assert facts(note=note).gestational_weeks == weeks, note
        result = judged(text, "inclusion", facts(note=note))
        # The bracketed "as determined by … ultrasound" is left to the study team.
        assert result.status == ("not_met" if weeks < 24 else "unknown"), note
        assert result.reason.startswith(f"{weeks} weeks of gestation"), result.reason


def test_the_typical_uln_a_comparison_assumes_is_given_with_its_unit() -> None:
    """ "assuming a typical ULN of 21" left the reader to guess 21 of what."""
    parsed = parse_trial_criteria(seed_trial("NCT06949137"))  # hepatic insufficiency exclusion
    patient = facts(age=62, sex="female", measurements={"total bilirubin": "0.8 mg/dL"})
    reason = next(
        c.reason for c in match_trial(parsed, patient).criteria if "total bilirubin" in c.text
    )
    assert "typical ULN of 1.23 mg/dL" in reason, reason


def test_a_reason_says_each_thing_once() -> None:
    text = _criterion_text("NCT06949137", "Current uncontrolled thyroid disease")
    reason = judged(text, "exclusion", facts(age=62, sex="female")).reason
    parts = reason.split("; ")
    assert len(parts) == len(set(parts)), reason


def test_a_missing_value_is_named_in_lower_case_mid_sentence() -> None:
    text = _criterion_text("NCT06949137", "Body weight ≥40 kg")
    reason = judged(text, "inclusion", facts(age=62, sex="female")).reason
    assert "no body weight value given" in reason, reason
    assert "no BMI value given" in reason, reason


def test_a_duration_since_a_procedure_is_not_an_age() -> None:
    """NCT06060392: "… with liver transplantation of at least 3 months duration" is how long
    ago the transplant was, not an age of at least 3 months."""
    text = _criterion_text("NCT06060392", "A man or woman, 30 years of age or above")
    constraints, _ = parse_criterion(text, "inclusion")
    ages = [c for c in constraints if isinstance(c, Measurement) and c.analyte == "age"]
    assert [(a.comparator, a.value, a.unit) for a in ages] == [(">=", 30.0, "year")]


def test_a_transient_ischaemic_attack_is_not_a_stroke() -> None:
    """A TIA was a synonym of stroke: "no history of stroke" denied a TIA the note calls
    possible, and a TIA met "stroke" exclusions. Both are cerebrovascular disease."""
    tia_or_stroke = _criterion_text("NCT06208150", "Stroke, transient ischemic attack, or seizure")
    cerebrovascular = _criterion_text("NCT06383390", "Cerebrovascular disease")
    tia = facts(note="58F. TIA last month.")
    assert judged(tia_or_stroke, "exclusion", tia).status == "met"
    assert judged(cerebrovascular, "exclusion", tia).status == "met"
    assert judged("History of stroke", "exclusion", tia).status == "unknown"
    uncertain = facts(note="58F. No history of stroke. Possible TIA last week.")
    assert judged(tia_or_stroke, "exclusion", uncertain).status == "unknown"
    stroke = facts(note="58F. Ischemic stroke in 2019.")
    assert judged(cerebrovascular, "exclusion", stroke).status == "met"


def test_a_nafld_patient_is_not_excluded_from_the_nafld_trial_by_its_own_definition() -> None:
    """NCT05872269 defines NAFLD as steatosis with no "secondary hepatic steatosis or another
    cause of chronic liver disease": the patient's NAFLD is what the criterion asks for, not
    the other liver disease it denies."""
    parsed = parse_trial_criteria(v2_trial("NCT05872269"))
    patient = facts(age=50, sex="female", conditions=["NAFLD"], measurements={"ALT": "60 U/L"})
    result = match_trial(parsed, patient)
    nafld = next(c for c in result.criteria if c.text.startswith("Patients with a prior"))
    assert nafld.status == "met", nafld.reason
    assert result.verdict != "excluded", [c for c in result.criteria if c.status == "not_met"]


def test_autoimmune_and_alcoholic_hepatitis_are_not_viral_hepatitis() -> None:
    # NCT05872269: "History of other chronic liver disease (Viral hepatitis B or C,
    # autoimmune hepatitis, cholestatic and metabolic liver diseases) and haemochromatosis."
    text = _criterion_text("NCT05872269", "History of other chronic liver disease")
    reason = judged(text, "exclusion", facts(age=50)).reason
    assert "autoimmune hepatitis" in reason and "no information about autoimmune;" not in reason
    alcoholic = facts(note="A 50-year-old man with alcoholic hepatitis. Hepatitis B negative.")
    viral = judged("Active viral hepatitis", "exclusion", alcoholic)
    assert viral.status != "met", viral.reason


@pytest.mark.parametrize(
    "patient",
    [
        {"age": 50, "sex": "female", "conditions": ["sarcoidosis"]},
        {"age": 50, "sex": "female", "note": "50F with sarcoidosis."},
    ],
)
def test_a_disease_only_mesh_names_still_makes_the_patient_a_patient(
    patient: dict[str, object],
) -> None:
    """A condition the criteria lexicon does not list is still a condition: the patient is
    not a healthy volunteer."""
    parsed = parse_trial_criteria(v2_trial("NCT05872269"))
    result = match_trial(parsed, facts(**patient))
    healthy = next(c for c in result.criteria if c.text == "Does not accept healthy volunteers")
    assert healthy.status == "met", healthy.reason


@pytest.mark.parametrize(
    "note",
    [
        "65M, ex-smoker.",
        "65M, former smoker.",
        "65M. Quit smoking in 2010.",
        "65M, T2DM on metformin, HbA1c 7.2%, eGFR 48, no history of cancer, ex-smoker",
    ],
)
def test_a_former_smoker_does_not_meet_a_current_smoker_exclusion(note: str) -> None:
    """NCT05939895 excludes "Current smoker": an ex-smoker fits it, and the "no history of"
    of a list's earlier item does not deny the smoking either."""
    text = _criterion_text("NCT05939895", "Current smoker")
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason
    assert "does not have" not in result.reason, result.reason
    assert judged("History of smoking", "inclusion", facts(note=note)).status == "met"
