"""AC-T and EC-T, the breast-cancer regimens (NCI Thesaurus: doxorubicin or epirubicin and
cyclophosphamide, then a taxane), count as their drugs; only the hyphenated forms are read, as a
bare "AC", "EC" or "TC" is also an acromioclavicular joint, an enteric coating or total
cholesterol (issue 12 item 4; regimen-shorthand). Criteria are real trials' text (NCT02227251,
NCT05696626 of ``../shared`` API v2 studies and round thirty)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.lexicon import load_lexicon

# NCT02227251 "(i) at least 1 course of anthracycline-based chemotherapy".
_ANTHRACYCLINE = "at least 1 course of anthracycline-based chemotherapy"


@pytest.mark.parametrize(
    ("regimen", "drug"),
    [
        ("regimen_ac_t", "doxorubicin"),
        ("regimen_ac_t", "cyclophosphamide"),
        ("regimen_ac_t", "taxane"),
        ("regimen_ac_t", "anthracycline"),
        ("regimen_ec_t", "epirubicin"),
        ("regimen_ec_t", "taxane"),
    ],
)
def test_ac_t_and_ec_t_count_as_each_drug_of_their_nci_thesaurus_entry(
    regimen: str, drug: str
) -> None:
    assert drug in load_lexicon().ancestors[regimen]


@pytest.mark.parametrize(
    "note",
    [
        # Round five: "dx 2024, neoadjuvant AC-T then surgery".
        "Clinic 4 Dec 2026. 45 yo F, triple negative breast cancer, dx 2024, neoadjuvant AC-T "
        "then surgery. Lung mets since Aug 2026.",
        # Round thirty: "IDC L breast 2015 (WLE, AC-T adjuvant, RT, …)".
        "Breast oncology f/u 4 Dec 2026. 61F, IDC L breast 2015 (WLE, AC-T adjuvant, RT, "
        "tamoxifen then letrozole to 2020). Metastatic relapse Mar 2024.",
        # A fresh note set's "Mastectomy, adjuvant EC-T + RT, then anastrozole".
        "Clinic 4 Dec 2026. 58F. L breast cancer 2019. Mastectomy, adjuvant EC-T + RT, then "
        "anastrozole.",
    ],
)
def test_a_hyphenated_breast_regimen_is_read_as_an_anthracycline_course(note: str) -> None:
    """The criterion's rest (its exceptions) is the study team's; the course is read."""
    outcome = judged(_ANTHRACYCLINE, "inclusion", facts(note=note, age=58, sex="female"))
    assert outcome.status != "not_met", outcome.reason
    assert outcome.reason.startswith(
        ("the patient has had anthracycline", "the patient is on anthracycline")
    ), outcome.reason


def test_round_thirtys_adjuvant_ac_t_meets_no_visceral_crisis() -> None:
    """Round thirty, NCT05696626: the 2015 adjuvant AC-T is over and shows no need now."""
    note = (
        "Breast oncology f/u 4 Dec 2026. 61F, ER+ (8/8) HER2-neg (IHC 1+) IDC L breast 2015 "
        "(WLE, AC-T adjuvant, RT, tamoxifen then letrozole to 2020). Metastatic relapse Mar "
        "2024: bone (T8, L2, pelvis) + 2 liver lesions. No chemo for metastatic disease. No "
        "visceral crisis (asymptomatic, bili 12, ALT 38, ALP 140)."
    )
    outcome = judged(
        "Visceral crisis in need of cytotoxic chemotherapy as assessed by the investigator",
        "exclusion",
        facts(note=note, age=61, sex="female"),
    )
    assert outcome.status == "not_met", outcome.reason


@pytest.mark.parametrize(
    "note",
    [
        "Clinic 4 Dec 2026. 58F. R shoulder pain, AC joint arthritis on X-ray.",
        "Clinic 4 Dec 2026. 58F. Lipids: TC 5.2, LDL 3.1. Omeprazole EC 20 mg.",
    ],
)
def test_a_bare_ac_ec_or_tc_is_no_regimen(note: str) -> None:
    read = facts(note=note, age=58, sex="female")
    assert not [f for f in read.facts if (f.concept or "").startswith("regimen_")], read.facts


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        # Round sixteen: "Mastectomy, adjuvant EC-T + RT, then anastrozole from 01/2022".
        (
            "Breast onc clinic 27/11/2026. 61F. R breast IDC 2021, pT2N1. Mastectomy, adjuvant "
            "EC-T + RT, then anastrozole from 01/2022, still taking it.",
            "regimen_ec_t",
        ),
        # Round five: "neoadjuvant AC-T then surgery".
        ("Clinic 4 Dec 2026. 45F, TNBC dx 2024, neoadjuvant AC-T then surgery.", "regimen_ac_t"),
        # A fresh note set's "adjuvant AC-T then capecitabine".
        (
            "Clinic 4 Dec 2026. 50F. L breast pT2N1 2022, adjuvant AC-T then capecitabine.",
            "regimen_ac_t",
        ),
    ],
)
def test_a_course_before_the_next_treatment_in_sequence_is_past(note: str, concept: str) -> None:
    read = facts(note=note, age=58, sex="female")
    course = [f for f in read.facts if f.concept == concept]
    assert course and all(f.historical and not f.current for f in course), course


def test_a_course_to_come_before_the_next_is_not_made_past() -> None:
    read = facts(note="Clinic 4 Dec 2026. 45F, TNBC. Will start AC-T then surgery.", age=45)
    assert not [f for f in read.facts if f.concept == "regimen_ac_t" and f.historical]


def test_round_sixteens_adjuvant_ec_t_is_no_therapy_for_metastatic_disease() -> None:
    """NCT06065748: "Prior systemic therapy (e.g., prior chemotherapy, immunotherapy, or
    biologic therapy) for locally advanced unresectable or metastatic breast cancer"."""
    note = (
        "Breast onc clinic 27/11/2026. 61F, postmenopausal. R breast IDC 2021, pT2N1, ER 8/8 PR "
        "5/8 HER2 1+. Mastectomy, adjuvant EC-T + RT, then anastrozole from 01/2022, still "
        "taking it. 10/2026: back pain; CT and bone scan: multiple bone mets and 2 liver mets. "
        "No treatment since relapse apart from denosumab."
    )
    outcome = judged(
        "Prior systemic therapy (e.g., prior chemotherapy, immunotherapy, or biologic therapy) "
        "for locally advanced unresectable or metastatic breast cancer",
        "exclusion",
        facts(note=note, age=61, sex="female"),
    )
    assert outcome.status != "met", outcome.reason
