"""A treatment denied for advanced disease ("No prior chemotherapy … for metastatic or locally
recurrent inoperable breast cancer") is asked the setting of the note's course, as the
positive ask is: a course given only for early disease leaves the denial holding."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

_CRITERION = (
    "No prior chemotherapy or other systemic anti-cancer therapy for metastatic or locally "
    "recurrent inoperable breast cancer."
)


@pytest.mark.parametrize(
    "criterion",
    [
        "No prior chemotherapy for metastatic disease.",
        "No prior chemotherapy for advanced or metastatic disease.",
    ],
)
def test_early_only_chemotherapy_meets_a_denial_for_advanced_disease(criterion: str) -> None:
    note = (
        "52F, left breast cancer 2022. Adjuvant docetaxel and cyclophosphamide. Liver "
        "metastases 11/2025, no treatment since."
    )
    result = judged(criterion, "inclusion", facts(note=note))
    assert result.status == "met", result.reason


def test_chemotherapy_for_metastatic_disease_fails_the_denial() -> None:
    note = "52F, metastatic breast cancer, paclitaxel for metastatic disease 2024."
    result = judged(_CRITERION, "inclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_chemotherapy_of_no_said_setting_leaves_the_denial_to_the_study_team() -> None:
    note = "52F, breast cancer 2022, had chemotherapy and an operation. Liver metastases 11/2025."
    result = judged(_CRITERION, "inclusion", facts(note=note))
    assert result.status == "unknown", result.reason


def test_a_denial_asking_no_setting_still_fails_for_early_chemotherapy() -> None:
    note = "52F, breast cancer 2022, adjuvant docetaxel and cyclophosphamide."
    result = judged("No prior chemotherapy.", "inclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_a_patient_who_never_had_chemotherapy_meets_a_denial_for_advanced_disease() -> None:
    note = "52F, breast cancer, liver metastases. Treatment naive."
    result = judged("No prior chemotherapy for metastatic disease.", "inclusion", facts(note=note))
    assert result.status == "met", result.reason
