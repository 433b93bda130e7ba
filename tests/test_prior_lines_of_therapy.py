"""Prior lines of therapy, read on both sides: the criterion's count and the note's.

Oncology and haematology trials choose patients by how far along their treatment they are
("1 to 3 prior lines of antimyeloma therapy", "no prior systemic therapy"); the parse read
nothing in such criteria and the judge left every one to the study team. Criteria are the
real text of trials in ``../shared`` (API v2 studies); notes are written as referring doctors
write them (round seven of the hand-written patients, helper S3).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import PriorLines
from trialfinder.criteria.parse import parse_criterion


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


def _lines(text: str) -> list[PriorLines]:
    constraints, _ = parse_criterion(text, "inclusion")
    return [c for c in constraints if isinstance(c, PriorLines)]


MYELOMA_RANGE = ("NCT05519085", "Participants received 1 to 3 prior lines")
FIRST_RELAPSE = (
    "67M, IgG kappa multiple myeloma dx 2021. VRd induction then ASCT Feb 2022 (VGPR), "
    "lenalidomide maintenance until progression in Oct 2026 - now first relapse."
)
FOUR_LINES = (
    "72F, lambda light chain myeloma dx 2020. Prior lines: (1) VCd + ASCT 2020; (2) DRd 2022; "
    "(3) KPd (carfilzomib, pomalidomide, dex) 2024; (4) teclistamab 2025, progressed Nov 2026."
)


# --- The parse: a count, its comparator, the setting and classes it counts -----------------


@pytest.mark.parametrize(
    ("nct_id", "start", "comparator", "count", "upper"),
    [
        (*MYELOMA_RANGE, "between", 1, 3),
        ("NCT04975997", "Received 1 to 2 prior lines", "between", 1, 2),
        ("NCT02227251", "Participants must have received at least 2 but", "between", 2, 5),
        ("NCT07030517", "Participant diagnosed with RRMM", ">=", 3, None),
        ("NCT06140836", "Up to 1 prior line of systemic treatment", "<=", 1, None),
        ("NCT03067181", "Patients must have had no prior systemic therapy", "=", 0, None),
        ("NCT05774483", "Treatment naïve", "=", 0, None),
    ],
)
def test_a_count_of_prior_lines_is_read_with_its_comparator(
    nct_id: str, start: str, comparator: str, count: float, upper: float | None
) -> None:
    reading = _lines(_criterion_text(nct_id, start))[0]
    assert (reading.comparator, reading.count, reading.upper) == (comparator, count, upper)


def test_the_setting_restriction_and_classes_of_a_count_are_kept() -> None:
    (metastatic,) = _lines(_criterion_text("NCT04862663", "More than 1 line of chemotherapy"))
    assert metastatic.restriction == "chemotherapy"
    assert metastatic.setting == "for metastatic disease"
    (classes,) = _lines(_criterion_text("NCT07030517", "Participant diagnosed with RRMM"))
    assert classes.required_classes.startswith("a proteasome inhibitor")
    assert classes.restriction == "" and classes.setting == ""


@pytest.mark.parametrize(
    "text",
    [
        # A line that is no therapy, a dosing regimen, one drug's naivety.
        "Palpable splenomegaly ≥5 cm below the lower costal margin (LCM) in the midclavicular line",
        "have a stable regimen (≥ 4 weeks) of ≥ 3 antihypertensive medications",
        "Patient should be alpelisib treatment naïve.",
        # Alternatives this reading cannot join read nothing.
        "either treatment naive or progressed on 1 or more lines of therapy at the time",
    ],
)
def test_what_is_no_count_of_prior_lines_is_not_read_as_one(text: str) -> None:
    assert _lines(text) == []


def test_a_denied_comparator_turns_and_a_denial_in_an_exclusion_is_not_read() -> None:
    """ "who must not have had more than 2 prior lines" is at most 2; "Patients must have had
    no prior systemic therapy …" filed under the exclusions excludes nothing (a denied concept
    in an exclusion is not judged either); "Treatment-naïve patients will be eligible only if
    they refused standard treatment" is a case, not a requirement."""
    group = _criterion_text("NCT03983954", "Group 2 - prior CPI")
    assert (_lines(group)[0].comparator, _lines(group)[0].count) == ("<=", 2)
    text = _criterion_text("NCT03067181", "Patients must have had no prior systemic therapy")
    constraints, _ = parse_criterion(text, "exclusion")
    assert not [c for c in constraints if isinstance(c, PriorLines)]
    assert _lines(_criterion_text("NCT03983954", "Treatment-naïve patients will be")) == []


