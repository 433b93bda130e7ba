"""The written patient notes of the benchmark are well formed and graded against real trials.

``bench/patient_notes.jsonl`` is benchmark data: a note that names a trial the
sample does not hold, a profile the product cannot load, or a "fitting" trial
whose own age or sex limits exclude the patient would silently skew every
score computed from it.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import msgspec
import pytest

from trialfinder.ingest import iter_records, sample_paths
from trialfinder.model import Trial
from trialfinder.patient import load_profile

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from patient_notes import (  # noqa: E402
    FRESH2_NOTES_PATH,
    FRESH3_NOTES_PATH,
    FRESH4_NOTES_PATH,
    FRESH5_NOTES_PATH,
    FRESH6_NOTES_PATH,
    FRESH7_NOTES_PATH,
    FRESH8_NOTES_PATH,
    FRESH9_NOTES_PATH,
    FRESH11_NOTES_PATH,
    FRESH12_NOTES_PATH,
    FRESH13_NOTES_PATH,
    FRESH14_NOTES_PATH,
    FRESH15_NOTES_PATH,
    FRESH16_NOTES_PATH,
    FRESH17_NOTES_PATH,
    FRESH18_NOTES_PATH,
    FRESH19_NOTES_PATH,
    FRESH20_NOTES_PATH,
    FRESH21_NOTES_PATH,
    FRESH22_NOTES_PATH,
    FRESH23_NOTES_PATH,
    FRESH24_NOTES_PATH,
    FRESH25_NOTES_PATH,
    FRESH26_NOTES_PATH,
    FRESH27_NOTES_PATH,
    FRESH28_NOTES_PATH,
    FRESH_NOTES_PATH,
    TUNE2_NOTES_PATH,
    PatientNote,
    load_notes,
    split_of,
)

MINIMUM_NOTES = 30


@pytest.fixture(scope="module")
def notes() -> list[PatientNote]:
    """The tuned set, the second tuning set and the seventeen fresh sets: all must be valid data."""
    fresh = (
        TUNE2_NOTES_PATH,
        FRESH_NOTES_PATH,
        FRESH2_NOTES_PATH,
        FRESH3_NOTES_PATH,
        FRESH4_NOTES_PATH,
        FRESH5_NOTES_PATH,
        FRESH6_NOTES_PATH,
        FRESH7_NOTES_PATH,
        FRESH8_NOTES_PATH,
        FRESH9_NOTES_PATH,
        FRESH11_NOTES_PATH,
        FRESH12_NOTES_PATH,
        FRESH13_NOTES_PATH,
        FRESH14_NOTES_PATH,
        FRESH15_NOTES_PATH,
        FRESH16_NOTES_PATH,
        FRESH17_NOTES_PATH,
        FRESH18_NOTES_PATH,
        FRESH19_NOTES_PATH,
        FRESH20_NOTES_PATH,
        FRESH21_NOTES_PATH,
        FRESH22_NOTES_PATH,
        FRESH23_NOTES_PATH,
        FRESH24_NOTES_PATH,
        FRESH25_NOTES_PATH,
        FRESH26_NOTES_PATH,
        FRESH27_NOTES_PATH,
        FRESH28_NOTES_PATH,
    )
    return [*load_notes(), *(note for path in fresh for note in load_notes(path))]


@pytest.fixture(scope="module")
def sample_trials() -> dict[str, Trial]:
    return {
        result.trial.nct_id: result.trial
        for result in iter_records(sample_paths())
        if result.trial is not None
    }


def test_enough_notes_with_unique_ids_of_both_kinds(notes: list[PatientNote]) -> None:
    assert len(notes) >= MINIMUM_NOTES
    ids = Counter(note.id for note in notes)
    assert [note_id for note_id, count in ids.items() if count > 1] == []
    assert {note.kind for note in notes} == {"clinician", "lay"}


def test_both_halves_of_the_split_are_used(notes: list[PatientNote]) -> None:
    halves = Counter(split_of(note.id) for note in notes)
    assert halves["tune"] > 0 and halves["holdout"] > 0


def test_every_note_grades_at_least_one_fitting_trial_and_no_trial_twice(
    notes: list[PatientNote],
) -> None:
    for note in notes:
        graded = [*note.fitting, *(related.nct_id for related in note.related)]
        assert note.fitting, note.id
        assert len(graded) == len(set(graded)), note.id
        assert all(related.reason.strip() for related in note.related), note.id


def test_every_graded_trial_is_in_the_sample(
    notes: list[PatientNote], sample_trials: dict[str, Trial]
) -> None:
    missing = {
        (note.id, nct_id)
        for note in notes
        for nct_id in [*note.fitting, *(related.nct_id for related in note.related)]
        if nct_id not in sample_trials
    }
    assert missing == set()


def test_profiles_load_with_the_product_loader(notes: list[PatientNote]) -> None:
    for note in notes:
        profile = load_profile(msgspec.json.encode(note.profile))
        assert profile.note is None, f"{note.id}: the note belongs in the note field"
        assert profile.conditions, note.id


def test_fitting_trials_admit_the_patients_age_and_sex(
    notes: list[PatientNote], sample_trials: dict[str, Trial]
) -> None:
    """The registry's own age and sex limits never rule out a trial graded as fitting."""
    conflicts = []
    for note in notes:
        profile = load_profile(msgspec.json.encode(note.profile))
        for nct_id in note.fitting:
            eligibility = sample_trials[nct_id].eligibility
            low, high = eligibility.minimum_age.years, eligibility.maximum_age.years
            if profile.age is not None and (
                (low is not None and profile.age < low) or (high is not None and profile.age > high)
            ):
                conflicts.append((note.id, nct_id, "age"))
            if (
                profile.sex
                and eligibility.sex in ("FEMALE", "MALE")
                and (eligibility.sex.lower() != profile.sex)
            ):
                conflicts.append((note.id, nct_id, "sex"))
    assert conflicts == []


def test_a_place_is_one_the_note_names(notes: list[PatientNote]) -> None:
    assert [note.id for note in notes if note.place and note.place not in note.note] == []
