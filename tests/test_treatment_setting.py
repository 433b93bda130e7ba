"""The setting of a disease in a note and a trial's title (trialfinder.treatment_setting)."""

from __future__ import annotations

import pytest

from trialfinder.treatment_setting import note_settings, setting_fit, title_settings


@pytest.mark.parametrize(
    ("note", "settings"),
    [
        ("Metastatic NSCLC, treatment-naive, ECOG 0.", {"untreated"}),
        # Of two settings on one axis the furthest is the patient's now.
        ("First-line letrozole for 2 years; now progression in the liver.", {"pretreated"}),
        ("pT2 N1 breast cancer, lumpectomy, adjuvant AC-T then letrozole.", {"after_surgery"}),
        ("Pancreatic head adenocarcinoma, unresectable (SMA encasement).", {"unresectable"}),
        # A negated cue says nothing.
        ("Stage II colon cancer, no progression on surveillance CT.", set()),
    ],
)
def test_a_note_states_its_line_of_treatment_and_place_of_surgery(
    note: str, settings: set[str]
) -> None:
    assert note_settings(note) == settings


def test_a_title_admitting_another_setting_contradicts_the_note_and_its_own_fits() -> None:
    relapsed = note_settings("Myeloma relapsed after two prior lines.")
    newly = title_settings("Elranatamab in Newly Diagnosed Multiple Myeloma After Transplant")
    refractory = title_settings("Teclistamab in Relapsed or Refractory Multiple Myeloma")
    assert setting_fit(relapsed, newly) == -1
    assert setting_fit(relapsed, refractory) == 1
    # "Neoadjuvant/Adjuvant": before and after surgery; "neoadjuvant" alone is no adjuvant.
    assert title_settings("Neoadjuvant/Adjuvant Treatment of Breast Cancer") == {
        "before_surgery",
        "after_surgery",
    }
    assert title_settings("Neoadjuvant Chemotherapy for Gall Bladder Cancer") == {"before_surgery"}
