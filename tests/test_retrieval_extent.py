"""How far a cancer has spread, in a note and a trial's title (trialfinder.disease_extent)."""

from __future__ import annotations

import pytest

from trialfinder.disease_extent import note_extents, title_extents


@pytest.mark.parametrize(
    ("note", "extents"),
    [
        (
            "Stage IV non-squamous NSCLC (adrenal + bone mets). No brain mets on MRI.",
            {"metastatic"},
        ),
        ("IDC, cT2N1M0 (stage IIB), PET-CT no distant disease.", {"early"}),
        ("p16-negative SCC of the oropharynx, cT3N2b M0.", {"early", "locally_advanced"}),
        ("MRI: tumour confined to the uterine corpus (clinical stage I).", {"early"}),
        ("The scans showed it hasn't spread anywhere else.", {"early", "locally_advanced"}),
        ("Early satiety and fatigue for two months.", set()),  # no stage at all
    ],
)
def test_a_note_states_how_far_the_cancer_has_spread(note: str, extents: set[str]) -> None:
    assert note_extents(note) == extents


@pytest.mark.parametrize(
    ("title", "extents"),
    [
        ("Ridaforolimus for Advanced Endometrial Cancer", {"locally_advanced", "metastatic"}),
        ("Sentinel Node Biopsy in Endometrial Cancer", set()),
        (
            "Dato-DXd for Neoadjuvant/Adjuvant Treatment of Triple-Negative Breast Cancer",
            {"early", "locally_advanced"},
        ),
        ("NBTXR3 With or Without Cetuximab in LA-HNSCC", {"locally_advanced"}),
        (
            "Unresectable Locally Advanced or Metastatic Breast Cancer",
            {"locally_advanced", "metastatic"},
        ),
        (
            "Darolutamide in Non-metastatic Castration-resistant Prostate Cancer",
            {"early", "locally_advanced"},
        ),
    ],
)
def test_a_title_admits_the_stages_it_names(title: str, extents: set[str]) -> None:
    assert title_extents(title) == extents


@pytest.mark.parametrize(
    ("title", "extents"),
    [
        # fresh12, fresh22: a stage III trial ranked first for a stage IV EGFR lung cancer.
        (
            "Osimertinib Prior to CRT and Maintenance of it With Stage III, Unresectable NSCLC",
            {"locally_advanced"},
        ),
        (
            "Cohorts of Participants With Locally Advanced, Unresectable, Stage III NSCLC",
            {"locally_advanced"},
        ),
        # A title naming the metastatic disease too keeps both.
        (
            "Locally Advanced (Inoperable) or Metastatic Breast Cancer",
            {"locally_advanced", "metastatic"},
        ),
        (
            "Unresectable or Metastatic Left-sided Colorectal Cancer",
            {"locally_advanced", "metastatic"},
        ),
    ],
)
def test_unresectable_beside_a_locally_advanced_stage_is_that_stage(
    title: str, extents: set[str]
) -> None:
    """ "Unresectable" (or "advanced", "inoperable") admits a locally advanced and a
    metastatic cancer alone, but beside "stage III" or "locally advanced" with no
    metastatic disease named it qualifies that stage: the title is not for a metastatic
    cancer."""
    assert title_extents(title) == extents
