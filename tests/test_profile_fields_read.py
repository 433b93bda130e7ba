"""A structured profile is read as fully as a note: each field line goes through the note's
pipeline, its field saying its kind.

The qualify form, the API and ``--profile`` files send conditions and medicines as lines
("NSCLC stage IIIB, EGFR exon 19 deletion", "ECOG 1", "stopped warfarin 3 months ago"). The
profiles and the coordinator's answers are data, ``data/structured_profiles.json``, written
before the fields were read so: real criteria of ``../shared/data`` against profiles whose
fields decide them, and development-half TrialGPT topics turned into profiles with the
experts' labels.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from test_judge_entailment import judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial
from trialfinder.patient import PatientProfile, extract_facts

_DATA = json.loads((Path(__file__).parent / "data" / "structured_profiles.json").read_text("utf-8"))
_STATUSES = {"met": "met", "not met": "not_met", "unknown": "unknown"}
_TODAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(
    "case", _DATA["trials"], ids=[f"{c['trial']}-{c['criterion'][:30]}" for c in _DATA["trials"]]
)
def test_a_profile_field_line_decides_a_real_criterion_as_the_coordinator_does(
    case: dict[str, Any],
) -> None:
    patient = extract_facts(PatientProfile(**case["profile"]), _TODAY)
    result = match_trial(parse_trial_criteria(v2_trial(case["trial"])), patient)
    criterion = next(c for c in result.criteria if case["criterion"].lower() in c.text.lower())
    assert criterion.status == _STATUSES[case["answer"]], (case["why"], criterion.reason)


_TRIALGPT = _DATA["trialgpt"]
_PINNED = [answer for answer in _TRIALGPT["answers"] if answer.get("pinned")]


@pytest.mark.parametrize(
    "answer", _PINNED, ids=[f"{a['patient']}-{a['annotation_id']}" for a in _PINNED]
)
def test_a_development_topic_entered_as_a_profile_keeps_the_experts_answer(
    answer: dict[str, Any],
) -> None:
    profile = PatientProfile(**_TRIALGPT["profiles"][answer["patient"]])
    judgement = judged(answer["criterion"], answer["section"], extract_facts(profile, _TODAY))
    assert judgement.status == _STATUSES[answer["answer"]], judgement.reason


def test_a_lay_account_of_performance_status_is_read_in_a_note_as_in_a_field() -> None:
    """ECOG 2 is "ambulatory and capable of all self-care but unable to carry out any work
    activities": a patient's "up and about but can't work" says it, in a note or a field."""
    criterion = "Eastern Cooperative Oncology Group (ECOG) performance status of 0 or 1;"
    for patient in (
        PatientProfile(
            age=70, note="70M with small cell lung cancer. Up and about but can't work."
        ),
        PatientProfile(
            age=70, conditions=["Small cell lung cancer", "Up and about but can't work"]
        ),
    ):
        judgement = judged(criterion, "inclusion", extract_facts(patient, _TODAY))
        assert judgement.status == "not_met", judgement.reason


def test_a_negated_lay_account_of_performance_status_states_no_grade() -> None:
    patient = extract_facts(PatientProfile(note="Not in bed half the day; walks daily."), _TODAY)
    assert patient.measurement_facts("ecog") == []


def test_a_procedure_a_condition_line_puts_on_a_waiting_list_is_planned_not_done() -> None:
    """ "On the waiting list for sleeve gastrectomy" in the conditions is a plan, as in a note:
    read alone, the line had given a bariatric operation done."""
    patient = extract_facts(
        PatientProfile(age=44, conditions=["Obesity", "waiting list for sleeve gastrectomy"]),
        _TODAY,
    )
    assert [fact.concept for fact in patient.planned] == ["bariatric_surgery"]
    assert patient.concept_facts("bariatric_surgery") == ([], [])


def test_a_field_line_keeps_its_label_as_the_evidence_of_what_it_states() -> None:
    patient = extract_facts(
        PatientProfile(conditions=["NSCLC stage IIIB, EGFR exon 19 deletion", "ECOG 1"]), _TODAY
    )
    assert patient.state_evidence == ["conditions: NSCLC stage IIIB, EGFR exon 19 deletion"]
    assert [fact.evidence for fact in patient.measurement_facts("ecog")] == ["conditions: ECOG 1"]
