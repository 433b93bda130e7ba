"""Issue 12 item 1: TNM categories written on a cancer are part of what the criterion asks.

"T1-4N0M0" prostate cancer is not any prostate cancer, and a note's "cT2N1M0" answers "N0"
(no) where a stage alone could not. One reader (``criteria.tnm``) reads the TNM in the
criterion and in the note; the judge compares category by category. Criteria are real (the
API v2 studies in ../shared/data); notes are written as the hand-written rounds write them.
"""

from __future__ import annotations

from test_criteria_extraction import LCT, _corpus_criterion
from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import criterion_line
from trialfinder.criteria.model import ConceptMention, TnmGroup, TnmStage
from trialfinder.criteria.parse import parse_criterion
from trialfinder.criteria.tnm import tnm_spans

COLORECTAL = _corpus_criterion(LCT, "NCT03923335", "(T1-4N0M0) colorectal cancer").lstrip("1. ")
# The criterion's TNM and cancer alone ("TNM stage I-II" before it and "cases" after are left to
# the study team, so the whole line is never met).
COLORECTAL_TNM = COLORECTAL[COLORECTAL.index("(T1") : COLORECTAL.index(" cases")]
NSCLC_N2 = criterion_line("NCT06890598", "Pathologic Stage II-IIIB (N2) NSCLC")
BREAST_PT12 = criterion_line("NCT02992574", "Women with unilateral pT1,2N0M0 breast cancer")
BREAST_STAGES = criterion_line("NCT06038539", "stage at presentation: early stage (T2-3")
STAGE_LISTS = criterion_line("NCT04892173", "Clinical stage T1-2 N0, T2 N1, or M1 disease")
RECTAL = criterion_line("NCT04472845", "pT3-4pN2-3 M0 disease")


def tnm_of(text: str, section: str, concept: str) -> TnmStage | None:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    mentions = [c for c in constraints if isinstance(c, ConceptMention) and c.concept == concept]
    assert mentions, constraints
    return mentions[0].tnm


def only_group(text: str) -> TnmGroup:
    (span,) = tnm_spans(text)
    (group,) = span.tnm.groups
    return group


def test_a_bracketed_glued_tnm_before_its_cancer_is_read_as_the_cancers_categories() -> None:
    tnm = tnm_of(COLORECTAL, "inclusion", "colorectal_cancer")
    assert tnm == TnmStage((TnmGroup("", (("1", "4"),), (("0", "0"),), (("0", "0"),)),), "T1-4N0M0")


def test_a_bracketed_category_between_a_stage_and_its_cancer_is_read() -> None:
    tnm = tnm_of(NSCLC_N2, "inclusion", "lung_cancer")
    assert tnm is not None
    assert tnm.groups == (TnmGroup("", (), (("2", "2"),), ()),)


def test_a_prefixed_tnm_before_its_cancer_lists_its_t_values() -> None:
    tnm = tnm_of(BREAST_PT12, "inclusion", "breast_cancer")
    assert tnm is not None
    assert tnm.groups == (TnmGroup("p", (("1", "1"), ("2", "2")), (("0", "0"),), (("0", "0"),)),)


def test_sub_letter_ranges_and_any_category_are_read() -> None:
    spans = tnm_spans(BREAST_STAGES)
    groups = [group for span in spans for group in span.tnm.groups]
    assert TnmGroup("", (("4a", "4c"),), (("0", "3"),), (("0", "0"),)) in groups
    assert TnmGroup("", (("2", "3"),), (("0", "1"),), (("0", "0"),)) in groups


def test_prefixed_categories_glued_with_ranges_are_one_group() -> None:
    assert only_group(RECTAL) == TnmGroup("p", (("3", "4"),), (("2", "3"),), (("0", "0"),))


def test_groups_a_list_joins_are_one_tnm_of_alternatives() -> None:
    (span,) = tnm_spans(STAGE_LISTS)
    assert span.tnm.text == "T1-2 N0, T2 N1, or M1"
    assert len(span.tnm.groups) == 3


