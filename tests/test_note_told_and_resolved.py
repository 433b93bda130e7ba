"""What a note says the patient was told they had, and a condition it says resolved (issue 12).

"I was told I had a stomach ulcer": the "had" is the telling's past, not the ulcer's, so the
ulcer is what was found then, not a past one, as "I was diagnosed with a stomach ulcer" is
("In spring I was told I had a cancer at the back of my nose" is round twenty-one's words).
"She was diagnosed with hepatitis C years ago but it resolved": the hepatitis C is past, not
denied: a history of it is met, an active one is not.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, status
from trialfinder.patient import Fact


def _fact(note: str, concept: str) -> Fact:
    return next(f for f in facts(note=note).facts if f.concept == concept)


@pytest.mark.parametrize(
    "note",
    [
        "I'm 52. I was told I had a stomach ulcer.",
        "52F. She was told that she had a stomach ulcer.",
        "52F. Her GP told her she had a stomach ulcer.",
    ],
)
def test_what_the_patient_was_told_they_had_is_no_past_finding(note: str) -> None:
    ulcer = _fact(note, "peptic_ulcer")
    assert not ulcer.historical
    assert not ulcer.negated


def test_a_cancer_the_patient_was_told_of_is_not_judged_past() -> None:
    note = "I'm 45. In spring I was told I had a cancer at the back of my nose, the nasopharynx."
    assert status("Active malignancy", "exclusion", note) != "not_met"
    assert not _fact(note, "cancer").historical


def test_a_finding_had_without_a_telling_stays_past() -> None:
    assert _fact("52F. She had a stomach ulcer.", "peptic_ulcer").historical


@pytest.mark.parametrize(
    "note",
    [
        "47F. She was diagnosed with hepatitis C years ago but it resolved.",
        "47F. She was diagnosed with hepatitis C in 2010 but it has since cleared.",
        "47F. She was told she had hepatitis C but it resolved.",
    ],
)
def test_a_condition_that_resolved_is_past_not_denied(note: str) -> None:
    hepatitis = _fact(note, "hepatitis_c")
    assert hepatitis.historical
    assert not hepatitis.negated
    assert status("History of hepatitis C", "exclusion", note) == "met"
    assert status("Active hepatitis C", "exclusion", note) == "not_met"


def test_a_denial_with_a_resolution_stays_a_denial() -> None:
    note = "47F. No hepatitis C, but it resolved."
    assert _fact(note, "hepatitis_c").negated
