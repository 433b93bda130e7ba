"""Issue 12 item 1: a criterion naming a subtype is not met by its broader disease.

"Dementia with Lewy Bodies", "Diabetic foot infection with ...", "CNS tumor with ..." and
"brain metastases" each name a narrower disease than the word the lexicon read in them
(dementia, infection, tumour, brain tumour); a note stating only the broader one, or a sibling
(Alzheimer's disease, a liver abscess, benign adenomas, a leukaemia, a glioblastoma), leaves
the criterion unknown, while the subtype itself still meets its parent. Criteria are real
(NCT05381090, NCT05948592, NCT05711992, NCT04613596, NCT04862663).
"""

from __future__ import annotations

from typing import Literal

import pytest

from trialfinder import PatientProfile, criterion_from_text, extract_facts, judge, title_concepts

Section = Literal["inclusion", "exclusion"]

# NCT05381090's cohort heading; NCT05948592's inclusion; NCT04613596's and NCT04862663's exclusions.
LEWY: tuple[Section, str] = ("inclusion", "Dementia with Lewy Bodies")
FOOT: tuple[Section, str] = (
    "inclusion",
    "Diabetic foot infection with at least one target bacterial strain (Pseudomonas aeruginosa "
    "and/or Staphylococcus aureus)",
)
# NCT05711992's inclusion.
BCOR: tuple[Section, str] = ("inclusion", "CNS tumor with BCOR internal tandem duplication")
ACTIVE_METS: tuple[Section, str] = ("exclusion", "Phase 2: Active brain metastases")
METS: tuple[Section, str] = (
    "exclusion",
    "Spinal cord compression, brain metastases or leptomeningeal metastases unless the patient "
    "has been treated",
)


def _status(criterion: tuple[Section, str], note: str) -> tuple[str, str]:
    section, text = criterion
    facts = extract_facts(PatientProfile(note=f"0. {note}"))
    status, _, reason = judge(
        criterion_from_text(text, section), facts, title_concepts(""), record_is_complete=True
    )
    return status, reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (LEWY, "A 74-year-old man with dementia for three years."),
        (LEWY, "A 74-year-old man with Alzheimer's disease for three years."),
        (FOOT, "A 58-year-old man with a liver abscess."),
        (BCOR, "Several polyps are biopsied and are all benign adenomas."),
        (BCOR, "A 40-year-old man with acute myeloid leukemia."),
    ],
)
def test_a_broader_or_sibling_disease_leaves_a_named_subtype_unknown(
    criterion: tuple[Section, str], note: str
) -> None:
    status, reason = _status(criterion, note)
    assert status == "unknown", reason
    assert criterion[1].split(" with")[0].lower() in reason.lower()


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (ACTIVE_METS, "A 45-year-old woman with glioblastoma, resected."),
        (METS, "A 45-year-old woman with a glioma, resected."),
    ],
)
def test_a_glioma_is_not_a_brain_metastasis_an_exclusion_names(
    criterion: tuple[Section, str], note: str
) -> None:
    """The complete record names its brain tumour, and it is no metastasis."""
    status, reason = _status(criterion, note)
    assert status == "not_met", reason
    assert "brain metastases" in reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (LEWY, "A 74-year-old man with dementia with Lewy bodies."),
        (LEWY, "A 74-year-old man with Lewy body dementia."),
        (FOOT, "A 58-year-old man with a diabetic foot infection of the left heel."),
        (ACTIVE_METS, "A 60-year-old man with lung cancer and active brain metastases."),
    ],
)
def test_the_subtype_itself_still_meets(criterion: tuple[Section, str], note: str) -> None:
    status, reason = _status(criterion, note)
    assert status == "met", reason


def test_brain_metastases_still_meet_a_brain_tumour_criterion() -> None:
    note = "A 60-year-old man with lung cancer and brain metastases."
    status, reason = _status(("exclusion", "Known brain tumor"), note)
    assert status == "met", reason
