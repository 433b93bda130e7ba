"""Measurable disease (RECIST 1.1): an inclusion asking only it is judged from the note's
lesion sizes (issue 12 items 1 and 4).

"Have measurable disease according to RECIST v1.1" (NCT06662786), "At least 1 measurable
lesion according to RECIST v1.1, as assessed by the investigator." (NCT06140836), "Patients
with at least one measurable lesion, per RECIST version 1.1 at baseline . Bone-only disease is
not permitted." (NCT06189209): RECIST calls a tumour lesion of 10 mm or more measurable. A
note's current tumour lesion of that size meets it; a size of a lymph node, a bone lesion, a
lesion removed or measured before, or a benign cyst does not; "no measurable disease" leaves
it not met; a criterion asking more (another disease's measure) is left to the study team.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

RECIST = "Have measurable disease according to RECIST v1.1"
RECIST_INVESTIGATOR = (
    "At least 1 measurable lesion according to RECIST v1.1, as assessed by the investigator."
)
NOT_BONE_ONLY = (
    "Patients with at least one measurable lesion, per RECIST version 1.1 at baseline . "
    "Bone-only disease is not permitted."
)
# NCT06760637: bone-only disease is let in as well; a measurable lesion meets it all the same.
OR_BONE_ONLY = "Measurable disease or non-measurable bone only disease"


def test_a_tumour_lesion_of_ten_mm_or_more_meets_measurable_disease() -> None:
    for note in (
        "ROS1 lung cancer. CT: 3.5 cm RUL mass, pleural and liver metastases.",
        "Metastatic TNBC. CT 28/11/2026 shows progression: target liver lesion 32 mm (RECIST 1.1).",
    ):
        for text in (RECIST, RECIST_INVESTIGATOR, NOT_BONE_ONLY):
            judgement = judged(text, "inclusion", facts(note=note))
            assert judgement.status == "met", (text, note, judgement.reason)
            assert "measurable by RECIST 1.1" in judgement.reason


@pytest.mark.parametrize(
    "note",
    [
        "Lung cancer. CT: right hilar lymph node 12 mm.",
        "Breast cancer. Lytic bone lesion 25 mm in L2.",
        "Colon cancer, tumour 45 mm resected in 2024, now on surveillance.",
        "Colon cancer. Simple renal cyst 3 cm.",
        "Lung cancer. CT: 6 mm RUL nodule.",
        # A distance, a removed tumour's size, metastases under 10 mm.
        "Rectal cancer, tumour 6 cm from the anal verge.",
        "Breast cancer; mastectomy 2024: 3.5 cm tumour, 2 of 12 nodes.",
        "Colon cancer. Liver mets 8 mm and 6 mm.",
        # Bone disease not said to lack a soft-tissue part, or beside a lesion of no size.
        "Breast cancer: lytic bone metastases in the spine and pelvis.",
        "Breast cancer: lytic bone metastases in the pelvis without a soft tissue component; "
        "brain metastases.",
    ],
)
def test_sizes_that_say_less_than_measurable_disease_leave_it_unknown(note: str) -> None:
    judgement = judged(RECIST, "inclusion", facts(note=note))
    assert judgement.status == "unknown", judgement.reason


NO_EVIDENCE = "Colon cancer after resection and adjuvant FOLFOX; CT: no evidence of disease."


def test_a_note_denying_measurable_disease_leaves_it_not_met() -> None:
    assert judged(RECIST, "inclusion", facts(note=NO_EVIDENCE)).status == "not_met"


def test_a_criterion_asking_more_than_measurable_disease_is_left_open() -> None:
    note = "Breast cancer. CT: 3.5 cm liver mass."
    text = "Measurable disease outside the central nervous system"
    judgement = judged(text, "inclusion", facts(note=note))
    assert judgement.status == "unknown", judgement.reason


# The API v2 sample's other ways of asking it: a target lesion, "based on", the scan named,
# the disease outside the brain ("systemic").
OTHER_PHRASINGS = (
    "Has measurable disease (at least 1 target lesion) based on RECIST 1.1",
    "Has measurable target disease assessed by the Investigator based on RECIST version 1.1.",
    "Participants must have measurable disease by computed tomography (CT) or magnetic "
    "resonance imaging (MRI) per RECIST v1.1 criteria.",
    "Evidence of measurable disease as defined by Response Evaluation Criteria in Solid "
    "Tumors Version 1.1 (RECIST 1.1) as determined by site.",
    "Measurable systemic disease according to RECIST v1.1",
)


@pytest.mark.parametrize("text", OTHER_PHRASINGS)
def test_other_phrasings_of_measurable_disease_are_read_alike(text: str) -> None:
    """They asked only measurable disease but were left to the study team: a word of how or
    where it is measured was taken for something more asked."""
    lesion = judged(text, "inclusion", facts(note="Breast cancer. CT: 3.5 cm liver mass."))
    assert lesion.status == "met", lesion.reason
    assert judged(text, "inclusion", facts(note=NO_EVIDENCE)).status == "not_met"
    node = judged(text, "inclusion", facts(note="Lung cancer. CT: right hilar lymph node 12 mm."))
    assert node.status == "unknown", node.reason


# The rounds' notes (fifteen, sixteen, nineteen, twenty, twenty-three, twenty-four) give a
# metastasis's size in the words a note uses ("liver mets (largest 42 mm)", "R adrenal met
# 3.4 cm", "the biggest lump in my liver measures 4 cm", "liver lesions up, largest 41 mm").
@pytest.mark.parametrize(
    ("text", "note"),
    [
        (RECIST, "CT CAP: multiple bilobar liver mets (largest 42 mm), unresectable per HPB."),
        (
            "At least one measurable lesion (according to RECIST V 1.1);",
            "Measurable R adrenal met 3.4 cm.",
        ),
        (
            "Measurable disease as per RECIST 1.1.",
            "Measurable: RUL lung met 24 mm, SCF node 19 mm short axis.",
        ),
        (
            "Have measurable disease according to RECIST v1.1",
            "CT 12/11/2026 PD, liver lesions up, largest 41 mm.",
        ),
        (
            "At least one measurable lesion (according to RECIST V 1.1);",
            "The last scan showed it is still growing; the biggest lump in my liver measures 4 cm.",
        ),
    ],
)
def test_a_metastasis_size_in_a_notes_words_meets_measurable_disease(text: str, note: str) -> None:
    judgement = judged(text, "inclusion", facts(note=note))
    assert judgement.status == "met", judgement.reason
    assert "measurable by RECIST 1.1" in judgement.reason


# Criteria of the rounds' trials that also take disease RECIST cannot measure (NCT04613596,
# NCT06346392, NCT06065748, NCT06760637, NCT06282575, NCT05380882).
EVALUABLE_TOO = (
    "Phase 3: Presence of evaluable or measurable disease per RECIST",
    "Must have at least one measurable or evaluable lesion assessed by the Investigator based "
    "on RECIST 1.1.",
    "Measurable disease as defined per RECIST v.1.1 or non-measurable (including bone-only) "
    "disease",
    OR_BONE_ONLY + " as defined by RECIST version 1.1",
    "Assessable (measurable or non-measurable) disease as defined by Response Evaluation "
    "Criteria in Solid Tumors Version 1.1 (RECIST 1.1), per investigator assessment.",
    "5 According to the RECIST 1.1 standard, patient with at least one evaluable lesion;",
)


@pytest.mark.parametrize("text", EVALUABLE_TOO)
def test_evaluable_or_measurable_disease_is_met_by_any_tumour_lesion_now(text: str) -> None:
    """Left to the study team before: the words taking disease RECIST cannot measure were
    taken for something more asked. A measurable lesion meets them, and so does bone disease
    or a metastasis of any size; a note denying disease leaves them not met, and one naming
    no lesion or denying metastases leaves them unknown."""
    sized = judged(text, "inclusion", facts(note="Gastric cancer. CT: liver lesion 28 mm."))
    assert sized.status == "met", sized.reason
    for note in (
        "Breast cancer, new dx with bone mets at presentation; PET-CT: sclerotic bone mets "
        "spine and pelvis, no visceral disease.",
        "Breast cancer relapsing on anastrozole: multiple bone mets and 2 liver mets (8 mm).",
    ):
        judgement = judged(text, "inclusion", facts(note=note))
        assert judgement.status == "met", (note, judgement.reason)
        assert "cannot measure" in judgement.reason
    assert judged(text, "inclusion", facts(note=NO_EVIDENCE)).status == "not_met"
    for note in ("Colon cancer, no metastases.", "Colon cancer on FOLFOX."):
        assert judged(text, "inclusion", facts(note=note)).status == "unknown", note


def test_non_measurable_disease_asked_alone_is_not_read_as_evaluable() -> None:
    judgement = judged(
        "Non-measurable disease only", "inclusion", facts(note="Breast cancer. 3.5 cm liver mass.")
    )
    assert judgement.status == "unknown", judgement.reason


@pytest.mark.parametrize(
    "note",
    [
        # NCT06282575's and NCT05380882's rounds: measurability in words, a size not given.
        "Cholangiocarcinoma after gemcitabine/cisplatin. CT: measurable liver lesions (RECIST "
        "1.1). ECOG 1.",
        "Stomach cancer that has grown on treatment. The scan shows two lumps in the liver "
        "they measure each time.",
        "Lung cancer. Measurable disease: target lesions in the liver and adrenal.",
    ],
)
def test_a_note_stating_measurable_disease_in_words_meets_it(note: str) -> None:
    judgement = judged(RECIST, "inclusion", facts(note=note))
    assert judgement.status == "met", judgement.reason
    assert judgement.reason == "the note states measurable disease"


@pytest.mark.parametrize(
    "note",
    [
        "Gastric cancer. CT: liver lesions too small to measure.",
        "Gastric cancer. CT: non-measurable peritoneal disease.",
        "Gastric cancer. Liver lesion measured 30 mm at diagnosis, resected 2024.",
        "Gastric cancer. Measurable disease at baseline, complete response since.",
    ],
)
def test_measurability_denied_or_dated_in_words_does_not_meet_it(note: str) -> None:
    assert judged(RECIST, "inclusion", facts(note=note)).status != "met", note


# NCT06189209's round ten: bone metastases the note says have no soft-tissue part and brain
# metastases under 10 mm: RECIST 1.1 can measure none of them.
BONE_AND_SMALL = (
    "TNBC metastatic since 2022, four lines. Disease: lytic bone metastases (spine, pelvis, "
    "no soft tissue component) and three brain metastases, largest 6 mm."
)


def test_disease_recist_cannot_measure_leaves_measurable_disease_not_met() -> None:
    for note in (
        BONE_AND_SMALL,
        "Breast cancer with bone-only disease: sclerotic metastases in the spine and ribs.",
    ):
        for text in (RECIST, NOT_BONE_ONLY):
            judgement = judged(text, "inclusion", facts(note=note))
            assert judgement.status == "not_met", (note, judgement.reason)
            assert "RECIST 1.1 can measure none" in judgement.reason
    # Evaluable disease is met by the same disease.
    assert judged(OR_BONE_ONLY, "inclusion", facts(note=BONE_AND_SMALL)).status == "met"


@pytest.mark.parametrize(
    "note",
    [
        # The judge audit's notes naming no cancer: a lesion or a mass may be no tumour's.
        "She complains of a painful skin lesion on the left lower leg.",
        "On examination she has a prominent, soft, uniform anterior cervical mass at the midline.",
        "Plain radiography and CT showed an osteolytic lesion.",
    ],
)
def test_a_lesion_in_a_note_naming_no_cancer_leaves_evaluable_disease_unknown(note: str) -> None:
    judgement = judged(OR_BONE_ONLY, "inclusion", facts(note=note))
    assert judgement.status == "unknown", judgement.reason
