"""A note's cancer resected by a lobectomy, the diagnosis a note concludes with, and tests
found negative after a list (trialfinder.retrieval.patient_conditions), on
bench/fresh15_patient_notes.jsonl's text."""

from __future__ import annotations

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


def test_a_lobectomy_naming_no_organ_is_the_lungs() -> None:
    """ "S/p left lower lobectomy ... for a 4.1 cm adenocarcinoma" recurring in the pleura and
    the liver is a lung cancer, not a liver cancer; a thyroid lobectomy is the thyroid's."""
    note = (
        "Thoracic oncology clinic, Singapore. Mr Tan, 58, never smoker. S/p left lower "
        "lobectomy and mediastinal node dissection in March for a 4.1 cm adenocarcinoma, "
        "pT2bN1; adjuvant cisplatin-pemetrexed four cycles, completed. Now pleural and liver "
        "recurrence on CT."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "lung cancer"
    thyroid = "S/p left thyroid lobectomy for a 2 cm papillary carcinoma."
    assert "lung cancer" not in patient_conditions(PatientProfile(note=thyroid)).main


def test_the_diagnosis_a_note_concludes_with_is_the_main_condition() -> None:
    """An ED note's "Diagnosis: heat exhaustion with dehydration" after her known hypertension
    and diabetes; a discharge summary's "Impression: non-cirrhotic portal hypertension"
    after the varices it bled from."""
    heat = (
        "58-year-old woman, brought in after fainting while cooking at noon at home. Known "
        "hypertension on amlodipine, type 2 diabetes on metformin. Treated with IV fluids and "
        "cooling. Diagnosis: heat exhaustion with dehydration."
    )
    assert patient_conditions(PatientProfile(note=heat)).main[0] == "heat exhaustion"
    portal = (
        "Endoscopy: large oesophageal varices, banded x4. Massive splenomegaly. Impression: "
        "non-cirrhotic portal hypertension (porto-sinusoidal vascular disease)."
    )
    assert patient_conditions(PatientProfile(note=portal)).main[0] == "portal hypertension"


def test_tests_found_negative_after_a_list_are_not_the_patients_conditions() -> None:
    """An STD clinic's "HIV and syphilis tests negative" was read as HIV, ranking an HIV trial
    above the hepatitis B vaccination study the note is about; a list written with a word of
    its own ("his syphilis tests negative") leaves the HIV named before it."""
    note = (
        "STD clinic note, Chicago. 31-year-old man attending for a check-up after a new "
        "partner; HIV and syphilis tests negative. Hepatitis B surface antigen negative, "
        "anti-HBs negative, anti-HBc negative: never vaccinated against hepatitis B and not "
        "immune."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert "hiv" not in conditions.main + conditions.others
    assert "syphilis" not in conditions.main + conditions.others
    kept = patient_conditions(PatientProfile(note="He has HIV and his syphilis tests negative."))
    assert kept.main == ["hiv"]
