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
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial
from trialfinder.patient import PatientProfile, extract_facts


def _status(round_name: str, patient: str, trial: str, criterion: str) -> tuple[str, str]:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient)
    )
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


def test_an_exclusion_about_people_with_a_condition_the_note_denies_is_not_met() -> None:
    # "Presence of psychotic features with current depressive episode" against "No psychotic
    # features": the features say whom the episode excludes, and the note denies them.
    status, reason = _status(
        "five", "recurrent depression", "NCT00739908", "Presence of psychotic features"
    )
    assert status == "not_met", reason


def test_a_retinopathy_coded_as_due_to_diabetes_is_diabetic_retinopathy() -> None:
    # SNOMED CT's display name, as a FHIR Condition gives it.
    patient = extract_facts(
        PatientProfile(conditions=["Nonproliferative retinopathy due to type 2 diabetes mellitus"])
    )
    concepts = {fact.concept for fact in patient.facts if not fact.negated}
    assert {"nonproliferative_diabetic_retinopathy", "type_2_diabetes"} <= concepts


def test_a_diabetic_retinopathy_criterion_names_only_the_qualifier_it_still_needs() -> None:
    # Before, the note's diabetes was compared with the criterion's diabetes: "the note says
    # diabetes; the criterion needs diabetic retinopathy" though the record codes the retinopathy.
    status, reason = _status(
        "eight",
        "open-angle glaucoma with diabetic retinopathy (FHIR)",
        "NCT05885022",
        "Active diabetic retinopathy",
    )
    assert status == "unknown"
    assert (
        reason
        == "the note says diabetic retinopathy; the criterion needs active diabetic retinopathy"
    )


def test_a_note_naming_only_diabetes_does_not_meet_diabetic_retinopathy() -> None:
    text = "Uncontrolled and potentially unstable diabetic retinopathy or maculopathy."
    constraints, complete = parse_criterion(text, "exclusion")
    patient = extract_facts(PatientProfile(note="Type 2 diabetes for 10 years on metformin."))
    result = judge(
        Criterion("C", "exclusion", text, constraints=constraints, complete=complete), patient
    )
    assert result.status != "met", result.reason


def test_open_angle_glaucoma_is_not_angle_closure_glaucoma() -> None:
    # NCT05885022's exclusion against round eight's glaucoma, written as a note.
    constraints, complete = parse_criterion("Angle closure glaucoma", "exclusion")
    criterion = Criterion(
        "E1", "exclusion", "Angle closure glaucoma", constraints=constraints, complete=complete
    )
    patient = extract_facts(PatientProfile(note="Primary open angle glaucoma since 2019."))
    result = judge(criterion, patient)
    assert result.status == "not_met", result.reason


def test_a_nonproliferative_retinopathy_does_not_meet_a_proliferative_one() -> None:
    # NCT05928260's exclusion names both stages; its proliferative one, alone: the lexicon read
    # only "diabetic" and the patient's diabetes met it ("patient has Diabetic").
    text = "Proliferative Diabetic Retinopathy"
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("E8", "exclusion", text, constraints=constraints, complete=complete)
    patient = extract_facts(
        PatientProfile(conditions=["Nonproliferative retinopathy due to type 2 diabetes mellitus"])
    )
    assert judge(criterion, patient).status != "met"


def test_a_coded_retinopathy_keeps_its_stage() -> None:
    patient = extract_facts(
        PatientProfile(conditions=["Nonproliferative retinopathy due to type 2 diabetes mellitus"])
    )
    concepts = {fact.concept for fact in patient.facts if not fact.negated}
    assert "nonproliferative_diabetic_retinopathy" in concepts
