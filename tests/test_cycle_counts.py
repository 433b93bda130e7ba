"""A count of cycles or courses of a treatment against a criterion's bound: "Patients should
receive at least 4 cycles of R-CHOP chemotherapy" (NCT02964858), "Must have received at least
5 courses of first-line chemotherapy" (NCT00055614). The parse reads the treatment; the count
was left to the study team. Now the note's count of the treatment the bound counts, written in
the clause that names it ("completed 6 cycles of R-CHOP", "VTd x4", "only 4 of the 6
cycles"), is judged against the bound (round nine and nineteen of the hand-written patients;
notes here in our own words)."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_criterion
from test_judge_entailment import facts
from test_prior_lines_of_therapy import _criterion_text
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.cycle_counts import cycle_bounds, cycle_count_finding

_R_CHOP = ("NCT02964858", "Patients should receive at least 4 cycles")
_COURSES = ("NCT00055614", "Must have received at least 5 courses")


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Patients should receive at least 4 cycles of R-CHOP chemotherapy.", (">=", 4, None)),
        ("Received no more than 2 cycles of systemic therapy", ("<=", 2, None)),
        ("Received 3 to 6 cycles of an induction therapy", ("between", 3, 6)),
        ("standard duration of systemic therapy (4 - 6 cycles)", ("between", 4, 6)),
        ("Must have received at least five courses of chemotherapy", (">=", 5, None)),
    ],
)
def test_a_criterion_bounds_a_count_of_cycles(
    text: str, bound: tuple[str, int, int | None]
) -> None:
    (read,) = cycle_bounds(text)
    assert (read.comparator, read.low, read.upper) == bound


@pytest.mark.parametrize(
    "text",
    ["Regular menstrual cycle between 26-35 days in duration", "Response after 2 cycles"],
)
def test_a_cycle_without_a_bound_is_no_count(text: str) -> None:
    assert cycle_bounds(text) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("61F with DLBCL stage IIA, had six cycles of R-CHOP ending in September, CMR.", "met"),
        ("58M, DLBCL. R-CHOP x6 completed 08/2026, complete metabolic response.", "met"),
        ("58M, DLBCL. R-CHOP x3 then neutropenic sepsis, PR on interim PET.", "not_met"),
    ],
)
def test_cycles_of_the_regimen_counted_meet_or_fail_the_bound(note: str, expected: str) -> None:
    assert _round_criterion(*_R_CHOP, note, 60, "male") == expected


def test_a_course_stopped_short_of_the_bound_fails_it() -> None:
    note = (
        "I was told I had ovarian cancer last year. After the operation I started carboplatin "
        "and paclitaxel, but I only managed 3 of the 6 cycles because of my blood counts."
    )
    assert _round_criterion(*_COURSES, note, 55, "female") == "not_met"


def test_a_count_beside_another_treatment_counts_nothing() -> None:
    """The cycles are those of the radiotherapy's concurrent drug, not of R-CHOP."""
    note = "58M, DLBCL. Had R-CHOP in 2025; then 2 cycles of rituximab alone before radiotherapy."
    assert _round_criterion(*_R_CHOP, note, 58, "male") == "unknown"


def test_no_count_in_the_note_leaves_the_bound_to_the_study_team() -> None:
    note = "58M, DLBCL stage II, treated with R-CHOP, complete metabolic response."
    assert _round_criterion(*_R_CHOP, note, 58, "male") == "unknown"


def test_an_exception_with_another_bound_leaves_the_count_to_the_study_team() -> None:
    """NCT05552976 asks "at least 2 cycles of an anti-CD38 monoclonal antibody" and lets in
    those "intolerant of an anti-CD38 mAb and received < 2 cycles": six cycles fail the
    exception's bound, not the criterion."""
    text = _criterion_text("NCT05552976", "Participant must have received prior treatment")
    constraints, _ = parse_criterion(text, "inclusion")
    note = (
        "66M, IgG kappa myeloma. Lenalidomide maintenance 2021-2023. Daratumumab with "
        "pomalidomide, 6 cycles, progressed 2025."
    )
    assert cycle_count_finding(text, constraints, facts(note=note)) is None
