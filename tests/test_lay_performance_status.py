"""A performance status told in everyday words is read as the grade whose published
definition the words fit (ECOG: Oken et al. 1982, ECOG-ACRIN; Karnofsky: Karnofsky and
Burchenal 1949), and the reason says so. Words that fit two grades a criterion separates
leave it unknown: a frail patient is never read as fit."""

from __future__ import annotations

import datetime

import pytest

from test_judge_entailment import judged
from trialfinder.patient import PatientProfile, extract_facts

_TODAY = datetime.date(2026, 12, 6)
_ECOG_0_1 = "Eastern Cooperative Oncology Group (ECOG) performance status of 0 or 1."
_ECOG_0_2 = "Participant has an ECOG performance status of 0, 1 or 2."


def _ecog(note: str) -> list[tuple[str, float, float | None]]:
    patient = extract_facts(PatientProfile(note=note), _TODAY)
    return [
        (fact.measurement.comparator, fact.measurement.value, fact.measurement.upper_value)
        for fact in patient.measurement_facts("ecog")
        if fact.measurement is not None
    ]


@pytest.mark.parametrize(
    ("note", "grades"),
    [
        ("I'm 58. I still work part time and walk the dog every day.", ("between", 0, 1)),
        ("I work full time as a teacher.", ("between", 0, 1)),
        ("I'm still working and walk the dog every day.", ("between", 0, 1)),
        ("I'm fit and do all my own gardening.", ("between", 0, 1)),
        ("Fully active.", ("=", 0, None)),
        ("She walks with a stick but still washes and dresses herself.", ("between", 0, 2)),
        ("I can still do everything for myself and I drive.", ("between", 0, 2)),
        ("She can look after herself but can't work.", ("=", 2, None)),
        ("He spends most of the day in bed or in his chair now.", ("=", 3, None)),
        ("She needs help with washing and dressing.", ("between", 3, 4)),
    ],
)
def test_everyday_words_give_the_ecog_grades_their_definitions_fit(
    note: str, grades: tuple[str, float, float | None]
) -> None:
    assert _ecog(note)[0] == grades


@pytest.mark.parametrize(
    "note",
    [
        "I used to work full time.",
        "He can't look after himself any more.",
        "She is no longer working.",
        "I look after my two children.",
        "My husband still works full time.",
        "Her inhaler is still working.",
    ],
)
def test_words_of_a_past_an_inability_or_someone_else_give_no_grade(note: str) -> None:
    assert _ecog(note) == []


def test_a_working_patient_meets_ecog_0_to_1_and_the_reason_names_the_definition() -> None:
    patient = extract_facts(PatientProfile(note="I still work full time as a builder."), _TODAY)
    result = judged(_ECOG_0_1, "inclusion", patient)
    assert result.status == "met", result.reason
    assert "still work" in result.reason and "by its definition" in result.reason


def test_a_patient_mostly_in_bed_does_not_meet_ecog_0_to_2() -> None:
    patient = extract_facts(
        PatientProfile(note="He spends most of the day in bed or in his chair now."), _TODAY
    )
    result = judged(_ECOG_0_2, "inclusion", patient)
    assert result.status == "not_met", result.reason
    assert "ECOG performance status 3 by its definition" in result.reason


@pytest.mark.parametrize(
    "note",
    [
        "I can look after myself but I get tired and rest in the afternoons.",
        "She walks with a stick but still washes and dresses herself.",
        "Up and about all day.",
    ],
)
def test_a_self_caring_patient_meets_ecog_0_to_2_but_not_ecog_0_to_1(note: str) -> None:
    """Capable of all self-care fits ECOG 0, 1 and 2: "0-2" is met, "0 or 1" is unknown —
    the words fit two grades that criterion separates, and a frail patient is not read fit."""
    patient = extract_facts(PatientProfile(note=note), _TODAY)
    assert judged(_ECOG_0_2, "inclusion", patient).status == "met"
    assert judged(_ECOG_0_1, "inclusion", patient).status == "unknown"


def test_a_stated_score_outweighs_everyday_words() -> None:
    patient = extract_facts(PatientProfile(note="ECOG 2. Still works part time."), _TODAY)
    assert judged(_ECOG_0_1, "inclusion", patient).status == "not_met"


def test_karnofsky_is_read_where_its_definitions_fit() -> None:
    """Karnofsky 70 is "cares for self; unable to carry on normal activity or to do active
    work"; 80 and above "able to carry on normal activity and to work"."""
    criterion = "Karnofsky performance status ≥ 70%"
    for note, status in (
        ("She can look after herself but can't work.", "met"),
        ("Works full time.", "met"),
        ("She needs help with washing and dressing.", "not_met"),
    ):
        patient = extract_facts(PatientProfile(note=note), _TODAY)
        result = judged(criterion, "inclusion", patient)
        assert result.status == status, (note, result.reason)
    patient = extract_facts(PatientProfile(note="Self-caring."), _TODAY)
    assert judged("Karnofsky performance status ≥ 80%", "inclusion", patient).status == "unknown"
