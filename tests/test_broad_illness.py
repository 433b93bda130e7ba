"""An exclusion of a broad class of illness ("Any significant acute or chronic medical
illness", "Serious medical comorbidities") against a note that denies every illness."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, status
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Any significant acute or chronic medical illness.", "Healthy, no medical history."),
        ("Serious medical comorbidities", "Fit and well, no medical problems."),
        (
            "Any significant acute or chronic medical illness.",
            "31-year-old man, healthy, no regular medication and no past medical history apart "
            "from a laparoscopic appendicectomy in 2015.",
        ),
        (
            "Serious medical comorbidities",
            "Brain metastases from breast cancer. Otherwise well, no other significant illness.",
        ),
    ],
)
def test_a_denial_of_every_illness_answers_a_broad_illness_exclusion(
    criterion: str, note: str
) -> None:
    text, section = criterion, "exclusion"
    constraints, complete = parse_criterion(text, section)
    judged = judge(
        Criterion("C", section, text, constraints=constraints, complete=complete),
        facts(note=note),
        frozenset({"breast_cancer", "brain_metastases"}),
    )
    assert judged.status == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        # Another condition named: is it serious? The study team's.
        "Type 2 diabetes and COPD. Otherwise well, no other significant illness.",
        # Something excepted.
        "No past medical history apart from a bad back.",
        "No past medical history apart from a mastectomy for cancer in 2019.",
        # No denial at all.
        "Works as a teacher.",
    ],
)
def test_a_broad_illness_exclusion_stays_unknown_without_a_whole_denial(note: str) -> None:
    assert status("Serious medical comorbidities", "exclusion", note) == "unknown"


def test_the_trials_own_condition_does_not_count_against_the_denial() -> None:
    text = "Any serious concurrent illness"
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    note = "Asthma since childhood. Otherwise healthy, no other significant illness."
    assert judge(criterion, facts(note=note), frozenset({"asthma"})).status == "not_met"
    assert judge(criterion, facts(note=note)).status == "unknown"


def test_a_criterion_asking_more_than_the_class_is_left() -> None:
    assert (
        status("Any comorbidities that may cause neuropathy", "exclusion", "Fit and well.")
        == "unknown"
    )
