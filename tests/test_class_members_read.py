"""Issue 12 (items 1–2): a more specific fact the note states satisfies the general criterion.

MeSH files a neoplasm twice: in the Neoplasms tree, by its site or histologic type, and again
under its organ's diseases (Prostatic Neoplasms is C04.588.945.440.770 and four places under
the male genital diseases). Counting the organ places against it, "at least half of its
places below Neoplasms" left a prostate, endometrial or rectal cancer no kind of "neoplasms",
so a criterion about "malignancy" read through MeSH was unknown for a note naming one.
Criteria are real (the hand-written rounds' trials).
"""

from __future__ import annotations

import pytest

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.vocabulary import Vocabulary, load_vocabulary

NEOPLASMS = "D009369"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@pytest.mark.parametrize(
    "descriptor",
    [
        "D011471",  # Prostatic Neoplasms: 1 of 7 places in C04
        "D016889",  # Endometrial Neoplasms: 1 of 5
        "D012004",  # Rectal Neoplasms: 1 of 6
        "D008223",  # Lymphoma: 1 of 3
    ],
)
def test_a_neoplasm_filed_also_under_its_organ_is_a_kind_of_neoplasms(
    vocabulary: Vocabulary, descriptor: str
) -> None:
    assert vocabulary.is_kind_of(descriptor, NEOPLASMS)


@pytest.mark.parametrize(
    "descriptor",
    [
        "D009157",  # Myasthenia Gravis: paraneoplastic places only (C04.588.614.550, C04.730)
        "D015624",  # Lambert-Eaton Myasthenic Syndrome: the same
        "D010048",  # Ovarian Cysts: Cysts (C04.182) are no neoplasms
        "D014983",  # Xeroderma Pigmentosum: a precancerous condition (C04.834)
        "D016864",  # Li-Fraumeni Syndrome: a hereditary syndrome (C04.700)
    ],
)
def test_a_disease_filed_in_the_neoplasms_tree_but_no_neoplasm_stays_none(
    vocabulary: Vocabulary, descriptor: str
) -> None:
    assert not vocabulary.is_kind_of(descriptor, NEOPLASMS)


def test_an_organ_place_still_does_not_make_a_neoplasm_a_kind_of_another_organs() -> None:
    """Prostatic Neoplasms is no kind of Endometrial Neoplasms, nor Lung Neoplasms."""
    vocabulary = load_vocabulary()
    assert not vocabulary.is_kind_of("D011471", "D016889")
    assert not vocabulary.is_kind_of("D011471", "D008175")


# NCT04073706: "Other prior malignancies <5 years before inclusion, except for successfully
# treated keratinocyte skin cancers, or ductal carcinoma of the breast insitu"
PRIOR_MALIGNANCIES = (
    "Other prior malignancies <5 years before inclusion, except for successfully treated "
    "keratinocyte skin cancers, or ductal carcinoma of the breast insitu"
)
# NCT04603807: "Previous malignancy within the past 3 years"
PREVIOUS_MALIGNANCY = "Previous malignancy within the past 3 years"


def _excluded(text: str, note: str, sex: str = "male") -> Judgement:
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, extract_facts(PatientProfile(note=note, age=72, sex=sex)))


def test_a_rectal_cancer_within_the_window_meets_other_prior_malignancies() -> None:
    """Round seventeen: "rectal cancer 2023, under 5 years"; the note's own endometrial
    cancer is the trial's."""
    note = (
        "Hysteroscopic biopsy: serous endometrial carcinoma. "
        "PMH: rectal adenocarcinoma 2023 treated with short-course pelvic radiotherapy."
    )
    judged = _excluded(PRIOR_MALIGNANCIES, note, sex="female")
    assert judged.status == "met", judged.reason


def test_a_prostate_cancer_within_the_window_meets_a_previous_malignancy() -> None:
    """Round twenty-two: "prostate cancer 11/2024" against NCT04603807's three years."""
    note = "ROS1-positive NSCLC progressing on crizotinib. Prostate cancer 11/2024, on ADT."
    judged = _excluded(PREVIOUS_MALIGNANCY, note)
    assert judged.status == "met", judged.reason


