"""An effusion a note says was drained, tapped or given a drain is one that required
intervention (issue 12).

"Pleural, ascites, or pericardial effusion requiring intervention" asks the effusion's
consequence ("treatment-requiring"); a note rarely writes that word but says what was done:
"Five days ago they drained fluid from around my lung" (round nineteen's words), "tapped
last week", "needs a chest drain", "paracentesis every two weeks". A drainage the note
denies ("not drained", "no drain needed") states nothing.
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import PatientProfile, extract_facts

TODAY = datetime.date(2026, 12, 6)
CRITERION = "Pleural, ascites, or pericardial effusion requiring intervention"


def _status(criterion: str, section: str, note: str) -> str:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    return judged(criterion, section, patient).status  # type: ignore[arg-type]


def test_an_effusion_they_drained_required_intervention() -> None:
    note = "I'm 62 and have lung cancer. Five days ago they drained fluid from around my lung."
    assert _status(CRITERION, "exclusion", note) == "met"


def test_a_tapped_or_drained_effusion_required_intervention() -> None:
    for note in (
        "65F with breast cancer. Malignant pleural effusion, tapped last week.",
        "70M. Pleural effusion needing a chest drain.",
        "58M with cirrhosis. Ascites requiring paracentesis every two weeks.",
        "Pericardial effusion treated with pericardiocentesis in October.",
    ):
        assert _status(CRITERION, "exclusion", note) == "met", note


def test_an_effusion_not_drained_leaves_the_need_unknown() -> None:
    for note in (
        "65F with breast cancer. Small pleural effusion, not drained.",
        "70M. Small pleural effusion, no drain needed.",
        "70M. Small pleural effusion on CT.",
    ):
        assert _status(CRITERION, "exclusion", note) == "unknown", note
