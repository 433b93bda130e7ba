"""A colorectal cancer is named by its site as often as by its organ: "sigmoid adenocarcinoma",
"rectal adenocarcinoma", "caecal cancer", and in lay words "bowel cancer". Each is the
colorectal cancer a colorectal trial asks for ("adenocarcinoma of the left-sided colorectal
cancer", NCT06662786), not a patient without colorectal cancer. So with a single brain
metastasis: "a new brain metastasis", "a brain met", "brain mets" are brain metastases."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_reason
from test_judge_entailment import facts


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        (
            "59M. Sigmoid adenocarcinoma, biopsy proven. Liver mets, unresectable.",
            "colorectal_cancer",
        ),
        # The rectum's cancer is its own concept, under colorectal cancer (twelve-classes).
        ("62M. Low rectal adenocarcinoma, cT3N1M0.", "rectal_cancer"),
        ("Adenocarcinoma of the colon (descending), T3N1.", "colorectal_cancer"),
        (
            "My dad has bowel cancer that started on the right side and has spread to his lungs.",
            "colorectal_cancer",
        ),
        ("Caecal cancer with lung metastases.", "colorectal_cancer"),
        (
            "Headaches and left arm weakness from a new brain metastasis last week.",
            "brain_metastases",
        ),
        ("Stage IV NSCLC with brain mets, on dexamethasone.", "brain_metastases"),
        ("Now a symptomatic brain met (headaches), on dexamethasone.", "brain_metastases"),
    ],
)
def test_a_cancer_named_by_its_site_is_that_cancer(note: str, concept: str) -> None:
    concepts = {f.concept for f in facts(note=note).facts if not f.negated}
    assert concept in concepts, note


def test_a_rectal_adenocarcinoma_is_read_as_the_colorectal_cancer_a_colorectal_trial_asks_for() -> (
    None
):
    """The rectum's cancer is a concept of its own under colorectal cancer, so NCT06662786's
    "adenocarcinoma of the left-sided colorectal cancer" reads it as the colorectal cancer
    asked for: never not met; the side is the qualifier left to the study team."""
    note = "62M. Low rectal adenocarcinoma, cT3N1M0, liver metastases, unresectable."
    answer = _round_reason("NCT06662786", "Have histologically or cytologically", note, age=62)
    assert not answer.startswith("not_met"), answer
    assert "colorectal cancer" in answer, answer
