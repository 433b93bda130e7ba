"""Issue 12, classes J and L: a condition the criteria lexicon lacked was no concept at all.

"Diagnosis of PTSD", "Diagnosis of OUD", "Presence of psychotic features", "Antisocial or
Borderline Personality Disorder", "Angle closure glaucoma", "Active diabetic retinopathy":
the lexicon (``data/criteria/concepts.json``) had no concept for these diseases, so the
criterion carried no constraint and went to the study team, even beside a note that names
the disease outright. The concepts now come with their MeSH descriptor's entry terms and
its place in the tree (PTSD is a mental disorder, diabetic retinopathy a complication of
diabetes). Criteria and patients are the hand-written rounds' (real trial text).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def _status(round_name: str, patient: str, trial: str, criterion: str) -> tuple[str, str]:
    result = match_trial(parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient))
    found = _criterion(result, criterion)
    return found.status, found.reason


@pytest.mark.parametrize(
    ("round_name", "patient", "trial", "criterion"),
    [
        ("seven", "veteran with treatment-resistant PTSD", "NCT00739856", "Diagnosis of PTSD"),
        ("seven", "opioid use disorder on methadone", "NCT05480072", "Diagnosis of OUD"),
        ("seven", "pregnant woman starting buprenorphine", "NCT05480072", "Diagnosis of OUD"),
    ],
)
def test_a_mental_disorder_named_by_its_abbreviation_is_read(
    round_name: str, patient: str, trial: str, criterion: str
) -> None:
    status, reason = _status(round_name, patient, trial, criterion)
    assert status == "met", reason


def test_a_depressed_patient_does_not_meet_a_criterion_asking_for_ptsd() -> None:
    status, reason = _status("five", "recurrent depression", "NCT00739856", "Diagnosis of PTSD")
    assert status != "met", reason


@pytest.mark.parametrize(
    "criterion", ["Presence of psychotic features", "Antisocial or Borderline Personality"]
)
def test_a_psychiatric_exclusion_the_note_denies_or_leaves_out_is_not_met(criterion: str) -> None:
    status, reason = _status("five", "recurrent depression", "NCT00739908", criterion)
    assert status == "not_met", reason


def test_a_kind_of_diabetic_retinopathy_meets_diabetic_retinopathy() -> None:
    status, reason = _status(
        "eight",
        "open-angle glaucoma with diabetic retinopathy (FHIR)",
        "NCT05885022",
        "Active diabetic retinopathy",
    )
    assert status == "met", reason


def test_open_angle_glaucoma_is_not_angle_closure_glaucoma() -> None:
    status, reason = _status(
        "eight",
        "open-angle glaucoma with diabetic retinopathy (FHIR)",
        "NCT05885022",
        "Angle closure glaucoma",
    )
    assert status == "not_met", reason
