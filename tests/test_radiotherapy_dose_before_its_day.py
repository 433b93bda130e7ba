"""A radiotherapy course's own dose and fractions written between it and its day ("Palliative
RT L2 vertebra 8 Gy single fraction 26/11/2026") are the course's words: the day is its."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    "sentence",
    [
        "Palliative RT to the left femur 8 Gy single fraction 01/12/2026.",
        "Palliative RT right humerus shaft 20 Gy in 5 fractions 01/12/2026.",
    ],
)
def test_a_radiotherapy_dose_does_not_part_the_course_from_its_day(sentence: str) -> None:
    patient = facts(note=f"OPD 03/12/2026. 70 yr F. Ca breast, bone mets. {sentence}")
    (fact,) = patient.concept_facts("radiotherapy")[0]
    assert fact.days_ago is not None
    result = judged("Radiotherapy within 4 weeks before enrolment.", "exclusion", patient)
    assert result.status == "met", result.reason


def test_a_day_after_many_other_words_is_still_another_things() -> None:
    note = (
        "OPD 03/12/2026. 70 yr F. Palliative RT to the femur, then review in the clinic of the "
        "bone team 01/12/2026."
    )
    (fact,) = facts(note=note).concept_facts("radiotherapy")[0]
    assert fact.days_ago is None
