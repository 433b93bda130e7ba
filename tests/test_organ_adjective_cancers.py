"""An organ's adjective right before a histology ("rectal adenocarcinoma", "endometrial
adenocarcinoma") names that organ's cancer of that histology, as the histology then its site
does ("adenocarcinoma of the rectum"; ``site_named_cancer_adjectives`` of the screening rules)."""

from __future__ import annotations

import pytest

from test_judge_entailment import status
from test_site_named_cancers import _named


@pytest.mark.parametrize(
    ("note", "organ_cancer"),
    [
        ("Rectal adenocarcinoma, T3N1, after chemoradiation.", "Rectal Neoplasms"),
        ("Endometrioid endometrial adenocarcinoma, grade 2.", "Endometrial Neoplasms"),
        ("Colonic adenocarcinoma resected 2023.", "Colonic Neoplasms"),
        ("Gastric adenocarcinoma of the antrum.", "Stomach Neoplasms"),
        ("Pulmonary adenocarcinoma, EGFR exon 19.", "Adenocarcinoma of Lung"),
        ("Oesophageal adenocarcinoma, Siewert I.", "Esophageal Neoplasms"),
        ("Buccal SCC, T2N0.", "Mouth Neoplasms"),
    ],
)
def test_an_organ_adjective_before_a_histology_names_the_organs_cancer(
    note: str, organ_cancer: str
) -> None:
    assert organ_cancer in _named(note)


def test_a_site_of_spread_is_not_the_primary() -> None:
    named = _named("Hepatic metastases of a colonic adenocarcinoma.")
    assert "Colonic Neoplasms" in named
    assert "Liver Neoplasms" not in named


def test_an_organ_adjective_before_no_histology_names_no_cancer() -> None:
    assert _named("Renal function is normal, gastric emptying slow.") == []


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        # NCT round twelve: the rectum written as its adjective.
        (
            "Histologically confirmed diagnosis of adenocarcinoma of the rectum",
            "Rectal adenocarcinoma 8 cm from the anal verge, biopsy in March.",
            "met",
        ),
        # Round eighteen: the endometrium written as its adjective.
        ("Endometrial cancer", "Endometrioid endometrial adenocarcinoma, FIGO IIIC1.", "met"),
        # A less specific note stays unknown.
        ("Endometrial cancer", "Adenocarcinoma, FIGO IIIC1.", "unknown"),
        (
            "Histologically confirmed diagnosis of adenocarcinoma of the rectum",
            "Adenocarcinoma of the bowel, biopsy in March.",
            "unknown",
        ),
    ],
)
def test_an_organ_adjective_cancer_is_judged_as_the_organs(
    criterion: str, note: str, expected: str
) -> None:
    assert status(criterion, "inclusion", note) == expected


def test_an_organ_adjective_cancer_says_what_the_organs_cancer_says_of_another_organ() -> None:
    for section in ("inclusion", "exclusion"):
        assert status("Breast cancer", section, "Rectal adenocarcinoma.") == status(
            "Breast cancer", section, "Adenocarcinoma of the rectum."
        )
