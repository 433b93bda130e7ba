"""A course of chemotherapy or radiotherapy a note lists inside the bracket of a past dated
diagnosis ("IDC L breast 2015 (WLE, AC-T adjuvant, RT, …)", round thirty; "Breast cancer 2018
(lumpectomy + RT), in remission", round eight) is over: the bracket is that diagnosis's
treatment, given in the months after it, and the year is two or more years back. Issue 12 item
4 (regimen-shorthand). A course the bracket says goes on ("on", "ongoing") stays current, and
so does an endocrine or targeted treatment a bracket names (adjuvant letrozole is given for
five years, NICE NG101)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# NCT05696626 (round thirty): "Visceral crisis in need of cytotoxic chemotherapy as assessed
# by the investigator".
_VISCERAL_CRISIS = (
    "Visceral crisis in need of cytotoxic chemotherapy as assessed by the investigator"
)

# Round thirty's note, with FEC (a regimen the vocabulary reads) where it writes AC-T.
_ROUND_THIRTY = (
    "Breast oncology f/u 4 Dec 2026. 61F, ER+ (8/8) HER2-neg (IHC 1+) IDC L breast 2015 (WLE, "
    "FEC adjuvant, RT, tamoxifen then letrozole to 2020). Metastatic relapse Mar 2024: bone "
    "(T8, L2, pelvis) + 2 liver lesions. No chemo for metastatic disease."
)


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        (_ROUND_THIRTY, "regimen_fec"),
        (_ROUND_THIRTY, "radiotherapy"),
        # Round eight: "Breast cancer 2018 (lumpectomy + RT), in remission."
        (
            "Clinic letter 4 Dec 2026. 52F psoriasis. Breast cancer 2018 (lumpectomy + RT), in "
            "remission.",
            "radiotherapy",
        ),
        # Round eleven: "PMH: breast cancer 2015 (lumpectomy + RT, discharged from follow-up,
        # no recurrence)."
        (
            "Haematology clinic 4 Dec 2026. 71F. PMH: breast cancer 2015 (lumpectomy + RT, "
            "discharged from follow-up, no recurrence).",
            "radiotherapy",
        ),
        (
            "Lymphoma clinic 4 Dec 2026. 58M. DLBCL 2019 (R-CHOP x6, CR). Now relapse.",
            "regimen_r_chop",
        ),
    ],
)
def test_a_course_inside_a_past_dated_diagnosis_bracket_is_past(note: str, concept: str) -> None:
    read = facts(note=note, age=60)
    course = [f for f in read.facts if f.concept == concept and not f.negated]
    assert course and all(f.historical and not f.current for f in course), course


def test_an_adjuvant_course_in_a_past_bracket_is_no_chemotherapy_now() -> None:
    """Round thirty: the 2015 adjuvant course does not meet NCT05696626's visceral crisis."""
    outcome = judged(_VISCERAL_CRISIS, "exclusion", facts(note=_ROUND_THIRTY, age=61, sex="female"))
    assert outcome.status != "met", outcome.reason


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        # A bracket saying the course goes on.
        ("Oncology clinic 4 Dec 2026. 60F. Colon cancer 2023 (FOLFOX ongoing).", "regimen_folfox"),
        # A diagnosis of last year: its course may still run.
        ("Oncology clinic 4 Dec 2026. 60F. Colon cancer 2025 (FOLFOX x12).", "regimen_folfox"),
        # Adjuvant endocrine therapy runs five years.
        (
            "Oncology clinic 4 Dec 2026. 60F. Breast cancer 2023 (WLE, RT, adjuvant letrozole).",
            "letrozole",
        ),
    ],
)
def test_a_bracket_course_that_may_go_on_is_not_made_past(note: str, concept: str) -> None:
    read = facts(note=note, age=60)
    course = [f for f in read.facts if f.concept == concept]
    assert course and not any(f.historical for f in course), course


@pytest.mark.parametrize(
    "text",
    [
        _VISCERAL_CRISIS,
        # ctgov v2 studies: "Patients requiring radiotherapy after curative surgery".
        "Patients requiring radiotherapy after curative surgery",
    ],
)
def test_a_past_course_does_not_meet_a_treatment_asked_as_a_need_now(text: str) -> None:
    outcome = judged(text, "exclusion", facts(note=_ROUND_THIRTY, age=61, sex="female"))
    assert outcome.status != "met", outcome.reason


def test_a_treatment_asked_in_the_past_after_a_need_cue_is_met_by_a_past_course() -> None:
    """ "History of pneumonitis requiring steroids" dates the need: a past course meets it."""
    outcome = judged(
        "History of pneumonitis that required steroids",
        "exclusion",
        facts(
            note="Clinic 4 Dec 2026. 60F. Pneumonitis in 2024 treated with prednisolone, resolved.",
            age=60,
        ),
    )
    assert outcome.status != "not_met", outcome.reason


def test_a_course_begun_in_a_year_before_a_bracket_is_not_made_past() -> None:
    read = facts(
        note="Oncology clinic 4 Dec 2026. 60F. Colon cancer, treated since 2023 (FOLFOX).", age=60
    )
    course = [f for f in read.facts if f.concept == "regimen_folfox"]
    assert course and not any(f.historical for f in course), course
