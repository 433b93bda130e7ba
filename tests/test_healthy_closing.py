"""A health state a criterion asks beside an age: "Age 16 - 65 y and healthy" (NCT05690373),
"… and otherwise healthy": read as a healthy volunteer phrase, so a note naming a chronic
disease does not meet it on the age alone (issue 12, branch wrong-answers-classes;
``healthy_closing_phrases`` of the criteria cues). "Medically healthy" alone (NCT00055575) is
left unread: there it is an item of a "Healthy Controls:" cohort (test_age_group_as_the_subject).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import HealthyVolunteers
from trialfinder.criteria.parse import parse_criterion

# NCT05690373 (round twenty-eight).
_AGE_AND_HEALTHY = "Age 16 - 65 y and healthy"

_DIABETIC = "52M, type 2 diabetes on metformin, smoker, BMI 31."
_WELL = "30M, no medical problems, takes no medicines."


def test_an_age_and_healthy_reads_healthy() -> None:
    constraints, _ = parse_criterion(_AGE_AND_HEALTHY, "inclusion")
    assert any(isinstance(c, HealthyVolunteers) for c in constraints)


def test_a_diabetic_in_the_age_range_does_not_meet_age_and_healthy() -> None:
    assert (
        judged(_AGE_AND_HEALTHY, "inclusion", facts(age=52, sex="male", note=_DIABETIC)).status
        == "not_met"
    )


def test_a_well_man_in_the_age_range_meets_age_and_healthy() -> None:
    assert judged(_AGE_AND_HEALTHY, "inclusion", facts(age=30, sex="male", note=_WELL)).status == (
        "met"
    )


def test_healthy_controls_in_the_middle_of_a_criterion_name_a_cohort() -> None:
    constraints, _ = parse_criterion(
        "Patients with Parkinson's disease and healthy controls aged 50-80", "inclusion"
    )
    assert not any(isinstance(c, HealthyVolunteers) for c in constraints)


def test_a_note_saying_i_am_healthy_meets_age_and_healthy() -> None:
    # Round twenty-eight's student: "I am healthy, no illnesses"; a round's "she is healthy".
    note = "I am Sanne, 23, a student. I am healthy, no illnesses. I take no medicines."
    assert judged(_AGE_AND_HEALTHY, "inclusion", facts(age=23, sex="female", note=note)).status == (
        "met"
    )
