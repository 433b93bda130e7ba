"""A note's age and sex as clinicians and families write them (``note_age_description`` of
the screening rules): a title and a name with the age ("Mr Rao, 52,"), the shorthand after a
place and its colon ("Gurgaon: 56M"), a relative the note is about ("our son is 7", "I am
writing for my son, he is 27"); and what is no age (a temperature, a dose, a count, a
relative's age when the patient is someone else).

The sentences are written in the forms the notes sets use; none is copied from a note.
"""

from __future__ import annotations

import pytest

from trialfinder.patient import PatientProfile, caregiver_subject, extract_facts, split_sentences


def age_and_sex(note: str) -> tuple[float | None, str | None]:
    facts = extract_facts(PatientProfile(note=note))
    return facts.age, facts.sex


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Endocrine clinic, Pune: 58M, type 2 diabetes since 2015, HbA1c 8.4%.", (58, "male")),
        ("Gastro clinic, Austin (Texas): 62F with Crohn's disease on adalimumab.", (62, "female")),
        ("Many thanks for reviewing this 47M, smoker, with a cough for 3 months.", (47, "male")),
        ("Handover.\n33F, appendicectomy day 2, eating and drinking.", (33, "female")),
        ("M/64, known hypertensive, presents with chest tightness.", (64, "male")),
        ("Ward round: 71 yrs F, cellulitis of the left leg, on flucloxacillin.", (71, "female")),
    ],
)
def test_age_and_sex_shorthand_after_a_place_or_a_label(
    note: str, expected: tuple[float, str]
) -> None:
    assert age_and_sex(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Renal clinic, Leeds. Mr Okoye, 49, IgA nephropathy, eGFR 38.", (49, "male")),
        ("Mrs H, 72. Atrial fibrillation on apixaban, CHA2DS2-VASc 4.", (72, "female")),
        ("Referral to rheumatology. Ms van Dijk, 41, psoriatic arthritis.", (41, "female")),
        ("Dictated: Mrs T, 60 years, para 3, postmenopausal bleeding.", (60, "female")),
        ("Eye clinic, Sevilla. Sra Gomez, 77, wet macular degeneration.", (77, "female")),
    ],
)
def test_a_title_and_name_give_the_age_and_sex(note: str, expected: tuple[float, str]) -> None:
    assert age_and_sex(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Our son is 9. He wheezes at night and uses his blue inhaler daily.", (9, "male")),
        ("We live in Haifa. Our daughter is 5. She has had eczema since birth.", (5, "female")),
        ("our daughter (7) has had type 1 diabetes for two years.", (7, "female")),
        ("I am writing for my son, he is 23. He has had Crohn's disease since 2022.", (23, "male")),
        ("Hello, I am asking about my father, 80, who has heart failure.", (80, "male")),
        ("I'm writing for my mum who is 82. She has macular degeneration.", (82, "female")),
        ("My wife Anna is 66 and was told she has Parkinson's disease.", (66, "female")),
        ("My dad has COPD and uses oxygen at home. He turned 75 last month.", (75, "male")),
    ],
)
def test_the_relative_a_family_writes_about_is_the_patient(
    note: str, expected: tuple[float, str]
) -> None:
    assert age_and_sex(note) == expected


def test_a_family_note_names_its_relative_as_the_subject() -> None:
    carer = caregiver_subject(split_sentences("I am writing for my son, he is 23. He has colitis."))
    assert carer is not None and (carer.relative, carer.age) == ("son", 23)


@pytest.mark.parametrize(
    "note",
    [
        "Temp: 103F overnight, blood cultures sent. Community-acquired pneumonia.",
        "T 101F, HR 58, BP 110/70. Cellulitis of the right foot.",
        "Mr Jones, 4 cycles of FOLFOX completed in May.",
        "Mr Jones, 72 kg, on haemodialysis three times a week.",
        "Her father died at 62 of a heart attack. She has chest pain on exertion.",
        "I have asthma. My son is 12 and has eczema.",
        "G2P1 at 30 weeks, HR 58, BP 120/80.",
        "Metformin 58 mg daily. Lesion 5 cm on CT.",
    ],
)
def test_what_is_no_age_of_the_patient(note: str) -> None:
    assert age_and_sex(note)[0] is None


def test_the_sex_written_with_the_age_later_in_the_note() -> None:
    note = (
        "Diabetes clinic letter. Diagnoses: 1. Type 2 diabetes (2012). 2. Hypertension. "
        "3. Retinopathy. 71-year-old man. HbA1c 8.1%."
    )
    assert age_and_sex(note) == (71, "male")
