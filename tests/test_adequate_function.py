"""An organ's function a criterion asks adequate without writing its thresholds ("Adequate
bone marrow function", "Have adequate organ function", "The main organs function well"),
judged by the organ's key tests as the note gives them: written normal ("FBC normal", "LFTs
normal") or as values within the usual range; a value clearly past what any trial accepts
is not adequate; a value between the two is the study team's to judge."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, status

ALL_NORMAL = (
    "62-year-old man with colon cancer. Creatinine 0.8 mg/dL, LFTs normal. "
    "Hb 13.1 g/dL, ANC 4.1, platelets 232."
)


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Adequate bone marrow function", "FBC normal"),
        ("Have adequate organ function.", "normal blood count, liver and kidney tests"),
        ("6 The main organs function well;", "normal blood count, liver and kidney tests"),
        (
            "Adequate kidney and liver functions as assessed on biochemical investigations",
            "creatinine 58, LFTs normal",
        ),
        ("Adequate renal function", "creatinine 0.8 mg/dL"),
        ("Adequate liver function", "bilirubin 0.5 mg/dL, ALT 28"),
        ("Adequate renal and hepatic function", "U&E and LFTs normal"),
        ("Adequate hematologic function", "Hb, WBC and platelets normal"),
        # Two functions in one phrase: the marrow's reserve and every organ's function.
        ("Adequate bone marrow reserve and organ function.", ALL_NORMAL),
        ("Patient with adequate bone marrow, renal and hepatic function.", ALL_NORMAL),
    ],
)
def test_unthresholded_adequate_function_is_met_by_normal_tests(criterion: str, note: str) -> None:
    assert status(criterion, "inclusion", note) == "met"


def test_the_reason_names_the_values_that_decided() -> None:
    reason = judged(
        "Adequate renal function", "inclusion", facts(note="creatinine 0.8 mg/dL")
    ).reason
    assert "creatinine" in reason.lower() and "0.8" in reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Adequate bone marrow function", "platelets 32, Hb 98 g/L, ANC 2.1"),
        ("Adequate renal function", "creatinine 4.1 mg/dL"),
        ("Adequate liver function", "bilirubin 4.8 mg/dL, ALT 610"),
    ],
)
def test_adequate_function_is_not_met_by_a_test_clearly_out_of_range(
    criterion: str, note: str
) -> None:
    assert status(criterion, "inclusion", note) == "not_met"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # An organ the note gives no test of.
        ("Adequate renal and hepatic function", "LFTs normal"),
        # Below the usual range, but within what many trials accept.
        ("Adequate bone marrow function", "Hb 108 g/L, platelets 98, ANC 1.6"),
        # Only some of the organ's key tests.
        ("Adequate liver function", "ALT 28"),
        # An organ the tests do not cover.
        ("Adequate cardiac function", "FBC, LFTs and U&E normal"),
        # Words beyond the function the reader does not know.
        ("Adequate renal function for cisplatin in the opinion of the oncologist", "creatinine 70"),
        # Above the usual range, within what a protocol may allow (1.5 x ULN and more).
        ("Adequate organ function", ALL_NORMAL.replace("0.8 mg/dL", "2.9 mg/dL")),
        # No organ's test at all.
        ("Adequate organ function", "A 40-year-old woman with cough and fever."),
        # A function the criterion defines, dates, or asks of the heart too.
        ("Adequate renal function defined as:", ALL_NORMAL),
        ("Acceptable bone marrow function as described below:", ALL_NORMAL),
        (
            "Adequate bone marrow reserve and organ function within 7 days before the first dose",
            ALL_NORMAL,
        ),
        ("Must have adequate hematologic, hepatic, renal, and cardiac functions", ALL_NORMAL),
    ],
)
def test_adequate_function_stays_unknown_without_every_key_test(criterion: str, note: str) -> None:
    assert status(criterion, "inclusion", note) == "unknown"


def test_an_exclusion_of_inadequate_function_is_not_met_by_normal_tests() -> None:
    assert status("Inadequate bone marrow function", "exclusion", "FBC normal") == "not_met"
    assert status("Inadequate renal function", "exclusion", "creatinine 5.2 mg/dL") == "met"


def test_a_normal_test_denied_is_no_adequate_function() -> None:
    assert status("Adequate liver function", "inclusion", "LFTs not normal") == "unknown"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Adequate renal function", "ESRD on haemodialysis three times a week. Hb 11.9 g/dL."),
        ("Adequate organ function", "ESRD on haemodialysis three times a week. Hb 11.9 g/dL."),
        ("Adequate liver function", "Decompensated cirrhosis with ascites. Creatinine 0.9 mg/dL."),
        ("Adequate organ function", "Decompensated cirrhosis with ascites. Creatinine 0.9 mg/dL."),
    ],
)
def test_an_organ_that_does_not_work_now_leaves_adequate_function_not_met(
    criterion: str, note: str
) -> None:
    judgement = judged(criterion, "inclusion", facts(note=note))
    assert judgement.status == "not_met", judgement.reason
    assert "function is not adequate" in judgement.reason


def test_an_exclusion_of_inadequate_function_is_met_by_an_organ_that_does_not_work() -> None:
    note = "ESRD on haemodialysis three times a week."
    assert status("Inadequate renal function", "exclusion", note) == "met"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # Dialysis past (a working transplant since) or denied.
        (
            "Adequate renal function",
            "Kidney transplant in 2019, previously on dialysis; creatinine 1.0 mg/dL.",
        ),
        ("Adequate renal function", "No dialysis. Creatinine 0.9 mg/dL."),
        # Another organ's failure says nothing of the organ asked.
        ("Adequate renal function", "Decompensated cirrhosis with ascites. Creatinine 0.9 mg/dL."),
    ],
)
def test_organ_failure_past_denied_or_of_another_organ_leaves_the_tests_to_decide(
    criterion: str, note: str
) -> None:
    assert status(criterion, "inclusion", note) == "met"


def test_neut_shorthand_is_the_neutrophil_count_of_the_marrow() -> None:
    note = (
        "Bloods 20/11/2026: Hb 13.1 g/dL, neut 3.4, plt 245, bili 0.5 mg/dL, ALT 21, AST 19, "
        "creatinine 0.8 mg/dL."
    )
    assert status("Have adequate organ function.", "inclusion", note) == "met"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("creatinine 142 umol/L", "not_met"),
        ("creatinine 78 umol/L", "met"),
        ("renal function normal", "met"),
        # Adequate, not normal: past the reference range, short of inadequate.
        ("creatinine 1.9 mg/dL", "not_met"),
        # eGFR has no reference range here: it does not decide normal.
        ("eGFR 75", "unknown"),
    ],
)
def test_normal_renal_function_is_decided_by_the_reference_range(note: str, expected: str) -> None:
    assert status("Normal renal function.", "inclusion", note) == expected


def test_adequate_renal_function_is_met_short_of_normal() -> None:
    # The same creatinine: adequate asks less than normal; between the two, the study team's.
    assert status("Adequate renal function", "inclusion", "creatinine 142 umol/L") == "unknown"


@pytest.mark.parametrize(
    "note", ["Her kidney and liver blood tests are fine.", "Bilirubin, ALT and AST normal."]
)
def test_every_key_liver_test_normal_denies_the_liver_dysfunction_asked(note: str) -> None:
    assert status("Patients with evidence of liver dysfunction", "exclusion", note) == "not_met"


def test_one_liver_test_normal_leaves_liver_dysfunction_open() -> None:
    # ALT alone: the bilirubin, the liver's other key test, is not given.
    assert status("Patients with evidence of liver dysfunction", "exclusion", "ALT normal.") != (
        "not_met"
    )
