"""The ability to swallow (issue 12): "Ability to swallow capsules", "Able to swallow oral
medication", "Ability to swallow and retain oral medications" (inclusions of round trials)
are met by a note saying the patient swallows tablets ("Swallows tablets fine", "I can swallow
tablets") and not met by one saying they cannot ("unable to swallow tablets"); an exclusion
of the inability ("Inability to swallow oral medication") follows the note the other way.

A note silent on swallowing, or one naming only a difficulty ("dysphagia to solids"), leaves
the criterion to the study team, and a criterion asking more than swallowing ("Able to
swallow tablets and attend weekly visits") is left too.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

ASKS_ABLE = (
    "Ability to swallow capsules.",
    "Able to swallow oral medication.",
    "Ability to swallow and retain oral medications.",
)
ASKS_UNABLE = ("Inability to swallow oral medication", "Unable to swallow tablets or capsules")

ABLE = (
    "KRAS G12C lung adenocarcinoma, ECOG 1. Swallows tablets fine.",
    "I can swallow tablets, and my consultant says my performance status is 1.",
    "Eating small amounts by mouth, swallows tablets.",
)
UNABLE = (
    "Oesophageal stricture; unable to swallow tablets, fed by PEG.",
    "She cannot swallow capsules since the stroke.",
)
SILENT = (
    "Lung adenocarcinoma, ECOG 1, on amlodipine.",
    "Dysphagia to solids for two months.",
    "Swallow assessment booked.",
)


def _assert_all(texts: tuple[str, ...], section: str, notes: tuple[str, ...], status: str) -> None:
    for text in texts:
        for note in notes:
            judgement = judged(text, section, facts(age=60, sex="male", note=note))
            assert judgement.status == status, (text, note, judgement.reason)


def test_a_note_saying_the_patient_swallows_tablets_meets_an_ability_to_swallow() -> None:
    _assert_all(ASKS_ABLE, "inclusion", ABLE, "met")
    judgement = judged(ASKS_ABLE[0], "inclusion", facts(age=60, sex="male", note=ABLE[0]))
    assert "swallows tablets" in judgement.reason


def test_a_note_saying_the_patient_cannot_swallow_leaves_an_ability_to_swallow_not_met() -> None:
    _assert_all(ASKS_ABLE, "inclusion", UNABLE, "not_met")


def test_an_exclusion_of_an_inability_to_swallow_follows_the_note() -> None:
    _assert_all(ASKS_UNABLE, "exclusion", ABLE, "not_met")
    _assert_all(ASKS_UNABLE, "exclusion", UNABLE, "met")


def test_a_note_silent_on_swallowing_or_a_criterion_asking_more_stays_unknown() -> None:
    _assert_all(ASKS_ABLE, "inclusion", SILENT, "unknown")
    more = ("Able to swallow tablets and attend weekly visits",)
    _assert_all(more, "inclusion", ABLE[:1], "unknown")
