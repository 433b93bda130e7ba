"""A good-health ask beside the diagnosis the same criterion requires.

"In good general health as evidenced by medical history, diagnosed with T2DM and on … metformin
monotherapy" (NCT05688332, round twenty-six) asks for a patient healthy apart from the disease it
names: a patient whose only condition is that disease is no "not a healthy volunteer"; another
condition still is.
"""

from __future__ import annotations

from test_judge_entailment import status

_CRITERION = (
    "In good general health as evidenced by medical history, diagnosed with T2DM and on "
    "tolerated dose of at least 2g/day of metformin monotherapy."
)


def test_the_named_disease_alone_does_not_fail_a_good_health_ask() -> None:
    note = (
        "54-year-old man with type 2 diabetes diagnosed 2021, on metformin 1 g twice daily. "
        "No other medical history."
    )
    assert status(_CRITERION, "inclusion", note) != "not_met"


def test_another_condition_still_fails_a_good_health_ask() -> None:
    note = (
        "54-year-old man with type 2 diabetes on metformin 1 g twice daily, and heart failure "
        "on furosemide."
    )
    assert status(_CRITERION, "inclusion", note) == "not_met"


def test_the_named_disease_written_broader_does_not_fail_a_good_health_ask() -> None:
    note = (
        "Zambian man, sugar diabetes for a year, on metformin 1000 mg twice a day alone. "
        "No heart failure, no chest pain, no allergies."
    )
    assert status(_CRITERION, "inclusion", note) != "not_met"
