"""Issue 12: the extent a criterion writes on the trial's cancer ("advanced or metastatic
NSCLC", "locally advanced, unresectable Stage III NSCLC") against the extent the note's
sentence naming that cancer states: distant spread states "metastatic" and "advanced", a
stage IV "advanced", a stage III the note calls unresectable "advanced"; a note giving no
distant spread rules "metastatic" out. Criteria are real (the hand-written rounds' trials).
"""

from __future__ import annotations

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts


def judged(text: str, section: str, note: str) -> Judgement:
    patient: PatientFacts = extract_facts(PatientProfile(note=note))
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, patient)


# NCT05482568 (and NCT06140836 "locally advanced or metastatic NSCLC").
ADVANCED_OR_METASTATIC_NSCLC = "Subjects with advanced or metastatic non-small cell lung cancer"
# NCT05170204.
UNRESECTABLE_STAGE_III = (
    "Histologically or cytologically documented locally advanced, unresectable Stage III NSCLC "
    "of either squamous or non-squamous histology"
)
# NCT06252142.
LOCALLY_ADVANCED_RECTAL = "Patients diagnosed with locally advanced rectal cancer"


def test_a_stage_iv_lung_cancer_with_pleural_metastases_meets_advanced_or_metastatic_nsclc() -> (
    None
):
    result = judged(
        ADVANCED_OR_METASTATIC_NSCLC,
        "inclusion",
        "78M. Squamous cell carcinoma of the lung, stage IV (pleural metastases), diagnosed "
        "09/2026. ECOG 1.",
    )
    assert result.status == "met", result.reason


def test_a_lung_adenocarcinoma_with_liver_metastases_meets_locally_advanced_or_metastatic() -> None:
    # NCT06140836 "Participant has histologically or cytologically confirmed diagnosis of
    # locally advanced or metastatic NSCLC".
    result = judged(
        "Participant has histologically or cytologically confirmed diagnosis of locally "
        "advanced or metastatic NSCLC",
        "inclusion",
        "49F never-smoker. NSCLC (adenocarcinoma) with liver metastases on CT. ECOG 1.",
    )
    assert result.status == "met", result.reason


def test_a_metastatic_breast_cancer_meets_pik3ca_mutant_advanced_or_metastatic_breast_cancer() -> (
    None
):
    # NCT05631795 "Participants with confirmed PIK3CA mutant advanced or metastatic breast
    # cancer".
    result = judged(
        "Participants with confirmed advanced or metastatic breast cancer",
        "inclusion",
        "71M. ER+ PR+ HER2 1+ breast cancer, stage IV (bone and liver metastases).",
    )
    assert result.status == "met", result.reason


def test_a_stage_iva_oesophageal_cancer_states_advanced_but_not_metastatic() -> None:
    # Oesophageal stage IVA is T4b or N3, M0 (AJCC 8th): advanced, not metastatic.
    note = "70M. Oesophageal squamous cell carcinoma, stage IVA. ECOG 1."
    # NCT05380479 "Patients aged ≥ 18 years, with a histologically diagnosed advanced-stage
    # tumor at any site."
    advanced = judged(
        "Patients with a histologically diagnosed advanced-stage tumor at any site.",
        "inclusion",
        note,
    )
    assert advanced.status == "met", advanced.reason
    metastatic = judged("Patients with metastatic cancer", "inclusion", note)
    assert metastatic.status == "unknown", metastatic.reason


def test_a_stage_iv_lung_cancer_is_metastatic_as_the_ajcc_stages_it() -> None:
    # AJCC 8th lung: stage IV is M1 (IVA M1a-b, IVB M1c). NCT04603807 "… or metastatic
    # (Stage IV) NSCLC".
    result = judged(
        "Patients with metastatic non-small cell lung cancer",
        "inclusion",
        "60M. Non-small cell lung cancer, stage IVA. ECOG 1.",
    )
    assert result.status == "met", result.reason


def test_an_unresectable_stage_iiib_nsclc_meets_locally_advanced_unresectable_stage_iii() -> None:
    result = judged(
        UNRESECTABLE_STAGE_III,
        "inclusion",
        "52F. Stage IIIB adenocarcinoma LUL (cT3 N3 M0), unresectable (MDT 07/2026). ECOG 1.",
    )
    assert result.status == "met", result.reason


def test_a_stage_iii_nsclc_not_called_unresectable_leaves_locally_advanced_unresectable() -> None:
    result = judged(
        UNRESECTABLE_STAGE_III, "inclusion", "52F. Adenocarcinoma LUL, cT3 N1 M0 stage IIIA."
    )
    assert result.status == "unknown", result.reason


def test_a_metastatic_rectal_cancer_does_not_state_locally_advanced() -> None:
    result = judged(
        LOCALLY_ADVANCED_RECTAL,
        "inclusion",
        "66M. Rectal adenocarcinoma with liver metastases, stage IV.",
    )
    assert result.status == "unknown", result.reason


def test_a_melanoma_without_distant_spread_fails_metastatic_melanoma() -> None:
    # NCT05380336 "Patients with metastatic melanoma, non-small cell lung cancer (NSCLC) and
    # renal cell carcinoma treated with nivolumab monotherapy".
    result = judged(
        "Patients with metastatic melanoma",
        "inclusion",
        "61M. Melanoma of the back, pT3b N1a M0, resected 2018. No distant metastases.",
    )
    assert result.status == "not_met", result.reason


# NCT05631795 "Participants with confirmed PIK3CA mutant advanced or metastatic breast cancer".
RELAPSED_IN_BONE = (
    "71M. L breast IDC 2021, mastectomy + SNB, then tamoxifen 5 yrs. Relapsed 2024 with bone "
    "mets: ER 8/8, PR 6/8, HER2 1+ (HER2 negative). ECOG 1."
)


def test_a_breast_cancer_relapsed_with_bone_mets_in_another_sentence_is_metastatic() -> None:
    result = judged(
        "Participants with confirmed advanced or metastatic breast cancer",
        "inclusion",
        RELAPSED_IN_BONE,
    )
    assert result.status == "met", result.reason


def test_another_cancers_sentence_of_spread_does_not_state_the_first_metastatic() -> None:
    note = RELAPSED_IN_BONE + " Prostate cancer 2015, radical prostatectomy."
    result = judged("Patients with metastatic prostate cancer", "inclusion", note)
    assert result.status == "unknown", result.reason


def test_a_lung_adenocarcinomas_bone_metastases_do_not_make_a_past_breast_cancer_metastatic() -> (
    None
):
    note = (
        "66F. Breast cancer 2010, lumpectomy and radiotherapy, no recurrence. Adenocarcinoma LUL, "
        "dx 10/2026, with bone metastases. ECOG 1."
    )
    result = judged("Patients with metastatic breast cancer", "inclusion", note)
    assert result.status == "unknown", result.reason
