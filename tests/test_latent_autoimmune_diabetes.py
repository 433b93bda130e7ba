"""Issue 12: latent autoimmune diabetes in adults (LADA) was no concept of its own.

"LADA or Secondary Diabetes" went to the study team beside a record that names latent
autoimmune diabetes in adults outright: the lexicon (``data/criteria/concepts.json``) knew
neither the acronym nor the name. MeSH files the name as an entry term of Diabetes Mellitus,
Type 1 (D003922), itself under Autoimmune Diseases, so LADA is a kind of type 1 diabetes: a
criterion asking for type 1 diabetes is met by it, one asking for type 2 diabetes is not, and
a child with type 1 diabetes does not meet a criterion asking for LADA. Criteria and patients
are the hand-written rounds' and the LCT corpus's (real trial text).
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial

_LADA = "LADA with retinopathy and coeliac disease (FHIR)"
_CHILD = "teenager with type 1 diabetes"


def _judged(text: str, patient: str) -> tuple[str, str]:
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("I1", "inclusion", text, constraints=constraints, complete=complete)
    result = judge(criterion, _round_patient("ten", patient))
    return result.status, result.reason


def test_an_exclusion_naming_lada_by_its_acronym_is_met_by_a_record_of_lada() -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05928260")), _round_patient("ten", _LADA)
    )
    found = _criterion(result, "LADA or Secondary Diabetes")
    assert found.status == "met", found.reason


def test_a_child_with_type_1_diabetes_does_not_meet_a_criterion_asking_for_lada() -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05928260")), _round_patient("ten", _CHILD)
    )
    found = _criterion(result, "LADA or Secondary Diabetes")
    assert found.status != "met", found.reason


def test_type_1_diabetes_or_lada_is_met_by_a_record_of_lada() -> None:
    # LCT NCT03928379: "Have Type 1 diabetes or latent autoimmune diabetes in adults".
    status, reason = _judged("Have Type 1 diabetes or latent autoimmune diabetes in adults", _LADA)
    assert status == "met", reason


def test_lada_is_a_kind_of_type_1_diabetes_not_type_2() -> None:
    assert _judged("Type 1 diabetes", _LADA)[0] == "met"
    status, reason = _judged("Diagnosis of type 2 diabetes mellitus", _LADA)
    assert status == "not_met", reason
