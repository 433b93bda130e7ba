"""A drug named by the disease it treats, judged against the drugs the note names.

"Parkinson's drug", "dementia drug", "diabetes medication" ask for the drugs that treat a
disease (``data/criteria/disease_drugs.json``: the disease and its MeSH pharmacological
action's drug family in ``concepts.json``). The note's levodopa meets "Parkinson's drug"; a
complete medication list without one settles current use; a stopped drug is past use; a drug
for another disease is not this one. Criteria are the real text of round eight's trial
NCT05482828 ("…, Parkinson's drug, dementia drug, etc.") and its wording.
"""

from __future__ import annotations

import pytest

from test_drug_criteria import MEDICATIONS, _criterion
from test_judge_entailment import facts, status
from trialfinder.criteria.disease_drugs import drugs_for, load_disease_drugs
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.match import judge

CURRENT = "Currently taking a Parkinson's drug"


@pytest.mark.parametrize(
    ("note", "drug", "kind"),
    [
        ("63M Parkinson's disease dx 2021, on levodopa 100 mg tds.", "levodopa", "antiparkinson"),
        ("63M Parkinson's disease. Medications: Sinemet, amlodipine.", "levodopa", "antiparkinson"),
        ("81F with dementia and chronic dizziness, on donepezil 10 mg.", "donepezil", "dementia"),
    ],
)
def test_a_drug_the_note_names_meets_the_disease_drug_and_the_reason_names_its_class(
    note: str, drug: str, kind: str
) -> None:
    judgement = judge(_criterion(*MEDICATIONS), facts(note=note))
    assert judgement.status == "met"
    assert drug in judgement.reason
    assert kind in judgement.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Use of diabetes medication", "55F type 2 diabetes on sitagliptin 100 mg daily."),
        ("Use of diabetes medication", "55F type 2 diabetes, metformin 1 g bd."),
        ("Use of epilepsy medication", "58F epilepsy since childhood, on lamotrigine."),
        ("Use of dementia drug", "81F Alzheimer's disease, started rivastigmine patch."),
    ],
)
def test_a_familys_drug_meets_its_disease_drug(criterion: str, note: str) -> None:
    assert status(criterion, "exclusion", note) == "met"


def test_a_drug_for_another_disease_is_not_this_one() -> None:
    assert status(CURRENT, "exclusion", "63M type 2 diabetes on metformin.") == "unknown"
    note = "72M dizziness since a fall. Type 2 diabetes on metformin 1 g bd."
    assert judge(_criterion(*MEDICATIONS), facts(note=note)).status == "unknown"


def test_a_complete_medication_list_without_one_settles_current_use() -> None:
    note = "63M Parkinson's disease. Medications: amlodipine 5 mg, metformin 1 g bd."
    assert status(CURRENT, "exclusion", note) == "not_met"


def test_a_stopped_drug_is_past_use_not_current() -> None:
    note = "63M Parkinson's disease. Levodopa stopped in 2024."
    assert status(CURRENT, "exclusion", note) == "not_met"


def test_a_note_silent_on_its_drugs_leaves_the_disease_drug_unknown() -> None:
    assert (
        status(CURRENT, "exclusion", "63M with Parkinson's disease, seen in clinic.") == "unknown"
    )


def test_the_table_names_known_diseases_and_drug_families() -> None:
    concepts = load_lexicon().concepts
    for disease, families in load_disease_drugs().items():
        assert concepts[disease].category == "condition"
        assert all(concepts[f].category == "treatment" for f in families)
    assert drugs_for("parkinsons_disease") == ("antiparkinson_agents",)
    assert drugs_for("asthma") == ()


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        ("Use of medications for epilepsy", "58F epilepsy since childhood, on lamotrigine.", "met"),
        (
            "Use of medications for epilepsy",
            "58F epilepsy since childhood, no seizures.",
            "unknown",
        ),
        (
            "Use of drugs for the treatment of hepatitis C",
            "58F chronic hepatitis C, treatment naive.",
            "unknown",
        ),
    ],
)
def test_drugs_for_a_disease_named_before_it_are_not_the_disease(
    criterion: str, note: str, expected: str
) -> None:
    # A patient with epilepsy or hepatitis C does not meet "medications for" it by having it.
    assert status(criterion, "exclusion", note) == expected
