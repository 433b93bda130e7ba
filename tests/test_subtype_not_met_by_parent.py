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


TUMOUR: tuple[Section, str] = ("exclusion", "Known brain tumor")

# A broader disease or a sibling leaves the subtype unknown, naming it (criterion, note, name).
UNKNOWN = [
    (LEWY, "A 74-year-old man with dementia for three years.", "lewy bodies"),
    (LEWY, "A 74-year-old man with Alzheimer's disease for three years.", "lewy"),
    (FOOT, "A 58-year-old man with a liver abscess.", "diabetic foot infection"),
    (BCOR, "Several polyps are biopsied and are all benign adenomas.", "cns tumor"),
    (BCOR, "A 40-year-old man with acute myeloid leukemia.", "cns tumor"),
]
# A glioma is no brain metastasis: a complete record naming its brain tumour is not met.
GLIOMAS = [
    (ACTIVE_METS, "A 45-year-old woman with glioblastoma, resected."),
    (METS, "A 45-year-old woman with a glioma, resected."),
]
# The subtype itself still meets the criterion naming it, and its parent's.
SUBTYPES = {
    "A 74-year-old man with dementia with Lewy bodies.": LEWY,
    "A 74-year-old man with Lewy body dementia.": LEWY,
    "A 58-year-old man with a diabetic foot infection of the left heel.": FOOT,
    "A 60-year-old man with lung cancer and active brain metastases.": ACTIVE_METS,
    "A 60-year-old man with lung cancer and brain metastases.": TUMOUR,
}
CASES = (
    [(criterion, note, "unknown", name) for criterion, note, name in UNKNOWN]
    + [(criterion, note, "not_met", "brain metastases") for criterion, note in GLIOMAS]
    + [(criterion, note, "met", "") for note, criterion in SUBTYPES.items()]
)


@pytest.mark.parametrize(("criterion", "note", "answer", "named"), CASES)
def test_a_subtype_is_met_by_itself_and_not_by_its_parent_or_sibling(
    criterion: tuple[Section, str], note: str, answer: str, named: str
) -> None:
    status, reason = _status(criterion, note)
    assert status == answer, reason
    assert named in reason.lower()
