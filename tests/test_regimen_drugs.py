"""A regimen's acronym names its drugs (issue 12; regimen-drugs).

FOLFOX, FOLFIRI, FOLFIRINOX and CAPOX each count as every drug they are named from (NCI
Thesaurus regimen entries; an "m" prefix is a modified dose of the same drugs), so a note's
regimen answers a criterion asking for prior treatment with one of those drugs or their class.
Criteria are real trials' text from ``../shared`` (API v2 studies).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, status_in_trial
from trialfinder.criteria.lexicon import load_lexicon

IRINOTECAN_EXPOSURE = "Has prior exposure to irinotecan, any agents that target epidermal growth"
FLUOROPYRIMIDINE_LINE = "Disease progression on or after at least one prior line of treatment"


@pytest.mark.parametrize(
    ("regimen", "drug"),
    [
        ("regimen_folfox", "fluorouracil"),
        ("regimen_folfox", "oxaliplatin"),
        ("regimen_folfiri", "fluorouracil"),
        ("regimen_folfiri", "irinotecan"),
        ("regimen_folfirinox", "irinotecan"),
        ("regimen_folfirinox", "oxaliplatin"),
        ("regimen_capox", "capecitabine"),
        ("regimen_capox", "oxaliplatin"),
        ("regimen_capox", "fluoropyrimidine"),
        ("regimen_nalirifox", "irinotecan"),
        ("regimen_flot", "taxane"),
        ("regimen_folfirinox", "platinum_chemotherapy"),
    ],
)
def test_a_regimen_counts_as_each_drug_it_is_named_from(regimen: str, drug: str) -> None:
    assert drug in load_lexicon().ancestors[regimen]


@pytest.mark.parametrize(
    "note",
    [
        "61F metastatic colorectal adenocarcinoma, RAS wild type. FOLFIRI + bevacizumab "
        "2024-2025, progressed.",
        "59M metastatic pancreatic adenocarcinoma. mFOLFIRINOX x8 in 2025, progressed.",
    ],
)
def test_a_regimen_with_irinotecan_meets_a_prior_irinotecan_exclusion(note: str) -> None:
    """NCT06750094 "Has prior exposure to irinotecan, any agents that target epidermal growth
    factor receptor (EGFR) or mesenchymal epithelial transition (MET)"."""
    outcome = status_in_trial("NCT06750094", IRINOTECAN_EXPOSURE, facts(note=note))
    assert outcome.startswith("met"), outcome
    assert "irinotecan" in outcome


def test_a_regimen_without_irinotecan_does_not_meet_a_prior_irinotecan_exclusion() -> None:
    note = "61F metastatic colorectal adenocarcinoma. FOLFOX 2024-2025, progressed."
    outcome = status_in_trial("NCT06750094", IRINOTECAN_EXPOSURE, facts(note=note))
    assert not outcome.startswith("met"), outcome


@pytest.mark.parametrize(
    "note",
    [
        "64M metastatic gastric adenocarcinoma. First-line CAPOX x6 in 2025, progressed 03/2026.",
        "64M metastatic gastric adenocarcinoma. First-line mFOLFOX6 in 2025, progressed 03/2026.",
    ],
)
def test_a_regimen_is_a_fluoropyrimidine_and_a_platinum(note: str) -> None:
    """NCT06346392 "Disease progression on or after at least one prior line of treatment (LoT)
    for advanced or metastatic disease, which included a fluoropyrimidine and a platinum": the
    regimen gave both (whether the platinum line was the one that progressed is the study
    team's)."""
    outcome = status_in_trial("NCT06346392", FLUOROPYRIMIDINE_LINE, facts(note=note))
    assert "the patient has had fluoropyrimidine" in outcome, outcome


@pytest.mark.parametrize(
    ("text", "note", "drug"),
    [
        (
            "Prior treatment with 5-FU",
            "58M metastatic colon adenocarcinoma. Completed 6 cycles of FOLFOX in 2025.",
            "5-FU",
        ),
        (
            "Prior fluoropyrimidine",
            "70F rectal adenocarcinoma. XELOX x8 in 2025.",
            "fluoropyrimidine",
        ),
    ],
)
def test_a_regimen_meets_prior_treatment_with_its_drug_or_class(
    text: str, note: str, drug: str
) -> None:
    outcome = judged(text, "inclusion", facts(note=note))
    assert outcome.status == "met", outcome.reason
    assert drug in outcome.reason


