"""Issue 12 item 1: a histology of an organ is a kind of the organ's cancer subtype.

Adenocarcinoma, squamous cell and large cell carcinoma of the lung are non-small cell lung
cancers (WHO Thoracic Tumours, 5th ed.); MeSH does not file them under it, so the judge
reads it from ``histology_subtypes`` in ``data/disease_relations.json``. Criteria are real
(../shared/data, the API v2 studies).
"""

from __future__ import annotations

import json

import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion, ParsedCriteria
from trialfinder.criteria.parse import parse_criterion
from trialfinder.disease_relations import load_disease_relations
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.match import CriterionResult, Judgement, judge, match_trial
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
    result = match_trial(_trial(nct_id), extract_facts(PatientProfile(note=note)))
    return next(c for c in result.criteria if c.text.startswith(starts))


# Round six's criterion (tests/test_hand_written_patients.py): a coordinator answers met for
# any of the NSCLC histologies of the lung at once.
NSCLC_CRITERION = "Histologically confirmed EGFR-mutant non-small cell lung cancer"


def _judged(text: str, note: str) -> Judgement:
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("C", "inclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, extract_facts(PatientProfile(note=note, age=59, sex="female")))


@pytest.mark.parametrize(
    "cancer",
    [
        "Lung adenocarcinoma",
        "Adenocarcinoma of the lung",
        "Squamous cell carcinoma of the lung",
        "Large cell carcinoma of the lung",
    ],
)
def test_a_lung_histology_of_the_nsclc_kinds_meets_non_small_cell_lung_cancer(cancer: str) -> None:
    note = f"{cancer}, stage IV, EGFR exon 19 deletion detected."
    judgement = _judged(NSCLC_CRITERION, note)
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    ("cancer", "expected"),
    [("Lung cancer", "unknown"), ("Small cell lung cancer", "not_met")],
)
def test_lung_cancer_alone_stays_open_and_small_cell_is_not_nsclc(
    cancer: str, expected: str
) -> None:
    note = f"{cancer}, stage IV, EGFR exon 19 deletion detected."
    assert _judged(NSCLC_CRITERION, note).status == expected


def test_an_adenocarcinoma_of_another_organ_with_lung_metastases_is_no_nsclc() -> None:
    note = "Adenocarcinoma of the colon with lung metastases, EGFR exon 19 deletion detected."
    assert _judged(NSCLC_CRITERION, note).status != "met"
    assert load_disease_relations().subtypes_of("D000230", "adenocarcinoma", note) == ()


def test_a_lung_adenocarcinoma_is_not_small_cell_lung_cancer() -> None:
    """NCT06646276: "Participants must have diagnosis of Extensive-Stage Small Cell Lung
    Cancer (ES-SCLC)." Small cell lung cancer is disjoint from NSCLC."""
    note = "A 64-year-old man with stage IV adenocarcinoma of the lung."
    found = _criterion("NCT06646276", "Participants must have diagnosis of Extensive", note)
    assert found.status == "not_met", found.reason


def test_the_organ_must_be_the_histologys_own() -> None:
    relations = load_disease_relations()
    nsclc = "D002289"
    assert relations.subtypes_of("D000230", "adenocarcinoma", "Adenocarcinoma of the right lung.")
    assert relations.subtypes_of("D000077192", "lung adenocarcinoma", "Lung adenocarcinoma.") == (
        nsclc,
    )
    # the lung named elsewhere in the sentence is not the adenocarcinoma's organ
    assert not relations.subtypes_of(
        "D000230", "adenocarcinoma", "Adenocarcinoma of the pancreas; lung nodules on CT."
    )
    # small cell lung cancer is none of the NSCLC histologies
    assert not relations.subtypes_of("D055752", "small cell lung cancer", "Small cell lung cancer.")
