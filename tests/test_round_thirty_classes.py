"""Round thirty's last wrong-direction answers, by the class of language behind each.

Every test quotes a real criterion (the trial named) and writes the note as the rounds'
coordinators write them; the rule each one pins names a class, not one trial's wording.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        # NCT05699824: a partial, non-occlusive thrombus is no complete one (AASLD 2020
        # vascular liver disorders guidance grades portal vein thrombosis as occlusive
        # (complete) or non-occlusive (partial); NCT05123326 defines it as
        # "partial or complete occlusion of the portal vein lumen").
        (
            "Complete portal vein thrombosis",
            "CT: partial non-occlusive portal vein thrombus, bland; 2.1 cm lesion seg 6.",
            "not_met",
        ),
        (
            "Complete portal vein thrombosis",
            "CT: complete occlusive portal vein thrombosis with cavernoma.",
            "met",
        ),
        ("Complete portal vein thrombosis", "CT: portal vein thrombosis.", "unknown"),
        # A bland thrombus is no tumour thrombus (AASLD 2020: bland versus tumour thrombus).
        (
            "Tumoral portal vein thrombosis",
            "CT: partial non-occlusive portal vein thrombus, bland; 2.1 cm lesion seg 6.",
            "not_met",
        ),
        (
            "Tumoral portal vein thrombosis",
            "MRI: enhancing tumour thrombus in the right portal vein.",
            "met",
        ),
    ],
)
def test_a_thrombus_s_extent_and_nature_are_its_own_qualifiers(
    criterion: str, note: str, expected: str
) -> None:
    judgement = judged(criterion, "exclusion", facts(age=67, sex="female", note=note))
    assert judgement.status == expected, judgement.reason