@pytest.mark.parametrize(
    ("nct_id", "start", "note", "drug"),
    [
        (
            "NCT06750094",
            IRINOTECAN_EXPOSURE,
            "61F metastatic colorectal adenocarcinoma. FOLFOX 2024-2025, progressed. "
            "No other cancer treatment.",
            "irinotecan",
        ),
        (
            "NCT05519085",
            "Participant has had prior treatment with mezigdomide or pomalidomide",
            "67M, IgG kappa multiple myeloma dx 2021. VRd x4 then ASCT 2022, lenalidomide "
            "maintenance until progression in 2026. No other anticancer treatment.",
            "pomalidomide",
        ),
        (
            "NCT05552976",
            "Participant who has had prior treatment with mezigdomide or carfilzomib",
            "67M, IgG kappa multiple myeloma dx 2021. VRd x4 then ASCT 2022, lenalidomide "
            "maintenance until progression in 2026. No other anticancer treatment.",
            "carfilzomib",
        ),
    ],
)
def test_a_closed_history_rules_out_a_drug_outside_its_regimens(
    nct_id: str, start: str, note: str, drug: str
) -> None:
    """A history written as complete ('no other cancer treatment') after its regimens denies
    the drugs and classes none of them holds: FOLFOX has no irinotecan, VRd no pomalidomide
    or carfilzomib. The criterion's other drugs (mezigdomide, EGFR- or MET-directed agents,
    which the lexicon does not read) are the study team's."""
    outcome = status_in_trial(nct_id, start, facts(note=note))
    assert not outcome.startswith("met"), outcome
    assert f"not on {drug}" in outcome, outcome


def test_a_closed_history_keeps_the_drugs_of_its_regimens() -> None:
    """NCT05519085 "For participants with prior treatment of a bortezomib containing regimen
    …": the closed history does not deny the bortezomib VRd gave."""
    note = (
        "67M, IgG kappa multiple myeloma dx 2021. VRd x4 then ASCT 2022, lenalidomide "
        "maintenance until progression in 2026. No other anticancer treatment."
    )
    read = facts(note=note)
    denied = {f.concept for f in read.facts if f.negated}
    assert not denied & {"bortezomib", "lenalidomide", "proteasome_inhibitor"}, denied
    assert {"pomalidomide", "carfilzomib"} <= denied


@pytest.mark.parametrize(
    "note",
    [
        "67M, IgG kappa multiple myeloma dx 2017. CTD then ASCT 2017, lenalidomide maintenance "
        "until 2026. No other anticancer treatment.",
        "59F small cell lung cancer 2024. CAV x4 then PCI. No other cancer treatment.",
    ],
)
def test_a_closed_history_naming_a_regimen_the_lexicon_cannot_read_denies_no_drug(
    note: str,
) -> None:
    """CTD (cyclophosphamide, thalidomide, dexamethasone) and CAV (cyclophosphamide,
    doxorubicin, vincristine) are regimens the lexicon does not read (ECX, once here, is read
    since reading-mechanisms): their drugs may be any, so the
    closed history denies none of the drugs (NCT05519085 "prior treatment with mezigdomide or
    pomalidomide" is not answered from it)."""
    denied = {f.concept for f in facts(note=note).facts if f.negated}
    assert not denied & {"thalidomide", "pomalidomide", "cisplatin", "capecitabine"}, denied


def test_a_closed_history_with_markers_and_a_stage_still_denies_drugs() -> None:
    """NCT06750094 "Has prior exposure to irinotecan …": "KRAS G12D, MSS" and "stage IV" are
    no regimen; the closed FOLFOX history still rules irinotecan out."""
    note = (
        "Stage IV colon adenocarcinoma, KRAS G12D, MSS. FOLFOX 2024-2025, progressed. "
        "No other cancer treatment."
    )
    outcome = status_in_trial("NCT06750094", IRINOTECAN_EXPOSURE, facts(note=note))
    assert "not on irinotecan" in outcome, outcome
