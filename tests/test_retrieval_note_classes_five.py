"""The treatment a note asks about, found on bench/fresh12 and fresh21 notes' text
(trialfinder.treatment_setting, trialfinder.retrieval).

A referral for radiotherapy ("referred for PMRT to the chest wall and SCF", "consented for
radical radiotherapy", "whether she needs radiotherapy") asks about one treatment:
among the trials for the patient's disease and setting, those whose title is about
radiotherapy answer the question, and an adjuvant endocrine drug trial of the same early breast
cancer does not. Radiotherapy the patient has had ("completed adjuvant radiotherapy in 2023") or
will not have ("no radiotherapy planned") asks nothing, nor radiotherapy already booked in a
note whose open question is another treatment ("PMRT … booked. Endocrine therapy not started").
"""

from __future__ import annotations

import pytest

from trialfinder import STATUSES, find_trials
from trialfinder.patient import PatientProfile
from trialfinder.store.base import Store
from trialfinder.treatment_setting import note_settings, title_settings


@pytest.mark.parametrize(
    "note",
    [
        "Referred for PMRT to the chest wall and SCF.",
        "Her daughter asks whether she needs radiotherapy.",
        "Consented for radical radiotherapy.",
        "Referred for palliative pelvic radiotherapy.",
        "Referred for your opinion on post-mastectomy radiotherapy.",
    ],
)
def test_a_referral_for_radiotherapy_asks_for_radiotherapy(note: str) -> None:
    assert "radiotherapy" in note_settings(note)


@pytest.mark.parametrize(
    "note",
    [
        "Completed adjuvant radiotherapy in 2023, now on letrozole.",
        "Lumpectomy and radiotherapy in 2019.",
        "No radiotherapy planned.",
        "PMRT to the chest wall and SCF booked. Endocrine therapy not started yet.",
    ],
)
def test_radiotherapy_had_or_not_planned_asks_nothing(note: str) -> None:
    assert "radiotherapy" not in note_settings(note)


@pytest.mark.parametrize(
    "title",
    [
        "One Week Versus Three Week in Adjuvant Radiotherapy in Breast Cancer",
        "Trial Evaluating Role of Post Mastectomy Radiotherapy in Women With Node Negative Early"
        " Breast Cancer",
        "Reduced Length of ADT and ARTA With XRT in High-Risk Prostate Cancer (RELAX)",
        "Postoperative Hypofractionated Radiation in Cervical and Endometrial Tumours",
    ],
)
def test_a_radiotherapy_title_is_about_radiotherapy(title: str) -> None:
    assert "radiotherapy" in title_settings(title)


def test_an_endocrine_drug_title_is_not_about_radiotherapy() -> None:
    title = "An Adjuvant Endocrine-based Therapy Study of Camizestrant (AZD9833) in ER+/HER2- Early"
    assert "radiotherapy" not in title_settings(title)


# HYPART: 1 vs 2 week adjuvant radiotherapy for pT3-4 or pN2-3 breast cancer; one vs three
# week adjuvant radiotherapy; CAMBRIA-1 and CAMBRIA-2: adjuvant camizestrant (endocrine).
HYPART = "NCT04472845"
ONE_VS_THREE_WEEKS = "NCT03788213"
CAMBRIA = ("NCT05952557", "NCT05774951")


def test_a_referral_for_radiotherapy_after_mastectomy_ranks_a_radiotherapy_trial_first(
    sample_store: Store,
) -> None:
    note = (
        "55F. Right mastectomy and axillary clearance 10 weeks ago: IDC grade 2, 6 cm, 7/18"
        " nodes positive, ER 80%, PR 20%, HER2 negative, pT3 pN2a M0. Finished adjuvant"
        " chemotherapy, started anastrozole. Referred for PMRT to the chest wall and SCF."
    )
    shortlist = find_trials(sample_store, PatientProfile(note=note), statuses=STATUSES)
    ranked = [entry.nct_id for entry in shortlist.results]
    assert ranked.index(HYPART) < min(ranked.index(nct_id) for nct_id in CAMBRIA)
    assert ONE_VS_THREE_WEEKS in ranked[:5]


@pytest.mark.parametrize(
    ("note", "setting"),
    [
        (
            "Unfit for radical chemoradiation; referred for palliative pelvic radiotherapy.",
            "palliative",
        ),
        ("Consented for radical radiotherapy.", "radical"),
        ("Referred for PMRT to the chest wall and SCF.", "after_surgery"),
    ],
)
def test_a_referral_naming_the_radiotherapy_intent_states_that_setting_too(
    note: str, setting: str
) -> None:
    assert {setting, "radiotherapy"} <= note_settings(note)
