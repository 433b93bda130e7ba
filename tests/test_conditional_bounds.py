"""Two bounds of one lab, each tied to the patient's state (issue 12, round twenty-three).

"Platelets ≥ 75,000/μL without bone marrow involvement and ≥ 50,000/μL with bone marrow
involvement": judged as two requirements, the stricter turned away a patient with marrow
involvement and 68,000/μL. A value meeting both bounds meets the criterion, one failing both
fails it, and one between them is settled by the note's condition, else unknown naming it.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

PLATELETS = (
    "Platelets ≥ 75,000/μL without bone marrow involvement and ≥ 50,000/μL with bone "
    "marrow involvement"
)
NEUTROPHILS = "ANC ≥ 1.0 x 10^9/L (≥ 0.5 x 10^9/L if marrow involvement)"
ALT = "ALT ≤ 2.5 × ULN (≤ 5 × ULN if liver metastases)"


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        (PLATELETS, "60M, DLBCL. Platelets 68,000/μL. Bone marrow involvement on biopsy.", "met"),
        (
            PLATELETS,
            "60M, DLBCL. Platelets 68,000/μL. Bone marrow biopsy negative for involvement.",
            "not_met",
        ),
        (PLATELETS, "60M, DLBCL. Platelets 68,000/μL.", "unknown"),
        (NEUTROPHILS, "60M, follicular lymphoma. ANC 0.7 x 10^9/L.", "unknown"),
        (ALT, "60M, colon cancer with liver metastases. ALT 3 x ULN.", "met"),
        (ALT, "60M, colon cancer, no liver metastases. ALT 3 x ULN.", "not_met"),
        (ALT, "60M, colon cancer. ALT 3 x ULN.", "unknown"),
    ],
)
def test_a_value_between_two_conditional_bounds_follows_the_notes_condition(
    criterion: str, note: str, expected: str
) -> None:
    """Met or not met when the note states or denies the condition, unknown when it is
    silent; the reason names the condition either way."""
    result = judged(criterion, "inclusion", facts(note=note))
    assert result.status == expected, result.reason
    condition = "liver metastases" if criterion == ALT else "marrow involvement"
    assert condition in result.reason


def test_a_value_meeting_both_conditional_bounds_meets_them_and_failing_both_does_not() -> None:
    high = judged(PLATELETS, "inclusion", facts(note="60M, DLBCL. Platelets 90,000/μL."))
    assert high.status == "met", high.reason
    low = judged(PLATELETS, "inclusion", facts(note="60M, DLBCL. Platelets 40,000/μL."))
    assert low.status == "not_met", low.reason


def test_a_bound_written_twice_pairs_with_its_conditional_place() -> None:
    """Round twenty-three, NCT06761586: "≥ 50,000/μL" is written for CLL and again "with bone
    marrow involvement"; a lymphoma note's "plt 68 x10^9/L (marrow involved)" was failed by
    the 75,000 written "without bone marrow involvement"."""
    criterion = (
        "Platelet count: For patients with CLL ≥ 50,000/μL, For patients with lymphomas ≥ "
        "75,000/μL without bone marrow involvement and ≥ 50,000/μL with bone marrow involvement."
    )
    note = "67M, mantle cell lymphoma. ANC 1.6 x10^9/L, plt 68 x10^9/L (marrow involved)."
    result = judged(criterion, "inclusion", facts(note=note))
    assert result.status != "not_met", result.reason
    assert "marrow involvement" in result.reason
