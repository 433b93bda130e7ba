"""A colorectal cancer is named by its site as often as by its organ: "sigmoid adenocarcinoma",
"rectal adenocarcinoma", "caecal cancer", and in lay words "bowel cancer". Each is the
colorectal cancer a colorectal trial asks for ("adenocarcinoma of the left-sided colorectal
cancer", NCT06662786), not a patient without colorectal cancer."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts


@pytest.mark.parametrize(
    "note",
    [
        "59M. Sigmoid adenocarcinoma, biopsy proven. Liver mets, unresectable.",
        "62M. Low rectal adenocarcinoma, cT3N1M0.",
        "Adenocarcinoma of the colon (descending), T3N1.",
        "My dad has bowel cancer that started on the right side and has spread to his lungs.",
        "Caecal cancer with lung metastases.",
    ],
)
def test_a_colorectal_cancer_named_by_its_site_is_colorectal_cancer(note: str) -> None:
    concepts = {f.concept for f in facts(note=note).facts if not f.negated}
    assert "colorectal_cancer" in concepts, note
