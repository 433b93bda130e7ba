"""A regimen's cytotoxic drugs the lexicon lacked are read, each with its WHO ATC class
(issue 12 item 4; regimen-components): cyclophosphamide, ifosfamide and dacarbazine are
alkylating agents (ATC L01A), vincristine and vinblastine vinca alkaloids (L01CA), with
etoposide (L01CB01), bleomycin (L01DC01) and procarbazine (L01XB01); R-CHOP, R-CVP, CHOP,
ABVD, BEACOPP, FEC, CMF and BEP count as them (NCI Thesaurus regimen entries).
Criteria are real trials' text (round twenty-six's NCT05704400, round ten's NCT03118986).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.lexicon import load_lexicon

# NCT05704400 (round twenty-six) "Treatment with Rituximab or cyclophosphamide in the last 6
# months"; NCT03118986 (round ten) "Planned receipt of HEC or cyclophosphamide".
_RITUXIMAB_OR_CYCLOPHOSPHAMIDE = "Treatment with Rituximab or cyclophosphamide in the last 6 months"
_PLANNED_CYCLOPHOSPHAMIDE = "Planned receipt of HEC or cyclophosphamide"


@pytest.mark.parametrize(
    ("regimen", "drug"),
    [
        ("regimen_r_chop", "cyclophosphamide"),
        ("regimen_r_chop", "vincristine"),
        ("regimen_r_chop", "alkylating_agent"),
        ("regimen_r_chop", "vinca_alkaloid"),
        ("regimen_r_cvp", "cyclophosphamide"),
        ("regimen_r_cvp", "vinca_alkaloid"),
        ("regimen_chop", "alkylating_agent"),
        ("regimen_abvd", "bleomycin"),
        ("regimen_abvd", "vinblastine"),
        ("regimen_abvd", "dacarbazine"),
        ("regimen_abvd", "alkylating_agent"),
        ("regimen_beacopp", "etoposide"),
        ("regimen_beacopp", "procarbazine"),
        ("regimen_beacopp", "vincristine"),
        ("regimen_fec", "cyclophosphamide"),
        ("regimen_cmf", "cyclophosphamide"),
        ("regimen_bep", "bleomycin"),
        ("regimen_bep", "etoposide"),
    ],
)
def test_a_regimen_counts_as_each_cytotoxic_drug_it_is_named_from(regimen: str, drug: str) -> None:
    assert drug in load_lexicon().ancestors[regimen]


@pytest.mark.parametrize(
    ("drug", "atc_class"),
    [
        ("cyclophosphamide", "alkylating_agent"),
        ("ifosfamide", "alkylating_agent"),
        ("dacarbazine", "alkylating_agent"),
        ("vincristine", "vinca_alkaloid"),
        ("vinblastine", "vinca_alkaloid"),
    ],
)
def test_a_cytotoxic_drug_belongs_to_its_atc_class(drug: str, atc_class: str) -> None:
    ancestors = load_lexicon().ancestors[drug]
    assert atc_class in ancestors and "chemotherapy" in ancestors


@pytest.mark.parametrize("drug", ["etoposide", "bleomycin", "procarbazine"])
def test_a_cytotoxic_drug_of_no_asked_class_is_chemotherapy(drug: str) -> None:
    assert "chemotherapy" in load_lexicon().ancestors[drug]


@pytest.mark.parametrize(
    "note",
    [
        "58M DLBCL stage III 2026. R-CHOP cycle 4 given 20/11/2026, next cycle due 11/12/2026.",
        "71F follicular lymphoma 2026: R-CVP cycle 3 on 25/11/2026, ongoing.",
    ],
)
def test_r_chop_or_r_cvp_given_lately_meets_a_recent_cyclophosphamide_exclusion(note: str) -> None:
    outcome = judged(_RITUXIMAB_OR_CYCLOPHOSPHAMIDE, "exclusion", facts(note=note))
    assert outcome.status == "met", outcome.reason


@pytest.mark.parametrize(
    "note",
    [
        "45F breast cancer 2026: adjuvant FEC cycle 2 on 30/11/2026, cycle 3 planned 21/12/2026.",
        "8 kg, B-ALL, delayed intensification: cyclophosphamide 1 g/m2/day planned next week "
        "as inpatient.",
    ],
)
def test_planned_cyclophosphamide_is_read_from_the_drug_or_its_regimen(note: str) -> None:
    outcome = judged(_PLANNED_CYCLOPHOSPHAMIDE, "exclusion", facts(note=note))
    assert outcome.status != "not_met", outcome.reason


def test_a_denied_cyclophosphamide_does_not_meet_a_cyclophosphamide_exclusion() -> None:
    """Round twenty-six: "Last rituximab March 2025, no cyclophosphamide ever"."""
    outcome = judged(
        "Treatment with cyclophosphamide in the last 6 months",
        "exclusion",
        facts(
            note="52F lupus nephritis class IV 2024. Last rituximab March 2025, "
            "no cyclophosphamide ever."
        ),
    )
    assert outcome.status != "met", outcome.reason
