"""Three classes of the note -> trials ranking found on bench/fresh17 notes' text
(trialfinder.retrieval): a denial that names a person ("a never-smoker with … adenocarcinoma of
the lung") denied the cancer after it, so the note read no disease; a cancer told as coming back
or spreading to a distant organ in the note's own words ("it came back in her liver", "then it
spread to his liver and lungs") read no metastatic disease, ranking adjuvant trials first; and a
title before a surname ("Ms Ruiz") was read as MS, multiple sclerosis."""

from __future__ import annotations

import pytest

from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions


def _conditions(note: str) -> list[str]:
    conditions = patient_conditions(PatientProfile(note=note))
    return conditions.main + conditions.others


@pytest.mark.parametrize(
    "note",
    [
        "Mrs Okafor, 61, a never-smoker with newly diagnosed adenocarcinoma of the lung.",
        "A never smoker with newly diagnosed lung cancer, stage IV.",
        "58F, never-drinker with cirrhosis from NASH.",
    ],
)
def test_a_denial_naming_a_person_does_not_deny_the_disease_after_it(note: str) -> None:
    assert patient_conditions(PatientProfile(note=note)).main_ids


def test_a_denied_disease_stays_denied() -> None:
    assert "lung cancer" not in _conditions("Smoker of 30 pack-years, never had lung cancer.")
    assert patient_conditions(PatientProfile(note="Never smoked, no cancer.")).main_ids == set()


@pytest.mark.parametrize(
    "note",
    [
        "She had breast cancer in 2018 and took letrozole. Now it came back in her liver.",
        "Bowel cancer resected 2024, then it spread to his liver and lungs in early 2025.",
        "Colon cancer 2023; it has spread to the bones.",
        "My dad's prostate cancer is back in his bones.",
    ],
)
def test_a_cancer_told_coming_back_or_spreading_to_a_distant_organ_is_metastatic(
    note: str,
) -> None:
    assert patient_conditions(PatientProfile(note=note)).extents == {"metastatic"}


@pytest.mark.parametrize(
    "note",
    [
        "Breast cancer, stage II. The scans show it hasn't spread to the liver.",
        "Breast cancer, stage II, it spread to the lymph nodes under her arm.",
        "Stage I breast cancer. Her liver tests came back in range.",
    ],
)
def test_no_spread_regional_spread_or_a_test_coming_back_is_not_metastatic(note: str) -> None:
    assert "metastatic" not in patient_conditions(PatientProfile(note=note)).extents


def test_a_title_before_a_surname_is_no_multiple_sclerosis() -> None:
    note = "I refer Ms Ruiz, 36, with gingival recession on the lower incisors."
    assert "ms" not in _conditions(note)
    assert "mr" not in _conditions("Mr. Haddad, 44, generalised myasthenia gravis, AChR positive.")


def test_the_abbreviation_in_capitals_is_still_read() -> None:
    assert _conditions("Mrs Jones, 39, known MS on ocrelizumab, EDSS 3.0.")[0] == "ms"
