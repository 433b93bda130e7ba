"""A single brain metastasis is named as the plural is: "a new brain metastasis", "a brain
met" and "brain mets" are the brain metastases "Symptomatic brain metastases" (NCT06140836,
real registry text in ``../shared``) asks about, so a whole record that names one is not
silent about them (round fifteen's crizotinib patient, round five's "symptomatic brain met")."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts


@pytest.mark.parametrize(
    "note",
    [
        "Headaches and left arm weakness from a new brain metastasis last week.",
        "Stage IV NSCLC with brain mets, on dexamethasone.",
        "Now a symptomatic brain met (headaches), on dexamethasone.",
    ],
)
def test_a_brain_metastasis_is_a_brain_metastasis(note: str) -> None:
    concepts = {f.concept for f in facts(note=note).facts if not f.negated}
    assert "brain_tumor" in concepts, note
