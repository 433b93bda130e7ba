"""A metastasis site read as the primary, found on the lowest notes of bench/fresh27 and fresh28
(trialfinder.retrieval): a note naming its cancer by the histology only ("adenocarcinoma RLL",
"Sarcoma clinic") takes the organ the cancer is of from the note's organ words; an organ the note
names as where the cancer has spread ("2 metastatic sites: L iliac bone lesion and a single R
adrenal met", "bilateral lung mets") is no such organ, here or elsewhere in the note ("NGS sent on
the lung wedge specimen" is the metastasis's tissue)."""

from __future__ import annotations

import pytest

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


@pytest.mark.parametrize(
    ("note", "primary", "spread"),
    [
        (
            # bench/fresh27 nsclc-egfr-oligometastatic-on-osimertinib
            "52 yo M, never smoker, adenocarcinoma RLL, EGFR L858R, dx Aug 2026 with 2 metastatic"
            " sites: L iliac bone lesion and a single R adrenal met (PET-CT); MRI brain negative.",
            "lung cancer",
            "bone cancer",
        ),
        (
            "61F, adenocarcinoma LLL with metastases to the liver and a bone lesion (T9).",
            "lung cancer",
            "bone cancer",
        ),
        (
            "Squamous cell carcinoma RUL with mets in the bone (T9 lesion), for palliative RT.",
            "lung cancer",
            "bone cancer",
        ),
    ],
)
def test_an_organ_named_as_a_site_of_spread_is_not_the_histologys_organ(
    note: str, primary: str, spread: str
) -> None:
    conditions = patient_conditions(PatientProfile(note=note))
    assert primary in conditions.main
    assert spread not in conditions.main


def test_an_organ_named_as_a_site_of_spread_is_no_site_elsewhere_in_the_note() -> None:
    # bench/fresh28 uterine-leiomyosarcoma-ngs-sent-athens
    note = (
        "Sarcoma clinic, Athens. 57F, uterine leiomyosarcoma, TAH-BSO Mar 2024 (FIGO IB)."
        " Recurrence Jan 2026: bilateral lung mets (largest 19 mm). Doxorubicin x6 completed"
        " Sep 2026. Tumour NGS panel sent on the lung wedge specimen 5 Oct 2026, report pending."
    )
    assert "lung cancer" not in patient_conditions(PatientProfile(note=note)).main


@pytest.mark.parametrize(
    ("note", "site"),
    [
        # an organ with a mass word and no spread word is still the cancer's
        ("Palpable breast mass. Core biopsy: invasive ductal carcinoma.", "breast cancer"),
        # "metastatic" naming the cancer itself, not the list of its sites
        ("Metastatic adenocarcinoma in the RLL, EGFR exon 19 deletion.", "lung cancer"),
    ],
)
def test_an_organ_not_named_as_a_site_of_spread_is_still_the_histologys(
    note: str, site: str
) -> None:
    assert site in patient_conditions(PatientProfile(note=note)).main