def test_post_therapy_tis_a_sentinel_aside_and_m_sub_letters_are_read() -> None:
    assert only_group("ypT0/is ypN0") == TnmGroup(
        "yp", (("0", "0"), ("is", "is")), (("0", "0"),), ()
    )
    assert only_group("pT1c pN0 (sn) M0").n == (("0", "0"),)
    assert only_group("M1a/b").m == (("1a", "1a"), ("1b", "1b"))
    assert only_group("T1-2 N+M0").n == (("1", "3"),)


def test_a_category_that_cannot_be_assessed_gives_no_values() -> None:
    assert only_group("TX N0") == TnmGroup("", (), (("0", "0"),), ())


def test_words_that_only_look_like_tnm_are_not_read() -> None:
    assert tnm_spans("T2DM on metformin") == []
    assert tnm_spans("T1-weighted MRI of the brain") == []
    assert tnm_spans("HER2-positive") == []


def test_the_notes_tnm_is_attached_to_its_cancer() -> None:
    patient = facts(note="67M with colon cancer, cT3N0M0, CEA 4.")
    (fact,) = patient.concept_facts("colorectal_cancer")[0]
    assert fact.tnm is not None
    assert fact.tnm.groups == (TnmGroup("c", (("3", "3"),), (("0", "0"),), (("0", "0"),)),)


def test_a_tnm_inside_every_category_meets_the_criterion() -> None:
    result = judged(
        COLORECTAL_TNM, "inclusion", facts(note="67M with colon cancer, cT3N0M0, CEA 4.")
    )
    assert result.status == "met", result
    assert result.reason == (
        "the patient's colorectal cancer is cT3N0M0, within the criterion's T1-4N0M0"
    )


def test_a_category_outside_the_criterions_does_not_meet_it() -> None:
    patient = facts(note="67M with colon cancer, pT3N1bM0 after resection.")
    result = judged(COLORECTAL, "inclusion", patient)
    assert result.status == "not_met", result
    assert result.reason == (
        "the patient's colorectal cancer is pT3N1bM0; the criterion needs T1-4N0M0"
    )


def test_a_category_the_note_does_not_give_leaves_the_criterion_unknown_naming_it() -> None:
    result = judged(COLORECTAL, "inclusion", facts(note="67M with colon cancer, pT3, CEA 4."))
    assert result.status == "unknown", result
    assert result.reason == (
        "the note gives no N category for the patient's colorectal cancer; "
        "the criterion needs T1-4N0M0"
    )


def test_a_cancer_without_a_tnm_leaves_a_tnm_criterion_unknown() -> None:
    result = judged(COLORECTAL, "inclusion", facts(note="67M with colon cancer, CEA 4."))
    assert result.status == "unknown", result
    assert result.reason == (
        "the note gives no TNM category for the patient's colorectal cancer; "
        "the criterion needs T1-4N0M0"
    )


def test_a_metastatic_cancer_is_m1_against_an_m0_criterion() -> None:
    patient = facts(note="67M with metastatic colon cancer to liver on FOLFOX.")
    result = judged(COLORECTAL, "inclusion", patient)
    assert result.status == "not_met", result


def test_a_notes_m1_is_stage_iv() -> None:
    patient = facts(note="58F with breast cancer, cT2N1M1 (liver), HER2+.")
    (fact,) = patient.concept_facts("breast_cancer")[0]
    assert fact.stage is not None
    assert fact.stage.ranges == (("4", "4"),)


def test_a_tnm_after_neoadjuvant_therapy_does_not_settle_one_before_it() -> None:
    patient = facts(note="61F with rectal cancer, ypT0 ypN0 after neoadjuvant chemoradiation.")
    result = judged(COLORECTAL, "inclusion", patient)
    assert result.status == "unknown", result
    assert "neoadjuvant" in result.reason


def test_a_tnm_written_as_a_sentence_of_its_own_is_the_cancers_before_it() -> None:
    patient = facts(note="67M. Colon cancer, resected 2025. Pathology T3 N1b M0.")
    result = judged(COLORECTAL_TNM, "inclusion", patient)
    assert result.status == "not_met", result


def test_a_lone_category_sentence_after_a_cancer_is_not_its_tnm() -> None:
    patient = facts(note="67M. Colon cancer dx 2025. Free T4 1.2 ng/dL.")
    (fact,) = patient.concept_facts("colorectal_cancer")[0]
    assert fact.tnm is None
