"""Issue 12: a stage or grade written on a condition is part of what the criterion asks.

"Stage IIIB-IVA" cervical cancer is not any cervical cancer, and an exclusion of "grade >= 2
diarrhea" is not met by grade 1. One reader (``criteria.disease_stage``) reads the stage or
grade in the criterion and in the note; the judge compares them. Criteria are real (the API
v2 studies in ../shared/data); notes are hand-written.
"""

from __future__ import annotations

import json

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from test_judge_entailment import facts, judged
from trialfinder.criteria.disease_stage import (
    _WORD_CUES,
    _patterns,
    load_stage_rules,
    lowered_text,
    stage_relation,
    stage_spans,
)
from trialfinder.criteria.model import ConceptMention, DiseaseStage
from trialfinder.criteria.parse import parse_criterion


def criterion_line(nct_id: str, start: str) -> str:
    """The line of a real trial's eligibility text that starts (after its bullet) with ``start``."""
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        for line in lines:
            if nct_id not in line:
                continue
            protocol = json.loads(line)["protocolSection"]
            if protocol["identificationModule"]["nctId"] != nct_id:
                continue
            text = protocol["eligibilityModule"]["eligibilityCriteria"]
            for row in text.splitlines():
                item = row.strip().lstrip("*-0123456789. ")
                if item.startswith(start):
                    return item
    raise AssertionError((nct_id, start))


def legacy_line(nct_id: str, start: str) -> str:
    """The line of a legacy XML record's criteria that starts (after its number) with ``start``."""
    path = shared_path(LEGACY_XML_SAMPLE) / f"{nct_id}.xml"
    for row in path.read_text(encoding="utf-8").splitlines():
        item = row.replace("&#xD;", "").strip().lstrip("-0123456789. ")
        if item.startswith(start):
            return item
    raise AssertionError((nct_id, start))


CERVICAL = criterion_line("NCT03997110", "Locally advanced cervical cancer (Stage IIIB-IVA)")
FIGO = criterion_line("NCT06079671", "Histologically documented FIGO 2018 Stage IIIA to IVA")
NSCLC = criterion_line("NCT06350097", "Participants must not have received prior EGFR TKIs")
BREAST_RANGE = criterion_line("NCT06926543", "Stage IIB-III invasive breast cancer")
BREAST_IV = criterion_line("NCT04961996", "Diagnosed with Stage IV breast cancer")
DIARRHEA = criterion_line("NCT01785420", "Significant chronic gastrointestinal disorder")
VTE = legacy_line("NCT05482516", "History of Grade ≥ 4 venous thromboembolism")


def note_stage(note: str, concept: str) -> DiseaseStage | None:
    """The stage the note reading gives the one fact of ``concept`` in ``note``."""
    (fact,) = facts(note=note).concept_facts(concept)[0]
    return fact.stage


def stage_of(text: str, section: str, concept: str) -> DiseaseStage | None:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    mentions = [c for c in constraints if isinstance(c, ConceptMention) and c.concept == concept]
    assert mentions, constraints
    return mentions[-1].stage


def test_a_stage_range_after_its_cancer_is_read_as_the_cancers_stage() -> None:
    stage = stage_of(CERVICAL, "inclusion", "cancer")
    assert stage is not None
    assert (stage.scale, stage.ranges, stage.text) == ("stage", (("3b", "4a"),), "Stage IIIB-IVA")


def test_a_stage_range_before_its_cancer_is_read_past_the_cancers_other_words() -> None:
    stage = stage_of(BREAST_RANGE, "inclusion", "breast_cancer")
    assert stage == DiseaseStage("stage", (("2b", "3"),), "Stage IIB-III")


def test_a_figo_stage_range_is_one_range() -> None:
    assert [s.stage.ranges for s in stage_spans(FIGO)] == [(("3a", "4a"),)]


def test_listed_stages_are_a_set_of_stages() -> None:
    stage = stage_of(NSCLC, "exclusion", "lung_cancer")
    assert stage is not None
    assert stage.ranges == (("3b", "3b"), ("3c", "3c"), ("4", "4"))


def test_a_grade_bound_is_read_up_to_the_scales_highest_grade() -> None:
    stage = stage_of(DIARRHEA, "exclusion", "diarrhea")
    assert stage is not None
    assert (stage.scale, stage.ranges) == ("grade", (("2", "5"),))
    assert stage_of(VTE, "exclusion", "venous_thromboembolism") == DiseaseStage(
        "grade", (("4", "5"),), "Grade ≥ 4"
    )
    assert [s.stage.ranges for s in stage_spans("Unresolved toxicity > grade 1")] == [(("2", "5"),)]


def test_a_number_of_another_kind_after_a_roman_stage_is_not_a_stage() -> None:
    (span,) = stage_spans("Stage IV, 2 prior lines of therapy")
    assert span.stage.text == "Stage IV"


def test_a_stage_read_onto_its_cancer_leaves_nothing_of_the_criterion_unread() -> None:
    _, complete = parse_criterion(BREAST_IV, "inclusion")
    assert complete


def test_a_stage_without_its_sub_stage_overlaps_a_set_naming_one_sub_stage() -> None:
    wanted = DiseaseStage("stage", (("1", "1"), ("2", "2"), ("3a", "3a")), "stage I, II or IIIA")
    assert stage_relation(DiseaseStage("stage", (("3a", "3a"),), ""), wanted) == "inside"
    assert stage_relation(DiseaseStage("stage", (("1b2", "1b2"),), ""), wanted) == "inside"
    assert stage_relation(DiseaseStage("stage", (("3b", "3b"),), ""), wanted) == "outside"
    assert stage_relation(DiseaseStage("stage", (("3", "3"),), ""), wanted) == "overlaps"


