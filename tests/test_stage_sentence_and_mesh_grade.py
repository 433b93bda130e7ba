"""A stage told in a sentence of its own, and a grade on a disease only MeSH names.

Helper S10's stage reading left two classes unknown: a note that writes the stage as the next
sentence ("Breast cancer, left. Stage IIB.") and a criterion or note grading a disease the
lexicon does not name ("Peripheral neuropathy Grade >1", a TrialGPT exclusion of NCT02509286).
Criteria are real (../shared/data); notes are hand-written.
"""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import BREAST_IV, BREAST_RANGE, note_stage
from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.match import criterion_constraints

TRIALGPT = "data/trialgpt_criterion/trialgpt_criterion_annotations.json"


def trialgpt_criterion(nct_id: str, start: str) -> str:
    """A criterion of the TrialGPT annotations, by trial and first words."""
    rows = json.loads(shared_path(TRIALGPT).read_text(encoding="utf-8"))
    for row in rows:
        if row["trial_id"] == nct_id and row["criterion_text"].startswith(start):
            return str(row["criterion_text"])
    raise AssertionError((nct_id, start))


NEUROPATHY = trialgpt_criterion("NCT02509286", "Peripheral neuropathy Grade")


@pytest.mark.parametrize(
    "note",
    [
        "55F. Breast cancer, left. Stage IIB. On letrozole.",  # a sentence of its own
        "55F with breast cancer, stage IIB.",  # a stage ending its sentence
    ],
)
def test_a_stage_sentence_after_a_single_cancer_is_that_cancers_stage(note: str) -> None:
    stage = note_stage(note, "breast_cancer")
    assert stage is not None and stage.ranges == (("2b", "2b"),), stage


def test_a_stage_sentence_after_an_abbreviated_cancer_and_its_year_is_its_stage() -> None:
    patient = facts(note="66M, smoker. NSCLC dx 2025. Stage IIIB.")
    staged = [f.stage for f in patient.facts if f.stage is not None]
    assert staged and all(s.ranges == (("3b", "3b"),) for s in staged), patient.facts


def test_a_stage_sentence_after_a_cancer_only_mesh_names_is_its_stage() -> None:
    patient = facts(note="61M. Cholangiocarcinoma dx 2025. Stage IIIB.")
    (fact,) = patient.vocabulary_facts
    assert fact.stage is not None and fact.stage.ranges == (("3b", "3b"),), fact


def test_a_stage_sentence_after_two_cancers_is_attached_to_neither() -> None:
    patient = facts(note="70F. Breast cancer and colon cancer. Stage II.")
    assert all(f.stage is None for f in [*patient.facts, *patient.vocabulary_facts]), patient


@pytest.mark.parametrize(
    ("note", "criterion", "expected"),
    [
        ("55F. Breast cancer, right. Stage IV. ER+, HER2-.", BREAST_IV, "met"),
        ("55F. Breast cancer, left. Stage IIA. ER+, HER2-.", BREAST_RANGE, "not_met"),
    ],
)
def test_a_stage_sentence_is_judged_against_a_staged_inclusion_of_its_cancer(
    note: str, criterion: str, expected: str
) -> None:
    assert judged(criterion, "inclusion", facts(note=note)).status == expected


def test_a_grade_after_a_disease_only_mesh_names_is_read_onto_it() -> None:
    criterion = Criterion("C", "exclusion", NEUROPATHY)
    (mention,) = [c for c in criterion_constraints(criterion) if isinstance(c, ConceptMention)]
    assert mention.stage is not None
    assert (mention.stage.scale, mention.stage.ranges) == ("grade", (("2", "5"),))


def test_the_notes_grade_on_a_disease_only_mesh_names_is_read() -> None:
    patient = facts(note="66M on oxaliplatin, grade 3 peripheral neuropathy.")
    (fact,) = patient.vocabulary_facts
    assert fact.stage is not None and fact.stage.ranges == (("3", "3"),)


def test_a_mesh_diseases_grade_inside_the_exclusions_bound_meets_it() -> None:
    patient = facts(note="66M on oxaliplatin, grade 3 peripheral neuropathy.")
    result = judged(NEUROPATHY, "exclusion", patient)
    assert result.status == "met", result


def test_a_mesh_diseases_grade_below_the_exclusions_bound_does_not_meet_it() -> None:
    # The criterion is the disease and its grade alone, so the lower grade settles it
    # (tests/test_grade_before_the_condition.py).
    patient = facts(note="66M on oxaliplatin, grade 1 peripheral neuropathy.")
    result = judged(NEUROPATHY, "exclusion", patient)
    assert result.status == "not_met", result
    assert result.reason.startswith(
        "the patient's peripheral neuropathy is grade 1; the criterion needs Grade >1"
    ), result


def test_a_mesh_disease_without_a_grade_leaves_a_graded_exclusion_unknown_naming_it() -> None:
    patient = facts(note="66M on oxaliplatin, peripheral neuropathy in both feet.")
    result = judged(NEUROPATHY, "exclusion", patient)
    assert result.status == "unknown", result
    assert "grade" in result.reason and "Grade >1" in result.reason, result
