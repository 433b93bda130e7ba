"""A note's mental status ("drowsy and confused" against "alert, fully oriented, has
capacity") against an exclusion of an altered mental status: met when the note says it is
altered, not met when it says alert and oriented and the exclusion asks nothing else."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, status
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

# NCT06016452 (bevacizumab for radionecrosis), exclusion "Altered mental status with deficits
# in understanding or inability to consent to the study."
_RADIONECROSIS_TRIAL = "NCT06016452"
_ALTERED = "Altered mental status with deficits in understanding or inability to consent"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "62F. R temporal glioblastoma, IDH-wildtype, Stupp completed 04/2026. MRI 11/2026: "
            "enlarging enhancing mass, ?progression vs radionecrosis. KPS 40, drowsy and confused.",
            "met",
        ),
        (
            "45M. Left frontal astrocytoma, WHO grade 3, radiotherapy and temozolomide completed "
            "2025. MRI: radionecrosis at the resection margin. KPS 70. Alert, fully oriented, "
            "has capacity.",
            "not_met",
        ),
        # Denied, or not said: the study team decides.
        ("45M. Astrocytoma, radionecrosis on MRI. KPS 70. Not confused.", "unknown"),
        ("45M. Astrocytoma, radionecrosis on MRI. KPS 70.", "unknown"),
    ],
)
def test_a_notes_mental_status_settles_an_altered_mental_status_exclusion(
    note: str, expected: str
) -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial(_RADIONECROSIS_TRIAL)),
        facts(age=50, sex="male", note=note),
    )
    criterion = next(c for c in result.criteria if c.text.startswith(_ALTERED))
    assert criterion.status == expected, criterion.reason


def test_alert_and_oriented_leaves_an_exclusion_asking_more_to_the_team() -> None:
    text = "Altered mental status or uncontrolled seizures."
    assert status(text, "exclusion", "60M. Alert and oriented.") == "unknown"
    assert status(text, "exclusion", "60M. Drowsy and confused since yesterday.") == "met"


def test_mental_status_is_never_read_for_an_inclusion() -> None:
    text = "Altered mental status."
    assert status(text, "inclusion", "60M. Drowsy and confused since yesterday.") == "unknown"
