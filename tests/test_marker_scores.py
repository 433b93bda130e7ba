"""Markers written as scores, transcripts and a known result, against a criterion's own
definition: "HER2 overexpression by IHC (defined as IHC 3+, or IHC 2+ with Fluorescence In
Situ Hybridization (FISH) confirmation)" is met by "HER2 IHC 2+ with FISH amplified" (ASCO-CAP
2018: 3+, or 2+ with ISH amplified, is HER2 positive); a BCR::ABL1 transcript named by its
exon junction ("e14a2") is the fusion found; "Must have known PD-L1 expression" is met by any
PD-L1 result. The criteria are real registry text (NCT06038539, NCT06427811, NCT05607199,
NCT06119581), as the hand-written rounds seventeen, twenty-one and twenty-two answered them."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.marker_requirements import marker_requirements
from trialfinder.marker_status import marker_statuses

# NCT06038539 (round seventeen).
HER2_DEFINED = (
    "Patients with HER2 overexpression by Immunohistochemistry (IHC) (defined as IHC 3+, or "
    "IHC 2+ with Fluorescence In Situ Hybridization (FISH) confirmation) as per the American "
    "Society of Clinical Oncology/College of American Pathologist (ASCO-CAP) guidelines prior to "
    "Screening and confirmed centrally before randomization"
)
# NCT06038539 (round seventeen): where and when the result is tested frames it.
HR_NEGATIVE = (
    "Patients with known HR-ve status (ER-negative and PR-negative) as per local laboratory "
    "prior to Screening and confirmed centrally before randomization"
)
# NCT06427811 (round twenty-one).
TRANSCRIPT = (
    "Evidence of typical BCR::ABL1 transcript (e14a2 and/or e13a2) at the time of screening "
    "which is amenable to standardized RQ-PCR quantification."
)
# NCT06119581 (round twenty-one).
KNOWN_PD_L1 = "Must have known programmed death-ligand 1 (PD-L1) expression"


def _status(criterion: str, note: str) -> str:
    return judged(criterion, "inclusion", facts(age=58, sex="female", note=note)).status


@pytest.mark.parametrize(
    ("note", "status"),
    [("ER 0, PR 0, HER2 IHC 3+.", "met"), ("ER 8/8, PR 0, HER2 IHC 1+.", "not_met")],
)
def test_where_and_when_a_marker_is_tested_frames_the_result_asked(note: str, status: str) -> None:
    assert _status(HR_NEGATIVE, note) == status


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast IDC, ER 0, PR 0, HER2 IHC 3+.", "met"),
        ("Core biopsy IDC, ER negative, PR negative, HER2 IHC 2+ with FISH amplified.", "met"),
        ("Breast IDC, ER 0, PR 0, HER2 IHC 1+.", "not_met"),
        ("Breast IDC, HER2 IHC 2+, ISH awaited.", "unknown"),
    ],
)
def test_a_her2_status_defined_by_ihc_and_fish_is_read_as_its_definition(
    note: str, status: str
) -> None:
    assert _status(HER2_DEFINED, note) == status


@pytest.mark.parametrize(
    ("note", "statuses"),
    [
        ("BCR-ABL1 negative", {"bcr-abl": "negative"}),
        ("BCR::ABL1 e14a2 transcript detected by RT-PCR", {"bcr-abl": "positive"}),
        ("Chronic phase CML, e13a2", {"bcr-abl": "positive"}),
        ("Ph-negative, BCR/ABL negative myeloproliferative neoplasm", {"bcr-abl": "negative"}),
    ],
)
def test_a_bcr_abl1_transcript_is_the_fusion_found(note: str, statuses: dict[str, str]) -> None:
    assert marker_statuses(note) == statuses


def test_a_typical_transcript_asked_is_the_bcr_abl1_fusion_asked() -> None:
    requirements, _ = marker_requirements(TRANSCRIPT)
    assert [(r.marker, r.status) for r in requirements] == [("bcr-abl", "positive")]
    # A registry criterion of the same form (NCT05607199): the fusion asked positive.
    requirements, _ = marker_requirements(
        "CML in blast crisis (i.e., patients with known bcr-abl positive disease)."
    )
    assert [(r.marker, r.status) for r in requirements] == [("bcr-abl", "positive")]


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Lung adenocarcinoma, KRAS G12C mutation on NGS. PD-L1 TPS 10%.", "met"),
        ("Lung adenocarcinoma, PD-L1 TPS 0% (22C3).", "met"),
        ("Lung adenocarcinoma, KRAS G12C mutation on NGS.", "unknown"),
    ],
)
def test_a_known_marker_result_is_met_by_any_result(note: str, status: str) -> None:
    assert _status(KNOWN_PD_L1, note) == status


def test_an_unknown_marker_result_asks_no_known_result() -> None:
    assert marker_requirements("Unknown PD-L1 expression status") == ([], False)


# NCT06346392 (round twenty) and NCT05607199 (round twenty-two).
HER2_OUTRIGHT = (
    "Participants with known HER2 positive status as defined as IHC 3+ or IHC 2+/ISH + (Cases "
    "with HER2: CEP17 ratio ≥ 2 or an average HER2 copy number ≥ 6.0 signals/cell are "
    "considered positive by ISH). Participants must undergo local (or have had) HER2 testing by "
    "IHC/ISH, and the most recent result of HER2 status will be used to determine the "
    "eligibility."
)
BLAST_CRISIS = "CML in blast crisis (i.e., patients with known bcr-abl positive disease)."


@pytest.mark.parametrize(
    ("criterion", "note", "status"),
    [
        (HER2_OUTRIGHT, "Gastric adenocarcinoma, HER2 IHC 1+, CLDN18.2 positive.", "not_met"),
        (HER2_OUTRIGHT, "Gastric adenocarcinoma, HER2 IHC 2+, ISH awaited.", "unknown"),
        (BLAST_CRISIS, "Relapsed AML after azacitidine, BCR-ABL1 negative.", "not_met"),
    ],
)
def test_a_status_asked_outright_is_not_met_by_a_result_failing_it(
    criterion: str, note: str, status: str
) -> None:
    assert _status(criterion, note) == status


def test_a_known_mutation_status_asks_a_result_not_the_mutation() -> None:
    requirements, whole = marker_requirements("Known EGFR mutation status")
    assert ([(r.marker, r.status) for r in requirements], whole) == ([("egfr", "known")], True)
