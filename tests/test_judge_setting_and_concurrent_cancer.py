"""A treatment criterion that names its setting asks for the treatment in that setting.

"Patients receiving palliative radiotherapy" is not met by a man on radical radiotherapy,
and "Patients who have undergone neoadjuvant systemic therapy" is not met by a woman
planned for adjuvant chemotherapy after upfront surgery: the setting word (palliative,
neoadjuvant) is a qualifier of the treatment, which the note must state, as it must state
"severe" for "severe asthma". Likewise "Previous or concurrent malignancy" in a cancer
trial is a cancer besides the one the patient is considered for: the breast cancer a woman
is referred with does not meet it; a melanoma before it does. The criteria are real
registry text (``../shared``), as round fifteen of the hand-written patients met them.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

# NCT05653063 (ARCHERY), exclusion 2.
PALLIATIVE_RT = "Patients receiving palliative radiotherapy"
# NCT02992574 (post-mastectomy radiotherapy), exclusion 3.
NEOADJUVANT = "Patients who have undergone neoadjuvant systemic therapy."
# NCT02992574, exclusion 4.
CONCURRENT_CANCER = (
    "Previous or concurrent malignancy other than non melanomatous skin cancer and carcinoma "
    "in situ of the cervix"
)


def test_radical_radiotherapy_does_not_meet_a_palliative_radiotherapy_exclusion() -> None:
    note = (
        "68M. Prostate adenocarcinoma, Gleason 4+3=7. MRI cT3a N0, bone scan M0. "
        "Opted for radical RT (60 Gy/20#) with 6/12 ADT; consented."
    )
    judgement = judged(PALLIATIVE_RT, "exclusion", facts(age=68, sex="male", note=note))
    assert judgement.status != "met", judgement.reason


def test_palliative_radiotherapy_meets_a_palliative_radiotherapy_exclusion() -> None:
    note = "70M, metastatic prostate cancer, painful L3 metastasis, on palliative radiotherapy."
    judgement = judged(PALLIATIVE_RT, "exclusion", facts(age=70, sex="male", note=note))
    assert judgement.status == "met", judgement.reason


def test_planned_adjuvant_chemotherapy_does_not_meet_a_neoadjuvant_therapy_exclusion() -> None:
    note = (
        "52F. L breast IDC grade 3, pT2 pN0. Upfront L total mastectomy + SLNB. "
        "No neoadjuvant therapy. Outcome: adjuvant chemotherapy."
    )
    judgement = judged(NEOADJUVANT, "exclusion", facts(age=52, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


def test_neoadjuvant_chemotherapy_meets_a_neoadjuvant_therapy_exclusion() -> None:
    note = "48F, right breast cancer, neoadjuvant chemotherapy (EC-T) then mastectomy."
    judgement = judged(NEOADJUVANT, "exclusion", facts(age=48, sex="female", note=note))
    assert judgement.status == "met", judgement.reason


def test_the_cancer_considered_does_not_meet_a_previous_or_concurrent_cancer_exclusion() -> None:
    note = (
        "Breast MDT. 52F. L breast IDC grade 3, pT2 (32 mm) pN0 M0, triple negative. "
        "Upfront L total mastectomy + SLNB. PMH: hypothyroidism. No previous cancers."
    )
    judgement = judged(CONCURRENT_CANCER, "exclusion", facts(age=52, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


def test_an_earlier_melanoma_meets_a_previous_or_concurrent_malignancy_exclusion() -> None:
    note = (
        "44F, right breast cancer, mastectomy and sentinel node biopsy in September. "
        "She had a melanoma removed from her back in 2019."
    )
    judgement = judged(CONCURRENT_CANCER, "exclusion", facts(age=44, sex="female", note=note))
    assert judgement.status == "met", judgement.reason
