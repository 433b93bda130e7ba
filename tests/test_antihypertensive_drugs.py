"""Issue 12 (drugs-four): antihypertensives as a family.

"Subject receiving dopamine agonists, nitrates, alpha-receptor blocking agents, or
antihypertensive medication" (Chia) read no drug for "antihypertensive medication": a note's
amlodipine or ramipril could not meet it. ``concepts.json`` ``antihypertensive`` (MeSH
Antihypertensive Agents D000959) lists the classes NICE NG136 names — ACE inhibitors,
angiotensin receptor blockers, calcium-channel blockers, thiazide-like diuretics,
beta-blockers — each with its MeSH action and members. Real criterion text.
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text as criterion_from
from trialfinder.match import judge

_RECEIVING = (
    "Subject receiving dopamine agonists, nitrates, alpha-receptor blocking agents, or "
    "antihypertensive medication (see other exclusionary medications listed below)"
)
_CLASSES = (
    "Antihypertensive medications (including beta-blockers, calcium channel blockers, "
    "angiotensin converting enzyme [ACE] inhibitors, and angiotensin receptor blockers),"
)


def test_a_calcium_channel_blocker_is_an_antihypertensive_medication() -> None:
    note = "62F, hypertension on amlodipine 5 mg once daily."
    judgement = judge(
        criterion_from(_RECEIVING, "exclusion"), facts(age=62, sex="female", note=note)
    )
    assert judgement.status == "met", judgement.reason


def test_an_ace_inhibitor_meets_the_listed_antihypertensive_classes() -> None:
    note = "58M, type 2 diabetes, hypertension. Ramipril 10 mg, metformin."
    judgement = judge(criterion_from(_CLASSES, "exclusion"), facts(age=58, sex="male", note=note))
    assert judgement.status == "met", judgement.reason


def test_a_note_without_blood_pressure_drugs_does_not_meet_it() -> None:
    note = "40M, asthma on salbutamol as needed."
    judgement = judge(criterion_from(_RECEIVING, "exclusion"), facts(age=40, sex="male", note=note))
    assert judgement.status != "met", judgement.reason
