"""The judge's known wrong answers from issue 12's audits, each fixed in general.

Each test is one behaviour on the real criterion text of a trial in ``../shared`` (API v2
studies), against a patient written as a GP writes. See the "Known wrong answers" section
of ``bench/RESULTS_accuracy.md``.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


# --- A condition named twice side by side -------------------------------------------------


def test_a_condition_named_twice_is_still_a_criterion() -> None:
    """ "Concurrent malignancy or a history of malignancy": the two mentions of one concept
    absorbed each other and the criterion became "not computable"."""
    text = _criterion_text("NCT02552212", "Concurrent malignancy or a history of malignancy")
    result = judged(text, "exclusion", facts(note="67M with prostate cancer on ADT."))
    assert result.status == "met", result.reason
    for written in ("Cirrhosis, cirrhosis of liver", "Hypertension (high blood pressure)"):
        patient = facts(note="59M with alcohol-related cirrhosis and hypertension.")
        assert judged(written, "exclusion", patient).status == "met", written


def test_a_narrower_name_before_a_broader_one_keeps_the_narrower() -> None:
    """ "Patients with solid tumour cancer": "tumour" and "cancer" name one concept side by
    side; one of them stays (the criterion is about cancer)."""
    result = judged(
        "Patients with solid tumour cancer", "exclusion", facts(note="59M with lung cancer.")
    )
    assert result.status == "met", result.reason


def test_a_symptom_is_not_the_disorder_it_is_filed_under() -> None:
    """MeSH files paresthesia under nervous system diseases (and under signs and symptoms):
    a note's tingling hands do not say the patient has a neurological disorder."""
    patient = facts(note="A 28-year-old woman with left hand and arm paresthesias.")
    result = judged("History of any neurological disorders or seizures", "exclusion", patient)
    assert result.status != "met", result.reason


def test_the_trials_own_condition_does_not_meet_a_broader_exclusion() -> None:
    """In a stroke trial, "pre-existing neurological disorders" is not met by the stroke the
    patient is enrolled for."""
    from trialfinder.criteria.model import Criterion
    from trialfinder.criteria.parse import parse_criterion
    from trialfinder.match import judge

    text = "Pre-existing neurological disorders or intracranial disease, e.g. multiple sclerosis"
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    patient = facts(note="A 72-year-old woman hospitalized for cryptogenic stroke two weeks ago.")
    assert judge(criterion, patient).status == "met"
    assert judge(criterion, patient, frozenset({"stroke"})).status != "met"


# --- Current, read the same way in notes and criteria ---------------------------------------


@pytest.mark.parametrize(
    ("note", "current"),
    [
        ("62M. Active smoker, 20 pack-years.", True),
        ("62M. Smoker until 2015, non-active.", False),
    ],
)
def test_a_current_cue_inside_a_hyphenated_word_is_no_cue(note: str, current: bool) -> None:
    """The note reader matched "active" in "non-active" (``\\b`` word edges) while the
    judge's reading of criteria did not: one pattern now serves both."""
    smoking = [f for f in facts(note=note).facts if f.concept == "smoking"]
    assert smoking
    assert smoking[0].current is current, note
