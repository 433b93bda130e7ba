"""Disease state read on both sides: marker results, responses in order, the WHO HIV stage.

A criterion naming no condition the lexicon knows ("Absence of sensitizing EGFR mutations and
ALK and ROS1 rearrangements", "Partial Response or better", "Stadium III and IV") was left to
the study team even when the referral states the result ("EGFR exon 19 deletion", "VGPR",
"WHO stage 4"). These tests hold the readings on the real criteria of the reference trials and
the hand-written patients' notes of the fifth to seventh rounds; the sources of the orders and
lists are in ``docs/criteria.md``.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from trialfinder import PatientProfile, extract_facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.evaluate import judge_pair, title_concepts
from trialfinder.hiv_stage import asked_hiv_stages
from trialfinder.marker_requirements import marker_reading, marker_requirements
from trialfinder.match import CriterionResult, match_trial
from trialfinder.response_categories import asked_response, response_reading


def _answer(round_name: str, patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient)
    )
    return _criterion(result, start)


_ABSENCE = "Absence of sensitizing EGFR mutations"


def test_a_sensitizing_egfr_mutation_fails_a_criterion_asking_its_absence() -> None:
    """NCT05984277 "Absence of sensitizing EGFR mutations and ALK and ROS1 rearrangements"
    against "EGFR exon 19 deletion, ALK negative": an exon 19 deletion is sensitizing."""
    answer = _answer("five", "EGFR lung adenocarcinoma", "NCT05984277", _ABSENCE)
    assert answer.status == "not_met", answer.reason


def test_drivers_not_detected_meet_a_criterion_asking_their_absence() -> None:
    """The same criterion against "EGFR/ALK/ROS1 not detected"."""
    answer = _answer("five", "squamous lung cancer PD-L1 high", "NCT05984277", _ABSENCE)
    assert answer.status == "met", answer.reason


def test_an_egfr_mutation_without_its_variant_leaves_sensitizing_open() -> None:
    """ "EGFR mutated" or an exon 20 insertion does not say the mutation is a sensitizing one."""
    text = "Absence of sensitizing EGFR mutations and ALK and ROS1 rearrangements."
    for note in ("EGFR mutated, ALK and ROS1 negative.", "EGFR exon 20 insertion, ALK negative."):
        reading = marker_reading(text, [note])
        assert reading is not None
        assert reading.truth == "unknown", reading.reason


def test_a_named_variant_is_not_met_by_another_of_the_gene() -> None:
    """ "KRAS G12C mutation" asks G12C: "KRAS G12D" does not say it; "KRAS wild-type" fails it."""
    assert [(r.marker, r.variant) for r in marker_requirements("KRAS G12C mutation")[0]] == [
        ("kras", "g12c")
    ]
    other = marker_reading("KRAS G12C mutation", ["KRAS G12D mutant adenocarcinoma."])
    wild = marker_reading("KRAS G12C mutation", ["KRAS wild-type."])
    assert other is not None and other.truth == "unknown"
    assert wild is not None and wild.truth == "false"


def test_a_variant_or_driver_found_absent_does_not_meet_a_criterion_asking_it() -> None:
    """tests/data/hand_written_patients_fifteen.json's "BRAF V600E not detected" and a note's
    "no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF alteration" were read as the variant
    present: "BRAF V600E mutation" and "Documented KRAS G12C mutation" were met."""
    braf = marker_reading("BRAF V600E mutation", ["BRAF V600E not detected."])
    kras = marker_reading(
        "Documented KRAS G12C mutation",
        ["NGS: no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF alteration."],
    )
    egfr = marker_reading("Known EGFR mutation", ["No EGFR mutation."])
    assert [r.truth if r else None for r in (braf, kras, egfr)] == ["false", "false", "false"]
    # The criterion's own leading absence is still read once ("No known EGFR mutation").
    assert [(r.marker, r.status) for r in marker_requirements("No known EGFR mutation")[0]] == [
        ("egfr", "negative")
    ]


def test_alternatives_are_no_plain_marker_requirement() -> None:
    """ "HER2-positive or ER-positive" asks either: no single requirement is read."""
    assert marker_requirements("HER2-positive or ER-positive breast cancer") == ([], False)


def test_a_marker_among_other_words_or_a_graded_level_is_not_settled() -> None:
    """ "Must not be exposed previously with TKIs that demonstrated activities in ROS1-positive
    NSCLC" is no ROS1 requirement; "Has a PD-L1-high (TC ≥50%) tumor" asks a level that a note's
    "PD-L1 5%" (positive) does not reach. Both stay with the study team."""
    exposed = "Participants must not be exposed previously with TKIs active in ROS1-positive NSCLC"
    reading = marker_reading(exposed, ["ROS1 negative."])
    assert reading is None or not reading.whole
    assert marker_requirements("Has a PD-L1-high (Tumor cells [TC] ≥50%) tumor") == ([], False)


def _statuses(round_name: str, trial: str, start: str, *patients: str) -> list[str]:
    return [_answer(round_name, patient, trial, start).status for patient in patients]


def test_her2_and_hormone_receptor_results_settle_an_exclusion_of_both() -> None:
    """NCT03671044 exclusion "HER2 positive over expression and hormone receptor positive (ER
    or PR)": "ER 0, PR 0, HER2 1+" (triple negative) does not have it; "ER+ PR+ HER2 3+" does."""
    assert _statuses(
        "five",
        "NCT03671044",
        "Patients with a history of HER2 positive",
        "triple negative breast cancer second line",
        "HER2 positive breast cancer with brain met",
    ) == ["not_met", "met"]


