"""Involvement of the central nervous system by a lymphoma is a condition of its own.

Lymphoma trials exclude "Systemic lymphomas with CNS involvement" and "Documented or
suspected central nervous system (CNS) involvement by lymphoma"; a haematology note writes
"No CNS involvement". The lexicon names the involvement (``concepts.json``), so a note's
denial answers the exclusion, on the real criteria of the reference trials and round nine's
hand-written patients.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import ConceptMention
from trialfinder.match import match_trial


def _concepts(trial: str, start: str) -> list[str]:
    parsed = parse_trial_criteria(_any_trial(trial))
    (criterion,) = [c for c in parsed.iter_criteria() if c.text.startswith(start)]
    return [c.concept for c in criterion.constraints if isinstance(c, ConceptMention)]


def test_cns_involvement_is_read_in_a_lymphoma_exclusion() -> None:
    """Both trials' exclusions name the involvement, in short and long form."""
    assert "cns_involvement" in _concepts("NCT02964858", "Systemic lymphomas with CNS")
    assert "cns_involvement" in _concepts("NCT06356129", "Documented or suspected central")


def test_a_note_denying_cns_involvement_does_not_meet_the_exclusion() -> None:
    """Round nine's DLBCL after R-CHOP, "No CNS involvement.": the exclusion is not met; a
    note that names the involvement meets it."""
    parsed = parse_trial_criteria(_any_trial("NCT02964858"))
    start = "Systemic lymphomas with CNS involvement"
    denied = _round_patient("nine", "DLBCL after R-CHOP for radiotherapy")
    answer = _criterion(match_trial(parsed, denied), start)
    assert answer.status == "not_met", answer.reason
    involved = facts(note="Diffuse large B-cell lymphoma stage IV with CNS involvement.")
    assert _criterion(match_trial(parsed, involved), start).status == "met"


def test_brain_metastases_are_cns_involvement() -> None:
    """A tumour in the brain involves the central nervous system: a note's brain metastases
    meet "CNS involvement", never a silence that would not meet it."""
    parsed = parse_trial_criteria(_any_trial("NCT02964858"))
    start = "Systemic lymphomas with CNS involvement"
    spread = facts(note="Diffuse large B-cell lymphoma with brain metastases.")
    assert _criterion(match_trial(parsed, spread), start).status == "met"
