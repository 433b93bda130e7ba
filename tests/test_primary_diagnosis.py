""" "Primary diagnosis is X" against a note that says which diagnosis is primary (issue 12).

Policy (docs/criteria.md, "Which diagnosis is primary"): a criterion asking that X be the
primary diagnosis is not met when the note files X as secondary ("Secondary: borderline
personality disorder"); a note calling X the primary diagnosis states it. Emotionally
unstable personality disorder (ICD-10 F60.3, EUPD) is the borderline personality disorder of
MeSH and DSM-5, a kind of personality disorder.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def test_a_diagnosis_the_note_files_as_secondary_is_not_the_primary_one() -> None:
    """Round nine: NCT05381649 "Primary diagnosis is EUPD …" against "Primary diagnosis:
    schizoaffective disorder … Secondary: borderline personality disorder"."""
    trial = parse_trial_criteria(_any_trial("NCT05381649"))
    patient = _round_patient("nine", "schizoaffective disorder with borderline traits")
    criterion = _criterion(match_trial(trial, patient), "Primary diagnosis is EUPD")
    assert criterion.status == "not_met", criterion.reason


def test_emotionally_unstable_personality_disorder_is_borderline_personality_disorder() -> None:
    """NCT00739908 "Antisocial or Borderline Personality Disorder": a note's EUPD is the
    borderline personality disorder the exclusion names."""
    note = "30F, recurrent depression. Emotionally unstable personality disorder."
    judgement = judged(
        "Antisocial or Borderline Personality Disorder", "exclusion", facts(note=note)
    )
    assert judgement.status == "met", judgement.reason
