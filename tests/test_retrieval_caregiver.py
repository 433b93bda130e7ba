"""A carer's note: "My son is 12 …" is about the son, who is the patient.

Parents and partners write for the patient. Their words give the patient's age and sex
("my 8-year-old daughter", "my mother (78)") and their conditions ("my daughter has type 1
diabetes"), which elsewhere in a note would be a family history.
"""

from __future__ import annotations

import pytest

from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.retrieval import patient_conditions


@pytest.mark.parametrize(
    ("note", "age", "sex"),
    [
        ("My son is 12 and has had type 1 diabetes for 4 years.", 12, "male"),
        ("My 8-year-old daughter has type 1 diabetes.", 8, "female"),
        ("Hi, my mother (78) has Alzheimer's disease and we live in Leeds.", 78, "female"),
        ("My wife, 45, was just diagnosed with breast cancer.", 45, "female"),
        ("My husband who is 63 has COPD and still smokes.", 63, "male"),
        ("My dad was diagnosed with prostate cancer last month. He is 70 and fit.", 70, "male"),
    ],
)
def test_a_carers_note_gives_the_patients_age_and_sex(note: str, age: int, sex: str) -> None:
    facts = extract_facts(PatientProfile(note=note))
    assert (facts.age, facts.sex) == (age, sex)


def test_a_writer_speaking_of_themselves_first_is_the_patient() -> None:
    facts = extract_facts(PatientProfile(note="I have asthma and my son is 12."))
    assert facts.age is None


def test_an_age_in_months_is_not_read_as_years() -> None:
    facts = extract_facts(PatientProfile(note="My daughter is 7 months old and has eczema."))
    assert facts.age is not None and facts.age < 1
    assert facts.sex == "female"


def test_the_relative_a_carers_note_is_about_has_the_condition() -> None:
    note = "My 8-year-old daughter has type 1 diabetes. She is on insulin."
    assert patient_conditions(PatientProfile(note=note)).main == ["type 1 diabetes"]


def test_another_relatives_condition_in_a_carers_note_is_family_history() -> None:
    note = "My wife, 45, has breast cancer. Her mother also had colon cancer."
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["breast cancer"]
    assert conditions.others == []


def test_a_relatives_condition_in_the_patients_own_note_is_family_history() -> None:
    note = "I am 50 and have ulcerative colitis. My father has colon cancer."
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["ulcerative colitis"]
    assert conditions.others == []


@pytest.mark.parametrize(
    ("note", "sex"),
    [
        ("I am 50. My father had colon cancer.", None),
        ("My mother had breast cancer; I am 40 and have a lump.", None),
        ("58 year old with COPD. His wife says he snores.", "male"),
        ("Her husband brought her in with chest pain.", "female"),
    ],
)
def test_a_relative_named_after_a_possessive_gives_not_the_patients_sex(
    note: str, sex: str | None
) -> None:
    assert extract_facts(PatientProfile(note=note)).sex == sex
