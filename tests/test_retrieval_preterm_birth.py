"""A newborn's note telling a birth before 37 weeks is about the preterm birth
(trialfinder.retrieval.patient_conditions), on bench/fresh15 and fresh16 notes' text.

A NICU handover writes "born at 27+2 weeks by emergency caesarean for maternal
pre-eclampsia": the gestation was not read, so the mother's pre-eclampsia led and the preterm
infants' cohort was missed.
"""

from __future__ import annotations

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions

_HANDOVER = (
    "NICU nursing handover, University Hospital of Wales, Cardiff, night shift. Cot 4: baby "
    "girl Evans, day 5 of life, born at 27+2 weeks by emergency caesarean for maternal "
    "pre-eclampsia, birth weight 960 g. On CPAP 6, FiO2 0.25, caffeine."
)


def test_a_newborn_born_before_37_weeks_is_read_as_a_preterm_birth_first() -> None:
    conditions = patient_conditions(PatientProfile(note=_HANDOVER))
    assert conditions.main == ["preterm birth"]
    assert "D047928" in conditions.main_ids


def test_a_term_birth_or_an_adults_history_is_no_preterm_birth() -> None:
    term = "Baby boy, day 2 of life, born at 39+1 weeks by normal delivery, jaundice."
    assert "preterm birth" not in patient_conditions(PatientProfile(note=term)).main
    adult = "45-year-old man, born at 30 weeks, now with type 2 diabetes on metformin."
    facts_age = patient_conditions(PatientProfile(note=adult, age=45))
    assert facts_age.main[0] == "type 2 diabetes"
