"""An inclusion asking a new diagnosis ("Newly diagnosed glioblastoma") against the setting
the note gives the disease: relapsed or treated before is no new diagnosis, untreated or
newly diagnosed is one, and silence leaves "newly" to the study team (issue 12)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_judge_fixes import _criterion_text

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
