"""Language ability (issue 12): a criterion asking the ability to read or speak English
("Able to speak and read English", "able to read and understand English or a
hospital-provided translator when consenting for the study;", inclusions of round trials) is
met by a note stating English the patient's first or only language or one they speak
fluently ("First language English.", "English is all I speak", "19 yo F, student, English
speaking.", "speaks and reads English fluently"); an exclusion of its lack ("unable to
complete questionnaires written in English") is then not met.

A note silent on language, or one saying the patient's English is poor or needs an
interpreter ("my English not so good"), leaves the criterion to the study team, and a
criterion asking more than the language is left too.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_swallowing import _assert_all

ASKS_ABLE = (
    "Able to speak and read English",
    "able to read and understand English",
    "able to read and understand English or a hospital-provided translator when consenting "
    "for the study;",
)
ASKS_UNABLE = ("unable to complete questionnaires written in English",)

SPEAKS = (
    "Lives with partner. First language English.",
    "English is her first language; reads and signs her own forms.",
    "I was born in Ohio, English is all I speak and I read fine with my glasses.",
    "GP consultation. 19 yo F, student, English speaking.",
    "Polish, in the UK for 15 years, speaks and reads English fluently.",
)
SILENT = (
    "Lung adenocarcinoma, ECOG 1, on amlodipine.",
    "Hello, my English not so good, my son help me write.",
    "First language Polish, needs an interpreter.",
)


def test_a_note_stating_english_as_the_patients_language_meets_an_ability_to_read_it() -> None:
    _assert_all(ASKS_ABLE, "inclusion", SPEAKS, "met")
    judgement = judged(ASKS_ABLE[0], "inclusion", facts(age=60, sex="male", note=SPEAKS[0]))
    assert "speaks English" in judgement.reason


def test_an_exclusion_of_an_inability_in_english_is_not_met_by_it() -> None:
    _assert_all(ASKS_UNABLE, "exclusion", SPEAKS, "not_met")


def test_a_note_silent_or_poor_in_english_or_a_criterion_asking_more_stays_unknown() -> None:
    _assert_all(ASKS_ABLE, "inclusion", SILENT, "unknown")
    _assert_all(ASKS_UNABLE, "exclusion", SILENT, "unknown")
    more = ("Able to read English and attend weekly visits in Boston",)
    _assert_all(more, "inclusion", SPEAKS[:1], "unknown")
