"""Issue 12: the histology a criterion asks of NSCLC is a qualifier the note's must meet.

"Have predominantly squamous cell histology for NSCLC" (NCT06119581's exclusion) was met by
any NSCLC, an adenocarcinoma too, so the judge excluded the patients the trial is for. The
note's histology now decides: squamous and adenocarcinoma (or large cell) contradict; NSCLC
with no histology leaves it unknown. Criteria are real (../shared/data, the API v2 studies).
"""

from __future__ import annotations

import pytest

from test_histology_subtypes import _criterion
from trialfinder.judging.nsclc_histology import asked_histology

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
