"""Breast cancer's receptors as pathology reports and carers write them: an Allred score
("ER 8/8, PR 6/8": 3 to 8 of 8 is positive, 0 to 2 negative), a HER2 immunohistochemistry
score ("HER2 IHC 1+": 0 and 1+ are negative, 3+ positive, 2+ needs ISH and says neither), and
the lay "hormone positive". The criteria are real registry text (NCT06760637, ``../shared``),
as round fifteen of the hand-written patients met them."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# NCT06760637, inclusions 2 and 3.
HR_POSITIVE = "Documented estrogen receptor (ER) and/or progesterone receptor (PR)-positive tumor"
HER2_NEGATIVE = "Documented HER2-negative tumor"


def _status(criterion: str, note: str) -> str:
    return judged(criterion, "inclusion", facts(age=63, sex="female", note=note)).status


# Each note with its answers to the HR-positive and the HER2-negative criterion.
SCORED_NOTES = {
    "Core bx L breast: IDC, ER 8/8, PR 6/8, HER2 IHC 1+.": ("met", "met"),
    # As "ER negative, PR negative, HER2 positive" is read: both receptors negative fail
    # "ER and/or PR-positive" (since `receptor-status` took the cancer's own sentence's
    # markers as its qualifiers), and the HER2 criterion is not met.
    "Breast IDC, ER 0/8, PR 0/8, HER2 IHC 3+.": ("not_met", "not_met"),
    "Breast cancer, ER 7/8, HER2 1+.": ("met", "met"),
    "The biopsy showed the same hormone positive breast cancer, HER2 negative.": ("met", "met"),
    "Breast cancer, ER 8/8, HER2 IHC 2+, ISH awaited.": ("met", "unknown"),
}


@pytest.mark.parametrize("note", list(SCORED_NOTES))
def test_receptor_scores_as_written_settle_receptor_criteria(note: str) -> None:
    assert (_status(HR_POSITIVE, note), _status(HER2_NEGATIVE, note)) == SCORED_NOTES[note]
