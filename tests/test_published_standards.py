"""The published standard a diagnosis or stage is made by (issue 12; unread-inclusions-forms).

"Diagnosis of Sjogren's syndrome according to the 2002 revised American-European Consensus
Group (AECG) criteria", "as per ICD-11 criteria (World Health Organisation - …)", "Stage IV
NSCLC (according to Version 8 of the IASLC Staging Manual …)": a named body's criteria,
guidelines, classification or staging manual, written after a lead ("according to", "as per",
"as defined by", "based on"), names the definition the diagnosis or stage is made by. A note
that states the diagnosis or stage answers the inclusion, as the hand-written rounds'
coordinators answer it ("primary Sjogren's syndrome": met); the words had left a met
inclusion "the rest of this criterion needs the study team". Words with no named standard
("according to the standard of care") and a scale's name ("using the MFSAF v4.0") are not
such a phrase.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

# NCT05694130 (round twenty-nine).
_SJOGREN = (
    "Diagnosis of Sjogren's syndrome according to the 2002 revised American-European Consensus "
    "Group (AECG) criteria."
)
# NCT05381649 (round nine).
_EUPD = (
    "Primary diagnosis is EUPD, as per ICD-11 criteria (World Health Organisation - "
    "International Classification of Diseases for Mortality and Morbidity Statistics)"
)
# NCT05693142 (round twenty-nine).
_STANDARD_OF_CARE = (
    "Participant has been on a stable dose of systemic glucocorticoids according to the "
    "standard of care for at least 12 weeks prior to screening."
)


def _answer(text: str, note: str, section: str = "inclusion") -> tuple[str, str]:
    result = judged(text, section, facts(age=58, sex="female", note=note))
    return result.status, result.reason


def test_a_diagnosis_according_to_named_classification_criteria_is_met_by_the_diagnosis() -> None:
    status, reason = _answer(_SJOGREN, "Primary Sjogren's syndrome, dry eyes and dry mouth.")
    assert status == "met", reason
    status, reason = _answer(_EUPD, "24-year-old woman. Primary diagnosis EUPD, self-harm.")
    assert status == "met", reason


def test_a_diagnosis_by_named_criteria_the_note_lacks_is_still_not_met() -> None:
    status, reason = _answer(_SJOGREN, "Rheumatoid arthritis on methotrexate; no dry eyes.")
    assert status != "met", reason


def test_a_multigated_acquisition_scan_frames_an_ejection_fraction() -> None:
    # "multigated", written as one word, is the MUGA scan an ejection fraction is measured
    # by, as "multiple gated acquisition" is. NCT07040059 (inclusion); NCT06761586
    # (exclusion).
    inclusion = (
        "Left ventricular ejection fraction (LVEF) greater than or equal to 50% by either "
        "echocardiogram (ECHO) or multigated acquisition (MUGA) scan at Screening."
    )
    exclusion = (
        "Left ventricular ejection fraction (LVEF) less than 50% as determined by an "
        "echocardiogram (ECHO) or Multigated Acquisition (MUGA) scan."
    )
    note = "Echo last week: LVEF 60%."
    assert _answer(inclusion, note) == (
        "met",
        "Left ventricular ejection fraction 60% meets the required ≥ 50%",
    )
    assert _answer(exclusion, note, "exclusion")[0] == "not_met"


def test_words_naming_no_published_standard_still_need_the_study_team() -> None:
    status, reason = _answer(_STANDARD_OF_CARE, "Prednisolone 10 mg daily since 2024.")
    assert status == "unknown", reason
