"""Issue 12 (heart-failure): a heart failure kind is decided by the ejection fraction.

ESC 2021 (McDonagh et al., Eur Heart J 2021;42:3599-3726) defines heart failure with reduced
ejection fraction (HFrEF) as LVEF <= 40 % and with preserved ejection fraction (HFpEF) as
LVEF >= 50 %. A note writes "heart failure, EF 35%" more often than the kind, so the kind is
read from the number; a note naming the kind bounds the LVEF by its range and no further.

Criteria are real: ClinicalTrials.gov NCT06948422 (../shared/data/ctgov_v2); Chia NCT02589977,
LCT NCT03924479 (HFpEF) and the LVEF thresholds of Chia and LCT trials (../shared/data).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# NCT06948422 (inclusion).
HFREF = "Have heart failure with reduced ejection fraction (HFrEF) diagnosis"
# Chia NCT02589977 (inclusion).
HFPEF = "Clinical diagnosis of HFpEF."
# LCT NCT03924479 (inclusion); Chia "Left ventricular ejection fraction <45%" and the others.
LVEF_AT_MOST_40 = "Left ventricular ejection fraction (LVEF) ≤ 40% (ECHO)"
PRESERVED_LVEF = "preserved left ventricular ejection fraction (>= 50%) on echocardiography"


def test_a_note_naming_the_other_kind_is_left_to_the_kinds_own_reading() -> None:
    """HFrEF against HFpEF is not read as disjoint (a patient moves between the kinds:
    disease_relations.json), and the note did give the kind, not "no ejection fraction"."""
    found = judged(HFPEF, "inclusion", facts(note="70F. HFrEF."))
    assert found.status == "unknown"
    assert "gives no ejection fraction" not in found.reason, found.reason


@pytest.mark.parametrize(
    ("text", "note", "status"),
    [
        (HFREF, "68M. Heart failure, EF 35% on echo last month.", "met"),
        (HFREF, "68M. Congestive heart failure; echo LVEF 55%.", "not_met"),
        (HFPEF, "70F. Heart failure, LVEF 60% on echo.", "met"),
        (HFPEF, "70F. Heart failure, EF 35%.", "not_met"),
        # 41-49 % (ESC's mildly reduced) is neither kind.
        (HFREF, "70F. Heart failure, LVEF 45%.", "not_met"),
        (HFPEF, "70F. Heart failure, LVEF 45%.", "not_met"),
        # A range across the cut-off does not decide.
        (HFREF, "70F. Heart failure, LVEF 35-45%.", "unknown"),
    ],
)
def test_a_heart_failure_kind_is_read_from_the_notes_ejection_fraction(
    text: str, note: str, status: str
) -> None:
    found = judged(text, "inclusion", facts(note=note))
    assert found.status == status, found.reason
    assert "ESC 2021" in found.reason


def test_heart_failure_without_an_ejection_fraction_names_the_missing_ejection_fraction() -> None:
    found = judged(HFREF, "inclusion", facts(note="68M. Heart failure, on furosemide."))
    assert found.status == "unknown"
    assert "ejection fraction" in found.reason and "no" in found.reason, found.reason


@pytest.mark.parametrize(
    ("text", "note", "status"),
    [
        (LVEF_AT_MOST_40, "66M. HFrEF on sacubitril.", "met"),
        ("Left ventricular ejection fraction <45%", "66M. HFrEF on sacubitril.", "met"),
        # HFrEF bounds LVEF at 40 only: below 30 or 40 is not said.
        ("Preoperative left ventricular ejection fraction < 30%", "66M. HFrEF.", "unknown"),
        ("LVEF < 40%", "66M. HFrEF.", "unknown"),
        (PRESERVED_LVEF, "66M. HFrEF.", "not_met"),
        # Chia "LV ejection fraction < 50%.": HFrEF lies below it, HFpEF above.
        ("LV ejection fraction < 50%.", "66M. HFrEF.", "met"),
        ("LV ejection fraction < 50%.", "72F. HFpEF.", "not_met"),
    ],
)
def test_a_notes_heart_failure_kind_bounds_the_ejection_fraction_by_its_definition(
    text: str, note: str, status: str
) -> None:
    found = judged(text, "inclusion", facts(note=note))
    assert found.status == status, found.reason
