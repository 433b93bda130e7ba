"""Round nine (issue 12): what the patient can do, and symptoms with a window.

NCT05380479 excludes "Patients with a mechanical obstruction to feeding" and "Patients with
inability to take oral medications"; NCT00739895 asks for a "feverish feeling with last 72
hours" and excludes "chronic diseases affecting the heart". A coordinator settles each from
what the note says the patient does or feels, and when.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

FEEDING = ("NCT05380479", "Patients with a mechanical obstruction to feeding")
ORAL = ("NCT05380479", "Patients with inability to take oral medications")
FEVERISH = ("NCT00739895", "feverish feeling with last 72 hours")
HEART = ("NCT00739895", "chronic diseases affecting the heart")


def _status(trial_and_start: tuple[str, str], patient: object) -> str:
    nct_id, start = trial_and_start
    result = match_trial(parse_trial_criteria(_any_trial(nct_id)), patient)  # type: ignore[arg-type]
    criterion = _criterion(result, start)
    return f"{criterion.status}: {criterion.reason}"


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        ("pancreatic cancer with weight loss", "not_met"),
        ("oesophageal cancer, nil by mouth", "met"),
    ],
)
@pytest.mark.parametrize("criterion", [FEEDING, ORAL])
def test_what_the_patient_does_by_mouth_settles_an_inability_to_do_it(
    criterion: tuple[str, str], patient: str, expected: str
) -> None:
    """ "Eating small amounts by mouth, swallows tablets" is no inability to take oral
    medications and no obstruction to feeding; "malignant stricture causing complete
    dysphagia - nil by mouth, ... unable to take tablets orally" is both."""
    assert _status(criterion, _round_patient("nine", patient)).startswith(expected)


@pytest.mark.parametrize(
    "note",
    [
        "64M, metastatic pancreatic adenocarcinoma on gemcitabine. ECOG 2.",
        "64M, metastatic pancreatic adenocarcinoma. Difficulty swallowing tablets.",
        "64M, pancreatic adenocarcinoma. Nil by mouth, not eating, PEG feeds.",
    ],
)
def test_a_note_silent_on_swallowing_or_saying_it_is_hard_denies_no_inability(note: str) -> None:
    assert _status(ORAL, facts(age=64, sex="male", note=note)).startswith("unknown")


@pytest.mark.parametrize("patient", ["rower with a cold", "teenage footballer with JIA"])
def test_a_feverish_feeling_is_a_fever_dated_against_the_window(patient: str) -> None:
    """ "Feverish ... since yesterday" and "Fever 38.4 ... for 2 days" meet "feverish feeling
    with last 72 hours" (the window is read from "with last 72 hours")."""
    assert _status(FEVERISH, _round_patient("nine", patient)).startswith("met")


def test_a_fever_older_than_the_window_does_not_meet_it() -> None:
    note = "23M, rower. Fever 10 days ago, settled; well since."
    assert not _status(FEVERISH, facts(age=23, sex="male", note=note)).startswith("met")


def test_diseases_affecting_the_heart_are_heart_disease() -> None:
    """ "No heart disease" denies "chronic diseases affecting the heart" (round nine)."""
    assert _status(HEART, _round_patient("nine", "rower with a cold")).startswith("not_met")
    note = "61M. Ischaemic heart disease, stent 2019."
    assert not _status(HEART, facts(age=61, sex="male", note=note)).startswith("not_met")


@pytest.mark.parametrize(
    "note",
    [
        "4-year-old girl with persistent fever for the past week; a spike at 104F.",
        "10-year-old. Low-grade fever two weeks ago, seen by his pediatrician. "
        "Vital signs: T: 39.5 C, BP: 90/60, HR 120/min.",
    ],
)
def test_a_fever_going_on_or_measured_now_is_inside_a_recent_window(note: str) -> None:
    """SIGIR topics: "persistent fever for the past week" is a fever going on for a week, not
    one a week ago; "T: 39.5 C" is a fever now, whatever fever the note told of before."""
    assert _status(FEVERISH, facts(age=8, sex="female", note=note)).startswith("met")


def test_a_tumour_stage_is_no_temperature() -> None:
    note = "58M, T2N0 squamous cell carcinoma of the larynx. T2DM. Afebrile."
    assert not _status(FEVERISH, facts(age=58, sex="male", note=note)).startswith("met")
