"""A criterion asking that the patient never smoked ("Never smoker", "Lifelong non-smoker")
asks about the whole of life, not now: a former smoker does not meet it. A note denying a
habit outright gives no past history of it."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion


@pytest.mark.parametrize("criterion", ["Never smoker", "Lifelong non-smoker"])
def test_a_former_smoker_does_not_meet_a_never_smoker_criterion(criterion: str) -> None:
    former = judged(criterion, "inclusion", facts(note="60F, ex-smoker, quit 2010."))
    assert former.status == "not_met", former.reason
    current = judged(criterion, "inclusion", facts(note="60F, current smoker, 50 pack-years."))
    assert current.status == "not_met", current.reason


@pytest.mark.parametrize("criterion", ["Never smoker", "Non-smoker"])
def test_a_never_smoker_is_not_read_as_a_past_history_of_smoking(criterion: str) -> None:
    result = judged(criterion, "inclusion", facts(note="60F, never smoker."))
    assert result.status != "not_met", result.reason
    assert "past history" not in result.reason


@pytest.mark.parametrize(
    "criterion", ["Never smoker", "Non-smoker", "Has never smoked", "Lifelong never-smoker"]
)
def test_a_never_smoker_meets_a_never_smoker_criterion_read_whole(criterion: str) -> None:
    for note in ("60F, never smoker.", "60F, non-smoker."):
        result = judged(criterion, "inclusion", facts(note=note))
        assert result.status == "met", result.reason
    assert judged(criterion, "inclusion", facts(note="60F, hypertension.")).status == "unknown"
    current = judged(criterion, "inclusion", facts(note="60F, current smoker, 50 pack-years."))
    assert current.status == "not_met", current.reason


def test_a_never_smoker_definition_by_a_lifetime_count_is_no_count_to_compare() -> None:
    criterion = "Has never smoked, defined as smoking <100 tobacco cigarettes in a lifetime."
    constraints, complete = parse_criterion(criterion, "inclusion")
    assert complete
    assert [(c.concept, c.negated) for c in constraints if isinstance(c, ConceptMention)] == [
        ("smoking", True)
    ]
    never = judged(criterion, "inclusion", facts(note="I'm 54 and I have never smoked."))
    assert never.status == "met", never.reason
    current = judged(criterion, "inclusion", facts(note="71M, current smoker, 50 pack-years."))
    assert current.status == "not_met", current.reason
    silent = judged(criterion, "inclusion", facts(note="60F, hypertension."))
    assert silent.status == "unknown", silent.reason


@pytest.mark.parametrize(
    "note",
    [
        "58M, ex-smoker, quit 2010. COPD.",
        "58M, former smoker (quit 2010, 30 pack-years).",
        "He stopped smoking 5 years ago.",
    ],
)
def test_a_smoker_who_quit_meets_a_current_non_smoker_criterion(note: str) -> None:
    """ "Current non-smoker" asks about now: a note saying the smoking ended ("ex-smoker, quit
    2010") meets it (it was read as past history without an end, unknown)."""
    assert judged("Current non-smoker", "inclusion", facts(note=note)).status == "met"


def test_smoking_filed_under_past_history_alone_leaves_current_non_smoker_unknown() -> None:
    note = "58M. Past medical history: heavy smoking."
    assert judged("Current non-smoker", "inclusion", facts(note=note)).status == "unknown"


@pytest.mark.parametrize(
    "criterion",
    [
        "Patients who are current or ex-smokers\n- Ever-smoker is defined as having smoked at least"
        " one cigarette, pipe, water pipe, cigars, or hand rolled cigarettes a day for 1 or more"
        " years.",
        "Ever-smokers aged 50 to 80 years",
    ],
)
def test_an_ever_smoker_criterion_is_not_failed_by_a_former_smoker(criterion: str) -> None:
    """'Ever' joined by a hyphen ("Ever-smoker") is a past-or-present habit word as it is
    written apart ("ever smoked"): the criterion does not ask for smoking now, so an
    ex-smoker does not fail it (whether 50 pack-years meets its definition's daily count for
    a year is left to the study team)."""
    note = "71M, COPD. Ex-smoker, 50 pack-years, quit 2019."
    former = judged(criterion, "inclusion", facts(note=note))
    assert former.status != "not_met", former.reason
    assert "asks for it now" not in former.reason