def test_the_notes_stage_is_attached_to_its_cancer() -> None:
    stage = note_stage("52F, FIGO IB2 squamous cervical cancer, for chemoradiation.", "cancer")
    assert stage is not None
    assert stage.ranges == (("1b2", "1b2"),)


def test_a_stage_inside_the_criterions_stage_meets_it() -> None:
    patient = facts(note="55F, metastatic breast cancer, stage IV, bone only, on letrozole.")
    result = judged(BREAST_IV, "inclusion", patient)
    assert result.status == "met", result
    assert (
        result.reason == "the patient's breast cancer is stage IV, within the criterion's Stage IV"
    )


def test_a_stage_outside_the_criterions_range_does_not_meet_it() -> None:
    patient = facts(note="55F with stage IIA invasive ductal breast cancer, ER+, HER2-.")
    result = judged(BREAST_RANGE, "inclusion", patient)
    assert result.status == "not_met", result
    assert (
        result.reason
        == "the patient's breast cancer is stage IIA; the criterion needs Stage IIB-III"
    )


def test_a_stage_without_its_sub_stage_leaves_a_sub_stage_set_unknown() -> None:
    patient = facts(note="66M, stage III NSCLC, adenocarcinoma, EGFR exon 19 deletion.")
    result = judged(NSCLC, "exclusion", patient)
    assert result.status != "met", result


def test_a_cancer_without_a_stage_leaves_a_staged_criterion_unknown_naming_the_stage() -> None:
    patient = facts(note="55F, breast cancer diagnosed 2024, ER+, on letrozole.")
    result = judged(BREAST_IV, "inclusion", patient)
    assert result.status == "unknown", result
    assert result.reason == (
        "the note gives no stage for the patient's breast cancer; the criterion needs Stage IV"
    )


def test_a_grade_below_an_exclusions_bound_does_not_meet_it() -> None:
    patient = facts(note="58F, grade 2 pulmonary embolism in 2023, on apixaban since.")
    result = judged(VTE, "exclusion", patient)
    assert result.status == "not_met", result


def test_a_grade_inside_an_exclusions_bound_meets_it() -> None:
    patient = facts(
        note="58F, life-threatening pulmonary embolism (grade 4) in 2023, thrombolysed."
    )
    result = judged(VTE, "exclusion", patient)
    assert result.status == "met", result


def test_a_letter_grade_in_the_note_is_the_conditions_grade() -> None:
    note = "61M on capecitabine, G3 diarrhoea last week, now settling."
    assert note_stage(note, "diarrhea") == DiseaseStage("grade", (("3", "3"),), "G3")


def test_a_cancer_the_note_calls_metastatic_is_stage_iv() -> None:
    patient = facts(note="55F, metastatic breast cancer to bone and liver, on letrozole.")
    assert judged(BREAST_IV, "inclusion", patient).status == "met"
    assert judged(BREAST_RANGE, "inclusion", patient).status == "not_met"


def test_a_written_stage_outweighs_the_extent_words() -> None:
    note = "55F, stage IIIA breast cancer, no distant metastases on PET-CT."
    stage = note_stage(note, "breast_cancer")
    assert stage is not None
    assert stage.ranges == (("3a", "3a"),)


def test_spread_to_lymph_nodes_is_not_read_as_stage_iv() -> None:
    note = "55F, breast cancer with metastases to two axillary lymph nodes."
    assert note_stage(note, "breast_cancer") is None


def test_a_letter_that_lowercases_to_two_keeps_the_stages_words() -> None:
    (span,) = stage_spans("İİ stage IIIA NSCLC")
    assert span.stage.text == "stage IIIA"


def test_stages_listed_around_a_bracketed_aside_are_one_set() -> None:
    text = criterion_line("NCT05110196", "Stage IIIB/IIIC (not amenable to surgery")
    stage = stage_of(text, "inclusion", "lung_cancer")
    assert stage is not None
    assert stage.ranges == (("3b", "3b"), ("3c", "3c"), ("4", "4"))
    assert stage.text.startswith("Stage IIIB/IIIC (not amenable") and stage.text.endswith(
        "or Stage IV"
    )


def test_every_stage_the_real_criteria_write_passes_the_guard_the_reader_skips_texts_by() -> None:
    """The stage pattern is run only on a text holding a stage or grade word's cue or a
    letter grade with its value (most criteria hold neither, and nearly all hold a "g"): every
    stage or grade word of ``stages.json`` holds a cue, and every match in the real criteria,
    a line at a time and as whole texts, passes the guard, so the guard drops none."""
    rules = load_stage_rules()
    assert all(any(cue in word for cue in _WORD_CUES) for word in rules.stage_words)
    assert all(any(cue in word for cue in _WORD_CUES) for word in rules.grade_words)
    patterns = _patterns()
    texts: list[str] = []
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        for line in lines:
            module = json.loads(line)["protocolSection"].get("eligibilityModule", {})
            whole = lowered_text(module.get("eligibilityCriteria", ""))
            texts += [whole, *whole.splitlines()]
    matched = [text for text in texts if patterns.stage.search(text)]
    assert len(matched) > 100
    guarded = [
        text
        for text in texts
        if any(cue in text for cue in _WORD_CUES) or patterns.letter_value.search(text)
    ]
    assert set(matched) <= set(guarded)
    assert len(guarded) < len(texts) / 2
