"""A disease a note shows only by its medicines (trialfinder.vocabulary's medicine → indication
table, read by trialfinder.retrieval).

A GP letter lists "metformin 1 g BD, gliclazide 80 mg BD" and never writes "diabetes"; a
medication list has "montelukast" and never "asthma"; a letter about a bypass operation lists
"levothyroxine". The note's patient has the disease the medicine is given for, when the medicine
is given for one chronic disease (PharmacotherapyDB's disease-modifying indication): the note
reads it as a disease it states, after the ones it names. A medicine stopped or denied shows
nothing; a disease of the same family the note names (type 1 diabetes on metformin) is the
patient's own and is not overruled; a laboratory value of the hormone ("free thyroxine 14
pmol/L") is not the medicine.
"""

from __future__ import annotations

from importlib import resources

import msgspec
import pytest

from test_retrieval import ranked_for_note
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions
from trialfinder.store.base import Store
from trialfinder.vocabulary import (
    MEDICINE_INDICATION_FILE,
    MedicineIndicationTable,
    load_vocabulary,
)

TYPE_2_DIABETES = "D003924"
ASTHMA = "D001249"
HYPOTHYROIDISM = "D007037"
ULCERATIVE_COLITIS = "D003093"
ALZHEIMER = "D000544"
GLAUCOMA = "D005901"
MYASTHENIA = "D009157"


def _ids(note: str) -> frozenset[str]:
    conditions = patient_conditions(PatientProfile(note=note))
    return conditions.main_ids | conditions.other_ids


def test_every_medicine_and_disease_of_the_table_is_in_the_vocabulary() -> None:
    vocabulary = load_vocabulary()
    from trialfinder.vocabulary import _medicine_table

    for medicine, entry in _medicine_table().items():
        assert vocabulary.concept(medicine) is not None, entry.name
        disease = vocabulary.concept(entry.disease)
        assert disease is not None and disease.names_a_disease(), entry.name


def test_an_entry_whose_catalogue_the_table_does_not_source_is_refused() -> None:
    packaged = resources.files("trialfinder").joinpath(
        "data", "vocabulary", MEDICINE_INDICATION_FILE
    )
    raw = msgspec.json.decode(packaged.read_bytes())
    raw["more_sources"] = {}
    with pytest.raises(msgspec.ValidationError, match="no source named 'LabeledIn'"):
        msgspec.convert(raw, MedicineIndicationTable)


@pytest.mark.parametrize(
    ("note", "disease"),
    [
        (
            "Current medicines: metformin 500 mg BD and sitagliptin 100 mg OD. BMI 36.",
            TYPE_2_DIABETES,
        ),
        (
            "Medication list: fluticasone inhaler, montelukast 10 mg nightly, salbutamol PRN.",
            ASTHMA,
        ),
        (
            "Takes levothyroxine 75 mcg each morning. Weight 118 kg, listed for a sleeve.",
            HYPOTHYROIDISM,
        ),
        ("Bloody stools 6 times a day despite mesalazine 4.8 g daily.", ULCERATIVE_COLITIS),
        ("My nan is 82 and has been on donepezil since last spring.", ALZHEIMER),
        ("Drops: latanoprost at night in both eyes, pressure still 23.", GLAUCOMA),
        ("Takes pyridostigmine 30 mg four times a day; eyelids droop by teatime.", MYASTHENIA),
        ("Her Mestinon was increased in May and she still tires on the stairs.", MYASTHENIA),
    ],
)
def test_a_medicine_given_for_one_disease_shows_the_disease(note: str, disease: str) -> None:
    assert disease in _ids(note)


@pytest.mark.parametrize(
    ("note", "disease"),
    [
        ("Metformin was stopped in 2019 after weight loss; HbA1c now 5.6%.", TYPE_2_DIABETES),
        ("Never taken montelukast. Eczema since childhood.", ASTHMA),
        ("TSH 2.1, free thyroxine 14 pmol/L: thyroid normal.", HYPOTHYROIDISM),
    ],
)
def test_a_stopped_medicine_or_a_test_value_shows_nothing(note: str, disease: str) -> None:
    assert disease not in _ids(note)


def test_a_disease_of_the_family_the_note_names_is_not_overruled() -> None:
    ids = _ids("Type 1 diabetes since age 8, on insulin pump; metformin added for weight.")
    assert TYPE_2_DIABETES not in ids


def test_the_named_disease_stays_the_main_one() -> None:
    conditions = patient_conditions(
        PatientProfile(note="Morbid obesity, BMI 44, on metformin and levothyroxine.")
    )
    assert TYPE_2_DIABETES not in conditions.main_ids
    assert {TYPE_2_DIABETES, HYPOTHYROIDISM} <= conditions.other_ids


# Written like a pharmacist's handover or a clinic letter, not like any benchmark note: the
# sample's trials for uncontrolled asthma on medium-high dose ICS (dexpramipexole, tozorakimab,
# AZD4604, dupilumab) and its generalised myasthenia trial (pozelimab with cemdisiran).
ASTHMA_TRIALS = {"NCT05813288", "NCT06932263", "NCT06020014", "NCT05097287"}
MYASTHENIA_TRIALS = {"NCT05070858"}


@pytest.mark.parametrize(
    ("note", "trials"),
    [
        (
            "Pharmacy handover, Mr P, 45: fluticasone/salmeterol 500/50 one puff twice daily, "
            "montelukast 10 mg at night, salbutamol as needed (three inhalers a month). Two "
            "prednisolone courses since June. Blood eosinophils 0.52, FEV1 64% predicted.",
            ASTHMA_TRIALS,
        ),
        (
            "Clinic letter, Mrs K, 52: pyridostigmine 60 mg five times daily and prednisolone "
            "10 mg. Acetylcholine receptor antibody positive; drooping eyelids and slurred speech "
            "late in the day, falls climbing stairs.",
            MYASTHENIA_TRIALS,
        ),
    ],
)
def test_a_medication_list_leads_to_the_disease_its_medicines_treat(
    sample_store: Store, note: str, trials: set[str]
) -> None:
    assert set(ranked_for_note(sample_store, note)[:3]) & trials
