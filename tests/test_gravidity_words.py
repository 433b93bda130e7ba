"""Issue 12: round twenty-eight's pregnancy words.

"primigravida 30 wks" was not read as a pregnancy, and "(first dose, none in pregnancy so
far)" was read as denying one. Gravidity words (MeSH Gravidity, D046949: the number of
pregnancies, the current one included; the obstetric formula's G) state a pregnancy or its
absence: a primigravida or multigravida at some weeks is pregnant now, a nulligravida has
never been pregnant (``parity_words`` of the screening rules). A denial whose object is
something done "in pregnancy" or "during this pregnancy" (a vaccine dose, a drug, a scan)
does not deny the pregnancy (``frame_words`` of ``obstetric_note_words``).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from test_obstetric_states import _judged_facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

_TD_TRIAL = "NCT05701904"
_PRIMIGRAVIDA = (
    "17-year-old 30 weeks pregnant, Td vaccine prescribed, acute back pain after a fall "
    "yesterday, family health centre nurse's note"
)
# NCT05704036 "Pregnant, lactating, or planning to become pregnant during study" asks the
# three; NCT05686551's exclusion the same. "Pregnancy" alone is many trials' exclusion.
_PREGNANCY = "Pregnancy"


def _pregnancy_exclusion(note: str) -> tuple[str, str]:
    return _judged_facts(_PREGNANCY, facts(age=26, sex="female", note=note), "exclusion")


def test_a_vaccine_dose_none_in_pregnancy_denies_no_pregnancy() -> None:
    # NCT05701904 "Pregnant women who were prescribed tetanus + diphtheria vaccine": "Td
    # vaccine prescribed today (first dose, none in pregnancy so far)" denies earlier doses.
    result = match_trial(
        parse_trial_criteria(_any_trial(_TD_TRIAL)), _round_patient("twentyeight", _PRIMIGRAVIDA)
    )
    found = _criterion(result, "Pregnant women who were prescribed tetanus + diphtheria vaccine")
    assert found.status != "not_met", found.reason


@pytest.mark.parametrize(
    "note",
    [
        "A 24-year-old primigravida at 30 weeks, booked at the antenatal clinic.",
        "Multigravida, 28 wks, uncomplicated so far.",
        "G2P1 at 32 weeks, cephalic.",
        "Primigravida 36+2 weeks, reduced fetal movements today.",
    ],
)
def test_a_gravidity_word_with_weeks_of_gestation_is_a_current_pregnancy(note: str) -> None:
    status, reason = _pregnancy_exclusion(note)
    assert status == "met", reason


@pytest.mark.parametrize(
    "note",
    ["She is nulligravida and uses condoms.", "Nulligravid, regular cycles, no contraception."],
)
def test_a_nulligravida_is_not_pregnant(note: str) -> None:
    status, reason = _pregnancy_exclusion(note)
    assert status == "not_met", reason


def test_a_primigravida_has_no_previous_birth() -> None:
    # "Nulliparous women" (NCT04766866's form, round ten): a first pregnancy has no birth before.
    status, reason = _judged_facts(
        "Nulliparous women", facts(age=24, sex="female", note="Primigravida 30 wks, well.")
    )
    assert status == "met", reason


def test_a_gravidity_word_without_weeks_says_no_pregnancy_now() -> None:
    # "Primigravida" told of a past pregnancy, with no weeks: no current pregnancy is read.
    note = "She was a primigravida when her mother died in 2015."
    status, reason = _pregnancy_exclusion(note)
    assert status == "unknown", reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Td vaccine prescribed today (first dose, none in pregnancy so far).", "unknown"),
        ("No scans during this pregnancy yet.", "unknown"),
        ("She has had no alcohol throughout the pregnancy.", "unknown"),
        # A pregnancy denied itself is still denied.
        ("Not pregnant.", "not_met"),
        ("No pregnancy, uses condoms.", "not_met"),
    ],
)
def test_a_denial_of_something_in_pregnancy_does_not_deny_the_pregnancy(
    note: str, expected: str
) -> None:
    status, reason = _pregnancy_exclusion(note)
    assert status == expected, reason


@pytest.mark.parametrize(
    ("note", "weeks"),
    [("Primigravida 30 wks, well.", 30.0), ("G2P1 at 32+3 weeks, cephalic.", 32 + 3 / 7)],
)
def test_the_weeks_after_a_gravidity_word_are_the_gestational_age(note: str, weeks: float) -> None:
    assert facts(age=24, sex="female", note=note).gestational_weeks == pytest.approx(weeks)


@pytest.mark.parametrize(
    "note", ["G2P1, 6 weeks postpartum, breastfeeding.", "Primigravida, 3 weeks ago delivered."]
)
def test_weeks_after_a_birth_are_no_gestation(note: str) -> None:
    read = facts(age=24, sex="female", note=note)
    assert read.gestational_weeks is None
    assert not any(f.concept == "pregnancy" and not f.negated for f in read.facts), read.facts
