"""Issue 12: a criterion that only says there is none asks nothing of any patient.

"Exclusion Criteria: * none" (NCT03225586), a TrialGPT criterion cut to "This study has
no": the words say there is no criterion, so the answer is not applicable, for every
patient and on a partial record too — not "nothing in the patient's record applies".
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.match import judge

NOTE = (
    "A 65 yo African-American male with shortness of breath related to exertion that has been "
    "worsening over the past three weeks. The patient will provide informed consent, and will "
    "comply with the trial protocol without any practical issues."
)


def test_an_exclusion_that_says_none_is_not_applicable() -> None:
    criterion = criterion_of("NCT03225586", "none")
    for whole_record in (True, False):
        verdict = judge(criterion, facts(note=NOTE), record_is_complete=whole_record)
        assert verdict.status == "not_applicable"
        assert verdict.reason == "the criterion asks nothing (“none”)"


def test_a_criterion_cut_to_a_placeholder_is_not_applicable() -> None:
    # A TrialGPT criterion (SIGIR 2015-18's heart failure trial).
    criterion = written("This study has no", "exclusion")
    assert judge(criterion, facts(note=NOTE), record_is_complete=True).status == "not_applicable"


def test_a_criterion_that_asks_something_after_no_is_judged() -> None:
    # NCT03225586's inclusion, and a denial with a condition in it.
    consenting = criterion_of("NCT03225586", "consenting adults")
    assert judge(consenting, facts(note=NOTE), record_is_complete=True).status == "met"
    denied = written("No history of heart failure", "inclusion")
    assert judge(denied, facts(note=NOTE), record_is_complete=True).status != "not_applicable"
