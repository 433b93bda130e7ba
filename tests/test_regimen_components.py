"""Regimens beyond the GI ones count as each drug they are named from (issue 12 item 4;
reading-mechanisms): lymphoma (R-CHOP, R-CVP), Hodgkin (ABVD, BEACOPP), breast (TCHP, FEC,
CMF), germ cell (BEP), lung and bladder (gem-cis, gem-carbo, carbo-pem, carbo-pacli),
FOLFOXIRI and gastric (ECX, ECF, EOX), by the NCI Thesaurus regimen entries (``concepts.json``:
each regimen's parents; anthracycline and anti-CD20 antibody are classes of their own).
Criteria are real trials' text (NCT02227251, NCT05607199, NCT02682511, NCT05296798 of
``../shared`` API v2 studies; NCT06346392, NCT06750094 as in test_regimen_drugs).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.lexicon import load_lexicon

# NCT02227251 "(i) at least 1 course of anthracycline-based chemotherapy … and (ii) at least 1
# course of anti-CD20 immunotherapy"; NCT05607199 "Patient must have received treatment with
# chemotherapy and CD20 antibody previously"; NCT02682511 "Use of rituximab in the last 3 months".
_ANTHRACYCLINE = "at least 1 course of anthracycline-based chemotherapy"
_ANTI_CD20 = "at least 1 course of anti-CD20 immunotherapy"
_RITUXIMAB_RECENT = "Use of rituximab in the last 3 months;"


@pytest.mark.parametrize(
    ("regimen", "drug"),
    [
        ("regimen_r_chop", "rituximab"),
        ("regimen_r_chop", "anti_cd20_antibody"),
        ("regimen_r_chop", "anthracycline"),
        ("regimen_r_cvp", "anti_cd20_antibody"),
        ("regimen_abvd", "doxorubicin"),
        ("regimen_beacopp", "anthracycline"),
        ("regimen_tchp", "pertuzumab"),
        ("regimen_tchp", "her2_directed_therapy"),
        ("regimen_tchp", "platinum_chemotherapy"),
        ("regimen_fec", "epirubicin"),
        ("regimen_cmf", "fluoropyrimidine"),
        ("regimen_bep", "cisplatin"),
        ("regimen_gem_cis", "gemcitabine"),
        ("regimen_gem_carbo", "carboplatin"),
        ("regimen_carbo_pem", "pemetrexed"),
        ("regimen_carbo_pacli", "paclitaxel"),
        ("regimen_folfoxiri", "irinotecan"),
        ("regimen_ecx", "capecitabine"),
        ("regimen_ecf", "anthracycline"),
        ("regimen_eox", "oxaliplatin"),
    ],
)
def test_a_regimen_counts_as_each_drug_of_its_nci_thesaurus_entry(regimen: str, drug: str) -> None:
    assert drug in load_lexicon().ancestors[regimen]


@pytest.mark.parametrize(
    "note",
    [
        "58M DLBCL stage III 2024. Completed R-CHOP x6 in 2024, complete metabolic response.",
        "62F DLBCL 2023: R-CHOP-21 x6 then relapsed 2025.",
    ],
)
def test_r_chop_meets_prior_anthracycline_and_anti_cd20_antibody(note: str) -> None:
    patient = facts(note=note)
    for text in (_ANTHRACYCLINE, _ANTI_CD20):
        outcome = judged(text, "inclusion", patient)
        assert outcome.status == "met", (text, outcome.reason)


def test_a_named_rituximab_meets_a_cd20_antibody_criterion() -> None:
    outcome = judged(
        "Patient must have received treatment with chemotherapy and CD20 antibody previously",
        "inclusion",
        facts(note="71M marginal zone lymphoma 2022. Bendamustine and rituximab x6 in 2023."),
    )
    assert outcome.status != "not_met", outcome.reason


@pytest.mark.parametrize(
    "note",
    [
        "44F HER2+ breast cancer 2025. Neoadjuvant TCHP x6 then surgery.",
        "29M testicular germ cell tumour 2025: BEP x3, marker normalised.",
        "66M metastatic urothelial carcinoma 2025: gem-cis x4, progressed.",
        "61F NSCLC adenocarcinoma 2025: carbo-pem x4 then pem maintenance.",
    ],
)
def test_a_regimen_meets_prior_platinum(note: str) -> None:
    """NCT06346392's "a platinum"; a platinum-based criterion is met by the regimen's
    platinum."""
    outcome = judged("Prior platinum-based chemotherapy", "inclusion", facts(note=note))
    assert outcome.status == "met", outcome.reason


def test_r_chop_answers_a_recent_rituximab_exclusion_by_its_date() -> None:
    """NCT02682511: R-CHOP given in 2023 is rituximab, not within the last 3 months."""
    outcome = judged(
        _RITUXIMAB_RECENT,
        "exclusion",
        facts(note="58M DLBCL 2023. R-CHOP x6 completed 06/2023, in remission since."),
    )
    assert outcome.status != "met", outcome.reason


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        # Round seventeen: "neoadjuvant TCHP, mastectomy with pCR, adjuvant trastuzumab
        # completed Jan 2024. Now liver recurrence."
        (
            "43 yo F. HER2+ breast cancer: L breast IDC 2022, neoadjuvant TCHP, mastectomy with "
            "pCR, adjuvant trastuzumab completed Jan 2024. Now liver recurrence.",
            "regimen_tchp",
        ),
        (
            "58M pancreatic cancer: neoadjuvant FOLFIRINOX, pancreaticoduodenectomy with clear "
            "margins. Now liver recurrence.",
            "regimen_folfirinox",
        ),
        (
            "64M gastric cancer: neoadjuvant FLOT, gastrectomy R0. Now peritoneal recurrence.",
            "regimen_flot",
        ),
    ],
)
def test_a_neoadjuvant_course_before_a_named_operation_is_past(note: str, concept: str) -> None:
    """A neoadjuvant course is given before the operation (NCI Dictionary of Cancer Terms,
    "neoadjuvant therapy"); the sentence naming the operation after it says the course is
    over. NCT05894239 "Disease progression within 6 months of receiving any HER2-targeted
    therapy" is not met by it as a therapy going on."""
    read = facts(age=43, sex="female", note=note)
    course = [f for f in read.facts if f.concept == concept]
    assert course and all(f.historical for f in course), course
    if concept == "regimen_tchp":
        outcome = judged(
            "Disease progression within 6 months of receiving any HER2-targeted therapy",
            "exclusion",
            read,
        )
        assert outcome.status != "met", outcome.reason
