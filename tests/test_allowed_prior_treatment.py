"""An inclusion that allows a prior treatment ("Patients may have received …") does not ask
it: a patient who never had it is not failed by it, unless the criterion limits the course's
length. Round thirty (NCT05696626); the other criteria are real lines of ../shared/data (API
v2 studies)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            # NCT05696626 (round thirty)
            "Subjects who may have received 1 cytotoxic chemotherapy regimen for metastatic "
            "disease and/or those who received 1 cytotoxic chemotherapy regimen in either the "
            "neo-adjuvant or adjuvant setting.",
            "46F, ER+ breast cancer with bone mets on goserelin, anastrozole and ribociclib. "
            "No chemo ever.",
        ),
        (
            # NCT03671044
            "Patients may have received one prior chemotherapy regimen for adjuvant therapy "
            "and/or one chemotherapy treatment/regimen for firstline metastatic therapy",
            "45F, triple negative breast cancer with lung mets. No chemotherapy so far.",
        ),
    ],
)
def test_a_treatment_an_inclusion_allows_is_not_failed_by_its_absence(
    criterion: str, note: str
) -> None:
    judgement = judged(criterion, "inclusion", facts(age=46, sex="female", note=note))
    assert judgement.status != "not_met", judgement.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            # NCT05952557 (round nineteen): a course's length is still asked of one who had it;
            # tamoxifen for about 20 weeks is longer than it allows.
            "Patients may have received up to 12 weeks of endocrine therapy prior to "
            "randomisation.",
            "52F, early breast cancer. Tamoxifen since July 2026.",
        ),
        (
            # "must have received" asks the treatment.
            "Patients must have received one prior chemotherapy regimen for metastatic disease",
            "52F, metastatic breast cancer. No chemotherapy so far.",
        ),
    ],
)
def test_a_course_length_or_a_treatment_asked_still_fails(criterion: str, note: str) -> None:
    judgement = judged(criterion, "inclusion", facts(age=52, sex="female", note=note))
    assert judgement.status == "not_met", judgement.reason
