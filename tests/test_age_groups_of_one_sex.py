"""An age group opening a group of one sex ("Adult males", "Adult females (pre-/peri-/ and
post-menopausal), and adult males."): the group's ages (``age_group_words``) are asked beside
the sex; a boy is no adult man."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# A TREC trial's inclusion (SIGIR patients): the women's menopausal states in brackets.
_BRACKETED = "Adult females (pre-/peri-/ and post-menopausal), and adult males."


@pytest.mark.parametrize(("age", "expected"), [(15, "not_met"), (40, "met"), (None, "unknown")])
def test_adult_males_asks_the_mans_age(age: float | None, expected: str) -> None:
    """ "Adult males" was met by a boy of 15: the sex was read, "adult" dropped."""
    patient = facts(sex="male", note="Cough.", **({} if age is None else {"age": age}))
    judgement = judged("Adult males", "inclusion", patient)
    assert judgement.status == expected
    if age is None:
        assert "age" in judgement.reason


def test_an_adult_female_group_is_not_met_by_a_girl() -> None:
    """ "Adult female patients" was met by a girl of 15."""
    patient = facts(sex="female", age=15, note="Cough.")
    assert judged("Adult female patients", "inclusion", patient).status == "not_met"


@pytest.mark.parametrize(("age", "expected"), [(48, "met"), (10, "not_met")])
def test_adult_men_offered_after_the_womens_bracketed_states_are_not_asked_them(
    age: float, expected: str
) -> None:
    """The women's menopausal states in brackets: a man of 48 was not met as "patient is
    male; criterion postmenopausal"; a boy of 10 is no adult man."""
    patient = facts(sex="male", age=age, note="Cough.")
    assert judged(_BRACKETED, "inclusion", patient).status == expected


def test_a_written_age_beside_the_group_is_the_age_asked() -> None:
    """The group only restates an age written beside it: "Adult males aged 16 or older" is
    met by a boy of 17, as the written age says."""
    patient = facts(sex="male", age=17, note="Cough.")
    assert judged("Adult males aged 16 or older", "inclusion", patient).status == "met"
