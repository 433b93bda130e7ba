"""A criterion's reading kept per process (``parse._kept_reading``) is the reading itself.

Ingest reads each distinct criterion text (with its section) once a worker and reuses the
reading wherever the same line recurs ("Pregnancy", a sponsor's template lines). That is
only sound if a criterion's reading depends on its text and section alone: these tests
parse the real registry records with every reading computed fresh and with every reading
taken from what other trials left, and compare the stored records byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from trialfinder.criteria import derive_criteria_record, parse_trial_criteria
from trialfinder.criteria.abbreviations import written_out
from trialfinder.criteria.disease_stage import lone_stage
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import _kept_reading, parse_criterion
from trialfinder.criteria.tnm import lone_tnm
from trialfinder.ingest import iter_records
from trialfinder.model import Trial


def _real_trials(paths: list[Path]) -> list[Trial]:
    return [record.trial for record in iter_records(paths) if record.trial is not None]


def _records(trial: Trial) -> list[bytes]:
    return [record.data for record in derive_criteria_record(trial)]


def test_a_trials_criteria_records_are_the_same_with_readings_kept_from_other_trials(
    real_data_paths: list[Path],
) -> None:
    """Each trial parsed alone (nothing kept from another) and after every other trial
    (each recurring line read from what they left) gives the same bytes."""
    trials = _real_trials(real_data_paths)
    alone = []
    for trial in trials:
        _kept_reading.cache_clear()
        alone.append(_records(trial))
    _kept_reading.cache_clear()
    for trial in trials:
        _records(trial)
    after_the_others = [_records(trial) for trial in reversed(trials)][::-1]
    assert after_the_others == alone


def test_a_kept_reading_equals_the_criterion_read_fresh(real_data_paths: list[Path]) -> None:
    """Every criterion of every real trial, parsed with the readings kept, holds the
    constraints and completeness ``parse_criterion`` gives its text (with the trial's own short
    forms written out, as the trial's parse reads it) and section now."""

    def walk(criteria: list[Criterion]) -> list[Criterion]:
        return [item for criterion in criteria for item in (criterion, *walk(criterion.children))]

    _kept_reading.cache_clear()
    checked = 0
    for trial in _real_trials(real_data_paths):
        parsed = parse_trial_criteria(trial)
        for criterion in walk(parsed.criteria):
            if criterion.source == "structured":
                continue
            constraints, complete = parse_criterion(
                written_out(criterion.text, parsed.short_forms), criterion.section
            )
            if not constraints and (
                lone_stage(criterion.text) is not None or lone_tnm(criterion.text) is not None
            ):
                # a lone stage or TNM is the trial's disease's (stage_of_the_trial_disease)
                continue
            assert (criterion.constraints, criterion.complete) == (constraints, complete), (
                trial.nct_id,
                criterion.id,
            )
            checked += 1
    assert checked > 4_000
