from __future__ import annotations

import msgspec
import pytest

from trialfinder.patient import (
    PatientProfile,
    extract_facts,
    load_profile,
    measurement_answer,
    measurements_from_lines,
    profile_from_answers,
    split_sentences,
)

ISSUE_PROFILE = b"""{"age": 62, "sex": "female",
 "conditions": ["postmenopausal osteoporosis"],
 "measurements": {"BMI": "24 kg/m2", "total bilirubin": "11.7 mg/dL",
                  "lumbar spine T-score": "-3.4"},
 "medications": ["alendronate 2019-2021"],
 "note": "free-text clinical note (optional)"}"""

NOTE = (
    "0. A 58-year-old African-American woman presents to the ER with chest pain.\n"
    "1. She is known to have hypertension and obesity.\n"
    "2. She denies smoking, diabetes, or a family history of heart disease.\n"
    "3. Hemoglobin 9.8 g/dL, creatinine 1.4 mg/dL.\n"
    "4. She had a myocardial infarction 5 years ago.\n"
)


def test_profile_from_the_issue_loads() -> None:
    profile = load_profile(ISSUE_PROFILE)
    assert profile.age == 62 and profile.measurements["BMI"] == "24 kg/m2"


def test_every_profile_field_is_optional() -> None:
    assert load_profile(b"{}") == PatientProfile()


def test_unknown_profile_fields_are_rejected() -> None:
    with pytest.raises(msgspec.ValidationError):
        load_profile(b'{"agee": 3}')


def test_profile_measurements_are_typed_and_converted() -> None:
    facts = extract_facts(load_profile(ISSUE_PROFILE))
    (bilirubin,) = facts.measurement_facts("total_bilirubin")
    assert bilirubin.measurement is not None
    assert bilirubin.measurement.canonical_value == pytest.approx(200.1, abs=0.1)
    (t_score,) = facts.measurement_facts("t_score")
    assert t_score.measurement is not None and t_score.measurement.value == -3.4


def test_medication_years_are_kept() -> None:
    facts = extract_facts(load_profile(ISSUE_PROFILE))
    (alendronate,), _ = facts.concept_facts("bisphosphonates")
    assert (alendronate.start_year, alendronate.end_year) == (2019, 2021)
    assert alendronate.evidence == "medications: alendronate 2019-2021"


def test_age_and_sex_come_from_the_note() -> None:
    facts = extract_facts(PatientProfile(note=NOTE))
    assert facts.age == 58 and facts.sex == "female"
    assert facts.age_evidence.startswith("A 58-year-old")


def test_note_negation_and_family_history() -> None:
    facts = extract_facts(PatientProfile(note=NOTE))
    present, absent = facts.concept_facts("smoking")
    assert not present and absent[0].evidence.startswith("She denies smoking")
    present, absent = facts.concept_facts("diabetes")
    assert not present and absent
    present, _ = facts.concept_facts("cardiovascular_disease")
    assert all("family history" not in fact.evidence for fact in present)


def test_note_diagnoses_keep_their_sentence_and_history() -> None:
    facts = extract_facts(PatientProfile(note=NOTE))
    (hypertension,), _ = facts.concept_facts("hypertension")
    assert hypertension.evidence == "She is known to have hypertension and obesity."
    (infarction,), _ = facts.concept_facts("myocardial_infarction")
    assert infarction.historical is False or infarction.evidence.endswith("ago.")


def test_note_labs_with_units() -> None:
    facts = extract_facts(PatientProfile(note=NOTE))
    (hemoglobin,) = facts.measurement_facts("hemoglobin")
    assert (
        hemoglobin.measurement is not None
        and hemoglobin.measurement.canonical_value == pytest.approx(98)
    )
    (creatinine,) = facts.measurement_facts("creatinine")
    assert creatinine.measurement is not None and creatinine.measurement.unit == "mg/dL"


def test_male_from_abbreviated_age() -> None:
    facts = extract_facts(PatientProfile(note="A 62 yo male presents with cough."))
    assert (facts.age, facts.sex) == (62, "male")


def test_sentences_split_on_numbering_and_full_stops() -> None:
    assert split_sentences("0. One thing. Two things.\n1. Three.") == [
        "One thing.",
        "Two things.",
        "Three.",
    ]


