"""Issue 12: ``bench/unread_forms.py --section exclusion`` puts the exclusions the parse reads
nothing of in forms by why nothing is read: what a note cannot answer (the study's own
administration, the investigator's opinion), words asking nothing themselves, and what a note
can name (a medicine, a procedure or device, a test's result, an illness in general)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from unread_forms import EXCLUSION_FORMS, OTHER, form_of  # noqa: E402


def test_unread_exclusions_are_put_in_forms_by_why_nothing_is_read() -> None:
    cases = {
        # Each a real exclusion of the judge audit's studies.
        "Concurrent enrollment in another interventional trial": "administrative: consent",
        "Participation in a different clinical trial within the last 30 days": (
            "administrative: consent"
        ),
        "Be otherwise unsuitable for the study, in the opinion of the investigator.": (
            "administrative: the investigator's opinion"
        ),
        "Any of the following cardiac criteria at screening:": "asks nothing itself",
        "Use of vitamin E within 4 weeks before screening.": "a medicine or substance",
        "Use of rituximab in the last 3 months;": "a medicine or substance",
        "Tattoo or non-removable body piercing": "a procedure, device or implant",
        "Breast reconstruction using implants": "a procedure, device or implant",
        "Clinically significant abnormal ECG at Screening": "a test's result or finding",
        "Any unstable serious medical condition.": "an illness in general",
        "Pheochromocytoma": OTHER,
        "POEMS syndrome": OTHER,
    }
    for text, form in cases.items():
        assert form_of(text, EXCLUSION_FORMS).startswith(form), text


def test_a_participant_is_no_administrative_form() -> None:
    # "Participants with …" names whom, not taking part in another study.
    text = "Participants with any known predisposition to bleeding"
    assert not form_of(text, EXCLUSION_FORMS).startswith("administrative")
