"""Round thirty-two's wrong answers, by class (issue 12; round-thirtytwo-wrongs)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # NCT05689021 'Historical or current diagnosis of myelodysplastic syndrome or myeloid
        # malignancy': a basal cell carcinoma of the skin is no myeloid malignancy.
        (
            "Historical or current diagnosis of myelodysplastic syndrome or myeloid malignancy",
            "67 yo M, mCRPC, bone only. COPD on inhalers. BCC nose excised 2024.",
        ),
        # NCT06761586 'patients who have lymphoid malignancies': nor of a lymphoid one.
        ("History of lymphoid malignancies", "67M, mCRPC. BCC nose excised 2024."),
    ],
)
def test_a_malignancy_of_a_blood_lineage_is_not_met_by_a_solid_cancer(
    criterion: str, note: str
) -> None:
    judgement = judged(criterion, "exclusion", facts(age=67, sex="male", note=note))
    assert judgement.status != "met", judgement.reason


def test_a_myeloid_leukaemia_meets_a_myeloid_malignancy() -> None:
    # NCT05689021: an acute myeloid leukaemia is a myeloid malignancy.
    judgement = judged(
        "Historical or current diagnosis of myelodysplastic syndrome or myeloid malignancy",
        "exclusion",
        facts(age=67, sex="male", note="67M. Acute myeloid leukemia in remission since 2019."),
    )
    assert judgement.status != "not_met", judgement.reason
