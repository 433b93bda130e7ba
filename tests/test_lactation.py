"""Whether a woman is breastfeeding now, read from a note that does not say so in as many
words (trialfinder.judging.lactation): a denied pregnancy with no birth named, a feeding
that is not breastfeeding, breastfeeding that stopped, and breastfeeding said beside a
birth ("She had a baby in July and is breastfeeding")."""

from __future__ import annotations

from typing import Literal

import pytest

from test_judge_entailment import facts, judged
from trialfinder import PatientProfile, criterion_from_text, extract_facts, judge

# Real exclusions of four trials naming pregnancy and lactation together.
PREGNANT_OR_LACTATING = "Pregnant or lactating women"  # NCT04603807
PREGNANT_OR_BREASTFEEDING = "Pregnant or breastfeeding women."  # NCT06427811
PREGNANT_BREASTFEEDING_OR_PLANNING = (  # NCT05482568
    "Female subjects who are pregnant, breast-feeding, or planning to become pregnant during "
    "the study"
)
PREGNANT_BREASTFEEDING_OR_INTENDING = (  # NCT05686551
    "Pregnancy or breastfeeding, or intention of becoming pregnant during the study or within "
    "5 months after the final dose of study drug"
)


def _status(criterion: str, note: str, age: int = 34) -> str:
    return judged(criterion, "exclusion", facts(age=age, sex="female", note=note)).status


_NOT_PREGNANT_NOT_NURSING = "Amenorrhoea. Urine hCG negative. Not breastfeeding."


def _whole_note_status(
    criterion: str, section: Literal["inclusion", "exclusion"], note: str, age: int = 31
) -> tuple[str, str]:
    """A woman's status and reason with her note read as the whole record."""
    patient = extract_facts(PatientProfile(age=age, sex="female", note=note))
    status, _, reason = judge(
        criterion_from_text(criterion, section),
        patient,
        (),
        record_is_complete=True,
    )
    return status, reason


@pytest.mark.parametrize("criterion", [PREGNANT_OR_LACTATING, PREGNANT_OR_BREASTFEEDING])
@pytest.mark.parametrize(
    "note",
    [
        "Recurrent depression on sertraline. Not pregnant.",
        "ROS1 lung adenocarcinoma. bHCG neg 24/11/2026, Mirena coil.",
        "I'm not pregnant; I have the contraceptive implant in my arm.",
        "Periods still regular (LMP 3 wks ago), preg test neg in surgery.",
    ],
)
def test_a_denied_pregnancy_with_no_birth_named_answers_a_pregnancy_or_lactation_exclusion(
    criterion: str, note: str
) -> None:
    """Rounds five, nineteen, twenty-one, twenty-two and twenty-nine: lactation follows a
    birth (MeSH Lactation, D007774), so a note that says a woman is not pregnant (or gives
    her negative pregnancy test, "preg test neg") and names no birth, baby or feeding does
    not describe a nursing mother: the exclusion is not met (it stayed unknown)."""
    assert _status(criterion, note) == "not_met"


@pytest.mark.parametrize("criterion", [PREGNANT_OR_LACTATING, PREGNANT_OR_BREASTFEEDING])
@pytest.mark.parametrize(
    "note",
    [
        "Not pregnant. Had a baby in March.",
        "Pregnancy test negative. Six weeks postpartum after a caesarean.",
    ],
)
def test_a_denied_pregnancy_beside_a_recent_birth_leaves_breastfeeding_unknown(
    criterion: str, note: str
) -> None:
    """A note naming a baby or a birth may be about a nursing mother: its silence on
    breastfeeding stays the study team's."""
    assert _status(criterion, note) == "unknown"


@pytest.mark.parametrize(
    "criterion", [PREGNANT_BREASTFEEDING_OR_INTENDING, PREGNANT_BREASTFEEDING_OR_PLANNING]
)
@pytest.mark.parametrize(
    "note",
    [
        "Premanifest Huntington's gene carrier. She had a baby in July and is breastfeeding.",
        "Had a baby 3 months ago, breastfeeding.",
    ],
)
def test_a_woman_who_had_a_baby_and_is_breastfeeding_is_lactating(
    criterion: str, note: str
) -> None:
    """Round twenty-eight: the history cue of "had a baby" does not reach the breastfeeding
    the sentence says goes on; the exclusion is met (it stayed unknown)."""
    assert _status(criterion, note, age=33) == "met"