def note_facts(*sentences: str):  # type: ignore[no-untyped-def]
    note = "\n".join(f"{number}. {sentence}" for number, sentence in enumerate(sentences))
    return extract_facts(PatientProfile(note=note))


def test_parents_bringing_the_patient_in_are_not_family_history() -> None:
    facts = note_facts("A 2-year-old boy is brought in by his parents for 5 days of high fever.")
    present, _ = facts.concept_facts("fever")
    assert present


def test_relatives_illness_is_family_history() -> None:
    facts = note_facts("A 40-year-old man.", "His mother had breast cancer.")
    present, _ = facts.concept_facts("breast_cancer")
    assert not present


def test_tachycardic_states_a_heart_rate_above_100() -> None:
    facts = note_facts("A 40-year-old woman.", "She is pale, tachypneic and tachycardic.")
    (heart_rate,) = facts.measurement_facts("heart_rate")
    assert heart_rate.measurement is not None
    assert (heart_rate.measurement.comparator, heart_rate.measurement.value) == (">", 100)
    assert facts.measurement_facts("respiratory_rate")


def test_negated_bedside_word_states_no_range() -> None:
    facts = note_facts("A 40-year-old woman.", "She denies fever.")
    assert not facts.measurement_facts("temperature")


def test_negative_pregnancy_test_means_not_pregnant() -> None:
    facts = note_facts("A 36-year-old woman.", "Point of care pregnancy test is negative.")
    present, absent = facts.concept_facts("pregnancy")
    assert not present and absent


def test_event_at_an_earlier_age_is_history() -> None:
    facts = note_facts("A 38 year old woman.", "She had an appendicitis at age 26.")
    (appendicitis,), _ = facts.concept_facts("appendicitis")
    assert appendicitis.historical and not appendicitis.current


def test_weeks_of_gestation_are_read() -> None:
    facts = note_facts("A 27-year-old woman at 11 weeks gestation in her second pregnancy.")
    assert facts.gestational_weeks == 11
    present, _ = facts.concept_facts("pregnancy")
    assert present


def test_blood_pressure_numbers_are_not_read_as_another_vital() -> None:
    facts = note_facts("Her body temperature is normal and her blood pressure is 80/60.")
    temperatures = [f.measurement for f in facts.measurement_facts("temperature")]
    assert all(m is not None and m.comparator == "<" for m in temperatures)
    (systolic,) = facts.measurement_facts("systolic_bp")
    assert systolic.measurement is not None and systolic.measurement.value == 80


def test_urine_microscopy_counts_are_not_blood_counts() -> None:
    facts = note_facts("Microscopy of the urine shows 1 WBC per high-power field and 18 RBCs.")
    assert not facts.measurement_facts("white_cells")


def test_value_shared_by_two_analytes_belongs_to_the_last_named() -> None:
    facts = note_facts("Tests report elevated ALT, white blood cell count of 17,580/mm3.")
    alt_values = [f.measurement for f in facts.measurement_facts("alt")]
    assert all(m is not None and m.relative_to_uln for m in alt_values)
    assert facts.measurement_facts("white_cells")


def test_differential_diagnosis_is_a_possibility_not_a_diagnosis() -> None:
    facts = note_facts(
        "The differential diagnosis includes molar pregnancy vs fibroid degeneration."
    )
    present, _ = facts.concept_facts("uterine_fibroids")
    assert not present
    possible = facts.possible_concept("uterine_fibroids")
    assert possible is not None and "fibroid degeneration" in possible.evidence


def test_bare_answer_takes_the_unit_the_question_showed() -> None:
    assert measurement_answer(" 23 ", "kg/m2") == "23 kg/m2"
    assert measurement_answer("10.6 mg/dL", "µmol/L") == "10.6 mg/dL"
    assert measurement_answer("7", None) == "7"


def test_unusable_answers_are_left_out_never_guessed() -> None:
    profile = profile_from_answers({"age": "250", "sex": "unsure", "conditions": "a\n\n b "})
    assert (profile.age, profile.sex, profile.conditions) == (None, None, ["a", "b"])
    assert profile_from_answers({"age": "forty"}).age is None
    assert profile_from_answers({"age": "40", "sex": "Female"}).sex == "female"
    assert measurements_from_lines("BMI: 24 kg/m2\nno colon here\n: 3") == {"BMI": "24 kg/m2"}
