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
