"""Capacity to consent: a criterion about it is judged from the note's statement that the
patient has or lacks it (issue 12 items 1 and 4).

"Mental capacity to understand and consent to participate in the study" (an inclusion in
../shared's registry records), "Lack of mental capacity to consent to study involvement" and
"Diminished mental capacity" (exclusions, LCT and Chia): a note settles them when it says so
("He has capacity", "lacks capacity", "under guardianship"). Being alert and oriented, or
having dementia, says neither, and the criterion stays with the study team.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

MENTAL_CAPACITY = "Mental capacity to understand and consent to participate in the study"
LACK_OF_CAPACITY = "Lack of mental capacity to consent to study involvement"
DIMINISHED = "Diminished mental capacity"

HAS = "74M, prostate cancer for radical radiotherapy. He has capacity and wishes to proceed."
LACKS = "82F with advanced dementia, lacks capacity; her daughter holds power of attorney."


def test_a_note_saying_the_patient_has_capacity_meets_an_inclusion_of_it() -> None:
    judgement = judged(MENTAL_CAPACITY, "inclusion", facts(note=HAS))
    assert judgement.status == "met", judgement.reason
    assert "has the capacity to consent" in judgement.reason


def test_a_note_saying_the_patient_lacks_capacity_leaves_the_inclusion_not_met() -> None:
    for note in (LACKS, "She does not have capacity to consent.", "He is under guardianship."):
        judgement = judged(MENTAL_CAPACITY, "inclusion", facts(note=note))
        assert judgement.status == "not_met", (note, judgement.reason)


def test_an_exclusion_of_lacking_capacity_follows_the_note() -> None:
    for text in (LACK_OF_CAPACITY, DIMINISHED):
        assert judged(text, "exclusion", facts(note=LACKS)).status == "met", text
        assert judged(text, "exclusion", facts(note=HAS)).status == "not_met", text


def test_alertness_or_dementia_alone_says_nothing_of_capacity() -> None:
    for note in ("74M, alert and oriented.", "80F with mild Alzheimer's dementia."):
        for text, section in ((MENTAL_CAPACITY, "inclusion"), (LACK_OF_CAPACITY, "exclusion")):
            judgement = judged(text, section, facts(note=note))
            assert judgement.status == "unknown", (text, note, judgement.reason)
