"""Issue 12: left ventricular diastolic dysfunction was no concept at all.

"LV diastolic dysfunction on 2D echocardiography" (a cirrhotic cardiomyopathy trial) went to
the study team beside an echo report of "grade II diastolic dysfunction": the lexicon
(``data/criteria/concepts.json``) had no name for it. It is no heart failure (the echo finding
alone, with a preserved ejection fraction), so it is a concept of its own, under no broader
one. Criteria and patients are the hand-written rounds' (real trial text).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial
from trialfinder.patient import PatientProfile, extract_facts


@pytest.mark.parametrize(
    "patient", ["alcohol cirrhosis with diastolic dysfunction", "MASH cirrhosis with TIPS"]
)
def test_diastolic_dysfunction_on_the_echo_is_read(patient: str) -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT04111133")), _round_patient("ten", patient)
    )
    found = _criterion(result, "LV diastolic dysfunction on 2D echocardiography")
    assert found.status == "met", found.reason


def test_a_normal_echo_does_not_meet_diastolic_dysfunction() -> None:
    text = "LV diastolic dysfunction on 2D echocardiography"
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I1", "inclusion", text, constraints=constraints, complete=complete)
    note = "Echo: normal LV size and function, no diastolic dysfunction, LVEF 60%."
    result = judge(criterion, extract_facts(PatientProfile(note=note)))
    assert result.status == "not_met", result.reason


def test_a_broader_left_ventricular_dysfunction_does_not_meet_diastolic_dysfunction() -> None:
    # The SIGIR topic 2015-4 echo: systolic, segmental dysfunction says nothing of relaxation.
    text = "LV diastolic dysfunction on 2D echocardiography"
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I1", "inclusion", text, constraints=constraints, complete=complete)
    note = (
        "A transthoracic echocardiogram showed severe segmental left ventricular dysfunction "
        "involving the septum, anteroseptal territory, and apex."
    )
    result = judge(criterion, extract_facts(PatientProfile(note=note)))
    assert result.status != "met", result.reason