@pytest.mark.parametrize("criterion", [PREGNANT_OR_LACTATING, PREGNANT_OR_BREASTFEEDING])
def test_a_woman_who_stopped_breastfeeding_is_not_lactating_now(criterion: str) -> None:
    """Lactation is a state of now: "stopped breastfeeding in May" is over (it was met), and
    with a negative pregnancy test the exclusion is not met."""
    assert _status(criterion, "Not pregnant; stopped breastfeeding in May.") == "not_met"
    assert _status(criterion, "She stopped breastfeeding in May.") == "unknown"


@pytest.mark.parametrize("criterion", [PREGNANT_OR_LACTATING, PREGNANT_OR_BREASTFEEDING])
@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Baby born 6 weeks ago, formula feeding. Pregnancy test negative.", "not_met"),
        ("Gave birth in October; she is bottle-feeding. Not pregnant.", "not_met"),
        ("Gave birth in October; bottle-feeding expressed breast milk. Not pregnant.", "unknown"),
    ],
)
def test_formula_feeding_is_not_breastfeeding(criterion: str, note: str, expected: str) -> None:
    """A mother who feeds her baby formula (NHS, "Bottle feeding advice") is not lactating;
    a bottle of expressed breast milk is still her milk, so that one is left unknown."""
    assert _status(criterion, note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "I am not pregnant, my period stop 3 years ago.",
        "She is not pregnant; her last baby was born 4 years ago and she is not breastfeeding.",
    ],
)
def test_a_state_denied_in_the_present_is_not_dated_by_another_clause(note: str) -> None:
    """Round twenty-six: NCT05706493 excludes "Pregnant females"; "I am not pregnant, my period
    stop 3 years ago" denies a pregnancy now, and the three years are the period's, not the
    denial's (it was read as a denial three years back and dropped: unknown)."""
    assert _status("Pregnant females", note, age=52) == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        "Fever and loin pain. Periods still regular (LMP 3 wks ago), preg test neg in surgery.",
        "Menstruating regularly; urine hCG negative.",
    ],
)
def test_a_woman_whose_periods_go_on_is_not_postmenopausal(note: str) -> None:
    """Round twenty-nine: NCT05702762 excludes "Pregnant or post-menopausal patients." and
    includes "At least 18 years of age, woman, pre-menopausal, non-pregnant …". Postmenopause
    is 12 months without a period (NICE NG23, 1.2.1), so a woman of 47 whose periods are
    still regular is premenopausal (her age alone left it unknown)."""
    assert _status("Pregnant or post-menopausal patients.", note, age=47) == "not_met"
    reason = judged(
        "At least 18 years of age, woman, pre-menopausal, non-pregnant",
        "inclusion",
        facts(age=47, sex="female", note=note),
    ).reason
    assert "patient is premenopausal" in reason


def test_irregular_periods_say_nothing_of_the_menopause() -> None:
    """The menopause transition ("irregular periods") may be before or after the last period:
    the study team decides."""
    assert (
        "menopausal status not given"
        in judged(
            "Pregnant or post-menopausal patients.",
            "exclusion",
            facts(age=49, sex="female", note="Irregular periods for a year. Not pregnant."),
        ).reason
    )


@pytest.mark.parametrize(
    "criterion",
    [
        PREGNANT_BREASTFEEDING_OR_INTENDING,
        "Pregnancy, breastfeeding, or plans of becoming pregnant",  # NCT05482828
        # NCT04207047
        "Subjects who are pregnant, nursing, or anticipate a pregnancy during the length of the "
        "trial.",
    ],
)
def test_a_whole_note_s_silence_leaves_a_planned_pregnancy_to_the_study_team(
    criterion: str,
) -> None:
    """A note records what is, not what is meant (silence rule future_intention): "intention
    of", "plans of" and "anticipate" are its cues too, so a whole note saying a woman is not
    pregnant leaves the planning part of these exclusions the study team's (a whole-record
    reading waived it: not met)."""
    status, reason = _whole_note_status(criterion, "exclusion", _NOT_PREGNANT_NOT_NURSING)
    assert status == "unknown", reason


@pytest.mark.parametrize(
    "criterion",
    [
        "Participants must not be pregnant and/or breastfeeding.",  # NCT06561386, exclusions
        "Participants must not be pregnant or breastfeeding.",
    ],
)
def test_must_not_be_pregnant_among_exclusions_does_not_exclude_a_woman_who_is_not(
    criterion: str,
) -> None:
    """NCT06561386 lists "Participants must not be pregnant and/or breastfeeding." among its
    exclusions: the negation is the requirement's, as a negated condition there is ("must not
    have an active autoimmune disease"), so a woman who is not pregnant is not excluded (it
    was met, read as "excluded unless pregnant")."""
    assert _status(criterion, "Not pregnant, not breastfeeding.") != "met"