# --- The note: a count, a numbered list, an ordinal, none, a written sequence ---------------


@pytest.mark.parametrize(
    ("note", "low", "high"),
    [
        ("Myeloma, 3 prior lines, now progressing.", 3, 3),
        (FOUR_LINES, 4, 4),
        (FIRST_RELAPSE, 1, 1),
        ("mCRC, progressed on 2L FOLFIRI.", 2, 2),
        ("NSCLC, progressed on first-line carboplatin/pemetrexed/pembrolizumab.", 1, 1),
        ("NSCLC, planned for second-line docetaxel.", 1, 1),
        ("Stage IVB lung adenocarcinoma, dx Nov 2026, treatment naive.", 0, 0),
        ("Metastatic melanoma. No prior systemic therapy.", 0, 0),
        ("Relapsed after VRd -> ASCT -> len maintenance, then DaraPd.", 2, None),
    ],
)
def test_the_notes_prior_lines_are_counted(note: str, low: int, high: int | None) -> None:
    reading = facts(note=note).prior_lines
    assert reading is not None
    assert (reading.low, reading.high) == (low, high), reading.how


def test_a_note_naming_no_line_has_no_count() -> None:
    assert facts(note="Myeloma, on dexamethasone.").prior_lines is None


def test_lines_named_without_their_number_leave_the_count_unknown_and_say_so() -> None:
    patient = facts(note="Heavily pretreated myeloma, on dexamethasone.")
    assert patient.prior_lines is not None and patient.prior_lines.low is None
    result = judged(_criterion_text(*MYELOMA_RANGE), "inclusion", patient)
    assert result.status == "unknown"
    assert 'the note says "Heavily pretreated", not how many prior lines' in result.reason


# --- The judge ---------------------------------------------------------------------------


def test_a_count_within_the_range_meets_it_and_one_outside_does_not() -> None:
    text = _criterion_text(*MYELOMA_RANGE)
    met = judged(text, "inclusion", facts(note=FIRST_RELAPSE))
    assert met.status == "met", met.reason
    assert "1 prior line" in met.reason and "1 to 3 prior lines" in met.reason
    not_met = judged(text, "inclusion", facts(note=FOUR_LINES))
    assert not_met.status == "not_met", not_met.reason
    assert "4 prior lines" in not_met.reason


def test_a_note_without_lines_leaves_the_count_unknown_and_says_so() -> None:
    result = judged(_criterion_text(*MYELOMA_RANGE), "inclusion", facts(note="Myeloma, ECOG 1."))
    assert result.status == "unknown"
    assert "how many prior lines" in result.reason


def test_no_prior_line_fails_a_count_that_needs_some() -> None:
    text = _criterion_text("NCT05607199", "Patients of CD20+ B cell NHL")
    result = judged(text, "inclusion", facts(note="Follicular lymphoma, treatment-naive."))
    assert result.status == "not_met", result.reason


def test_a_restricted_count_is_told_only_when_every_share_of_the_lines_settles_it() -> None:
    """ "More than 1 line of chemotherapy for metastatic disease": the patient's lines for
    metastatic disease are at most all of them. Treatment-naive settles it; three lines
    in all do not (some may be adjuvant)."""
    text = _criterion_text("NCT04862663", "More than 1 line of chemotherapy")
    naive = judged(text, "exclusion", facts(note="Metastatic breast cancer, treatment-naive."))
    assert naive.status == "not_met", naive.reason
    three = judged(text, "exclusion", facts(note="Metastatic breast cancer, 3 prior lines."))
    assert three.status == "unknown", three.reason


def test_a_count_that_holds_leaves_the_named_classes_to_the_team() -> None:
    text = _criterion_text("NCT07030517", "Participant diagnosed with RRMM")
    result = judged(text, "inclusion", facts(note=FOUR_LINES))
    assert result.status == "unknown", result.reason
    assert "proteasome inhibitor" in result.reason
    assert judged(text, "inclusion", facts(note=FIRST_RELAPSE)).status == "not_met"
