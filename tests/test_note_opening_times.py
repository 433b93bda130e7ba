"""A time ago opening a note's sentence, its subject right after it, dates the findings the
sentence names (issue 12).

"Five days ago they drained fluid from around my lung", "Last week we started her on
apixaban", "Two months ago she was admitted with pneumonia": the time stands before the
finding, where the context stage's backward time cues ("ago", "last week") do not reach it.
The first is round nineteen's sentence; the day the note is read is fixed, as the judge
takes it.
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import Fact, PatientProfile, extract_facts

TODAY = datetime.date(2026, 12, 6)


def _fact(note: str, concept: str) -> Fact:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    return next(f for f in patient.facts if f.concept == concept)


def _status(criterion: str, section: str, note: str) -> str:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    return judged(criterion, section, patient).status  # type: ignore[arg-type]


def test_a_time_opening_a_sentence_they_or_we_open_dates_its_finding() -> None:
    note = "I'm 62. Five days ago they drained fluid from around my lung."
    assert _fact(note, "pleural_effusion").days_ago == 5.0
    pneumonia = _fact("70M. Two months ago he was admitted with pneumonia.", "pneumonia")
    assert pneumonia.days_ago == 2 * 30.4375


def test_a_finding_dated_by_the_opening_time_is_judged_against_the_window() -> None:
    note = "70M. Two months ago he was admitted with pneumonia."
    assert _status("Pneumonia within 4 weeks", "exclusion", note) == "not_met"
    assert _status("Pneumonia within 3 months", "exclusion", note) == "met"


def test_a_treatment_we_started_at_the_opening_time_has_lasted_since() -> None:
    apixaban = _fact("81F with AF. Last week we started her on apixaban.", "anticoagulants")
    assert apixaban.current
    assert apixaban.duration_days == 7.0
    assert apixaban.days_ago is None


def test_a_word_of_the_present_ends_the_reach_of_the_opening_time() -> None:
    note = "70M. Two months ago he had a DVT and now he has pneumonia."
    assert _fact(note, "deep_vein_thrombosis").days_ago == 2 * 30.4375
    assert _fact(note, "pneumonia").days_ago is None
