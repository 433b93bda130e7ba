"""The extent of a cancer a criterion asks, read against what a note says of it.

Rounds sixteen to twenty-four left to the study team criteria a coordinator settles from the
note: "Stage IV mNSCLC (…) not amenable to curative treatment" against a cancer "back in her
bones", "Locally advanced or metastatic disease." against one that "has spread to his
liver", "Following work up, patients should have no metastatic disease (M0)" against "M0 on
PET-CT", and "Inoperable locally advanced or metastatic breast cancer" against a resected
breast cancer with no evidence of disease. The criteria are the round trials' own; the
notes are written here. A note that says less (an inoperable cancer without a word of
spread) leaves the inoperable alternative to the study team.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.disease_extent import asked_no_spread, asked_spread, stated_spread
from trialfinder.match import CriterionResult, match_trial


def _answer(trial: str, start: str, note: str, sex: str = "female") -> CriterionResult:
    result = match_trial(parse_trial_criteria(_any_trial(trial)), facts(age=60, sex=sex, note=note))
    return _criterion(result, start)


def test_stage_iv_metastatic_nsclc_not_amenable_to_curative_treatment_asks_spread() -> None:
    asked = asked_spread(
        "Stage IV mNSCLC (based on the American Joint Committee on Cancer Edition 8) not "
        "amenable to curative treatment."
    )
    assert asked is not None and asked.alternative == ""


def test_a_note_telling_spread_in_its_own_words_states_distant_spread() -> None:
    assert stated_spread("In November the scan showed the cancer is back in my bones.") is True
    assert stated_spread("I have lung cancer that spread to my liver.") is True
    assert stated_spread("It hasn't spread to the liver.") is False


def test_a_lung_cancer_back_in_the_bones_meets_stage_iv_metastatic_nsclc() -> None:
    answer = _answer(
        "NCT06627647",
        "Stage IV mNSCLC",
        "Lung adenocarcinoma resected in 2024. The scan shows the cancer is back in her "
        "bones and adrenal gland.",
    )
    assert answer.status == "met", answer.reason


def test_a_cancer_spread_to_the_liver_meets_locally_advanced_or_metastatic_disease() -> None:
    answer = _answer(
        "NCT06875310",
        "Locally advanced or metastatic disease.",
        "KRAS G12C lung adenocarcinoma. Last year it spread to his liver.",
        sex="male",
    )
    assert answer.status == "met", answer.reason


def test_metastatic_adenocarcinoma_of_the_breast_is_read_with_its_curative_tail() -> None:
    asked = asked_spread(
        "Locally advanced or metastatic adenocarcinoma of the breast, not amenable to "
        "treatment with curative intent"
    )
    assert asked is not None and asked.alternative == "locally advanced"
    answer = _answer(
        "NCT06065748",
        "Locally advanced or metastatic adenocarcinoma of the breast",
        "ER-positive HER2-negative breast cancer. CT: bone and liver metastases.",
    )
    assert answer.status == "met", answer.reason


def test_patients_should_have_no_metastatic_disease_after_work_up_is_met_by_m0() -> None:
    asked = asked_no_spread("Following work up, patients should have no metastatic disease (M0)")
    assert asked is not None and asked.alternative == ""
    answer = _answer(
        "NCT05099809",
        "Following work up, patients should have no metastatic disease",
        "Squamous cell carcinoma of the larynx, cT3 N1 M0 on PET-CT.",
        sex="male",
    )
    assert answer.status == "met", answer.reason


def test_a_resected_cancer_with_no_evidence_of_disease_is_not_inoperable_or_metastatic() -> None:
    start = "Inoperable locally advanced or metastatic breast cancer"
    ned = _answer(
        "NCT05774951",
        start,
        "Breast IDC pT2 pN1 M0, mastectomy and axillary clearance 2023. CT CAP 10/2026: NED.",
    )
    assert ned.status == "not_met", ned.reason
    resected = _answer(
        "NCT05774951", start, "Breast cancer pT1c pN1a M0, right mastectomy 06/2024."
    )
    assert resected.status == "not_met", resected.reason


def test_an_inoperable_cancer_without_spread_leaves_the_inoperable_alternative_open() -> None:
    answer = _answer(
        "NCT05774951",
        "Inoperable locally advanced or metastatic breast cancer",
        "Breast cancer cT4b N2 M0, not fit for surgery.",
    )
    assert answer.status == "unknown", answer.reason


def test_an_explicit_m0_outweighs_a_stage_iva_group_in_the_same_sentence() -> None:
    """Head and neck and cervical stage IVA is M0 (AJCC 8, FIGO 2018): the written M category
    says the spread, the stage group does not contradict it."""
    assert stated_spread("SCC larynx (supraglottic), T3 N2b M0, stage IVA on CT and PET.") is False
    assert stated_spread("T4 N2 M1a, stage IVA, malignant pleural effusion.") is True
    answer = _answer(
        "NCT05099809",
        "Following work up, patients should have no metastatic disease",
        "SCC larynx, T3 N2b M0, stage IVA on CT neck/chest and PET. For chemoradiotherapy.",
        sex="male",
    )
    assert answer.status == "met", answer.reason


def test_nodes_beside_a_distant_organ_are_still_distant_spread() -> None:
    assert stated_spread("De novo metastatic breast cancer (lungs and nodes) in 2026.") is True
    assert stated_spread("Metastases to two axillary lymph nodes.") is None
    answer = _answer(
        "NCT06065748",
        "Locally advanced or metastatic adenocarcinoma of the breast",
        "Man with de novo metastatic breast cancer (lungs and nodes), ER positive.",
        sex="male",
    )
    assert answer.status == "met", answer.reason


def test_a_stage_group_of_another_time_than_the_m0_still_disagrees_with_it() -> None:
    assert stated_spread("M0 at diagnosis in 2019, now stage IVB.") is None
    assert stated_spread("Stage IVA (T4a N2 M0) cervical cancer.") is False


def test_metastatic_or_advanced_disease_reads_the_alternative_after_metastatic() -> None:
    asked = asked_spread("metastatic or advanced PDAC")
    assert asked is not None and asked.alternative == "advanced"
    assert asked_spread("Metastatic or recurrent breast cancer") is None
    answer = _answer(
        "NCT05380414",
        "metastatic or advanced PDAC",
        "Pancreatic ductal adenocarcinoma with liver metastases at diagnosis, cT3 N1 M1.",
        sex="male",
    )
    assert answer.status == "met", answer.reason
