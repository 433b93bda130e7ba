"""A complete treatment history denies what it does not name unless it names a regimen nothing
reads (issue 12 item 4; reading-mechanisms).

"No other cancer treatment" after a note's treatments denies the classes and drugs none of
them is (regimen-drugs). A regimen's capitals the lexicon cannot read ("CTD then ASCT", "ECX
x3") may be any drugs, so such a history keeps chemotherapy open; but only a word written in a
sentence naming a treatment (a treatment verb or line word: "received", "x6", "then",
"line", ``note_closed_history_regimen_words``) is taken for one, and never a test's, an
image's or a lab's abbreviation the vocabulary knows ("CT", "MRI", "ALT", "ER").
Criteria are real trials' text from ``../shared`` (API v2 studies).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, status_in_trial

_METASTATIC_CHEMO = "Has received prior chemotherapy for unresectable locally advanced"
_CHEMO_OR_RADIATION = "Prior chemotherapy or radiation therapy"
_IRINOTECAN = "Has prior exposure to irinotecan, any agents that target epidermal growth"


def _denied(note: str) -> set[str]:
    return {
        f.concept for f in facts(age=62, sex="female", note=note).facts if f.negated and f.concept
    }


@pytest.mark.parametrize(
    ("nct_id", "start"),
    [("NCT06312176", _METASTATIC_CHEMO), ("NCT04638790", _CHEMO_OR_RADIATION)],
)
def test_a_marker_or_an_image_is_no_unread_regimen(nct_id: str, start: str) -> None:
    note = (
        "62F ER+ PR+ HER2- metastatic breast cancer dx 2025, CT staging: liver mets. "
        "Letrozole started 11/2026; no other treatment."
    )
    assert "chemotherapy" in _denied(note)
    outcome = status_in_trial(nct_id, start, facts(age=62, sex="female", note=note))
    assert outcome.startswith("not_met"), outcome


def test_a_scan_and_a_lab_in_a_treatment_sentence_are_no_unread_regimen() -> None:
    note = (
        "58M metastatic colon adenocarcinoma. FOLFOX x6 in 2025, then CT showed progression, "
        "ALT normal. No other cancer treatment."
    )
    outcome = status_in_trial("NCT06750094", _IRINOTECAN, facts(age=58, sex="male", note=note))
    assert "not on irinotecan" in outcome, outcome


def test_capitals_outside_a_treatment_sentence_are_no_unread_regimen() -> None:
    note = (
        "67F breast cancer 2024, discussed at the MDT with her GP. Anastrozole since 2024; "
        "no other treatment."
    )
    assert {"chemotherapy", "radiotherapy", "taxane"} <= _denied(note)


@pytest.mark.parametrize(
    "note",
    [
        "67M, IgG kappa multiple myeloma dx 2017. CTD then ASCT 2017, lenalidomide maintenance "
        "until 2026. No other anticancer treatment.",
        "59F small cell lung cancer 2024. CAV x4 then PCI. No other cancer treatment.",
    ],
)
def test_an_unread_regimen_in_a_treatment_sentence_keeps_chemotherapy_open(note: str) -> None:
    denied = _denied(note)
    assert "chemotherapy" not in denied
    assert not denied & {"thalidomide", "pomalidomide", "cisplatin", "etoposide"}, denied
