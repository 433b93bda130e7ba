"""An inclusion asking a new diagnosis ("Newly diagnosed glioblastoma") against the setting
the note gives the disease: relapsed or treated before is no new diagnosis, untreated or
newly diagnosed is one, and silence leaves "newly" to the study team (issue 12)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from test_judge_fixes import _criterion_text
from trialfinder.criteria import parse_trial_criteria

_ALL = ("NCT05929976", "Patients must have newly diagnosed")
_DMG = ("NCT06720727", "Newly diagnosed biopsy proven")
_MM = "Patients with newly diagnosed multiple myeloma"


@pytest.mark.parametrize(
    ("criterion", "note", "status"),
    [
        (_ALL, "A 9-year-old boy with relapsed B-cell acute lymphoblastic leukaemia.", "not_met"),
        (_DMG, "12-year-old with diffuse midline glioma, progressed after radiation.", "not_met"),
        (_MM, "67F with relapsed multiple myeloma after 2 prior lines of therapy.", "not_met"),
        (_MM, "67F with multiple myeloma diagnosed last month, untreated.", "met"),
        ("Newly diagnosed glioblastoma", "56M with glioblastoma, no treatment yet.", "met"),
    ],
)
def test_the_notes_setting_of_the_disease_settles_newly_diagnosed(
    criterion: str | tuple[str, str], note: str, status: str
) -> None:
    text = criterion if isinstance(criterion, str) else _criterion_text(*criterion)
    result = judged(text, "inclusion", facts(note=note))
    assert result.status == status, result.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # Silence on the setting: "newly" stays with the study team.
        (_ALL, "A 9-year-old boy with B-cell acute lymphoblastic leukaemia."),
        (_MM, "67F with multiple myeloma."),
        # "newly diagnosed or relapsed" admits a relapse.
        ("Patients with newly diagnosed or relapsed multiple myeloma", "67F, relapsed myeloma."),
        # The setting of a past treatment, not a new diagnosis now (round seven).
        (
            ("NCT05317416", "History of induction therapy for newly diagnosed MM"),
            "58M with multiple myeloma: VRd induction x4, then ASCT in March; "
            "lenalidomide maintenance since.",
        ),
    ],
)
def test_newly_diagnosed_is_not_failed_without_a_setting_against_it(
    criterion: str | tuple[str, str], note: str
) -> None:
    text = criterion if isinstance(criterion, str) else _criterion_text(*criterion)
    result = judged(text, "inclusion", facts(note=note))
    assert result.status != "not_met", result.reason
    if "newly diagnosed or" not in text and "History" not in text:
        assert result.status == "unknown", result.reason


# A recurrent cancer asked (rounds twelve and thirteen): the note's recurrence meets it, its
# first presentation does not.
_RECURRENT_RECTAL = ("NCT06631443", "Recurrent rectal cancer")
_RECURRENT_GCT = ("NCT03295981", "Recurrent GCT of bone")


@pytest.mark.parametrize(
    ("criterion", "note", "status"),
    [
        (
            _RECURRENT_RECTAL,
            "Rectal adenocarcinoma 2021, anterior resection 2021. Local recurrence at the "
            "anastomosis on MRI 10/2026.",
            "met",
        ),
        (
            _RECURRENT_RECTAL,
            "Adenocarcinoma of the low rectum, cT3 N1 M0. This is her first bowel cancer.",
            "not_met",
        ),
        (
            _RECURRENT_GCT,
            "Biopsy-proven giant cell tumour of bone, distal left femur, first presentation.",
            "not_met",
        ),
        (
            "Locally recurrent breast cancer",
            "Breast cancer 2019, lumpectomy. Local recurrence in the scar 10/2026.",
            "met",
        ),
    ],
)
def test_the_notes_recurrence_or_first_presentation_settles_a_recurrent_cancer(
    criterion: str | tuple[str, str], note: str, status: str
) -> None:
    text = criterion if isinstance(criterion, str) else _criterion_text(*criterion)
    section = "inclusion" if isinstance(criterion, str) else _section(*criterion)
    result = judged(text, section, facts(note=note))
    assert result.status == status, result.reason


@pytest.mark.parametrize(
    "note",
    [
        # A risk of recurrence, none denied, another cancer, or both words: left open.
        "Rectal adenocarcinoma, high risk of recurrence, for adjuvant therapy.",
        "Rectal adenocarcinoma 2021, no recurrence on CT 10/2026.",
        "Rectal adenocarcinoma, first presentation. Breast cancer 2015, recurrence 2018.",
        "Recurrent urinary tract infections. Rectal adenocarcinoma cT3.",
    ],
)
def test_a_recurrence_not_of_the_patients_cancer_does_not_settle_it(note: str) -> None:
    result = judged(_criterion_text(*_RECURRENT_RECTAL), "exclusion", facts(note=note))
    assert result.status == "unknown", result.reason


def _section(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.section for c in parsed.iter_criteria() if c.text.startswith(start))