def test_an_exclusion_of_women_who_are_not_pregnant_still_reads_the_negation() -> None:
    """Round twenty-eight: NCT05701904, a trial of pregnant women, excludes "Those over the age
    of 18 who are not pregnant": the negation says whom it excludes, so a woman 24 weeks
    pregnant is not excluded."""
    assert (
        _status("Those over the age of 18 who are not pregnant", "24 weeks pregnant.", age=26)
        == "not_met"
    )


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT07030517
        "A female participant is eligible to participate if she is not pregnant or "
        "breastfeeding, and not a woman of child bearing potential (WOCBP) or is a WOCBP and "
        "using a contraceptive method that is highly effective",
        # NCT06716424
        "Female participants: A female participant is eligible to participate if she is not "
        "pregnant, not breastfeeding, and at least 1 of the following conditions applies: Not a "
        "woman of childbearing potential (WOCBP) OR a WOCBP who agrees to follow the "
        "contraceptive guidance during the intervention period",
    ],
)
def test_a_whole_note_s_silence_leaves_contraception_to_the_study_team(criterion: str) -> None:
    """Audit, sigir-201428 (a woman of 31 who would like to become pregnant): a whole note met
    these inclusions on "not pregnant, not breastfeeding" alone, waiving the words on
    childbearing potential and contraception; a note rarely says them, so they are a waiver
    of their own (``unread_contraception_words``, not in force) and the answer is the study
    team's."""
    status, reason = _whole_note_status(criterion, "inclusion", _NOT_PREGNANT_NOT_NURSING)
    assert status == "unknown", reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT03983954
        "Female participants must be ≥ 1 year post-menopausal, surgically sterile, or using 1 "
        "highly effective form of birth control",
        # NCT06467357
        "Evidence of post-menopausal status or negative serum pregnancy test for females of "
        "childbearing potential;",
    ],
)
def test_a_whole_note_s_menopause_still_meets_a_contraception_alternative(criterion: str) -> None:
    """Audit, sigir-20145: a postmenopausal woman meets "≥ 1 year post-menopausal, surgically
    sterile, or using … birth control" by the menopause; the words on contraception are its
    alternatives, not a requirement the note leaves unsaid (met, or not applicable to a woman
    past childbearing age; not unknown)."""
    status, reason = _whole_note_status(
        criterion, "inclusion", "Postmenopausal since 2012. Hypertension.", age=64
    )
    assert status in ("met", "not_applicable"), reason


@pytest.mark.parametrize(
    "criterion",
    [
        "Pregnant women",  # NCT05706493 "Pregnant females" words it so too
        PREGNANT_OR_BREASTFEEDING,
    ],
)
@pytest.mark.parametrize(
    "note",
    [
        # sigir-201428 of the TREC notes: "She would like to become pregnant soon."
        "Not pregnant, not breastfeeding. Would like to become pregnant soon.",
        "Hoping to get pregnant next year; urine hCG negative today.",
        "She wants to get pregnant. Urine hCG negative.",
        "She is planning a pregnancy in the spring; not pregnant now.",
    ],
)
def test_a_pregnancy_wished_for_or_planned_is_no_pregnancy_now(criterion: str, note: str) -> None:
    """A wish or plan to become pregnant ("would like to become pregnant soon", "planning a
    pregnancy") is a pregnancy to come, not one now: the woman does not meet a pregnancy
    exclusion on it (it excluded her before)."""
    assert _status(criterion, note) == "not_met"


def test_a_wish_to_become_pregnant_leaves_a_silent_pregnancy_unknown() -> None:
    """Without a denial, a wished-for pregnancy says nothing of whether she is pregnant now."""
    assert _status("Pregnant women", "Would like to become pregnant soon.") == "unknown"


@pytest.mark.parametrize(
    "note",
    [
        # TREC note sigir-201428, spelt out with its abbreviation in brackets.
        "Urine human chorionic gonadotropin (hCG) is negative, thyroid stimulating hormone (TSH) "
        "is normal, but prolactin is elevated.",
        "Serum human chorionic gonadotropin negative on admission.",
    ],
)
def test_a_pregnancy_test_spelt_out_in_full_says_not_pregnant(note: str) -> None:
    """ "Urine human chorionic gonadotropin (hCG) is negative" is the urine hCG test
    ("urine hcg" of ``pregnancy_test_words``) written out: a negative test, so not pregnant."""
    assert _status("Pregnant women", note) == "not_met"
