"""Issue 12, round ten: a diagnosis MeSH names that the criteria lexicon lacked.

"Participant has a clinical diagnosis of stable papulopustular rosacea" and "Patient with
documented diagnosis of myasthenia gravis": the lexicon (``data/criteria/concepts.json``) had no
concept for rosacea or myasthenia gravis, so the criterion carried no constraint and went to the
study team ("not computable from structured data") beside a letter that names the diagnosis
outright. The concepts now come with their MeSH descriptor's entry terms and place in the tree;
papulopustular rosacea is a subtype of rosacea, so a criterion naming the subtype is not met by
rosacea alone. Criteria and patients are round ten's (real trial text).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial
from trialfinder.patient import PatientProfile, extract_facts


def _status(patient: str, trial: str, criterion: str) -> tuple[str, str]:
    result = match_trial(parse_trial_criteria(_any_trial(trial)), _round_patient("ten", patient))
    found = _criterion(result, criterion)
    return found.status, found.reason


@pytest.mark.parametrize(
    ("patient", "trial", "criterion"),
    [
        (
            "generalised myasthenia gravis, neurology letter",
            "NCT05070858",
            "Patient with documented diagnosis of myasthenia gravis",
        ),
        (
            "myasthenia gravis after a crisis, with HIV (FHIR)",
            "NCT05070858",
            "Patient with documented diagnosis of myasthenia gravis",
        ),
    ],
)
def test_a_diagnosis_mesh_names_is_read_from_the_letter(
    patient: str, trial: str, criterion: str
) -> None:
    status, reason = _status(patient, trial, criterion)
    assert status == "met", reason


def test_a_qualifier_held_for_a_duration_is_read_from_the_letter() -> None:
    # "papulopustular rosacea, stable for 3 years": "for" before a duration says how long the
    # rosacea has been stable; it does not turn "stable" to what follows. The trial's words,
    # without the "(type-2)" that numbers the subtype (left to the study team).
    text = "Participant has a clinical diagnosis of stable papulopustular rosacea"
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I2", "inclusion", text, constraints=constraints, complete=complete)
    patient = _round_patient("ten", "papulopustular rosacea, dermatology letter")
    result = judge(criterion, patient)
    assert result.status == "met", result.reason


def test_a_cue_before_for_and_its_object_still_turns_forward() -> None:
    # "negative for" a named thing is what the thing is, not the mention before it.
    patient = extract_facts(PatientProfile(note="Rosacea, negative for demodex on scraping."))
    rosacea = [fact for fact in patient.facts if fact.concept == "rosacea"]
    assert rosacea and not rosacea[0].negated


def test_rosacea_alone_does_not_meet_papulopustular_rosacea() -> None:
    text = "Participant has a clinical diagnosis of stable papulopustular rosacea"
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I1", "inclusion", text, constraints=constraints, complete=complete)
    patient = extract_facts(PatientProfile(note="Rosacea on the cheeks for 2 years."))
    assert judge(criterion, patient).status != "met"


def test_a_patient_without_myasthenia_gravis_does_not_meet_it() -> None:
    text = "Patient with documented diagnosis of myasthenia gravis"
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I1", "inclusion", text, constraints=constraints, complete=complete)
    patient = extract_facts(
        PatientProfile(note="Chronic inflammatory demyelinating polyneuropathy on IVIG.")
    )
    assert judge(criterion, patient).status != "met"


def test_the_mgfa_classification_is_not_a_myasthenia_gravis_diagnosis() -> None:
    # "Myasthenia Gravis Foundation of America" names a classification's authors, not the disease.
    constraints, _ = parse_criterion(
        "Myasthenia Gravis Foundation of America (MGFA) Clinical Classification Class II to IVa",
        "inclusion",
    )
    concepts = {getattr(c, "concept", None) for c in constraints}
    assert "myasthenia_gravis" not in concepts
