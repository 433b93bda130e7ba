"""Issue 12 (items 1–2): a more specific fact the note states satisfies the general criterion.

A recency window is met by any mention dated inside it, though the first the note gives is
undated ("Previous malignancy within the past 3 years" against an NSCLC and "Prostate cancer
11/2024"); a cancer MeSH reads by a solid organ's site is a solid tumour (NCI C9107); a
patient on immunosuppressive medicines is immunocompromised (CDC). Criteria are real (the
hand-written rounds' trials and the API v2 studies).
"""

from __future__ import annotations

import pytest

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts

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
