"""An inclusion asking documented progression after the last regimen, naming no treatment
(issue 12): "Must have documented disease progression during or after their last
anti-myeloma regimen" was read as nothing (``refractory`` asks progression only of a
treatment the criterion names). A note saying the cancer is progressing or relapsed
("Progression on lenalidomide maintenance confirmed September 2026", "Now progressing
again") meets it; a note in remission or silent on progression leaves it to the study team.
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import PatientProfile, extract_facts

TODAY = datetime.date(2026, 12, 6)
CRITERIA = (
    "Must have documented disease progression during or after their last anti-myeloma regimen.",
    "Participant must have documented disease progression during or after their last "
    "antimyeloma regimen.",
    "Documented disease progression on or after the last line of therapy.",
)


def _status(criterion: str, note: str) -> str:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    return judged(criterion, "inclusion", patient).status  # type: ignore[arg-type]


def test_a_cancer_progressing_after_its_treatment_meets_progression_after_the_last_regimen() -> (
    None
):
    for note in (
        "63M, IgG kappa multiple myeloma. VRd, ASCT, then lenalidomide maintenance. "
        "Progression on lenalidomide maintenance confirmed September 2026.",
        "71F, multiple myeloma dx 2017. Treatment: 1) CTD + ASCT 2017, 2) carfilzomib/"
        "dexamethasone 2024. Now progressing again.",
    ):
        for criterion in CRITERIA:
            assert _status(criterion, note) == "met", (criterion, note)


def test_remission_or_silence_leaves_progression_after_the_last_regimen_unknown() -> None:
    for note in (
        "63F, kappa light chain myeloma. VRd then ASCT ten weeks ago; complete response.",
        "63F, kappa light chain myeloma on lenalidomide maintenance.",
        "70M with multiple myeloma. No progression on lenalidomide.",
        "55M with progressive shortness of breath and COPD.",
    ):
        for criterion in CRITERIA:
            assert _status(criterion, note) == "unknown", (criterion, note)
