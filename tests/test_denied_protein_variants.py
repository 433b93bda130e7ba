"""A variant named by its protein change and found absent denies that variant, not its gene.

"No EGFR T790M mutation", "KRAS G12C negative" and "BRAF V600E not detected" say what a test
looked for: another variant of the gene may still be there. The marker reader still reads the
gene negative (search ranks by it: a KRAS G12C trial is not the patient's), and says which
variants the negative is about (:func:`trialfinder.marker_status.variants_denied`); a judge
answers from it only a criterion asking that variant. The criteria are the real ones of the
hand-written rounds' trials and of ``../shared/data/ctgov_v2``; the notes are written for the
tests, in the rounds' words ("BRAF V600E not detected" is round fifteen's).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import status
from trialfinder.marker_requirements import marker_reading
from trialfinder.marker_status import marker_statuses, variants_denied

_SENSITIZING_ABSENT = "Absence of sensitizing EGFR mutations"
_EGFR_WILD = (
    "Histologically or cytologically confirmed diagnosis of NSCLC with confirmed EGFR wild-type"
)
_RAS_RAF_WILD = "Be diagnosed to have KRAS, NRAS, and BRAF wild-type"
_EGFR_OR_ALK = "Have known changes in the EGFR or ALK genes."
_EGFR_TARGETABLE = "Tumors with targetable alterations to EGFR"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Tissue NGS: no EGFR T790M mutation.", {"egfr": frozenset({"t790m"})}),
        ("KRAS G12C negative on tissue NGS.", {"kras": frozenset({"g12c"})}),
        ("KRAS wild type, NRAS wild type, BRAF V600E not detected.", {"braf": {"v600e"}}),
        ("NGS: no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF alteration.", {"kras": {"g12c"}}),
        ("EGFR L858R; no EGFR T790M mutation.", {}),
        ("EGFR, ALK and ROS1 negative on NGS.", {}),
    ],
)
def test_the_reader_keeps_the_variant_a_negative_is_about(
    note: str, expected: dict[str, frozenset[str]]
) -> None:
    assert variants_denied(note) == expected


def test_the_gene_still_reads_negative_for_search() -> None:
    """Search ranks a KRAS G12C trial below others for "KRAS G12C negative": kept."""
    assert marker_statuses("KRAS G12C negative on tissue NGS.") == {"kras": "negative"}


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (_SENSITIZING_ABSENT, "Tissue NGS: no EGFR T790M mutation. ALK negative."),
        (_EGFR_WILD, "Adenocarcinoma; EGFR T790M not detected on plasma NGS."),
        ("KRAS mutation", "KRAS G12C negative on tissue NGS."),
        (_RAS_RAF_WILD, "KRAS wild type, NRAS wild type, BRAF V600E not detected."),
    ],
)
def test_a_denied_variant_leaves_a_criterion_on_the_gene_open(criterion: str, note: str) -> None:
    """ "No EGFR T790M mutation" met "Absence of sensitizing EGFR mutations" and "confirmed
    EGFR wild-type"; "KRAS G12C negative" failed "KRAS mutation": T790M is no sensitizing
    variant, and a G12D or a non-V600 BRAF mutation may still be there."""
    reading = marker_reading(criterion, [note])
    assert reading is not None
    assert reading.truth == "unknown", reading.reason


@pytest.mark.parametrize(
    ("criterion", "note", "truth"),
    [
        ("KRAS G12C mutation", "KRAS G12C negative on tissue NGS.", "false"),
        ("BRAF V600E mutation", "BRAF V600E not detected.", "false"),
        (
            "Must have disease with evidence of KRAS G12C mutation.",
            "NGS: no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF alteration.",
            "false",
        ),
        ("No EGFR T790M mutation", "Tissue NGS: no EGFR T790M mutation.", "true"),
    ],
)
def test_a_denied_variant_answers_a_criterion_asking_that_variant(
    criterion: str, note: str, truth: str
) -> None:
    reading = marker_reading(criterion, [note])
    assert reading is not None
    assert reading.truth == truth, reading.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (_EGFR_OR_ALK, "Lung adenocarcinoma. EGFR T790M negative; ALK negative on NGS."),
        (_EGFR_TARGETABLE, "Lung adenocarcinoma. Tissue NGS: no EGFR T790M mutation."),
    ],
)
def test_a_denied_variant_is_no_driver_panel_of_its_gene(criterion: str, note: str) -> None:
    """ "EGFR T790M negative" does not say the EGFR gene has no change: an exclusion of EGFR
    changes stays open."""
    assert status(criterion, "exclusion", note) == "unknown"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Lung adenocarcinoma. PD-L1 TPS 1-49%.", {"pd-l1": "positive"}),
        ("Lung adenocarcinoma. PD-L1 TPS 0-49%.", {}),
        ("Lung adenocarcinoma. PD-L1 TPS ≤ 49%.", {}),
        ("Lung adenocarcinoma. PD-L1 TPS ≥ 50%.", {"pd-l1": "positive"}),
        ("Lung adenocarcinoma. PD-L1 TPS > 0%.", {"pd-l1": "positive"}),
        ("Lung adenocarcinoma. PD-L1 TPS <1%.", {"pd-l1": "negative"}),
        ("Gastric adenocarcinoma. PD-L1 CPS ≥ 10.", {}),
    ],
)
def test_an_expression_range_or_cut_off_states_a_status_only_on_one_side_of_one_percent(
    note: str, expected: dict[str, str]
) -> None:
    """ "PD-L1 TPS 0-49%" read as PD-L1 negative (the range's first end) and "≤ 49%" as
    positive (the sign unread): each straddles the 1 % that parts negative from positive.
    "1-49%" is positive throughout. A CPS without its cut-off stays no status."""
    assert marker_statuses(note) == expected


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        ("PD-L1 TPS ≥ 50%", "Lung adenocarcinoma. PD-L1 TPS 1-49%.", "not_met"),
        ("PD-L1 TPS ≥ 10%", "Lung adenocarcinoma. PD-L1 TPS 1-49%.", "unknown"),
        ("PD-L1 expression ≥ 1%", "Lung adenocarcinoma. PD-L1 TPS 1-49%.", "met"),
        ("PD-L1 CPS ≥ 5", "Gastric adenocarcinoma. PD-L1 CPS ≥ 10.", "met"),
        ("PD-L1 CPS ≥ 10", "Gastric adenocarcinoma. PD-L1 CPS ≥ 1.", "unknown"),
        ("PD-L1 CPS ≥ 10", "Gastric adenocarcinoma. PD-L1 CPS < 1.", "not_met"),
        ("PD-L1 positive", "Lung adenocarcinoma. PD-L1 TPS ≤ 49%.", "unknown"),
        ("PD-L1 positive", "Lung adenocarcinoma. PD-L1 TPS 1-49%.", "met"),
    ],
)
def test_a_range_or_cut_off_answers_a_bound_it_falls_on_one_side_of(
    criterion: str, note: str, expected: str
) -> None:
    """A range or a named cut-off fully inside or outside the criterion's bound answers it;
    one straddling the bound is unknown."""
    assert status(criterion, "inclusion", note) == expected


_ROS1 = "Participant has a ROS1 gene rearrangement/fusion as detected by a local test."


@pytest.mark.parametrize(
    ("note", "statuses", "denied"),
    [
        ("No EML4-ALK fusion on RNA NGS.", {"alk": "negative"}, {"alk": {"eml4-alk"}}),
        ("KIF5B-RET fusion not detected.", {"ret": "negative"}, {"ret": {"kif5b-ret"}}),
        ("EML4-ALK fusion positive on NGS.", {"alk": "positive"}, {}),
    ],
)
def test_a_fusion_named_by_its_partner_and_denied_is_that_fusion_absent(
    note: str, statuses: dict[str, str], denied: dict[str, set[str]]
) -> None:
    """ "No EML4-ALK fusion" read as ALK fusion present (the denial's lead is before the
    partner, not the gene); it is that fusion found absent, kept with its partner."""
    assert (marker_statuses(note), variants_denied(note)) == (statuses, denied)


@pytest.mark.parametrize(
    ("criterion", "section", "note"),
    [
        (_EGFR_OR_ALK, "exclusion", "Lung adenocarcinoma. No EML4-ALK fusion; EGFR negative."),
        (_ROS1, "inclusion", "Lung adenocarcinoma. No CD74-ROS1 fusion on RNA NGS."),
    ],
)
def test_a_denied_fusion_partner_leaves_the_gene_open(
    criterion: str, section: str, note: str
) -> None:
    """Another partner's fusion of the gene may still be there: neither met nor not met."""
    assert status(criterion, section, note) == "unknown"
