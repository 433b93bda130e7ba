"""Issue 12: one reader of what a criterion asks an operation or a treatment *for*.

"Any prior or concurrent surgery, radiotherapy or systemic anticancer therapy for TNBC or
hormone receptor-low/HER2-negative breast cancer" (NCT06112379) asks for surgery done for
breast cancer; the note's surgery meets it only when its sentence names that disease
(``trialfinder.judging.operation_purpose``). What the criterion asks the operation for is
read by ``trialfinder.indication.criterion_indication``, the reader that reads what a drug is
asked for, so the two sides never disagree: a list whose next item carries its own adjective
("or systemic anticancer therapy") shares the list's indication, and a disease named after
the words of a kind or a stage ("for TNBC or … breast cancer", "for locally advanced or
metastatic NSCLC") is read. Criteria of the judge audit's trials.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.indication import another_indication, criterion_indication

_TNBC = (
    "Any prior or concurrent surgery, radiotherapy or systemic anticancer therapy for TNBC or "
    "hormone receptor-low/HER2-negative breast cancer"
)
_PROSTATE = (
    "Any prior anticancer pharmacotherapy or surgery for metastatic prostate cancer, with "
    "exceptions."
)
_HEAD_AND_NECK = (
    "Has received prior radiation therapy, systemic therapy, targeted therapy, or radical "
    "surgery for management of head and neck cancer not considered part of CRT."
)
_OBESITY = (
    "All patients undergoing laparoscopic MGB surgery for morbid obesity and it's associated "
    "comorbidities"
)
_BREAST_SURGERY = (
    "Underwent curative intent surgery for the breast cancer with complete microscopic "
    "resection either in the form of a mastectomy or breast conservation surgery"
)


@pytest.mark.parametrize(
    ("criterion", "mention", "concept"),
    [
        (_TNBC, "surgery", "breast_cancer"),
        (_PROSTATE, "surgery", "prostate_cancer"),
        (_HEAD_AND_NECK, "surgery", "head_and_neck_cancer"),
        (_OBESITY, "surgery", "obesity"),
        (_BREAST_SURGERY, "surgery", "breast_cancer"),
    ],
)
def test_the_reader_reads_what_an_operation_is_asked_for(
    criterion: str, mention: str, concept: str
) -> None:
    read = criterion_indication(criterion, mention)
    assert read is not None and read.concept == concept


def test_a_list_item_with_its_own_adjective_shares_the_lists_indication() -> None:
    """ "surgery, radiotherapy or systemic anticancer therapy for …": each of the three is
    asked for breast cancer, not only the last."""
    for mention in ("surgery", "radiotherapy", "anticancer therapy"):
        read = criterion_indication(_TNBC, mention)
        assert read is not None and read.concept == "breast_cancer", mention
        assert read.words == "TNBC or hormone receptor-low/HER2-negative breast cancer"


def test_a_disease_after_its_stage_words_is_the_indication() -> None:
    criterion = (
        "Has not received prior systemic therapy for their locally advanced or metastatic NSCLC."
    )
    read = criterion_indication(criterion, "systemic therapy")
    assert read is not None and read.concept == "lung_cancer"


@pytest.mark.parametrize(
    ("criterion", "mention"),
    [
        (
            "For Japan only: patients with T1DM treated with dapagliflozin 10 mg for at least 4 "
            "months, without DKA during the period of dapagliflozin treatment",
            "dapagliflozin",
        ),
        (
            "Concurrent exogenous reproductive hormone therapy or non-topical hormonal therapy "
            "for non-cancer-related conditions",
            "hormonal therapy",
        ),
        ("Patients treated with chemotherapy for any prior malignancy at any time", "chemotherapy"),
    ],
)
def test_a_duration_or_an_unnamed_condition_is_no_indication(criterion: str, mention: str) -> None:
    """ "for at least 4 months, without DKA": a duration, then a disease the treatment is not
    for; "for non-cancer-related conditions", "for any prior malignancy": no particular one."""
    assert criterion_indication(criterion, mention) is None


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("She had surgery for a hernia in 2019.", "unknown"),
        ("He had surgery for the prostate cancer last year.", "met"),
    ],
)
def test_surgery_for_another_disease_leaves_the_exclusion_to_the_study_team(
    said: str, expected: str
) -> None:
    note = f"68M, metastatic prostate cancer to bone. {said}"
    judgement = judged(_PROSTATE, "exclusion", facts(age=68, sex="male", note=note))
    assert judgement.status == expected, judgement.reason


@pytest.mark.parametrize(
    "given", ["metastatic disease", "advanced disease", "recurrence", "metastases"]
)
def test_a_note_naming_only_the_course_of_a_disease_names_no_other_indication(given: str) -> None:
    """ "Progressed on capecitabine for metastatic disease" in a breast cancer note: "disease",
    "recurrence", "metastases" (MeSH Disease, Recurrence, Neoplasm Metastasis) say how far or
    how often, not which disease, so capecitabine is not given for another indication than the
    criterion's "unresectable locally advanced or metastatic breast cancer"."""
    wanted = criterion_indication(
        "Has received prior chemotherapy for unresectable locally advanced or metastatic breast "
        "cancer",
        "chemotherapy",
    )
    note = f"58F, breast cancer. Progressed on capecitabine for {given} in 2025."
    read = [f.indication for f in facts(note=note).facts if f.indication is not None]
    assert wanted is not None and read
    assert not any(another_indication(i, wanted) for i in read)
