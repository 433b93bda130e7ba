"""Issue 12: a CTCAE grade written before the condition is the condition's grade.

Toxicity exclusions write the grade first ("Grade ≥2 peripheral neuropathy", "Grade >/= 2
pneumonitis from prior cCRT or sCRT"); notes write it first too ("persistent grade 1
peripheral neuropathy from oxaliplatin", "G2 peripheral neuropathy"). The grade is a
qualifier of the condition on both sides: a note's grade inside the bound meets the
exclusion, one below it does not (the patient has the condition at a lower grade, and the
criterion asks nothing else), and a note naming the condition without a grade leaves it
unknown, saying the grade is missing. Criteria are real (the API v2 studies in
../shared/data); notes are hand-written.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import criterion_line
from trialfinder.criteria.clean import unescape_markdown
from trialfinder.criteria.disease_stage import stage_spans

# "Grade \>/= 2 peripheral neuropathy": the API writes its comparator markdown-escaped.
SLASH_NEUROPATHY = unescape_markdown(criterion_line("NCT05170204", "Grade \\>/= 2 peripheral"))
SLASH_PNEUMONITIS = unescape_markdown(criterion_line("NCT05170204", "Grade \\>/= 2 pneumonitis"))
NEUROPATHY = criterion_line("NCT06305754", "Grade ≥2 peripheral neuropathy")

GRADE_ONE = "66M, colon cancer; persistent grade 1 peripheral neuropathy from oxaliplatin."
GRADE_THREE = "66M, colon cancer on FOLFOX, stopped for grade 3 peripheral neuropathy."
LETTER_TWO = "66M, colon cancer, G2 peripheral neuropathy after FOLFOX."
NO_GRADE = "66M, colon cancer on FOLFOX, peripheral neuropathy in both feet."


def test_a_grade_bound_written_greater_slash_equals_is_read() -> None:
    (span,) = stage_spans(SLASH_NEUROPATHY)
    assert (span.stage.scale, span.stage.ranges, span.stage.text) == (
        "grade",
        (("2", "5"),),
        "Grade >/= 2",
    )


def test_a_grade_bound_written_less_slash_equals_is_read() -> None:
    (span,) = stage_spans("Grade </= 1 peripheral neuropathy")
    assert span.stage.ranges == (("0", "1"),)


@pytest.mark.parametrize("criterion", [NEUROPATHY, SLASH_NEUROPATHY])
@pytest.mark.parametrize("note", [GRADE_THREE, LETTER_TWO])
def test_a_notes_grade_inside_a_grade_first_bound_meets_the_exclusion(
    criterion: str, note: str
) -> None:
    result = judged(criterion, "exclusion", facts(note=note))
    assert result.status == "met", result


@pytest.mark.parametrize("criterion", [NEUROPATHY, SLASH_NEUROPATHY])
@pytest.mark.parametrize(
    ("note", "status", "reason"),
    [
        # The patient has the condition at a lower grade, and the criterion asks nothing else.
        (GRADE_ONE, "not_met", "the patient's peripheral neuropathy is grade 1; "),
        # The condition without its grade: the reason names the missing grade.
        (NO_GRADE, "unknown", "the note gives no grade for the patient's peripheral neuropathy"),
    ],
)
def test_a_notes_grade_below_a_grade_first_bound_does_not_meet_it_and_none_leaves_it_open(
    criterion: str, note: str, status: str, reason: str
) -> None:
    result = judged(criterion, "exclusion", facts(note=note))
    assert (result.status, result.reason.startswith(reason)) == (status, True), result


def test_a_grade_below_the_bound_leaves_a_criterion_asking_more_to_the_study_team() -> None:
    # "… from prior cCRT or sCRT": the cause is asked too, so the grade alone settles nothing.
    note = "66M, NSCLC after chemoradiation, grade 1 pneumonitis on steroids."
    result = judged(SLASH_PNEUMONITIS, "exclusion", facts(note=note))
    assert result.status == "unknown", result
    assert "grade 1" in result.reason, result


def test_a_grade_inside_the_bound_of_a_slash_equals_pneumonitis_exclusion_is_read() -> None:
    note = "66M, NSCLC after chemoradiation, grade 2 pneumonitis on steroids."
    result = judged(SLASH_PNEUMONITIS, "exclusion", facts(note=note))
    assert result.status != "not_met", result
    assert "grade 2" in result.reason, result
