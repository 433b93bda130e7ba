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
