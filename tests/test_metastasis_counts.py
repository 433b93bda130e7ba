"""How many brain metastases a criterion asks, against how many the note states.

"1 to 3 brain metastases, each with a maximum diameter of no more than 3 cm" (NCT05144867, a
radiosurgery trial's inclusion): a note's "5 brain metastases" or "innumerable brain
metastases" is outside it (not met; it was left unknown for the size alone), "multiple" may be
either side and a note without a number leaves the count to the study team, naming it.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.judging.metastasis_counts import Count, asked_count, noted_count
from trialfinder.match import CriterionResult, match_trial

START = "1 to 3 brain metastases"


def _answer(note: str) -> CriterionResult:
    parsed = parse_trial_criteria(_any_trial("NCT05144867"))
    return _criterion(match_trial(parsed, facts(age=62, sex="female", note=note)), START)


def test_more_metastases_than_the_criterion_allows_do_not_meet_it() -> None:
    for note in (
        "62F metastatic breast cancer with 5 brain metastases.",
        "62F metastatic breast cancer with innumerable brain metastases.",
    ):
        answer = _answer(note)
        assert answer.status == "not_met", (note, answer.reason)
        assert "the criterion asks 1 to 3" in answer.reason


def test_a_note_without_a_count_leaves_it_unknown_naming_the_count() -> None:
    for note in (
        "62F metastatic breast cancer with brain metastases.",
        "62F metastatic breast cancer with multiple brain metastases.",
    ):
        answer = _answer(note)
        assert answer.status == "unknown", note
        assert "the criterion asks 1 to 3" in answer.reason, answer.reason


def test_counts_as_criteria_and_notes_write_them() -> None:
    for text, count in (
        ("1 to 3 brain metastases", Count(1, 3)),
        ("no more than 3 brain metastases", Count(0, 3)),
        ("> 3 brain metastasis", Count(4, None)),
        ("a solitary brain metastasis", Count(1, 1)),
        ("one or more brain metastases", None),
        ("Any untreated brain metastases", None),
    ):
        assert asked_count(text, text.lower().find("brain")) == count, text
    for sentence, noted in (
        ("2 brain mets treated with SRS.", Count(2, 2)),
        ("MRI brain: two small asymptomatic metastases.", Count(2, 2)),
        ("A single 1.2 cm brain metastasis.", Count(1, 1)),
        ("A 3 cm brain metastasis.", Count(1, 1)),
        ("With a history of brain metastases.", None),
        ("3 liver mets and brain metastases.", None),
    ):
        assert noted_count(sentence) == noted, sentence
