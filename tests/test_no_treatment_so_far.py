""" "No treatment so far", "I have not had any treatment", "Nothing has been done for it yet":
a note saying no line of treatment in words other than "treatment-naive" still counts no
prior line (``note_no_line_phrases``), so "Previously untreated disease", "Treatment naïve"
and "Previously untreated, unresectable … gastric … adenocarcinoma" are answered from it,
on the real criteria of the hand-written rounds (nine, eighteen, twenty-one, twenty-two)
with notes of our own words. A note that says nothing of treatment stays unknown.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial
from trialfinder.patient import prior_line_count


def _status(trial: str, start: str, note: str) -> str:
    parsed = parse_trial_criteria(_any_trial(trial))
    return _criterion(match_trial(parsed, facts(note=note)), start).status


@pytest.mark.parametrize(
    "sentence",
    [
        "I have not had any treatment for it.",
        "No treatment so far.",
        "Nothing has been done for it yet.",
        "He has had no treatment for it yet.",
        "No previous cancer or cancer treatment.",
    ],
)
def test_a_sentence_saying_no_treatment_counts_no_prior_line(sentence: str) -> None:
    count = prior_line_count(sentence, [sentence])
    assert count is not None
    assert (count.low, count.high) == (0, 0)


def test_not_had_any_treatment_meets_previously_untreated_disease() -> None:
    """NCT04638790 (round nine), a lymphoma note in the patient's words."""
    note = (
        "I am 30 and a lymph node in my neck was Hodgkin lymphoma on the biopsy last month. "
        "I have not had any treatment for it."
    )
    assert _status("NCT04638790", "Previously untreated disease", note) == "met"


def test_nothing_done_yet_meets_treatment_naive() -> None:
    """NCT05774483 (round twenty-one): "Treatment naïve"."""
    note = (
        "Squamous cell carcinoma of the tongue on biopsy, 2 cm. Nothing has been done for it yet."
    )
    assert _status("NCT05774483", "Treatment naïve", note) == "met"


def test_no_treatment_so_far_reads_the_count_of_previously_untreated_gastric_cancer() -> None:
    """NCT06764875 (round twenty-two): "Previously untreated, unresectable, locally advanced
    or metastatic gastric …": the count of no prior line is read from "No treatment so far"
    and met; the rest of the criterion is judged as before."""
    note = (
        "Gastric adenocarcinoma on biopsy with several liver metastases, unresectable. "
        "No treatment so far."
    )
    start = "Previously untreated, unresectable, locally advanced or metastatic gastric"
    parsed = parse_trial_criteria(_any_trial("NCT06764875"))
    answer = _criterion(match_trial(parsed, facts(note=note)), start)
    assert answer.status != "not_met"
    assert "no prior line (No treatment so far in the note) meets" in answer.reason


def test_a_note_silent_on_treatment_leaves_treatment_naive_unknown() -> None:
    note = "Squamous cell carcinoma of the tongue on biopsy, 2 cm."
    assert _status("NCT05774483", "Treatment naïve", note) == "unknown"


def test_a_line_given_before_no_treatment_so_far_is_not_untreated() -> None:
    """A note that counts a line keeps its count ("two prior lines of therapy … no treatment
    so far for the relapse"): not met."""
    note = (
        "Hodgkin lymphoma, relapsed after two prior lines of therapy. "
        "No treatment so far for the relapse."
    )
    assert _status("NCT04638790", "Previously untreated disease", note) == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        "DLBCL: R-CHOP x6 -> complete remission. Relapsed 2025, no treatment so far.",
        "Myeloma, VRd in 2021, then DaraPd in 2023. No treatment yet for the relapse.",
    ],
)
def test_no_treatment_of_a_relapse_counts_no_prior_line_of_none(note: str) -> None:
    """A sentence saying no treatment of a relapse speaks of the relapse, not of every line:
    the lines written before are counted, never none."""
    sentences = [s for s in note.split(". ") if s]
    count = prior_line_count(note, sentences)
    assert count is not None
    assert count.low != 0
