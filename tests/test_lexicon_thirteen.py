"""Issue 12 (lexicon-thirteen): end-stage renal disease as a stage of its own, and a note
naming the broader disease is not silent about the narrower one.

End-stage renal disease (MeSH Kidney Failure, Chronic; KDIGO category G5, "CKD stage 5") was
a name of kidney disease at large, so "CKD stage 5" could not meet "end-stage renal disease".
Making it a concept of its own under kidney disease let a whole record's silence settle
"End-stage renal disease (eGFR < 15 mL/min/1.73 m^2)" as not met for a note naming an
unstaged "chronic renal insufficiency": the note names the broader disease, by the lexicon or
only through MeSH, so it says nothing either way about the narrower stage or kind.

Criteria are real (ClinicalTrials.gov NCT05348876 in ../shared/data/ctgov_v2; Chia
NCT01228279, NCT02789111, NCT02986659 in ../shared/data/chia).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge

# NCT05348876 (exclusion).
ESRD_BY_EGFR = "End-stage renal disease (eGFR < 15 mL/min/1.73 m^2)."
# Chia NCT01228279 (inclusion); NCT02789111 (exclusion); NCT02986659 (exclusion).
ESRD_OR_CKD5 = "Patients with end-stage renal disease(ESRD)/chronic kidney disease(CKD)stage 5"
CKD5 = "Chronic kidney disease stage 5 (GFR < 15 ml/min)"
ESRD_OR_DIALYSIS = "End stage renal disease or on dialysis"


def on_a_whole_record(text: str, note: str) -> Judgement:
    """The exclusion judged as the judge audit and ``evaluate`` do: the note is the record."""
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, facts(note=note), record_is_complete=True)


@pytest.mark.parametrize(
    "note",
    [
        # MeSH Renal Insufficiency, Chronic, above Kidney Failure, Chronic.
        "82F. Hypertension, renal-artery stenosis with chronic renal insufficiency.",
        "82F. Chronic renal insufficiency, creatinine stable.",
    ],
)
def test_a_whole_record_naming_the_broader_disease_is_not_silent_about_its_end_stage(
    note: str,
) -> None:
    found = on_a_whole_record(ESRD_BY_EGFR, note)
    assert found.status == "unknown", found.reason
    assert found.evidence is not None and "insufficiency" in found.evidence


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Type 1 diabetes", "64F. Obese, diagnosis of diabetes mellitus, HbA1c high."),
        ("History of hemolytic anemia", "70M. Anemia, on oral iron."),
    ],
)
def test_a_whole_record_naming_the_broader_disease_is_not_silent_about_a_narrower_kind(
    text: str, note: str
) -> None:
    assert on_a_whole_record(text, note).status == "unknown"


def test_a_disease_only_the_lexicon_files_under_the_note_s_is_settled_by_silence() -> None:
    """MeSH files cardiogenic shock under the infarction it follows: a note about an
    infarction that is silent about shock settles it."""
    note = "70M. Uncomplicated myocardial infarction 2 years ago."
    assert on_a_whole_record("Cardiogenic shock.", note).status == "not_met"


def test_a_whole_record_silent_about_the_kidneys_still_lets_end_stage_renal_disease_off() -> None:
    found = on_a_whole_record(ESRD_BY_EGFR, "82F. Hypertension, osteoporosis and dementia.")
    assert found.status == "not_met", found.reason


@pytest.mark.parametrize(
    "note",
    [
        "68M. CKD stage 5 on haemodialysis three times a week.",
        "68M. Stage 5 CKD, eGFR 9.",
        "68M. ESRD on peritoneal dialysis.",
    ],
)
def test_ckd_stage_5_meets_end_stage_renal_disease(note: str) -> None:
    patient = facts(note=note)
    assert judged(ESRD_OR_CKD5, "inclusion", patient).status == "met"
    assert judged(ESRD_OR_DIALYSIS, "exclusion", patient).status == "met"
    assert judged(ESRD_BY_EGFR, "exclusion", patient).status in ("met", "unknown")


@pytest.mark.parametrize(
    "note", ["68M. CKD stage 3b, eGFR 38.", "68M. Chronic kidney disease, on ramipril."]
)
def test_an_earlier_or_unstaged_ckd_does_not_meet_end_stage_renal_disease(note: str) -> None:
    patient = facts(note=note)
    for text, section in ((ESRD_OR_CKD5, "inclusion"), (CKD5, "exclusion")):
        found = judged(text, section, patient)
        assert found.status != "met", (text, found.reason)


def test_a_whole_record_naming_a_disease_filed_under_the_criterion_s_class_is_not_silent() -> None:
    """Round twelve: "12M, scoliosis secondary to Duchenne muscular dystrophy" against
    NCT05381896's "Having a documented diagnosis of neurological disorders". The lexicon reads
    the criterion's class, MeSH files the note's dystrophy under it (Nervous System Diseases):
    the record names a disease of that class, so its silence settles nothing."""
    text = "Having a documented diagnosis of neurological disorders"
    note = "12M, scoliosis secondary to Duchenne muscular dystrophy, Cobb 58 degrees."
    found = on_a_whole_record(text, note)
    assert found.status == "unknown", found.reason
    assert found.evidence is not None and "Duchenne" in found.evidence
