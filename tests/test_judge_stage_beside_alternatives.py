"""Issue 12: a disease with a stage written on it is met only with that stage, also where the
criterion has an "or".

The judge had answered "NSCLC with Stage IIIB-IIIC or Stage IV disease, not suitable for
curative … surgery or radiation therapy" met for a stage IIIA NSCLC: the "or" between the two
stages made the disease and the denied treatments alternatives, and a condition among
alternatives of other kinds answered by its name alone, before its stage was asked. The real
criterion is NCT06119581's (../shared/data); the shorter ones are written in its pattern.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import criterion_line
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.alternatives import alternative_spans

STAGED_NSCLC = ("NCT06119581", "Histologically or cytologically confirmed NSCLC with Stage")


def _status(text: str, note: str, section: str = "inclusion") -> str:
    return judged(text, section, facts(note=note)).status


def test_an_or_between_the_stages_of_one_disease_makes_no_alternatives() -> None:
    text = criterion_line(*STAGED_NSCLC)
    constraints, _ = parse_criterion(text, "inclusion")
    assert alternative_spans(text, constraints) is None
    before = "Stage III or IV ovarian cancer, not amenable to surgery"
    constraints, _ = parse_criterion(before, "inclusion")
    assert alternative_spans(before, constraints) is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("A 64-year-old man with stage IIIA NSCLC.", "not_met"),
        ("A 64-year-old man with NSCLC.", "unknown"),
    ],
)
def test_a_disease_whose_stage_the_note_contradicts_or_leaves_out_does_not_meet_it(
    note: str, expected: str
) -> None:
    judgement = judged(criterion_line(*STAGED_NSCLC), "inclusion", facts(note=note))
    assert judgement.status == expected
    assert "stage" in judgement.reason.lower()


def test_a_disease_inside_the_stage_is_still_asked_the_denied_treatments() -> None:
    note = "A 64-year-old man with stage IV NSCLC."
    assert _status(criterion_line(*STAGED_NSCLC), note) == "unknown"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            "Stage IV NSCLC or disease progression after platinum-based chemotherapy",
            "A 64-year-old man with stage IIA NSCLC.",
        ),
        (
            "Stage III or IV ovarian cancer, or recurrent disease after prior chemotherapy",
            "A 54-year-old woman with stage I ovarian cancer.",
        ),
    ],
)
def test_a_staged_disease_among_alternatives_of_other_kinds_needs_its_stage(
    text: str, note: str
) -> None:
    """The other alternative is open, so the criterion is unknown, never met by the name."""
    assert _status(text, note) == "unknown"


def test_a_contradicted_stage_beside_a_denial_fails_the_inclusion() -> None:
    text = "Stage IIIB-IV NSCLC, not amenable to curative surgery"
    assert _status(text, "A 64-year-old man with stage IIA NSCLC.") == "not_met"
    assert _status(text, "A 64-year-old man with stage IIIB NSCLC.") == "unknown"


def test_extent_words_beside_the_criterions_stage_are_stated_by_a_stage_inside_it() -> None:
    """ "Stage IV metastatic NSCLC": the note's stage IVA is the metastatic disease asked."""
    assert _status("Stage IV metastatic NSCLC", "A 64-year-old man with stage IVA NSCLC.") == "met"
    # Without a stage written by the criterion, the note's stage states the extent only where
    # the staging manual makes that stage metastatic (AJCC 8th: lung IVA is M1a/M1b; head and
    # neck IVA is M0).
    assert _status("Metastatic NSCLC", "A 64-year-old man with stage IVA NSCLC.") == "met"
    assert (
        _status(
            "Metastatic head and neck squamous cell carcinoma",
            "A 64-year-old man with stage IVA oropharyngeal squamous cell carcinoma.",
        )
        == "unknown"
    )


def test_a_contradicted_stage_fails_the_inclusion_before_its_unstated_qualifiers() -> None:
    text = "Unresectable stage III NSCLC"
    assert _status(text, "A 64-year-old man with stage IB NSCLC.") == "not_met"