# NCT03983954: "For the Dose-escalation and MTD Expansion Cohorts: Histologically and/or
# cytologically confirmed solid tumor from the following list, …"
COHORT_SOLID_TUMOR = (
    "For the Dose-escalation and MTD Expansion Cohorts: Histologically and/or cytologically "
    "confirmed solid tumor from the following list, that is metastatic/advanced, and for "
    "which no curative therapy exists"
)
# NCT05865002: "Histopathological diagnosis of a solid tumor"
SOLID_TUMOR = "Histopathological diagnosis of a solid tumor"


def _included(text: str, note: str, sex: str = "female") -> Judgement:
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("C", "inclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, extract_facts(PatientProfile(note=note, age=44, sex=sex)))


def test_a_cervical_cancer_mesh_reads_by_its_organ_meets_a_solid_tumour() -> None:
    """Round twenty-three: "My cervical cancer - squamous cell"; MeSH reads Uterine Cervical
    Neoplasms, filed by site (C04.588.945), an organ's cancer: NCI C9107's solid tumour."""
    note = "My cervical cancer - squamous cell - was treated with radiotherapy in 2025."
    judged = _included(SOLID_TUMOR, note)
    assert judged.status == "met", judged.reason


def test_a_cohort_heading_before_a_colon_leaves_the_solid_tumour_asked() -> None:
    """ "For the … Cohorts:" says whom the criterion after the colon is for; that criterion
    still asks for a solid tumour."""
    note = "My cervical cancer - squamous cell - was treated with radiotherapy in 2025."
    judged = _included(COHORT_SOLID_TUMOR, note)
    assert judged.status != "not_met", judged.reason
    assert "the patient has cervical cancer, a solid tumour" in judged.reason


def test_myasthenia_gravis_is_still_no_solid_tumour() -> None:
    """Filed by MeSH under the nervous system's neoplasms as a paraneoplastic syndrome."""
    judged = _included(SOLID_TUMOR, "Myasthenia gravis on pyridostigmine.")
    assert judged.status != "met", judged.reason


# A patient on immunosuppressive medicines is immunosuppressed (immunocompromised) by the
# CDC's definition; a criterion asking the state in those words is met, one asking a disease
# of the immune system (a primary immunodeficiency) is not answered by the medicines.
TRANSPLANT_NOTE = "Kidney transplant 2020 on tacrolimus and mycophenolate."


@pytest.mark.parametrize(
    "text",
    [
        "Immunocompromise",  # NCT00739921
        # NCT05705843
        "Immunocompromised or immunosuppressed patients (HIV, Hep C, End-Stage Renal Disease, "
        "dialysis, transplant, chemo/radiation treatment in last 6 months",
    ],
)
def test_immunosuppressive_medicines_meet_an_immunocompromised_exclusion(text: str) -> None:
    judged = _excluded(text, TRANSPLANT_NOTE, sex="female")
    assert judged.status == "met", judged.reason
    assert "immunosuppress" in judged.reason


def test_immunosuppressive_medicines_do_not_answer_a_primary_immunodeficiency() -> None:
    # NCT06357533: "History of active primary immunodeficiency"
    judged = _excluded("History of active primary immunodeficiency", TRANSPLANT_NOTE)
    assert judged.status != "met", judged.reason


def test_a_denied_immunosuppressant_does_not_meet_immunocompromise() -> None:
    judged = _excluded("Immunocompromise", "Not on any immunosuppressants.")
    assert judged.status != "met", judged.reason


def test_a_blood_cancer_still_does_not_fail_a_cohort_headed_solid_tumour() -> None:
    """The cohort's label keeps the requirement from failing a patient the note does not
    place in that cohort (``cohort_scope``); only the met side is read after the colon."""
    note = "64M. Acute myeloid leukaemia diagnosed 2025, in remission after induction."
    judged = _included(COHORT_SOLID_TUMOR, note, sex="male")
    assert judged.status != "not_met", judged.reason


def test_no_previous_cancer_beside_the_notes_cancer_does_not_deny_its_brain_metastases() -> None:
    """Round eleven (NCT06120491, "Spinal cord compression or brain metastases unless
    asymptomatic, …"): "No previous cancer." beside a metastatic prostate adenocarcinoma
    denies other, past cancers; Brain Neoplasms, now a kind of Neoplasms, is not denied."""
    note = (
        "I saw Mr Singh, 67, in the urology cancer clinic. "
        "He has de novo metastatic prostate adenocarcinoma. No previous cancer."
    )
    judged = _excluded("Brain metastases", note)
    assert "does not have cancer" not in judged.reason, judged.reason
