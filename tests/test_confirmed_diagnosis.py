"""A named diagnosis and the rest of its inclusion: the words saying how it was confirmed
("Histological or cytological confirmation of", "detected on imaging", "by FNAC or biopsy")
ask nothing more of a note that names the diagnosis, and an extent the criterion lists
("locally advanced or metastatic") is answered by the extent the note gives. Criteria as the
hand-written rounds' trials write them; notes in our own words."""

from __future__ import annotations

import pytest

from test_judge_entailment import status


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            "Histological or cytological confirmation of NSCLC.",
            "A 61-year-old man with NSCLC, adenocarcinoma, stage IIIB, unresectable.",
        ),
        (
            "Histologically confirmed malignancy with metastatic disease detected on imaging.",
            "A 55-year-old woman with metastatic breast cancer to the liver and brain on CT.",
        ),
        (
            "Cirrhosis, as diagnosed by histology or clinical, laboratory and USG findings,",
            "A 52-year-old man with alcohol-related cirrhosis, Child-Pugh B.",
        ),
        (
            "Clinically diagnosis of breast cancer (by FNAC or Biopsy)",
            "A 47-year-old woman with breast cancer, invasive ductal carcinoma on core biopsy.",
        ),
    ],
)
def test_words_saying_how_a_diagnosis_was_confirmed_ask_nothing_more(
    criterion: str, note: str
) -> None:
    assert status(criterion, "inclusion", note) == "met"


def test_a_less_specific_diagnosis_still_does_not_confirm_the_named_one() -> None:
    criterion = "Histological or cytological confirmation of NSCLC."
    assert status(criterion, "inclusion", "A 61-year-old man with lung cancer.") == "unknown"


@pytest.mark.parametrize(
    "note",
    [
        "A 58-year-old man with metastatic NSCLC, bone metastases on PET-CT.",
        "A 64-year-old man with metastatic NSCLC.",
    ],
)
def test_distant_spread_the_note_gives_answers_locally_advanced_or_metastatic(note: str) -> None:
    criterion = (
        "Participant has histologically or cytologically confirmed diagnosis of locally "
        "advanced or metastatic NSCLC"
    )
    assert status(criterion, "inclusion", note) == "met"


def test_an_extent_the_criterion_does_not_list_is_not_answered() -> None:
    metastatic = "A 58-year-old man with metastatic NSCLC, bone metastases on PET-CT."
    only_local = "Participant has histologically confirmed diagnosis of locally advanced NSCLC"
    assert status(only_local, "inclusion", metastatic) != "met"
    either = "Histologically confirmed locally advanced or metastatic NSCLC"
    assert status(either, "inclusion", "A 58-year-old man with NSCLC.") != "met"
    denied = "Histologically confirmed NSCLC without locally advanced or metastatic disease"
    assert status(denied, "inclusion", metastatic) != "met"


def test_the_extent_the_note_names_in_its_own_words_answers_the_listed_extent() -> None:
    """Since unread-inclusions-forms (judging/note_named_words): a note whose sentence of the
    cancer names the extent the criterion lists ("locally advanced NSCLC" against "locally
    advanced or metastatic NSCLC") meets that item of the "or"; before, only a note's distant
    spread answered it, and the test above pinned a locally advanced note as unanswered."""
    either = "Histologically confirmed locally advanced or metastatic NSCLC"
    assert status(either, "inclusion", "A 58-year-old man with locally advanced NSCLC.") == "met"
