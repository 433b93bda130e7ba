"""Issue 12: the histology a criterion asks of NSCLC is a qualifier the note's must meet.

"Have predominantly squamous cell histology for NSCLC" (NCT06119581's exclusion) was met by
any NSCLC, an adenocarcinoma too, so the judge excluded the patients the trial is for. The
note's histology now decides: squamous and adenocarcinoma (or large cell) contradict; NSCLC
with no histology leaves it unknown. Criteria are real (../shared/data, the API v2 studies).
"""

from __future__ import annotations

import json

import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import ParsedCriteria
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.judging.nsclc_histology import asked_histology
from trialfinder.match import CriterionResult, match_trial
from trialfinder.patient import PatientProfile, extract_facts


def _trial(nct_id: str) -> ParsedCriteria:
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        for line in lines:
            if nct_id in line:
                study = json.loads(line)
                if study["protocolSection"]["identificationModule"]["nctId"] == nct_id:
                    return parse_trial_criteria(parse_study(study))
    raise AssertionError(nct_id)


def _criterion(nct_id: str, starts: str, note: str) -> CriterionResult:
    result = match_trial(_trial(nct_id), extract_facts(PatientProfile(note=note, age=62)))
    return next(c for c in result.criteria if c.text.startswith(starts))


SQUAMOUS_EXCLUSION = ("NCT06119581", "Have predominantly squamous cell histology for NSCLC")
NON_SQUAMOUS_INCLUSION = ("NCT06357533", "Histologically or cytologically documented non-squamous")


@pytest.mark.parametrize(
    "note",
    [
        "A 62-year-old man with NSCLC, adenocarcinoma, stage IV.",
        "A 62-year-old man with lung adenocarcinoma, stage IV.",
        "Adenocarcinoma RUL, stage IVB.",
    ],
)
def test_an_adenocarcinoma_does_not_meet_a_squamous_nsclc_exclusion(note: str) -> None:
    found = _criterion(*SQUAMOUS_EXCLUSION, note)
    assert found.status == "not_met", found.reason


def test_a_squamous_nsclc_meets_the_squamous_exclusion() -> None:
    note = "A 62-year-old man with NSCLC, squamous cell carcinoma, stage IV."
    assert _criterion(*SQUAMOUS_EXCLUSION, note).status == "met"


def test_nsclc_without_its_histology_leaves_the_squamous_exclusion_unknown() -> None:
    found = _criterion(*SQUAMOUS_EXCLUSION, "A 62-year-old man with NSCLC, stage IV.")
    assert found.status == "unknown"
    assert "squamous" in found.reason


def test_a_squamous_nsclc_does_not_meet_a_non_squamous_inclusion() -> None:
    note = "A 62-year-old man with NSCLC, squamous cell carcinoma, stage IV."
    assert _criterion(*NON_SQUAMOUS_INCLUSION, note).status == "not_met"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Have predominantly squamous cell histology for NSCLC", "squamous"),
        ("Histologically or cytologically documented nonsquamous NSCLC.", "non-squamous"),
        ("NSCLC of adenocarcinoma histology", "adenocarcinoma"),
        ("Large cell NSCLC", "large cell"),
        # several histologies, or none of NSCLC: the criterion asks no one histology
        ("Histologically or cytologically documented squamous or non-squamous NSCLC", None),
        ("Squamous cell carcinoma of the oral cavity or oropharynx", None),
        ("Mixed small cell and non-small cell lung cancer histology", None),
    ],
)
def test_the_histology_a_criterion_asks_of_nsclc(text: str, asked: str | None) -> None:
    assert asked_histology(text) == asked
