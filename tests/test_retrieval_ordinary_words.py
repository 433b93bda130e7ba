"""A lower-case abbreviation after "your" is an ordinary word (trialfinder.retrieval), on
bench/fresh15 and fresh16 notes' text: "I saw your ad" was read as AD (Alzheimer's disease),
the only condition of a message about cannabis and drinking, ranking dementia studies."""

from __future__ import annotations

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


def test_your_ad_in_lower_case_is_no_alzheimers_disease() -> None:
    note = (
        "Hi, I saw your ad about weed and drinking. I'm 27, a guy, I smoke weed most evenings "
        "(a couple of joints after work)."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert "ad" not in conditions.main + conditions.others


def test_the_abbreviation_in_capitals_or_without_the_word_before_is_still_read() -> None:
    assert patient_conditions(PatientProfile(note="Known AD, on donepezil.")).main == ["ad"]
    note = "78-year-old woman with moderate AD, MMSE 16, living with her husband."
    assert patient_conditions(PatientProfile(note=note)).main == ["ad"]
