"""Clinical scales read on both sides: the criterion's threshold and the note's value.

A score the parser cannot name on either side leaves a criterion to the study team even when
the referral gives the number ("IGA 4", "DHI 48", "IDS-SR30 46"). The scales and their
published ranges are data (``data/criteria/analytes.json``, ``docs/criteria.md``); these tests
hold the readings on the real criteria of the reference trials and the hand-written patients'
notes of the eighth and earlier rounds.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.match import CriterionResult, match_trial


def _answer(round_name: str, patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient)
    )
    return _criterion(result, start)


def _analytes(trial: str, start: str) -> list[str]:
    parsed = parse_trial_criteria(_any_trial(trial))
    found = [c for c in parsed.iter_criteria() if c.text.startswith(start)]
    assert found, start
    return [c.analyte for c in found[0].constraints if isinstance(c, Measurement)]


def _note_values(note: str) -> dict[str, float]:
    patient = facts(note=note)
    return {f.measurement.analyte: f.measurement.value for f in patient.facts if f.measurement}


def test_a_scale_written_as_its_capital_abbreviation_is_read_from_a_note() -> None:
    """NCT02210780 "Investigator's Global Assessment (IGA) score ≥3" against "EASI 24, IGA 4":
    a note writes the scale "IGA" in capitals; the immunoglobulin is written "IgA" and stays
    unread as a score."""
    answer = _answer(
        "eight",
        "atopic eczema after topical failure",
        "NCT02210780",
        "Investigator's Global Assessment (IGA) score",
    )
    assert answer.status == "met", answer.reason
    assert "iga_derm" not in _note_values("IgA myeloma, IgA 4 g/L.")


def test_a_scale_s_span_with_its_name_before_scale_is_no_threshold() -> None:
    """NCT02210780 "IGA score ≥3 (on the 0-4 IGA scale)": 0–4 is the scale, not a range the
    score must fall in; the criterion's one threshold is ≥ 3."""
    assert _analytes("NCT02210780", "Investigator's Global Assessment (IGA) score") == ["iga_derm"]


def test_a_word_between_a_scale_and_its_value_does_not_hide_the_value() -> None:
    """NCT02210780 "Eczema Area and Severity Index (EASI) score ≥16" against "EASI today 12":
    a time word between the scale and its number is still that scale's value."""
    answer = _answer(
        "eight",
        "atopic dermatitis on dupilumab",
        "NCT02210780",
        "Eczema Area and Severity Index (EASI) score",
    )
    assert answer.status == "not_met", answer.reason
    assert _note_values("EASI today 12.") == {"easi": 12.0}


def test_the_dizziness_handicap_inventory_is_read_on_both_sides() -> None:
    """NCT05482828 "DHI (Dizziness Handicap Inventory) score ≥ 24" against "DHI 48" / "DHI 30"."""
    assert _analytes("NCT05482828", "DHI (Dizziness Handicap Inventory) score") == ["dhi"]
    for patient in (
        "persistent dizziness with vestibular migraine",
        "dizziness after stroke in Parkinson's disease",
    ):
        answer = _answer(
            "eight", patient, "NCT05482828", "DHI (Dizziness Handicap Inventory) score"
        )
        assert answer.status == "met", answer.reason


def test_the_inventory_of_depressive_symptomatology_is_read_on_both_sides() -> None:
    """NCT00739908 "A total score =>40 on the IDS-SR30" against "IDS-SR30 46"."""
    assert _analytes("NCT00739908", "A total score =>40 on the IDS-SR30") == ["ids_sr"]
    answer = _answer(
        "five", "recurrent depression", "NCT00739908", "A total score =>40 on the IDS-SR30"
    )
    assert answer.status == "met", answer.reason


def test_the_ptsd_symptom_scale_is_not_the_perceived_stress_scale() -> None:
    """NCT00055354 "PTSD Symptom Scale-Self Report (PSS-SR) score > 16" names the PTSD scale
    (0–51), not the Perceived Stress Scale that shares "PSS"; "PSS-SR 31" is its value."""
    assert _analytes("NCT00055354", "PTSD Symptom Scale-Self Report (PSS-SR) score") == ["pss_sr"]
    answer = _answer(
        "seven",
        "PTSD with heart failure and a sleeping tablet",
        "NCT00055354",
        "PTSD Symptom Scale-Self Report (PSS-SR) score",
    )
    assert answer.status == "met", answer.reason
