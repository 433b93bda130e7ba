"""An age counted "at the time of signing the informed consent" asks the age only."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("criterion", "age"),
    [
        # NCT06326047
        ("Age 18-75 years (both inclusive) at the time of signing the informed consent.", 58),
        # NCT05381142
        (
            "Participant must be 40 to 65 years of age inclusive, at the time of signing the "
            "informed consent.",
            52,
        ),
    ],
)
def test_an_age_at_the_time_of_signing_consent_asks_the_age_only(criterion: str, age: int) -> None:
    patient = facts(age=age, sex="female", note="Type 2 diabetes on metformin.")
    judgement = judged(criterion, "inclusion", patient)
    assert judgement.status == "met", judgement.reason


def test_a_consent_asked_for_itself_is_still_asked() -> None:
    """NCT01126879 "Ability to understand and the willingness to sign a written informed
    consent document": no age dates it; a note silent on it leaves it to the study team."""
    patient = facts(age=40, sex="male", note="Type 2 diabetes on metformin.")
    criterion = (
        "Ability to understand and the willingness to sign a written informed consent document"
    )
    assert judged(criterion, "inclusion", patient).status == "unknown"