def test_each_listed_actionable_alteration_is_judged_against_the_note() -> None:
    """NCT06726265 exclusion "tumor harbors any of the following actionable molecular
    alterations": EGFR-sensitizing mutation, ALK fusion, ROS1 translocation; "EGFR, ALK and
    ROS1 negative" has none, "EGFR exon 19 deletion detected" has the first."""
    assert _statuses(
        "six",
        "NCT06726265",
        "Participants whose tumor harbors any of the following",
        "NSCLC with AF and cured hepatitis C",
        "EGFR lung adenocarcinoma with HIV",
    ) == ["not_met", "met"]


def test_a_better_response_meets_a_response_or_better() -> None:
    """NCT05317416 "Partial Response or better according to IMWG criteria" against "VGPR" and
    "complete response" (IMWG: CR > VGPR > PR)."""
    start = "Partial Response or better"
    for patient in ("myeloma after transplant, MRD positive", "myeloma with AL amyloidosis"):
        answer = _answer("seven", patient, "NCT05317416", start)
        assert answer.status == "met", answer.reason


def test_the_best_response_to_a_prior_therapy_is_read_past_a_later_progression() -> None:
    """NCT05519085 "achieved minimal response [MR] or better to at least 1 prior antimyeloma
    therapy" against "ASCT Feb 2022 (VGPR), lenalidomide maintenance until progression"."""
    answer = _answer(
        "seven",
        "myeloma at first relapse on lenalidomide",
        "NCT05519085",
        "Participants achieved minimal response",
    )
    assert answer.status == "met", answer.reason
    assert asked_response("minimal response [MR] or better to at least 1 prior therapy") == (
        "mr",
        True,
    )


def test_a_response_denied_before_or_better_asks_nothing() -> None:
    """NCT05519085 "the best response achieved was not a minimal response (MR) or better" asks
    the opposite of a response; it is left to the study team."""
    text = "For participants with prior treatment of a bortezomib containing regimen, the best "
    assert (
        asked_response(text + "response achieved was not a minimal response (MR) or better") is None
    )


def test_a_progression_after_a_response_is_the_latest_response() -> None:
    """A criterion about now ("PR or better at randomization") is failed by a progression
    stated after the response; a denied progression states none."""
    text = "Partial Response or better at the time of randomization"
    later = response_reading(text, ["ASCT (VGPR).", "Progression in Oct 2026."])
    denied = response_reading(text, ["VGPR after ASCT, no progression since."])
    assert later is not None and later.truth == "false"
    assert denied is not None and denied.truth == "true"


def test_the_who_hiv_stage_is_read_on_both_sides() -> None:
    """NCT05481294 (HIV) "Stadium I, II" and "Stadium III and IV" against "WHO clinical stage
    I" and "WHO stage 4 at diagnosis" (a WHO stage never goes back)."""
    assert asked_hiv_stages("WHO clinical stage 3 or 4") == {3, 4}
    early = _answer("six", "newly diagnosed HIV", "NCT05481294", "Stadium I, II")
    not_late = _answer("six", "newly diagnosed HIV", "NCT05481294", "Stadium III and IV")
    late = _answer("six", "HIV diagnosed with PCP", "NCT05481294", "Stadium III and IV")
    assert early.status == "met", early.reason
    assert not_late.status == "not_met", not_late.reason
    assert late.status == "met", late.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("A 58-year-old woman with breast cancer; CT shows liver metastases.", "excluded"),
        ("A 58-year-old woman with breast cancer, cT2 N1 M0 on staging CT.", "not excluded"),
        ("A 58-year-old woman with ER-positive breast cancer.", "not excluded"),
    ],
)
def test_the_note_s_spread_settles_an_exclusion_of_it_before_silence_does(
    note: str, expected: str
) -> None:
    """ "Evidence of metastatic disease." in a breast cancer trial reads no constraint; with
    the note as the whole record, silence answered it "not excluded" before the spread it
    asks was read, so a note of liver metastases was let through. A note silent on spread is
    still settled by silence."""
    patient = extract_facts(PatientProfile(note=note))
    trial = title_concepts("Breast Cancer")
    assert judge_pair("Evidence of metastatic disease.", "exclusion", patient, trial) == expected


