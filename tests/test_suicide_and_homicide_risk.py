"""Risk statements: suicidal and homicidal ideation as the risk criteria ask about (issue 12).

"Acute suicide or homicide risk" names two risks with one "risk"; "At risk for suicide" names
the risk after its cue. A note's suicidal ideation with a plan, intent or a crisis response
is an acute risk (the C-SSRS grades ideation with a plan or intent as high risk); ideation
alone leaves the acuity to the study team; a note denying the ideation denies the risk.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def test_suicidal_ideation_with_a_plan_and_a_crisis_team_is_an_acute_risk() -> None:
    """Round nine: NCT00739765 "Acute suicide or homicide risk" against "Suicidal ideation
    with a plan last week - crisis team involved, on daily home visits"."""
    trial = parse_trial_criteria(_any_trial("NCT00739765"))
    result = match_trial(trial, _round_patient("nine", "PTSD after assault, depression primary"))
    criterion = _criterion(result, "Acute suicide or homicide risk")
    assert criterion.status == "met", criterion.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("35M, PTSD. No suicidal or homicidal ideation.", "not_met"),
        ("35M, PTSD, fleeting suicidal thoughts, no plan.", "unknown"),
        ("35M, PTSD, suicidal ideation with intent, seen by the crisis team today.", "met"),
    ],
)
def test_an_acute_risk_is_ideation_with_a_plan_intent_or_a_crisis_response(
    note: str, expected: str
) -> None:
    """NCT00739765 "Acute suicide or homicide risk": both risks are read (the "risk" written
    once is both names'); denied ideation of both is no risk, ideation alone is not shown to
    be acute, ideation with intent seen by a crisis team is."""
    trial = parse_trial_criteria(_any_trial("NCT00739765"))
    result = match_trial(trial, facts(age=35, sex="male", note=note))
    criterion = _criterion(result, "Acute suicide or homicide risk")
    assert criterion.status == expected, criterion.reason


def test_a_risk_for_suicide_is_read_after_its_cue() -> None:
    """NCT00739908 "At risk for suicide": the risk is what the criterion asks about, so a note
    denying suicidal ideation answers it."""
    judgement = judged(
        "At risk for suicide", "exclusion", facts(note="40F, depression. Denies suicidal ideation.")
    )
    assert judgement.status == "not_met", judgement.reason
