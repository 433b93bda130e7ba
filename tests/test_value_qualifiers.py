"""A value asked with a qualifier the number alone does not show ("uncorrectable INR > 1.5",
"potassium < 3.0 mEq/L that is persistent and refractory to correction", "systolic blood
pressure > 180 mmHg … despite anti-hypertensive therapy"): a note's value past the threshold
meets it only when its sentence says so too (``value_qualifiers`` of the screening rules;
issue 12, branch wrong-answers-classes).

Criteria are real: NCT05702775 (round twenty-eight's cholecystitis study), NCT03165734,
NCT05813288 and NCT05348876 (the judge audit's corpus).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# NCT05702775.
_COAGULOPATHY = (
    "Coagulopathy with uncorrectable INR>1.5 or thrombocytopenia <50,000/mm3 uncorrectable."
)
# NCT03165734 (its QT exclusion's hypokalaemia, as a criterion of its own).
_HYPOKALAEMIA = (
    "hypokalemia [defined as serum potassium <3.0 mEq/L that is persistent and refractory to "
    "correction]"
)
# NCT05813288.
_SEVERE_HYPERTENSION = (
    "Uncontrolled severe hypertension: systolic blood pressure >180 mmHg or diastolic blood "
    "pressure >110 mmHg prior to Baseline Visit despite anti-hypertensive therapy."
)

_CIRRHOSIS = "62M, Child-Pugh C alcohol-related cirrhosis with ascites. INR 1.9, platelets 62."


def test_an_inr_past_the_threshold_leaves_uncorrectable_unknown() -> None:
    result = judged(_COAGULOPATHY, "exclusion", facts(age=62, sex="male", note=_CIRRHOSIS))
    assert result.status == "unknown"
    assert "uncorrectable" in result.reason


def test_an_inr_the_note_says_is_uncorrected_meets_uncorrectable() -> None:
    note = "62M, cirrhosis. INR 1.9 despite vitamin K and FFP, platelets 62."
    assert judged(_COAGULOPATHY, "exclusion", facts(age=62, sex="male", note=note)).status == "met"


def test_a_low_potassium_leaves_persistent_and_refractory_unknown() -> None:
    patient = facts(age=58, sex="female", note="58F, diarrhoea for a week. K 2.8 mmol/L today.")
    assert judged(_HYPOKALAEMIA, "exclusion", patient).status == "unknown"


def test_a_blood_pressure_despite_treatment_meets_severe_hypertension() -> None:
    note = "66M, BP 192/114 despite amlodipine, ramipril and indapamide."
    assert (
        judged(_SEVERE_HYPERTENSION, "exclusion", facts(age=66, sex="male", note=note)).status
        == "met"
    )


def test_a_blood_pressure_alone_leaves_despite_treatment_unknown() -> None:
    note = "66M, attends for review. BP 192/114 today."
    assert (
        judged(_SEVERE_HYPERTENSION, "exclusion", facts(age=66, sex="male", note=note)).status
        == "unknown"
    )


@pytest.mark.parametrize("text", ["Persistent INR > 1.5", "INR > 1.5 on two occasions"])
def test_a_persistent_value_inclusion_is_not_met_by_one_value(text: str) -> None:
    assert judged(text, "inclusion", facts(age=62, sex="male", note=_CIRRHOSIS)).status == "unknown"


def test_a_value_without_a_qualifier_is_met_as_before() -> None:
    assert judged("INR > 1.5", "exclusion", facts(age=62, sex="male", note=_CIRRHOSIS)).status == (
        "met"
    )
