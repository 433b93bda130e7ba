"""Lymphoma subtypes that rule each other out.

A Hodgkin lymphoma trial asks "Histologically confirmed classical HL" and excludes "Nodular
Lymphocyte Predominant HL"; a haematology note writes "classical Hodgkin lymphoma, nodular
sclerosis subtype" or "Nodular lymphocyte predominant Hodgkin lymphoma". MeSH files both
under Hodgkin Disease with no descriptor of their own, so the lexicon names the WHO-HAEM5 /
ICC 2022 entities (``concepts.json``) and ``disease_relations.json`` says they exclude each
other. A note naming only "Hodgkin lymphoma" leaves the subtype open, saying which. On the
real criteria of NCT04638790 and round nine's hand-written patients.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

_TRIAL = "NCT04638790"
_CLASSICAL = "Histologically confirmed classical HL"
_NLPHL = "Nodular Lymphocyte Predominant HL"


def _answer(patient_note_or_round: str, start: str, *, round_patient: bool = True) -> str:
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    patient = (
        _round_patient("nine", patient_note_or_round)
        if round_patient
        else facts(note=patient_note_or_round)
    )
    answer = _criterion(match_trial(parsed, patient), start)
    return f"{answer.status}: {answer.reason}"


def test_a_classical_hodgkin_lymphoma_meets_classical_hl() -> None:
    """Round nine's new classical Hodgkin lymphoma: "Histologically confirmed classical HL" is
    met by the note's diagnosis."""
    assert _answer("new classical Hodgkin lymphoma", _CLASSICAL).startswith("met")


def test_a_classical_hodgkin_lymphoma_does_not_meet_nodular_lymphocyte_predominant() -> None:
    """The same patient's nodular sclerosis classical HL is no nodular lymphocyte predominant
    HL: the exclusion is not met."""
    answer = _answer("new classical Hodgkin lymphoma", _NLPHL)
    assert answer.startswith("not_met"), answer


def test_a_nodular_lymphocyte_predominant_hodgkin_lymphoma_is_not_classical() -> None:
    """Round nine's relapsed NLPHL: the exclusion is met, the classical HL inclusion not."""
    patient = "relapsed nodular lymphocyte predominant Hodgkin lymphoma"
    assert _answer(patient, _NLPHL).startswith("met")
    answer = _answer(patient, _CLASSICAL)
    assert answer.startswith("not_met"), answer


def test_a_hodgkin_lymphoma_without_its_subtype_leaves_the_subtype_open() -> None:
    """A note that says only "Hodgkin lymphoma" settles neither, and says what is missing."""
    note = "Hodgkin lymphoma stage IIA, diagnosed on node biopsy last month."
    for start, missing in ((_CLASSICAL, "classical"), (_NLPHL, "nodular lymphocyte")):
        answer = _answer(note, start, round_patient=False)
        assert answer.startswith("unknown"), answer
        assert missing in answer.lower(), answer


def test_the_who_haem5_name_of_nlphl_is_read() -> None:
    """WHO-HAEM5 renames the entity "nodular lymphocyte predominant B-cell lymphoma"
    (ICC 2022 keeps the Hodgkin name): the new name meets the exclusion too."""
    note = "Nodular lymphocyte predominant B-cell lymphoma, stage IA, diagnosed 2025."
    assert _answer(note, _NLPHL, round_patient=False).startswith("met")
    assert _answer(note, _CLASSICAL, round_patient=False).startswith("not_met")


def test_a_subtype_named_as_a_possibility_rules_nothing_out() -> None:
    """A note raising the subtype only as a possibility does not settle the other one."""
    note = "Node biopsy: possible nodular lymphocyte predominant Hodgkin lymphoma, review pending."
    answer = _answer(note, _CLASSICAL, round_patient=False)
    assert answer.startswith("unknown"), answer


def test_a_disjoint_group_of_unknown_concepts_fails_on_load() -> None:
    """The relations file is checked against the lexicon: a misspelt concept fails loudly."""
    import msgspec
    import pytest

    from trialfinder.disease_relations import load_disease_relations, validate_disease_relations
    from trialfinder.vocabulary import load_vocabulary

    broken = msgspec.structs.replace(
        load_disease_relations(),
        disjoint_concepts=(("classical_hodgkin_lymphoma", "nodular_lymphocyte_hodgkin"),),
    )
    with pytest.raises(ValueError, match="unknown concept"):
        validate_disease_relations(broken, load_vocabulary())
