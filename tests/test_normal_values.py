"""Named tests a criterion asks normal ("Potassium within normal limits", "Calcium … and
magnesium within normal limits or ≤ grade 1 …") and an exclusion of any result outside normal
values ("Deviation from normal values in the biochemical test report"), judged by the note's
values against the usual reference ranges (``normal_labs.json``) and its normal words
(issue 12)."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, status
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.match import judge

POTASSIUM = "Potassium within normal limits, or corrected with supplements"
CALCIUM = (
    "Calcium (corrected for serum albumin) and magnesium within normal limits or ≤ grade 1 if "
    "judged clinically not significant by the investigator"
)
DEVIATION = (
    "Deviation from normal values in the biochemical test report was excluded from the study."
)


def _registry(nct_id: str, start: str) -> Criterion:
    for criterion in parse_trial_criteria(_any_trial(nct_id)).iter_criteria():
        if criterion.text.startswith(start):
            return criterion
    raise AssertionError(start)


def test_a_registry_criterion_asking_potassium_normal_is_met_by_a_value_in_range() -> None:
    patient = facts(note="Metastatic breast cancer. Serum potassium 4.2 mmol/L.")
    result = judge(_registry("NCT05631795", "Potassium within normal limits"), patient)
    assert result.status == "met", result.reason
    assert "4.2" in result.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("calcium 9.4 mg/dL, magnesium 2.0 mg/dL", "met"),
        ("calcium 2.35 mmol/L, magnesium normal", "met"),
        # One test not given: open.
        ("calcium 9.4 mg/dL", "unknown"),
        # Outside, but the criterion offers another way ("or ≤ grade 1"): the study team's.
        ("calcium 3.1 mmol/L, magnesium 0.8 mmol/L", "unknown"),
    ],
)
def test_named_tests_asked_normal_are_judged_by_their_reference_ranges(
    note: str, expected: str
) -> None:
    assert status(CALCIUM, "inclusion", note) == expected


def test_a_value_past_the_range_does_not_meet_tests_asked_normal_without_another_way() -> None:
    assert status("Serum potassium within normal range.", "inclusion", "K 6.1 mmol/L") == (
        "not_met"
    )
    assert status(POTASSIUM, "inclusion", "potassium 2.9 mmol/L") == "unknown"


@pytest.mark.parametrize(
    "note",
    [
        "Healthy volunteer. Screening bloods (LFTs, U&E, FBC, glucose): all within normal limits.",
        "Healthy volunteer. FBC, U&E and LFTs normal.",
    ],
)
def test_every_routine_test_normal_denies_a_deviation_from_normal_values(note: str) -> None:
    assert status(DEVIATION, "exclusion", note) == "not_met"


def test_a_registry_exclusion_of_deviation_is_met_by_a_value_outside_its_range() -> None:
    patient = facts(note="Crohn's disease. Haemoglobin 11.2 g/dL, ALT 24.")
    result = judge(_registry("NCT05380245", "Deviation from normal values"), patient)
    assert result.status == "met", result.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # Only some routine tests given.
        (DEVIATION, "LFTs normal."),
        # Another laboratory value with no range to judge it by.
        (DEVIATION, "FBC, U&E and LFTs normal. TSH 9.8."),
        # Clinically significant: an abnormal value is the study team's to weigh.
        ("Clinically significant laboratory abnormalities", "Haemoglobin 11.2 g/dL."),
        # Words beyond the abnormal values ask more.
        ("Abnormal laboratory values requiring treatment", "Haemoglobin 11.2 g/dL."),
    ],
)
def test_a_deviation_the_note_cannot_settle_stays_open(criterion: str, note: str) -> None:
    assert status(criterion, "exclusion", note) == "unknown"


def test_clinically_significant_abnormalities_are_denied_by_every_routine_test_normal() -> None:
    note = "FBC, U&E and LFTs all within normal limits."
    assert status("Clinically significant laboratory abnormalities", "exclusion", note) == (
        "not_met"
    )