@pytest.mark.parametrize(
    ("text", "note", "expected"),
    [
        ("Metastatic disease.", "Breast cancer; CT shows liver metastases.", "included"),
        ("Metastatic disease.", "Breast cancer, cT2 N1 M0 on staging CT.", "not included"),
        ("Metastatic disease.", "ER-positive breast cancer.", "not enough information"),
        (
            "Locally advanced or metastatic disease.",
            "Breast cancer; CT shows liver metastases.",
            "included",
        ),
        (
            "Locally advanced or metastatic disease.",
            "Breast cancer, cT2 N1 M0 on staging CT.",
            "not enough information",
        ),
        (
            "Locally advanced, unresectable, or metastatic disease based on most recent imaging.",
            "Breast cancer; CT shows liver metastases.",
            "included",
        ),
    ],
)
def test_an_inclusion_asking_the_cancer_s_spread_is_read_as_the_exclusion_is(
    text: str, note: str, expected: str
) -> None:
    """ "Locally advanced or metastatic disease." reads no constraint and was left to the
    study team even when the note gives liver metastases: the spread the exclusion reader
    reads (with an alternative written before it) is read in an inclusion too. A note
    without distant spread fails it only when no alternative admits the patient."""
    patient = extract_facts(PatientProfile(note=note))
    trial = title_concepts("Breast Cancer")
    assert judge_pair(text, "inclusion", patient, trial) == expected


def test_an_asco_cap_her2_score_settles_a_criterion_asking_the_her2_result() -> None:
    """NCT05501886 "Documented HER2 immunohistochemistry (IHC) negative as per ASCO-CAP 2018
    guidance" is met by "HER2 IHC 1+ (negative)" and by "HER2-negative"; NCT06131424
    "historical HER2 status of IHC 2+/ISH+ or 3+, or HER2 amplified" (one marker's one
    status, however defined) is not met by "HER2 1+" nor by "HER2 2+ but the ISH test was
    negative"."""
    assert _statuses(
        "twentytwo",
        "NCT05501886",
        "Documented HER2 immunohistochemistry",
        "lobular breast cancer progressing on palbociclib and letrozole, breast oncology letter",
        "premenopausal breast cancer growing on Zoladex, ribociclib and letrozole, "
        "in her own words",
    ) == ["met", "met"]
    assert _statuses(
        "twentyfour",
        "NCT06131424",
        "Patients with historical HER2 status",
        "HR+ HER2 1+ metastatic breast cancer from 2021 after letrozole-palbociclib and "
        "fulvestrant, basal cell carcinoma in 2019, GP letter",
        "man with HER2 2+ ISH-negative metastatic breast cancer from 2020 and a melanoma in 2019, "
        "his wife's words",
    ) == ["not_met", "not_met"]


def test_a_marker_or_another_marker_stays_open_but_one_markers_definitions_do_not() -> None:
    """An "or" between two markers is an alternative; between the scores that define one
    marker's status it is not."""
    assert marker_requirements("HER2-positive or ER-positive breast cancer") == ([], False)
    requirements, _ = marker_requirements("HER2 status of IHC 2+/ISH+ or 3+, or HER2 amplified")
    assert [(r.marker, r.status) for r in requirements] == [("her2", "positive")]


def test_a_graded_marker_result_beside_the_cancer_states_the_cancers_qualifier() -> None:
    """NCT06380751 "documented diagnosis of HR-positive, HER2-negative breast cancer" is met by
    "invasive ductal carcinoma, ER 8/8, HER2 negative"; NCT06764875 "HER2 positive for gastric
    cancer" by "GOJ adenocarcinoma, HER2 positive". NCT05110196 "NSCLC with confirmed EGFR
    wild-type and ALK rearrangement negative" asks no ALK-positive: "ALK negative" does not
    fail it."""
    assert _statuses(
        "twentythree",
        "NCT06380751",
        "Histologically or cytologically documented diagnosis of HR-positive",
        "man with metastatic ER-positive breast cancer and a PALB2 variant, bowel cancer in "
        "2015, GP letter",
    ) == ["met"]
    assert _statuses(
        "twentytwo",
        "NCT06764875",
        "HER2 positive for gastric cancer",
        "HER2-positive junctional cancer with ascites drained weekly, his daughter's words",
    ) == ["met"]
    assert _statuses(
        "twentythree",
        "NCT05110196",
        "Histologically or cytologically confirmed diagnosis of NSCLC with conf",
        "treatment-naive MET exon 14 lung adenocarcinoma at 72, Indian thoracic oncology note",
    ) != ["not_met"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("A 58-year-old woman with breast cancer; CT shows liver metastases.", "excluded"),
        (
            "A 58-year-old woman with breast cancer, cT2 N1 M0; CT CAP: no distant metastases.",
            "not excluded",
        ),
    ],
)
def test_distant_disease_is_distant_metastasis(note: str, expected: str) -> None:
    """NCT06112379 "Evidence of distant disease." asks the cancer's distant spread (M1) in
    TNM's words, as "Evidence of metastatic disease." does: the note's liver metastases meet
    it (the note's silence answered it before), its "no distant metastases" and M0 do not."""
    patient = extract_facts(PatientProfile(note=note))
    trial = title_concepts("Breast Cancer")
    assert judge_pair("Evidence of distant disease.", "exclusion", patient, trial) == expected
