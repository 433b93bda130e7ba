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

import pytest

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


# (criterion, age, sex, note) -> whether the exclusion is met.
CASES = {
    "radical radiotherapy is not palliative": (
        PALLIATIVE_RT,
        68,
        "male",
        "68M. Prostate adenocarcinoma, Gleason 4+3=7. MRI cT3a N0, bone scan M0. "
        "Opted for radical RT (60 Gy/20#) with 6/12 ADT; consented.",
        False,
    ),
    "palliative radiotherapy is palliative": (
        PALLIATIVE_RT,
        70,
        "male",
        "70M, metastatic prostate cancer, painful L3 metastasis, on palliative radiotherapy.",
        True,
    ),
    "planned adjuvant chemotherapy is not neoadjuvant": (
        NEOADJUVANT,
        52,
        "female",
        "52F. L breast IDC grade 3, pT2 pN0. Upfront L total mastectomy + SLNB. "
        "No neoadjuvant therapy. Outcome: adjuvant chemotherapy.",
        False,
    ),
    "neoadjuvant chemotherapy is neoadjuvant": (
        NEOADJUVANT,
        48,
        "female",
        "48F, right breast cancer, neoadjuvant chemotherapy (EC-T) then mastectomy.",
        True,
    ),
    "the cancer considered is no previous or concurrent malignancy": (
        CONCURRENT_CANCER,
        52,
        "female",
        "Breast MDT. 52F. L breast IDC grade 3, pT2 (32 mm) pN0 M0, triple negative. "
        "Upfront L total mastectomy + SLNB. PMH: hypothyroidism. No previous cancers.",
        False,
    ),
    "an earlier melanoma is a previous malignancy": (
        CONCURRENT_CANCER,
        44,
        "female",
        "44F, right breast cancer, mastectomy and sentinel node biopsy in September. "
        "She had a melanoma removed from her back in 2019.",
        True,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_setting_or_another_cancer_is_read_as_the_criterion_asks(case: str) -> None:
    criterion, age, sex, note, met = CASES[case]
    judgement = judged(criterion, "exclusion", facts(age=age, sex=sex, note=note))
    assert (judgement.status == "met") == met, judgement.reason
