"""Issue 12: parity and singleton or multiple pregnancy were no concepts at all.

"Nulliparous women" and "Singleton pregnancies" carried no constraint, so they went to the
study team beside an antenatal note that says "G1P0, singleton pregnancy" or "G2P1 ...
Dichorionic diamniotic twins". The lexicon (``data/criteria/concepts.json``) now knows
nulliparity and parity (MeSH Parity, D010298: nulliparity and multiparity are its entry
terms) and singleton and multiple pregnancy (MeSH Pregnancy, Multiple, D011271; Pregnancy,
Twin, D011272), each pair ruling the other out (``disjoint_concepts``); the patient reader
reads the obstetric formula ("G2P1": one previous birth). Criteria and patients are the
hand-written rounds' and the LCT corpus's (real trial text).
"""

from __future__ import annotations

from typing import Literal

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial
from trialfinder.patient import PatientFacts

_FIRST = "nulliparous woman at 35 weeks"
_TWINS = "twin pregnancy with growth restriction"


def _status(patient: str, criterion: str) -> tuple[str, str]:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT04766866")), _round_patient("ten", patient)
    )
    found = _criterion(result, criterion)
    return found.status, found.reason


def _judged(
    text: str, patient: str, section: Literal["inclusion", "exclusion"] = "inclusion"
) -> tuple[str, str]:
    return _judged_facts(text, _round_patient("ten", patient), section)


def _judged_facts(
    text: str, patient: PatientFacts, section: Literal["inclusion", "exclusion"] = "inclusion"
) -> tuple[str, str]:
    constraints, complete = parse_criterion(text, section)
    criterion = Criterion("C1", section, text, constraints=constraints, complete=complete)
    result = judge(criterion, patient)
    return result.status, result.reason


@pytest.mark.parametrize(
    ("patient", "criterion", "expected"),
    [
        (_FIRST, "Nulliparous women", "met"),
        (_TWINS, "Nulliparous women", "not_met"),
        (_FIRST, "Singleton pregnancies", "met"),
        (_TWINS, "Singleton pregnancies", "not_met"),
    ],
)
def test_parity_and_singleton_pregnancy_are_read_from_the_antenatal_note(
    patient: str, criterion: str, expected: str
) -> None:
    status, reason = _status(patient, criterion)
    assert status == expected, reason


def test_a_twin_pregnancy_meets_an_exclusion_of_multiple_pregnancy() -> None:
    # LCT: "Multiple pregnancy" among a trial's exclusions.
    assert _judged("Multiple pregnancy", _TWINS, "exclusion")[0] == "met"
    status, reason = _judged("Multiple pregnancy", _FIRST, "exclusion")
    assert status == "not_met", reason


def test_a_previous_birth_rules_out_nulliparous_singleton_pregnancy() -> None:
    # LCT: "Nulliparous singleton pregnancy".
    status, reason = _judged("Nulliparous singleton pregnancy", _TWINS)
    assert status == "not_met", reason
    status, reason = _judged("Nulliparous singleton pregnancy", _FIRST)
    assert status == "met", reason


_NULLIPARA = (
    "Nullipara: a woman who has never completed a pregnancy beyond 20 weeks gestation. She may "
    "not have been pregnant or may have had a spontaneous or elective abortion(s) or an ectopic "
    "pregnancy."
)


@pytest.mark.parametrize(
    ("text", "patient", "expected"),
    [
        # NCT05696574 (round twenty-seven's induction trial): a woman G1P0 at 41 weeks.
        (_NULLIPARA, _FIRST, "met"),
        (_NULLIPARA, _TWINS, "not_met"),
        # The same form with "defined as": who counts as nulliparous, no state asked.
        (
            "Nulliparous, defined as no previous pregnancy beyond 20 weeks of gestation",
            _FIRST,
            "met",
        ),
        (
            "Nulliparous, defined as no previous pregnancy beyond 20 weeks of gestation",
            _TWINS,
            "not_met",
        ),
    ],
)
def test_a_parity_terms_own_definition_asks_no_pregnancy_state(
    text: str, patient: str, expected: str
) -> None:
    # "She may not have been pregnant" defines nulliparity; it does not ask a pregnant woman
    # to be not pregnant (nor "beyond 20 weeks" a gestational age, nor a past ectopic).
    status, reason = _judged(text, patient)
    assert status == expected, reason


# A note's words for parity (MeSH Parity, D010298: the number of previous births; a
# miscarriage before 20 weeks is a pregnancy, not a birth): read as the obstetric formula is.
@pytest.mark.parametrize(
    "patient",
    [
        "first pregnancy at 41+2 weeks, cephalic, Bishop 4, reactive NST, no medical problems, "
        "obstetrician's note",
        # "expecting our first baby ... She had a miscarriage at 9 weeks in 2024, otherwise
        # never pregnant": no previous birth, in words, with no G/P formula.
        "first baby at 40 weeks 5 days, gestational diabetes on insulin, estimated 4.3 kg, "
        "myomectomy in 2022, husband's message",
    ],
)
def test_nullipara_in_round_twentyseven_is_met_by_a_first_pregnancy(patient: str) -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05696574")), _round_patient("twentyseven", patient)
    )
    found = _criterion(result, "Nullipara")
    assert found.status == "met", found.reason


@pytest.mark.parametrize(
    ("text", "note", "expected"),
    [
        ("Nulliparous women", "Currently 20 weeks pregnant with her first baby.", "met"),
        ("Multiparous women", "Currently 20 weeks pregnant with her first baby.", "not_met"),
        ("Nulliparous women", "This is her first pregnancy, now 39 weeks.", "met"),
        ("Nulliparous women", "We are expecting our first child in March.", "met"),
        ("Nulliparous women", "She has never been pregnant.", "met"),
        ("Multiparous women", "Mother of three, now 36 weeks pregnant.", "met"),
        ("Nulliparous women", "Mother of three, now 36 weeks pregnant.", "not_met"),
        ("Nulliparous women", "Previous caesarean section in 2019, now 38 weeks.", "not_met"),
        ("Multiparous women", "One previous vaginal delivery, now 38 weeks.", "met"),
    ],
)
def test_a_notes_words_for_parity_are_read_as_the_obstetric_formula(
    text: str, note: str, expected: str
) -> None:
    status, reason = _judged_facts(text, facts(age=32, sex="female", note=note))
    assert status == expected, reason


@pytest.mark.parametrize(
    "note",
    [
        # A miscarriage is a pregnancy, not a birth; a denied caesarean is none.
        "One previous miscarriage at 8 weeks, now 12 weeks pregnant.",
        "No previous caesarean section, now 38 weeks.",
        # A first baby in the past says nothing of the births since.
        "After her first baby she had postnatal depression.",
    ],
)
def test_words_that_count_no_birth_leave_parity_unknown(note: str) -> None:
    status, reason = _judged_facts("Nulliparous women", facts(age=32, sex="female", note=note))
    assert status == "unknown", reason
