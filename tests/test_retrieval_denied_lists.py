"""A denial reaches every item of a short list it opens that "or" closes
(trialfinder.retrieval.patient_conditions), on bench/fresh15 and fresh16 notes' text.

"She has never had a stroke, Parkinson's or depression" denies all three; the comma broke
the clause after the first, so Parkinson's disease led the note's conditions and ranked
Parkinson's trials for a woman referred for her dizziness, her memory or her pre-diabetes.
"""

from __future__ import annotations

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


def _named(note: str) -> list[str]:
    conditions = patient_conditions(PatientProfile(note=note))
    return [*conditions.main, *conditions.others]


def test_every_item_of_a_denied_list_closed_by_or_is_denied() -> None:
    dizzy = (
        "52-year-old woman with 14 months of constant unsteadiness and a rocking feeling, "
        "worse in supermarkets and busy places, Dizziness Handicap Inventory 46. She has never "
        "had a stroke, Parkinson's disease or depression and takes no regular medicines."
    )
    named = _named(dizzy)
    assert "parkinsons disease" not in named and "depression" not in named
    assert named[0] == "dizziness"
    grandmother = (
        "My grandmother is 91 and forgets names. She has never had a stroke, Parkinson's or "
        "depression, and she has not been in hospital for years."
    )
    assert not {"parkinsons", "parkinsons disease", "depression"} & set(_named(grandmother))


def test_a_denied_list_of_diseases_leaves_the_disease_the_note_refers_for() -> None:
    prediabetes = (
        "GP referral. Mr Raghunathan, 46, of Indian origin, fasting glucose 112 mg/dL twice, "
        "HbA1c 5.9%. BMI 28, waist 98 cm. Never had diabetes, a heart attack or kidney "
        "problems; thyroid normal."
    )
    named = _named(prediabetes)
    assert "heart attack" not in named and "diabetes" not in named
    mood = (
        "35-year-old woman with her first episode of major depression, 5 months. No history "
        "of drug or alcohol misuse, no OCD, panic or PTSD, no eating disorder."
    )
    assert "ptsd" not in _named(mood)


def test_a_list_with_no_or_or_an_item_of_its_own_keeps_what_follows() -> None:
    # bench/fresh15: "never smoker, metastatic lung adenocarcinoma": "never" is said of the
    # person and no "or" closes a list
    assert _named("68M, never smoker, metastatic lung adenocarcinoma.")[0] == "lung cancer"
    # an item that is a clause of its own ("presents with …") is no item of the denial
    assert "syncope" in _named("Denies chest pain, presents with syncope or near-syncope.")
