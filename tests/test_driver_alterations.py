"""Criteria on a tumour's oncogenic driver alterations, judged against the genes a note's tests
cover.

"Patients with oncogene driver mutations", "Have known changes in the EGFR or ALK genes" and
"documented additional validated targetable oncogenic driver mutation ... in genes such as EGFR,
ALK, ..." were left to the study team although the referral lists the panel ("EGFR, ALK and
ROS1 negative"). The criteria are the real ones of the hand-written rounds' trials
(NCT05278052, NCT06890598, NCT05277844, NCT06140836, NCT06119581, NCT06472076, NCT06627647,
NCT06561386); the notes are written for these tests.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import status
from trialfinder.judging.driver_alterations import asked_drivers
from trialfinder.marker_status import marker_statuses

_ANY_DRIVER = "Patients with oncogene driver mutations"
_EGFR_OR_ALK = "Have known changes in the EGFR or ALK genes."
_POSITIVE = "Patients with positive oncogene driver mutation (EGFR or ALK/ROS)"
_ROS1 = "Participant has a ROS1 gene rearrangement/fusion as detected by a local test."
_ADDITIONAL = (
    "Have a documented additional validated targetable oncogenic driver mutation or alteration "
    "in genes such as epidermal growth factor receptor (EGFR), anaplastic lymphoma kinase "
    "(ALK), BRAF (V600E), human epidermal growth factor receptor 2 (HER2), MET (exon 14), ROS1, "
    "rearranged during transfection (RET), or neurotrophic tyrosine receptor kinase (NTRK)1/2/3."
)
_ANY_OTHER = (
    "Any other known genomic aberrations or oncogenic driver mutations for which a locally "
    "approved targeted therapy is available for first line treatment of locally advanced or "
    "metastatic NSCLC."
)
_ABSENCE = (
    "Absence of sensitizing EGFR mutations (including, but not limited to, exon 19 deletion and "
    "exon 21 L858R, exon 21 L861Q, exon 18 G719X, and exon 20 S768I mutations) and ALK and ROS1 "
    "rearrangements."
)
_SENSITIVE = (
    "Participants with epidermal growth factor receptor (EGFR), anaplastic lymphoma kinase "
    "(ALK), or ROS-1 mutations that are sensitive to available targeted inhibitor therapy."
)


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        (
            _ANY_DRIVER,
            "Lung adenocarcinoma, stage IV. NGS: EGFR, ALK and ROS1 negative.",
            "not_met",
        ),
        (_ANY_DRIVER, "Lung adenocarcinoma, stage IV. EGFR L858R on tissue NGS.", "met"),
        (_EGFR_OR_ALK, "Adenocarcinoma of the lung. EGFR and ALK wild type.", "not_met"),
        (_POSITIVE, "The biopsy showed lung cancer with an ALK change.", "met"),
        (_ROS1, "Stage IV adenocarcinoma, SLC34A2-ROS1 fusion on NGS.", "met"),
        (_ADDITIONAL, "NGS: KRAS G12C; EGFR, ALK, ROS1, BRAF, MET and RET negative.", "not_met"),
        (_ABSENCE, "Adenocarcinoma, EGFR, ALK and ROS1 wild-type on NGS.", "met"),
        (_SENSITIVE, "Lung adenocarcinoma with EGFR exon 19 deletion.", "met"),
        (_SENSITIVE, "Lung adenocarcinoma. EGFR, ALK and ROS1 negative.", "not_met"),
    ],
)
def test_a_driver_criterion_is_settled_by_the_genes_the_note_covers(
    criterion: str, note: str, expected: str
) -> None:
    assert status(criterion, "exclusion", note) == expected


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # The usual panel is EGFR and ALK: one gene tested leaves any driver open.
        (_ANY_DRIVER, "Lung adenocarcinoma. EGFR negative, the rest of the panel is awaited."),
        (_EGFR_OR_ALK, "Adenocarcinoma of the lung. EGFR wild type."),
        # Another driver than the trial's own asks a wider panel than EGFR and ALK.
        (_ADDITIONAL, "KRAS G12C lung adenocarcinoma; EGFR and ALK negative."),
        (_ANY_OTHER, "Lung adenocarcinoma. The gene tests found no EGFR or ALK change."),
        # An insensitive EGFR variant is no sensitizing mutation, nor its absence.
        (_SENSITIVE, "Lung adenocarcinoma with an EGFR exon 20 insertion."),
        (_ABSENCE, "EGFR exon 20 insertion; ALK and ROS1 negative."),
    ],
)
def test_an_untested_gene_or_a_less_specific_result_stays_unknown(
    criterion: str, note: str
) -> None:
    assert status(criterion, "exclusion", note) == "unknown"


@pytest.mark.parametrize(
    "criterion",
    [
        "Prior treatment with ROS1 inhibitors",
        "Has prior exposure to any agents that target epidermal growth factor receptor (EGFR)",
        "Participants with CKD and eGFR >= 30 and < 90 mL/min/1.73 m2 at screening",
    ],
)
def test_a_treatment_or_a_kidney_criterion_asks_no_driver_alteration(criterion: str) -> None:
    assert asked_drivers(criterion) is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "NGS: EGFR, ALK, ROS1, BRAF, MET and RET negative.",
            {"egfr": "negative", "alk": "negative", "ros1": "negative", "braf": "negative"},
        ),
        ("The gene tests found no EGFR or ALK change.", {"egfr": "negative", "alk": "negative"}),
        ("Non-small cell lung cancer with an ALK change.", {"alk": "positive"}),
    ],
)
def test_a_marker_list_past_met_and_a_gene_change_are_read(
    note: str, expected: dict[str, str]
) -> None:
    statuses = marker_statuses(note)
    assert {marker: statuses.get(marker) for marker in expected} == expected


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        (
            _EGFR_OR_ALK,
            "Lung adenocarcinoma; tissue NGS negative for EGFR/ALK/ROS1/KRAS G12C.",
            "not_met",
        ),
        (
            _POSITIVE,
            "Adenocarcinoma, no EGFR mutation, ALK rearrangement or ROS1 fusion.",
            "not_met",
        ),
        (_ANY_DRIVER, "Lung adenocarcinoma. Wild-type for EGFR, ALK and ROS1.", "not_met"),
    ],
)
def test_a_negative_panel_is_no_driver_found(criterion: str, note: str, expected: str) -> None:
    """A driver-negative note ("negative for EGFR/ALK/ROS1/KRAS G12C") does not meet an
    exclusion of EGFR or ALK alterations: read as positive it excluded a patient who fits."""
    assert status(criterion, "exclusion", note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("NGS negative for EGFR exon 20 insertion, ALK and ROS1.", {"alk": "negative"}),
        ("Tissue NGS: no EGFR exon 19 deletion or L858R.", {}),
        ("EGFR exon 20 insertion negative on plasma NGS.", {}),
        ("EGFR exon 19 deletion. Negative for EGFR exon 20 insertion.", {"egfr": "positive"}),
        ("Lung adenocarcinoma with an EGFR exon 20 insertion.", {"egfr": "positive"}),
    ],
)
def test_a_denied_exon_variant_is_neither_the_gene_mutated_nor_the_gene_negative(
    note: str, expected: dict[str, str]
) -> None:
    """ "Negative for EGFR exon 20 insertion" and "no EGFR exon 19 deletion or L858R" were read
    as EGFR mutated (the exon read as the gene's alteration, the lead before it unread). Each
    denies only the variants it names: another EGFR variant may still be there, so the gene has
    no status, while the genes listed after the variant are negative."""
    statuses = marker_statuses(note)
    assert {marker: statuses[marker] for marker in ("egfr", "alk") if marker in statuses} == (
        expected
    )


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            _EGFR_OR_ALK,
            "Lung adenocarcinoma; NGS negative for EGFR exon 20 insertion, ALK and ROS1.",
        ),
        (_ABSENCE, "Adenocarcinoma; no EGFR exon 19 deletion or L858R; ALK and ROS1 negative."),
    ],
)
def test_a_denied_exon_variant_leaves_a_criterion_on_the_gene_open(
    criterion: str, note: str
) -> None:
    """Read as EGFR mutated, these notes met an exclusion of EGFR changes and did not meet
    "Absence of sensitizing EGFR mutations" (wrong direction); only the variants named are
    denied, so the study team decides on the rest of the gene."""
    assert status(criterion, "exclusion", note) == "unknown"
