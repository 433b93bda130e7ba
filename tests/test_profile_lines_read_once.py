"""A cohort screen reads each profile line once: a clinic's patients share condition,
medicine and measurement lines ("Type 2 diabetes mellitus", "metformin 1 g twice daily"),
and each line goes through the note's pipeline, so ``screen_cohort`` keeps the lines it has
read (``LineReadings``) for the rest of the screen.

The answers must not depend on it: each patient gets the facts and rows it gets read alone,
a line whose reading depends on the patient's age is read again for another age, and no
patient's facts are another's objects. The profiles are the hand-written structured ones of
rounds eighteen and nineteen.
"""

from __future__ import annotations

import json

import msgspec

from test_hand_written_patients import _ROUNDS, _TODAY
from test_judge_entailment import v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.fhir import PatientRecord
from trialfinder.match import match_trial
from trialfinder.patient import LineReadings, PatientProfile, extract_facts, load_profile
from trialfinder.screen import screen_cohort

# The cohort benchmark's trial: the real trial with the most criteria.
TRIAL = "NCT05170204"


def _structured_profiles() -> list[PatientProfile]:
    return [
        load_profile(json.dumps(patient["profile"]))
        for round_name in ("eighteen", "nineteen")
        for patient in _ROUNDS[round_name]["patients"].values()
        if "profile" in patient
    ]


def _cohort() -> list[PatientProfile]:
    """Each structured profile at its own age and two others: the lines repeat, the ages
    differ."""
    return [
        msgspec.structs.replace(profile, age=age)
        for profile in _structured_profiles()
        for age in (profile.age, 30, 70)
    ]


def test_patients_sharing_profile_lines_get_the_facts_each_reads_alone() -> None:
    cohort = _cohort()
    readings = LineReadings()
    shared = [extract_facts(profile, _TODAY, line_readings=readings) for profile in cohort]
    assert shared == [extract_facts(profile, _TODAY) for profile in cohort]
    first, again = shared[0], shared[1]
    assert first.facts and len(first.facts) == len(again.facts)
    assert all(a is not b for a in first.facts for b in again.facts)


def test_a_line_dated_by_the_patients_age_is_read_again_for_another_age() -> None:
    """ "type 1 diabetes since age 9" (round ten's words): 8 years of it at 17, 31 at 40, when
    the two patients share the line as when each is read alone."""
    line = "type 1 diabetes since age 9"
    readings = LineReadings()
    durations = []
    for age in (17, 40):
        profile = PatientProfile(age=age, sex="female", conditions=[line])
        facts = extract_facts(profile, _TODAY, line_readings=readings)
        assert facts == extract_facts(profile, _TODAY)
        (diabetes,) = [f for f in facts.facts if f.concept == "type_1_diabetes"]
        assert diabetes.duration_days is not None
        durations.append(round(diabetes.duration_days / 365.25))
    assert durations == [8, 31]


def test_a_screen_gives_each_patient_the_rows_of_matching_it_alone() -> None:
    trial = parse_trial_criteria(v2_trial(TRIAL))
    cohort = _cohort()
    records = [PatientRecord(f"patient-{index}", p) for index, p in enumerate(cohort)]
    rows = list(screen_cohort(records, [trial]))
    alone = [match_trial(trial, extract_facts(profile)) for profile in cohort]
    assert [row.verdict for row in rows] == [result.verdict for result in alone]
    assert [row.first_failing_criterion for row in rows] == [
        result.criteria[0].text if result.verdict == "excluded" else None for result in alone
    ]
    assert [(row.met, row.not_met, row.unknown) for row in rows] == [
        tuple(
            sum(c.status == status for c in result.criteria)
            for status in ("met", "not_met", "unknown")
        )
        for result in alone
    ]
