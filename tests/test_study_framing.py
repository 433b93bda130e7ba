"""Words a criterion leaves unread that ask nothing of the patient (issue 12).

A criterion read in part ("…; the rest of this criterion needs the study team") keeps its
read part's answer when what is left is only the study's own acts and framing ("at screening
per local requirements", "at Cycle 1 Day 1", "as per assessing clinician") or the name of the
body whose scale it reads ("World Health Organization (WHO)/ECOG"): the phrases
``leftover_study_framing_phrases`` of ``judge_cues``. A leftover naming a condition,
treatment, value, time window or population still leaves the criterion to the study team.
Each test is a real criterion of a trial in ``../shared`` (API v2 studies) from the
hand-written rounds.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


@pytest.mark.parametrize(
    ("nct_id", "start", "note"),
    [
        # "… a positive test at screening per local requirements": the study's rule of testing.
        ("NCT05070858", "History of HIV infection or a positive test", "HIV test negative."),
        # "… for patients on ECG at screening and/or at Cycle 1 Day 1": when the value is taken.
        ("NCT06761586", "QTcF (Fridericia) interval more than 450 ms", "ECG: QTcF 438 ms."),
        # "… as per assessing clinician": who judges it.
        ("NCT07021677", "Presence of an active systemic infection", "Afebrile, no infection."),
    ],
)
def test_the_studys_own_framing_asks_nothing_of_a_patient_the_note_clears(
    nct_id: str, start: str, note: str
) -> None:
    result = judged(_criterion_text(nct_id, start), "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_the_name_of_the_body_of_a_scale_asks_nothing_more() -> None:
    text = _criterion_text("NCT06417814", "World Health Organization (WHO)/Eastern")
    result = judged(text, "inclusion", facts(note="ECOG 1."))
    assert result.status == "met", result.reason


def test_a_study_framing_phrase_beside_a_real_requirement_still_leaves_it() -> None:
    """ "with no deterioration over the previous 2 weeks": a requirement the note does not
    answer, whatever framing stands beside it."""
    text = (
        "ECOG performance status of 0 or 1 at Cycle 1 Day 1 with no deterioration over the "
        "previous 2 weeks"
    )
    assert judged(text, "inclusion", facts(note="ECOG 0.")).status == "unknown"


def test_a_plan_during_the_study_still_leaves_an_exclusion_of_pregnancy() -> None:
    """ "planning to become pregnant … in this study": the plan is asked of the patient."""
    text = "Pregnant, breastfeeding, or planning to become pregnant in this study."
    patient = facts(note="Not pregnant, not breastfeeding.", sex="female", age=30)
    assert judged(text, "exclusion", patient).status == "unknown"


def test_an_exclusion_saying_it_excludes_asks_nothing_more() -> None:
    text = _criterion_text("NCT03256916", "HIV positive patients will be excluded")
    result = judged(text, "exclusion", facts(note="HIV antibody test negative."))
    assert result.status == "not_met", result.reason
    text = "Pregnant or nursing women cannot participate in this study."  # NCT05481502
    patient = facts(note="Serum hCG negative. Not breastfeeding.", sex="female", age=30)
    assert judged(text, "exclusion", patient).status == "not_met"


def test_an_inclusion_saying_it_excludes_is_not_read_as_met() -> None:
    """Said in an inclusion, "will be excluded" turns it over: never framing there."""
    patient = facts(note="Type 2 diabetes on metformin.")
    assert judged("Patients with diabetes will be excluded.", "inclusion", patient).status != "met"
