"""What notes write that the reader missed (round eight of hand-written patients, issue 12
item 4): each test names a class of wording, on the real criterion text of round eight's
trials, with notes written the way the round's coordinator wrote them."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import Judgement


def _criterion_text(nct_id: str, start: str) -> tuple[str, str]:
    """The trial's criterion that begins with ``start``, and its section."""
    parsed = parse_trial_criteria(_any_trial(nct_id))
    found = next(c for c in parsed.criteria if c.text.startswith(start))
    return found.text, found.section


def _judged_on(nct_id: str, start: str, age: int, note: str) -> Judgement:
    """The trial's criterion beginning with ``start`` judged for a man of ``age``."""
    text, section = _criterion_text(nct_id, start)
    return judged(text, section, facts(age=age, sex="male", note=note))


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
    judgement = _judged_on("NCT05380414", "PS score", 58, note)
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
    judgement = _judged_on("NCT06109779", "Eastern Cooperative", 63, note)
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


_SEROPOSITIVITY = "Seropositivity for hepatitis B antigen, hepatitis C antibody"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # The antibody stays positive after cure: the criterion asks for the antibody.
        (
            "44M, plaque psoriasis. Hep C antibody positive - treated with "
            "sofosbuvir/velpatasvir 2022, SVR.",
            "met",
        ),
        ("44M, plaque psoriasis. HCV Ab+ / RNA undetectable.", "met"),
        ("44M, plaque psoriasis. Anti-HCV positive, HCV RNA negative.", "met"),
    ],
)
def test_a_hepatitis_c_antibody_asked_for_is_met_after_cure(note: str, expected: str) -> None:
    """NCT00739882 "Seropositivity for hepatitis B antigen, hepatitis C antibody, or HIV":
    a hepatitis C antibody stays positive after the infection is cured (SVR), so a note's
    positive antibody meets it; the cure was read as answering it ("the patient's hepatitis C
    is cured; the criterion asks for the infection")."""
    judgement = _judged_on("NCT00739882", _SEROPOSITIVITY, 44, note)
    assert judgement.status == expected, judgement.reason


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # A positive antibody alone: past exposure or current infection, RNA decides.
        ("63M. HBsAg negative. Hep C antibody positive.", "unknown"),
        ("63M. HBsAg negative. Anti-HCV positive, awaiting HCV RNA.", "unknown"),
        # No current infection; the criterion's "unless treated" is left to the study team.
        ("63M. HBsAg negative. HCV antibody positive, HCV RNA negative.", "past infection"),
        ("63M. HBsAg negative. Treated hepatitis C, cured.", "is cured"),
    ],
)
def test_a_hepatitis_c_antibody_alone_is_not_the_infection(note: str, expected: str) -> None:
    """NCT06109779 "Active HBV or HCV infection unless treated": a hepatologist reads an
    active hepatitis C from its RNA; a positive antibody with RNA negative was left unknown
    ("the note says hcv; the criterion needs active hcv")."""
    judgement = _judged_on("NCT06109779", "Active HBV or HCV", 63, note)
    if expected == "unknown":
        assert judgement.status == "unknown", judgement.reason
        assert "stays positive after cure" in judgement.reason, judgement.reason
    else:
        assert judgement.status != "met", judgement.reason
        assert expected in judgement.reason, judgement.reason


# NCT05605535 (API v2 studies), exclusion 3.
_UNTREATED_HCV = (
    "Known or suspected hepatitis C infection which has not been treated and cured unless "
    "currently on treatment with an undetectable viral load."
)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("63M. Hep C antibody positive.", "unknown"),
        # Not met for hepatitis C (the criterion's "viral load" is read as another test the
        # note does not give, so the whole stays unknown).
        ("63M. HCV antibody positive, HCV RNA negative.", "unknown"),
        ("63M. HCV antibody positive, HCV RNA detectable.", "met"),
        ("63M. Chronic hepatitis C, anti-HCV positive, not yet treated.", "met"),
    ],
)
def test_a_hepatitis_c_infection_is_not_met_by_its_antibody_alone(note: str, expected: str) -> None:
    """NCT05605535 "Known or suspected hepatitis C infection which has not been treated and
    cured …" asks for the infection: "Hep C antibody positive" and "HCV antibody positive,
    HCV RNA negative" were met ("patient has hepatitis C"), an over-read."""
    judgement = judged(_UNTREATED_HCV, "exclusion", facts(age=63, sex="male", note=note))
    assert judgement.status == expected, judgement.reason
    if "antibody positive" in note:
        assert "patient has hepatitis C" not in judgement.reason, judgement.reason
