"""A treatment named as a toxicity's cause ("radiation-related toxicities") is no treatment
the criterion asks; a condition named as what a missing record is about ("Absence of
documented tumor genomic mutation results") is no condition the criterion denies."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion

_RADIOTHERAPY = (
    "Received prior radiotherapy within 2 weeks of start of study intervention, or "
    "radiation-related toxicities, requiring corticosteroids."
)


def _concepts(text: str, section: str) -> list[tuple[str, str, bool]]:
    constraints, _ = parse_criterion(text, section)
    return [(c.concept, c.text, c.negated) for c in constraints if isinstance(c, ConceptMention)]


@pytest.mark.parametrize(
    ("criterion", "cause"),
    [
        (_RADIOTHERAPY, "radiation"),
        ("Unresolved chemotherapy-induced adverse events greater than grade 1.", "chemotherapy"),
        ("Any immunotherapy-related toxicity that led to discontinuation.", "immunotherapy"),
    ],
)
def test_a_treatment_named_as_a_toxicitys_cause_is_not_read(criterion: str, cause: str) -> None:
    assert all(text.lower() != cause for _, text, _ in _concepts(criterion, "exclusion"))


def test_radiotherapy_outside_the_window_does_not_meet_the_exclusion_by_its_toxicity() -> None:
    note = "64M, NSCLC. Palliative radiotherapy to the spine in January 2025, no problems since."
    result = judged(_RADIOTHERAPY, "exclusion", facts(note=note))
    assert result.status != "met", result.reason


def test_a_treatment_before_another_noun_is_still_read() -> None:
    criterion = "Prior radiation-therapy to the chest within 4 weeks."
    assert any(concept == "radiotherapy" for concept, _, _ in _concepts(criterion, "exclusion"))
    criterion = "Chemotherapy-related changes in the liver are allowed."
    assert any(concept == "chemotherapy" for concept, _, _ in _concepts(criterion, "exclusion"))


_MISSING = (
    "Absence of documented tumor genomic mutation results from tests conducted as part of "
    "standard local practice in any other actionable driver oncogenes."
)


def test_a_missing_records_subject_is_not_denied() -> None:
    assert ("cancer", "tumor", True) not in _concepts(_MISSING, "inclusion")
    note = "58F, lung adenocarcinoma stage IV, NGS: no actionable alteration. ECOG 1."
    result = judged(_MISSING, "inclusion", facts(note=note))
    assert result.status != "not_met", result.reason


def test_a_denied_condition_without_a_record_noun_is_still_denied() -> None:
    assert ("cancer", "tumor", True) in _concepts("Absence of any other tumor.", "inclusion")
