"""Attending follow-up (issue 12): an exclusion of a patient who cannot or will not attend
follow-up ("Unable or unwilling for regular follow up", "Poor reliability for follow-up and
treatment completion.", "Non-compliant for follow up.", exclusions of round trials) is not met
by a note saying the patient attends it ("happy to attend follow-up", "attends reliably, lives
locally", "attends HIV clinic reliably", "son brings her to every visit").

A note silent on follow-up, or one saying a follow-up the patient is not kept to ("missed
follow-up appointments"), leaves the criterion to the study team, and a criterion asking more
than follow-up ("Unable to attend follow-up or to undergo MRI") is left too.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_swallowing import _assert_all

ASKS_LACK = (
    "Unable or unwilling for regular follow up",
    "Poor reliability for follow-up and treatment completion.",
    "Non-compliant for follow up.",
)

ATTENDS = (
    "Rectal cancer after short-course RT; happy to attend follow-up.",
    "Retired teacher, attends reliably, lives locally.",
    "Widowed, son brings her to every visit.",
    "HIV on Biktarvy since 2015. Lives locally, attends HIV clinic reliably.",
)
SILENT = (
    "Lung adenocarcinoma, ECOG 1, on amlodipine.",
    "Missed follow-up appointments twice last year.",
    "Walks with a frame.",
)


def test_a_note_saying_the_patient_attends_follow_up_leaves_its_lack_not_met() -> None:
    _assert_all(ASKS_LACK, "exclusion", ATTENDS, "not_met")
    judgement = judged(ASKS_LACK[0], "exclusion", facts(age=60, sex="male", note=ATTENDS[0]))
    assert "attends follow-up" in judgement.reason


def test_a_note_silent_on_follow_up_or_a_criterion_asking_more_stays_unknown() -> None:
    _assert_all(ASKS_LACK, "exclusion", SILENT, "unknown")
    more = ("Unable to attend follow-up or to undergo MRI",)
    _assert_all(more, "exclusion", ATTENDS[:1], "unknown")
