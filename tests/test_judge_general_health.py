"""A note's plain words of fitness ("medically fit and well", "no past medical history")
against a criterion asking good general health: met when the note names no other condition
than the trial's, not met when it names one, never read for an exclusion of healthy
volunteers (a fit patient with the trial's condition is none)."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, status
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

# NCT00739778 (fluoride varnish for caries), inclusion "Good general health as evidenced by
# the medical history."
_CARIES_TRIAL = "NCT00739778"
_GENERAL_HEALTH = "Good general health as evidenced by the medical history."


def _general_health_status(note: str) -> str:
    result = match_trial(
        parse_trial_criteria(_any_trial(_CARIES_TRIAL)), facts(age=27, sex="female", note=note)
    )
    return next(c.status for c in result.criteria if c.text == _GENERAL_HEALTH)


_NOTES_BY_ANSWER = {
    "met": (
        "Dental screening, 27F, postgraduate student. Two new carious lesions restored "
        "06/2026. Medically fit and well, takes no medications, no allergies.",
        "27F. New carious lesions this year. No past medical history.",
        "27F. New carious lesions this year. Otherwise healthy.",
    ),
    # Another condition named: the note's fitness is of the rest.
    "not_met": ("27F. Root caries. Fit and well. Type 1 diabetes on insulin.",),
    # Denied, or not said: the study team decides.
    "unknown": (
        "27F. Root caries. No longer fit and well since the summer.",
        "27F. Root caries. Takes no medications.",
    ),
}


@pytest.mark.parametrize(
    ("note", "expected"),
    [(note, answer) for answer, notes in _NOTES_BY_ANSWER.items() for note in notes],
)
def test_a_note_saying_fit_and_well_meets_good_general_health(note: str, expected: str) -> None:
    assert _general_health_status(note) == expected


def test_a_fit_patient_is_not_the_healthy_volunteer_an_exclusion_names() -> None:
    note = "58M with chronic plaque psoriasis on topical steroids. Otherwise fit and well."
    assert status("Healthy volunteers", "exclusion", note) == "unknown"
