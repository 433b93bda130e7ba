"""Reasons are written for people: units as clinicians write them, no parser fragments.

Every criterion of the sample trials (the API v2 sample in ``../shared``) is
matched against a few patients and each rendered reason is scanned for pint
expressions (``kg/m**2``, ``mL_per_min_per_1_73m2``, ``1/L``) and for broken
fragments (unbalanced parentheses such as "HCV) antibody").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.ingest.ctgov_v2 import parse_study_json
from trialfinder.judging.concept_names import concept_name
from trialfinder.match import judge, match_trial
from trialfinder.patient import PatientProfile, extract_facts

PATIENTS = [
    PatientProfile(
        age=60,
        sex="male",
        conditions=["essential hypertension", "type 2 diabetes", "hepatitis C"],
        measurements={
            "HbA1c": "53 mmol/mol",
            "BMI": "31",
            "creatinine": "1.4",
            "eGFR": "55 mL/min/1.73 m2",
            "platelets": "150 x 10^9/L",
            "total bilirubin": "3.1 mg/dL",
            "hemoglobin": "10",
        },
    ),
    PatientProfile(
        age=45,
        sex="female",
        note="Not pregnant. BMI 23. Hemoglobin 12.5 g/dL. Platelets 210000/uL. "
        "Creatinine 88 umol/L. ECOG 1. She denies smoking.",
    ),
    PatientProfile(age=30, sex="female", measurements={"WBC": "4500", "glucose": "126"}),
]

INTERNAL_UNIT = re.compile(r"\*\*|_per_|\b1/[A-Za-z]|mL_|umol|\buL\b|\bnL\b")


def _balanced(text: str) -> bool:
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def _sample_trials() -> list[bytes]:
    path: Path = shared_path(API_V2_STUDIES)
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def _registry_criterion_text(start: str) -> str:
    """A criterion of the API v2 sample, as the parse splits it."""
    for line in _sample_trials():
        for criterion in parse_trial_criteria(parse_study_json(line)).iter_criteria():
            if criterion.text.startswith(start):
                return criterion.text
    raise AssertionError(start)


def test_no_reason_shows_an_internal_unit_or_a_fragment() -> None:
    patients = [extract_facts(profile) for profile in PATIENTS]
    bad: list[str] = []
    reasons = 0
    for line in _sample_trials():
        parsed = parse_trial_criteria(parse_study_json(line))
        for patient in patients:
            for criterion in match_trial(parsed, patient).criteria:
                reasons += 1
                if INTERNAL_UNIT.search(criterion.reason) or not _balanced(criterion.reason):
                    bad.append(criterion.reason)
    assert reasons > 10_000
    assert not bad, bad[:20]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("HCV) antibody", "hepatitis c"),
        ("Participation in another", "other clinical trials"),
        ("cirrhosis", "cirrhosis"),
    ],
)
def test_a_matched_fragment_is_named_by_its_concept(text: str, name: str) -> None:
    from trialfinder.criteria.lexicon import load_lexicon

    concepts = load_lexicon().concepts
    concept = concepts["hepatitis_c" if "HCV" in text else "clinical_trial_participation"]
    if text == "cirrhosis":
        concept = None  # type: ignore[assignment]
    assert concept_name(text, concept) == name


def test_reasons_are_sentences_with_both_units() -> None:
    from seed_trials import seed_trial

    parsed = parse_trial_criteria(seed_trial("NCT05227846"))
    patient = extract_facts(PatientProfile(age=50, measurements={"total bilirubin": "3.1 mg/dL"}))
    reasons = [c.reason for c in match_trial(parsed, patient).criteria]
    assert any(
        "Total bilirubin 3.1 mg/dL (53 µmol/L) is below the required ≥ 170 µmol/L" in reason
        for reason in reasons
    ), reasons
    assert not any("eligible" in reason.lower() for reason in reasons)


def test_a_bare_adjective_is_named_by_its_concept() -> None:
    """ "Active autoimmune or inflammatory disorders": "no information about autoimmune" is a
    fragment; the reason names the autoimmune disease."""
    patient = extract_facts(PatientProfile(age=50))
    text = _registry_criterion_text("Active autoimmune or inflammatory disorders")
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("E1", "exclusion", text, constraints=constraints, complete=complete)
    reason = judge(criterion, patient).reason
    assert "autoimmune disease" in reason, reason


def _criterion(text: str, section: Literal["inclusion", "exclusion"]) -> Criterion:
    constraints, complete = parse_criterion(text, section)
    return Criterion("C1", section, text, constraints=constraints, complete=complete)


def test_a_required_range_reads_as_a_range() -> None:
    """ "NYHA class 2 is outside the required between 3 and 4" is a template, not a sentence."""
    patient = extract_facts(PatientProfile(note="72-year-old man with heart failure, NYHA II."))
    reason = judge(_criterion("NYHA class III or IV heart failure", "inclusion"), patient).reason
    assert "NYHA class 2 is outside the required range 3 to 4" in reason, reason
    assert "required between" not in reason


def test_a_reason_says_each_finding_once() -> None:
    """The class a note gives decides both the class and the heart failure it qualifies:
    the reason says it once, not "class 2 …; patient has heart failure; class 2 …"."""
    patient = extract_facts(PatientProfile(note="72-year-old man with heart failure, NYHA II."))
    reason = judge(_criterion("NYHA class III or IV heart failure", "exclusion"), patient).reason
    assert reason.count("NYHA class 2") == 1, reason
