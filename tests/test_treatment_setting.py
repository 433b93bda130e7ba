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


# fresh14 cervix-frozen-pelvis-palliative-rt and cervix-iiib-radical-crt (readable): the same
# disease, one for radiotherapy to palliate, the other for radical chemoradiation.
PALLIATIVE_NOTE = (
    "52F, squamous cell carcinoma of the cervix, FIGO 2018 IIIB: bulky hard tumour fixed to "
    "both pelvic side walls, frozen pelvis on examination under anaesthesia. MDT: not suitable "
    "for radical chemoradiation; plan palliative pelvic radiotherapy for pain and bleeding."
)
RADICAL_NOTE = (
    "39-year-old woman, squamous cell carcinoma of the cervix, FIGO 2018 stage IIIB, no nodes "
    "on PET-CT. Plan: radical concurrent chemoradiation, weekly cisplatin with pelvic EBRT "
    "followed by brachytherapy, starting next week."
)


def test_a_note_states_the_intent_of_its_treatment_radical_or_palliative() -> None:
    """The furthest intent is the patient's: "not suitable for radical chemoradiation; plan
    palliative radiotherapy" is palliative (the radical cue is negated as well)."""
    assert note_settings(PALLIATIVE_NOTE) == {"palliative"}
    assert note_settings(RADICAL_NOTE) == {"radical"}
    palliative_trial = title_settings("Palliative Radiation for Advanced Cervical Cancer")
    assert setting_fit(note_settings(PALLIATIVE_NOTE), palliative_trial) == 1
    assert setting_fit(note_settings(RADICAL_NOTE), palliative_trial) == -1
    assert title_settings("Radiosensitizing Effect of Nelfinavir in Carcinoma of Cervix") == set()


@pytest.mark.parametrize(
    ("note", "settings"),
    [
        # bench/fresh15_patient_notes.jsonl, the mastectomy planned next month
        (
            "No chemotherapy or other treatment so far. Planned for left modified radical "
            "mastectomy next month; pre-anaesthetic check done.",
            {"before_surgery"},
        ),
        ("Left mastectomy booked for next week.", {"before_surgery"}),
        # A planned treatment after an operation names no operation: still after surgery.
        ("Wide local excision in May, adjuvant chemotherapy planned.", {"after_surgery"}),
        ("Underwent mastectomy last month and is scheduled for chemo.", {"after_surgery"}),
    ],
)
def test_an_operation_the_note_names_as_planned_is_before_surgery(
    note: str, settings: set[str]
) -> None:
    assert note_settings(note) == settings


def test_not_amenable_to_curative_resection_or_treatment_is_unresectable_or_palliative() -> None:
    """bench/fresh15: "adenocarcinoma of the gallbladder on biopsy, not amenable to curative
    resection" and "Metastatic breast cancer, not amenable to treatment with curative intent"
    (the words of NCT06065748's own inclusion criterion)."""
    gallbladder = "Adenocarcinoma of the gallbladder on biopsy, not amenable to curative resection."
    assert note_settings(gallbladder) == {"unresectable"}
    breast = "Metastatic breast cancer, not amenable to treatment with curative intent."
    assert note_settings(breast) == {"palliative"}


@pytest.mark.parametrize(
    "note",
    [
        # fresh27 (cervical cancer after line 1): "PD on CT" is RECIST's progressive disease.
        "Line 1: paclitaxel-cisplatin-bevacizumab + pembrolizumab x6; PD on CT 2 Dec 2026.",
        # fresh26 (gallbladder cancer after two lines): "PD" and the month it was found.
        "1L gemcitabine/cisplatin/durvalumab (best response SD), PD Aug 2025. 2L FOLFOX x 8.",
        # fresh27 (colorectal cancer after three lines): each line's "(PD <month> <year>)".
        "FOLFOX + bevacizumab (PD Jun 2024), FOLFIRI + bevacizumab (PD Mar 2025).",
        # fresh27 (renal cell cancer): a line given "to PD".
        "Ipilimumab-nivolumab x4 then nivolumab to PD Aug 2025; cabozantinib 40 mg.",
    ],
)
def test_progressive_disease_written_pd_after_a_line_states_pretreated_disease(
    note: str,
) -> None:
    assert note_settings(note) == {"pretreated"}


@pytest.mark.parametrize(
    "note",
    [
        # fresh27 (biliary cancer, written by the patient's wife).
        "He had 8 months of gemcitabine, cisplatin and durvalumab but the scan in November "
        "showed it growing again.",
        # fresh26 (metastatic breast cancer, written by the patient's daughter).
        "She took letrozole with palbociclib for 2 years, then it grew, then capecitabine.",
    ],
)
def test_a_cancer_told_as_growing_again_after_treatment_states_pretreated_disease(
    note: str,
) -> None:
    assert note_settings(note) == {"pretreated"}


def test_pd_l1_and_peritoneal_dialysis_state_no_line_of_treatment() -> None:
    assert note_settings("PD-L1 CPS 15, HER2 IHC 0. ECOG 1.") == set()
    assert note_settings("ESKD on PD since 2023, good clearance.") == set()
