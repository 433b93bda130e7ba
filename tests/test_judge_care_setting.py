"""Issue 12: where a patient lives or is followed is not in a clinical note.

A met inclusion's words the parse leaves unread are waived on a whole record
(``unread_words``); words asking where the patient lives or is followed
(``care_setting_words``: "residing in", "followed at") are a waiver of their own,
not adopted: meeting the rest of the criterion does not meet them.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of, whole, written
from trialfinder.match import judge

# SIGIR topic 2015-14 (a labelled note of the development half), its first sentence.
PREGNANT = (
    "A 27-year-old woman at 11 weeks gestation in her second pregnancy is found to have a "
    "hemoglobin (Hb) of 9.0 g/dL, white blood cell count 6.3 x 109/L, platelet count 119 x "
    "109/L, mean corpuscular volume 109 fL. The patient will provide informed consent, and "
    "will comply with the trial protocol without any practical issues."
)


def test_a_pregnancy_does_not_meet_an_inclusion_asking_where_she_lives() -> None:
    criterion = criterion_of("NCT06209411", "Pregnant woman residing in")
    verdict = judge(criterion, facts(note=PREGNANT), record_is_complete=True)
    assert verdict.status == "unknown"
    assert "pregnant" in verdict.reason
    waived = frozenset({"unread_setting_words"})
    assert (
        judge(criterion, facts(note=PREGNANT), record_is_complete=True, waivers=waived).status
        == "met"
    )


def test_a_pregnancy_does_not_meet_an_inclusion_asking_where_she_is_followed() -> None:
    # A TrialGPT criterion (SIGIR 2015-14's anaemia-in-pregnancy trial).
    followed = written(
        "Every patient followed at the HME at the beginnig of the pregnancy", "inclusion"
    )
    assert whole(followed, PREGNANT) == "unknown"


def test_unread_words_that_ask_no_setting_are_still_waived() -> None:
    # The same trial's inclusion with its gestational age read, and one whose unread words
    # ask nothing of where she is.
    assert (
        whole(written("Pregnant, with gestational age <23 weeks", "inclusion"), PREGNANT) == "met"
    )
    assert whole(written("Pregnant women in the first trimester", "inclusion"), PREGNANT) == "met"
