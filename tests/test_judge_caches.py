"""The judge reads each criterion once: what depends on the criterion's words alone (its
qualifiers, which mentions are heads of a phrase, its cue words) is cached by those words, so
a cohort screened against one trial does not read the trial again for every patient.

The answers must not depend on it: a cold process, a warm one, and the same criteria decoded
again from the store (equal criteria, other objects) give the same answers, on the real trials
and hand-written patients of ``test_hand_written_patients``.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import PATIENTS
from test_judge_entailment import facts, v2_trial
from trialfinder import match
from trialfinder.criteria import decode_criteria, encode_criteria, parse_trial_criteria
from trialfinder.criteria.model import ParsedCriteria
from trialfinder.match import TrialResult, match_trial

# The real trial with the most criteria (the cohort benchmark's), and trials of the
# hand-written patients with qualified conditions and named drugs.
TRIALS = ("NCT05170204", "NCT03549754", "NCT02682511", "NCT02552212", "NCT00711542")


def _clear_judge_caches() -> None:
    for value in vars(match).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def _answers(parsed: list[ParsedCriteria]) -> list[TrialResult]:
    return [
        match_trial(trial, facts(age=age, sex=sex, note=note))
        for age, sex, note in PATIENTS.values()
        for trial in parsed
    ]


@pytest.fixture(scope="module")
def parsed() -> list[ParsedCriteria]:
    return [parse_trial_criteria(v2_trial(nct_id)) for nct_id in TRIALS]


def test_warm_caches_give_the_answers_of_a_cold_judge(parsed: list[ParsedCriteria]) -> None:
    _clear_judge_caches()
    cold = _answers(parsed)
    warm = _answers(parsed)
    assert warm == cold


def test_criteria_decoded_again_get_the_answers_of_the_first_reading(
    parsed: list[ParsedCriteria],
) -> None:
    _clear_judge_caches()
    first = _answers(parsed)
    decoded = [decode_criteria(encode_criteria(trial)) for trial in parsed]
    assert decoded == parsed
    assert _answers(decoded) == first
