"""What a referring note says the patient does not take: a drug named as an intolerance or
allergy ("Intolerant of metformin", "allergic to amoxicillin") is no medication the patient
is on, and "treatment-naive" on its own denies prior systemic therapy in a cancer note.

The criteria are real (``../shared/data``): NCT05042505 (API v2 study), NCT03067181 and
NCT06103864 (as in ``test_note_denials``).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_note_denials import _NO_PRIOR_CHEMOTHERAPY, _NO_PRIOR_SYSTEMIC_THERAPY, _read

# NCT05042505 (diabetes after liver transplantation), inclusion 2.
_TAKING_METFORMIN = "Subjects taking insulin and/or metformin and/or sulfonylurea."


@pytest.mark.parametrize(
    ("note", "concept", "read"),
    [
        ("58M, type 2 diabetes on diet alone. Intolerant of metformin.", "metformin", (0, 0)),
        ("58M, type 2 diabetes on diet alone. Intolerant of metformin.", "allergy", (1, 0)),
        ("71F, community-acquired pneumonia, allergic to amoxicillin.", "antibiotics", (0, 0)),
        ("71F, community-acquired pneumonia, allergic to amoxicillin.", "allergy", (1, 0)),
        # a drug taken stays the patient's
        ("58M, type 2 diabetes on metformin.", "metformin", (1, 0)),
    ],
)
def test_a_drug_named_as_an_intolerance_is_not_one_taken(
    note: str, concept: str, read: tuple[int, int]
) -> None:
    """The drug after a reaction cue is not read as a medication; the allergy stays."""
    present, denied = facts(note=note).concept_facts(concept)
    assert (len(present), len(denied)) == read


def test_intolerant_of_metformin_does_not_meet_taking_metformin() -> None:
    """NCT05042505 "Subjects taking insulin and/or metformin …": a patient intolerant of
    metformin is not read as on it (the note names neither insulin nor a sulfonylurea, so the
    team decides), never met because of the intolerance."""
    patient = facts(
        age=58, sex="male", note="58M, type 2 diabetes on diet alone. Intolerant of metformin."
    )
    judgement = judged(_TAKING_METFORMIN, "inclusion", patient)
    assert judgement.status != "met"
    assert "on metformin" not in judgement.reason


@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("62F, de novo metastatic ER+ breast cancer, treatment-naive.", (0, 1)),
        ("62F, de novo metastatic ER+ breast cancer. Treatment naïve.", (0, 1)),
        # no cancer named: "treatment-naive" is not read as a chemotherapy denial
        ("34M, HIV, treatment-naive, CD4 420.", (0, 0)),
    ],
)
def test_treatment_naive_in_a_cancer_note_denies_systemic_therapy(
    note: str, read: tuple[int, int]
) -> None:
    assert _read("chemotherapy", facts(note=note)) == read


@pytest.mark.parametrize("criterion", [_NO_PRIOR_SYSTEMIC_THERAPY, _NO_PRIOR_CHEMOTHERAPY])
def test_treatment_naive_meets_no_prior_systemic_therapy(criterion: str) -> None:
    """NCT03067181 "no prior systemic therapy for the current cancer diagnosis" and
    NCT06103864 "No prior chemotherapy or other systemic anti-cancer therapy …": a
    treatment-naive metastatic breast cancer meets both."""
    patient = facts(
        age=62, sex="female", note="62F, de novo metastatic ER+ breast cancer, treatment-naive."
    )
    assert judged(criterion, "inclusion", patient).status == "met"
