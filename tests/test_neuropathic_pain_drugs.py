"""Issue 12 (drugs-seven): gabapentinoids and medication for neuropathy.

"Patients taking medication for neuropathy" (NCT06491082, a chemotherapy-neuropathy trial)
and "Chronic pain history with regular opioid and / or gabapentinoids use during the 2 weeks
before surgery" (ChiA) name the drugs a letter writes as "pregabalin 75 mg bd for neuropathic
pain". ``concepts.json`` now holds ``gabapentinoid`` (WHO ATC N02BF: gabapentin, pregabalin,
mirogabalin) and ``neuropathic_pain_drug`` ("medication for neuropathy", "neuropathic pain
medication") whose member is the gabapentinoids, the drugs licensed for neuropathic pain and
given for little else; amitriptyline and duloxetine, which NICE CG173 also offers, are left
out: a note's amitriptyline is as often for sleep or mood. Real criterion text.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.match import Judgement

_NEUROPATHY_MEDICATION = "Patients taking medication for neuropathy"
_GABAPENTINOIDS = (
    "Chronic pain history with regular opioid and / or gabapentinoids use during the 2 weeks"
    " before surgery"
)


def _judged(text: str, note: str) -> Judgement:
    """The exclusion judged for a 66-year-old man the note describes."""
    return judged(text, "exclusion", facts(age=66, sex="male", note=note))


def test_pregabalin_for_neuropathic_pain_is_medication_for_neuropathy() -> None:
    judgement = _judged(
        _NEUROPATHY_MEDICATION,
        "66M. Stage III colon ca, adjuvant CAPOX. T2DM with diabetic peripheral neuropathy,"
        " on pregabalin 75 mg bd for neuropathic pain.",
    )
    assert judgement.status == "met", judgement.reason


def test_gabapentin_is_a_gabapentinoid() -> None:
    judgement = _judged(_GABAPENTINOIDS, "66M back pain, on gabapentin 300 mg tds daily.")
    assert judgement.status != "not_met", judgement.reason
    assert "does not mention gabapentinoids" not in judgement.reason


def test_metformin_and_sertraline_are_not_medication_for_neuropathy() -> None:
    note = "54F breast cancer on weekly paclitaxel; metformin, sertraline."
    judgement = _judged(_NEUROPATHY_MEDICATION, note)
    assert judgement.status != "met", judgement.reason
