"""What notes write that the reader missed (round eight of hand-written patients, issue 12
item 4): each test names a class of wording, on the real criterion text of round eight's
trials, with notes written the way the round's coordinator wrote them."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria


def _criterion_text(nct_id: str, start: str) -> tuple[str, str]:
    """The trial's criterion that begins with ``start``, and its section."""
    parsed = parse_trial_criteria(_any_trial(nct_id))
    found = next(c for c in parsed.criteria if c.text.startswith(start))
    return found.text, found.section


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("58M. Metastatic PDAC. ECOG 1.", "met"),
        ("58M. Metastatic PDAC. PS 1.", "met"),
        ("58M. Metastatic PDAC. PS 0 or 1.", "met"),
        ("58M. Metastatic PDAC. WHO PS 2.", "not_met"),
        ("58M. Metastatic PDAC. ECOG 2.", "not_met"),
        ("58M. Metastatic PDAC, PS 2, bed-bound half the day.", "not_met"),
        ("58M. Metastatic PDAC.", "unknown"),
    ],
)
def test_ps_with_a_grade_is_the_ecog_performance_status(note: str, expected: str) -> None:
    """NCT05380414 "PS score 0 or 1." was left to the study team (not read as a performance
    status), and a note's "PS 1" gave no ECOG value. "PS" followed by a grade is the
    performance status oncologists write (ECOG/WHO, the same 0–5 scale)."""
    text, section = _criterion_text("NCT05380414", "PS score")
    judgement = judged(text, section, facts(age=58, sex="male", note=note))
    assert judgement.status == expected, judgement.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("63M. Intrahepatic cholangiocarcinoma, resected. PS 1.", "met"),
        ("63M. Intrahepatic cholangiocarcinoma, resected. PS 0-1.", "met"),
        ("63M. Intrahepatic cholangiocarcinoma, resected. WHO PS 2.", "not_met"),
    ],
)
def test_a_notes_ps_answers_an_ecog_criterion(note: str, expected: str) -> None:
    """NCT06109779 "Eastern Cooperative Oncology Group performance status of 0 or 1" against
    a note that writes the grade as "PS 1"."""
    text, section = _criterion_text("NCT06109779", "Eastern Cooperative")
    judgement = judged(text, section, facts(age=63, sex="male", note=note))
    assert judgement.status == expected, judgement.reason


@pytest.mark.parametrize(
    "note",
    [
        "72F. PSA 4.2 ng/mL.",
        "Post-op PS: pulmonary stenosis repaired 2 years ago.",
        "Parkinson's disease, PS clinic review next month.",
    ],
)
def test_ps_without_a_grade_is_no_performance_status(note: str) -> None:
    """ "PS" is read only in capitals and with a grade after it: a PSA, or "PS" for another
    thing with no grade, gives no performance status."""
    patient = facts(age=70, sex="female", note=note)
    ecog = [
        f for f in patient.facts if f.measurement is not None and f.measurement.analyte == "ecog"
    ]
    assert not ecog, ecog
