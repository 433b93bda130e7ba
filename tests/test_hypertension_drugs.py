"""Issue 12 (drugs-five): a criterion that names drugs by hypertension, with an exception.

"hypertension medications taken on morning of surgery (except diuretics)" (Chia
NCT01715584) and "(or on hypertension medication)" (TrialGPT NCT03929198) name drugs by the
disease they treat: ``disease_drugs.json`` reads hypertension's drugs as the
``antihypertensive`` family (MeSH Antihypertensive Agents D000959). An excepted family must
never meet: hydrochlorothiazide is a diuretic (MeSH Diuretics D004232), so it is let off
even when the exception is written after the rest of the phrase, not right after its name;
amlodipine still meets it, and so does a diuretic taken with an ACE inhibitor.
"""

from __future__ import annotations

from test_lipid_and_weight_drugs import does_not_meet, meets

_MORNING = "hypertension medications taken on morning of surgery (except diuretics)"
_BP = (
    "Systolic blood pressure ≥130 mmHg OR diastolic blood pressure ≥80 mmHg "
    "(or on hypertension medication)"
)


def test_a_calcium_channel_blocker_is_a_hypertension_medication() -> None:
    meets(_MORNING, "66M, hypertension on amlodipine 10 mg daily.", "exclusion")


def test_an_excepted_diuretic_never_meets_the_hypertension_medications() -> None:
    does_not_meet(_MORNING, "66M, hypertension on hydrochlorothiazide 25 mg daily.", "exclusion")


def test_a_diuretic_with_an_ace_inhibitor_still_meets_it() -> None:
    meets(_MORNING, "66M, hypertension on hydrochlorothiazide and lisinopril.", "exclusion")


def test_an_ace_inhibitor_is_on_hypertension_medication() -> None:
    meets(_BP, "55M, BP 120/70, hypertension on ramipril 5 mg.", "inclusion")


_POORLY_CONTROLLED = (
    "Poorly controlled hypertension (systolic blood pressure > 180 mmHg and/or diastolic "
    "blood pressure > 100 mmHg) in patients on anti-hypertensive medications"
)


def test_drugs_after_in_patients_on_say_who_not_what_excludes() -> None:
    # TREC NCT06038539 for sigir-201430's note: treated, but 151/91 is not poorly controlled.
    does_not_meet(
        _POORLY_CONTROLLED,
        (
            "72M. His is currently taking isosorbide dinitrate, hydrochlorothiazide, and aspirin. "
            "On physical examination, his blood pressure is 151/91 mm Hg."
        ),
        "exclusion",
    )
