"""Two readings of the note -> trials ranking found on bench/fresh17 notes' text
(trialfinder.retrieval). A past cancer the note tells as over ("prostate cancer in 2015 … has
been clear since", "breast cancer 2010, in remission", "treated for lymphoma years ago, all
clear") was read as the disease the patient comes for, leading the disease the note is about;
told as over, the cancer is background (as after "history of"), still read, ranked after the
current disease. A cancer the note does not tell as over, or a past cancer that is the note's
only disease, still leads. And a test named by its disease that the sentence rules out ("his
sugar test (A1c) was 5.4 so no diabetes": "sugar" is diabetes in lay words) was read as the
disease."""

from __future__ import annotations

import pytest

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


@pytest.mark.parametrize(
    ("note", "current", "past"),
    [
        (
            "He had prostate cancer in 2015 that was treated with radiotherapy and has been clear"
            " since. He now has knee osteoarthritis.",
            "knee osteoarthritis",
            "prostate cancer",
        ),
        (
            "Breast cancer 2010, in remission. Now has knee osteoarthritis.",
            "knee osteoarthritis",
            "breast cancer",
        ),
        (
            "Treated for lymphoma years ago, all clear. Now has type 2 diabetes.",
            "type 2 diabetes",
            "lymphoma",
        ),
        (
            "Bowel cancer in 2012, in remission since then. He has COPD.",
            "copd",
            "bowel cancer",
        ),
    ],
)
def test_a_cancer_told_as_over_is_background(note: str, current: str, past: str) -> None:
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == [current]
    assert past in conditions.others


@pytest.mark.parametrize(
    ("note", "main"),
    [
        # not told as over: the cancer leads
        ("Breast cancer diagnosed 2024, on letrozole. She also has asthma.", "breast cancer"),
        # the clear result is another finding's, after the clause of the cancer
        ("Lung cancer, stage III; the brain MRI was clear. Also has asthma.", "lung cancer"),
        # a past cancer alone is still what the note is about
        ("Breast cancer 2010, in remission, wants to join a survivorship study.", "breast cancer"),
    ],
)
def test_a_cancer_not_told_as_over_or_alone_leads(note: str, main: str) -> None:
    assert patient_conditions(PatientProfile(note=note)).main[0] == main


@pytest.mark.parametrize(
    ("note", "main"),
    [
        (
            "His sugar test (A1c) was 5.4 so no diabetes. He has knee osteoarthritis.",
            "knee osteoarthritis",
        ),
        ("Her sugar test was normal, so no diabetes. She has migraine.", "migraine"),
        ("His TB test came back fine, so no TB. He has psoriasis.", "psoriasis"),
    ],
)
def test_a_test_named_by_a_disease_the_sentence_rules_out_is_no_disease(
    note: str, main: str
) -> None:
    assert patient_conditions(PatientProfile(note=note)).main == [main]


@pytest.mark.parametrize(
    ("note", "disease"),
    [
        ("HIV test positive last month. Has hepatitis B.", "hiv"),
        ("Sugar test high, so type 2 diabetes, on metformin.", "type 2 diabetes"),
        ("He has sugar, takes metformin.", "sugar"),
    ],
)
def test_a_test_named_by_a_disease_not_ruled_out_keeps_the_disease(note: str, disease: str) -> None:
    conditions = patient_conditions(PatientProfile(note=note))
    assert disease in conditions.main + conditions.others
