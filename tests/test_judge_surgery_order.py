"""A treatment a criterion places before or after an operation ("chemotherapy prior to
surgery", "radiotherapy after curative surgery") is met only when the note puts it on that
side; a note that gives the other order or none does not meet it (issue 12, round fifteen)."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import status
from trialfinder.criteria import parse_trial_criteria
from trialfinder.judging.surgery_order import asked_order, noted_order
from trialfinder.match import match_trial

# Registry text: NCT06926543's exclusion 2, NCT05653063's exclusion 1 and a biliary tract
# cancer trial's "Any anti-cancer therapy for BTC prior to surgery".
NEOADJUVANT_ONLY = "Patients receiving entire chemotherapy prior to surgery (neoadjuvant setting)"
AFTER_SURGERY = (
    "Patients requiring radiotherapy after curative surgery or surgery that is intended to "
    "remove as much of the tumour as possible."
)
BTC_BEFORE = "Any anti-cancer therapy for BTC prior to surgery"

ADJUVANT = "Right mastectomy in 2024, then adjuvant chemotherapy with docetaxel."
NEOADJUVANT = "Neoadjuvant chemotherapy with AC-T, then a right mastectomy in 2024."


@pytest.mark.parametrize(
    ("after_treatment", "order"),
    [
        (" prior to surgery (neoadjuvant setting)", "before"),
        (" after curative surgery or surgery that is intended", "after"),
        (" for BTC prior to surgery", "before"),
        (" given postoperatively", "after"),
        (" for metastatic disease", None),
    ],
)
def test_the_words_after_a_treatment_name_the_side_of_the_operation(
    after_treatment: str, order: str | None
) -> None:
    asked = asked_order(after_treatment)
    assert (asked and asked[0]) == order


@pytest.mark.parametrize(
    ("sentence", "order"),
    [
        ("Plan adjuvant docetaxel-based chemo and RT to R breast + SCF.", "after"),
        ("Full course of neoadjuvant chemotherapy Mar-Aug 2026.", "before"),
        ("Referred for salvage radiotherapy to the prostate bed.", "after"),
        ("Chemotherapy first, then a mastectomy.", "before"),
        ("Radiotherapy after radical prostatectomy.", "after"),
        ("Surgery first, no neoadjuvant tx.", None),
        ("Opted for radical RT (60 Gy/20#) with 6/12 ADT.", None),
    ],
)
def test_a_note_sentence_places_its_treatment_by_cue_or_by_the_operation_named(
    sentence: str, order: str | None
) -> None:
    assert noted_order(sentence) == order


@pytest.mark.parametrize("criterion", [NEOADJUVANT_ONLY, BTC_BEFORE])
def test_treatment_before_surgery_is_met_by_neoadjuvant_and_not_by_adjuvant(
    criterion: str,
) -> None:
    assert status(criterion, "exclusion", NEOADJUVANT) == "met"
    assert status(criterion, "exclusion", ADJUVANT) == "unknown"


def test_treatment_before_surgery_is_unknown_when_the_note_gives_no_order() -> None:
    note = "Breast cancer, on chemotherapy with docetaxel."
    assert status(NEOADJUVANT_ONLY, "exclusion", note) == "unknown"


def test_radiotherapy_after_surgery_is_met_postoperatively_and_unknown_without_an_operation() -> (
    None
):
    postoperative = "Radical prostatectomy 2023. Postoperative radiotherapy to the prostate bed."
    assert status(AFTER_SURGERY, "exclusion", postoperative) == "met"
    radical = "Radical radiotherapy to the prostate, no surgery."
    assert status(AFTER_SURGERY, "exclusion", radical) == "unknown"


@pytest.mark.parametrize(
    ("trial", "patient", "criterion", "answer"),
    [
        (
            "NCT06926543",
            "stage IIIA breast cancer after surgery, clinical oncology note",
            "Patients receiving entire chemotherapy prior to surgery",
            "unknown",
        ),
        (
            "NCT06926543",
            "breast cancer after neoadjuvant chemotherapy, paclitaxel reaction",
            "Patients receiving entire chemotherapy prior to surgery",
            "met",
        ),
        (
            "NCT05653063",
            "prostate cancer for radical radiotherapy, uro-oncology clinic",
            "Patients requiring radiotherapy after curative surgery",
            "unknown",
        ),
        (
            "NCT05653063",
            "rising PSA after prostatectomy, salvage radiotherapy",
            "Patients requiring radiotherapy after curative surgery",
            "met",
        ),
    ],
)
def test_round_fifteen_treatment_on_the_wrong_side_of_surgery_no_longer_meets_the_exclusion(
    trial: str, patient: str, criterion: str, answer: str
) -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient("fifteen", patient)
    )
    assert _criterion(result, criterion).status == answer


@pytest.mark.parametrize(
    "note",
    [
        "48F. R breast WLE 10/2026: IDC. Surgery first, no neoadjuvant tx. Plan adjuvant "
        "docetaxel-based chemo and RT to R breast.",
        "48F. R breast WLE 10/2026: IDC. Surgery first. Plan: adjuvant docetaxel-based chemo.",
    ],
)
def test_an_operation_alone_does_not_meet_a_treatment_asked_as_given_before_it(note: str) -> None:
    """Round fifteen's NCT06926543 "Patients receiving entire chemotherapy prior to surgery",
    met by the operation alone once round twenty-four read "Plan adjuvant … chemo" as to
    come: the operation only says when the chemotherapy was received, and a note that does
    not say the patient received it does not meet the exclusion. "Requiring radiotherapy
    after curative surgery" (a need) is still answered by the operation."""
    assert status(NEOADJUVANT_ONLY, "exclusion", note) != "met"


@pytest.mark.parametrize("criterion", [NEOADJUVANT_ONLY, BTC_BEFORE])
def test_a_past_neoadjuvant_course_meets_a_treatment_asked_before_surgery(criterion: str) -> None:
    """A neoadjuvant course is past once its operation is named after it (reading-mechanisms):
    "receiving … chemotherapy prior to surgery" (NCT06926543) places the course beside the
    operation, it does not ask for it now."""
    note = "Neoadjuvant FLOT, gastrectomy R0 in 2025. Now peritoneal recurrence."
    assert status(criterion, "exclusion", note) == "met"
