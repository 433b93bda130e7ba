"""Issue 12: round twenty-eight's "laparoscopy for a cyst on the right ovary".

A laparoscopy opens the peritoneal cavity through the abdominal wall (MeSH Laparoscopy,
D010535: "a laparoscope is inserted through a small incision near the navel to examine the
abdominal and pelvic organs in the peritoneal cavity"), as a thoracoscopy opens the pleural
cavity; MeSH files Thoracoscopy (D013906) and Mediastinoscopy (D008481) under Thoracic
Surgical Procedures as well as under endoscopy, Laparoscopy under endoscopy only, so it
was read as no operation. It is an abdominal operation (``cavity_operations`` of
``operations.json``), on the organ the sentence names when the laparoscopy names none
("laparoscopy for a cyst on the right ovary" is pelvic). Pelvic surgery is an operation on a
pelvic organ (``site_trees`` "pelvic": gynecologic operations, cystectomy, prostatectomy,
proctectomy, caesarean section).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from test_obstetric_states import _judged_facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial
from trialfinder.operations import operation_at_site

_APPENDICITIS = (
    "16-year-old girl, appendicitis with abscess and probable perforation on CT, fever 38.6, "
    "morphine, ovarian cyst laparoscopy in 2024, lives 45 minutes away, mother's message"
)
# NCT05691348 "History of pelvic surgery".
_PELVIC = "History of pelvic surgery"


def test_a_laparoscopy_for_an_ovarian_cyst_is_a_history_of_pelvic_surgery() -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05691348")),
        _round_patient("twentyeight", _APPENDICITIS),
    )
    found = _criterion(result, _PELVIC)
    assert found.status == "met", found.reason


@pytest.mark.parametrize(
    "note",
    [
        "In 2024 she had a laparoscopy for a cyst on the right ovary.",
        "Oophorectomy in 2019 for a benign cyst.",
        "Total abdominal hysterectomy and bilateral salpingectomy in 2015.",
    ],
)
def test_an_operation_on_a_pelvic_organ_is_pelvic_surgery(note: str) -> None:
    status, reason = _judged_facts(_PELVIC, facts(age=40, sex="female", note=note), "exclusion")
    assert status == "met", reason


def test_a_laparoscopy_is_read_as_an_operation() -> None:
    note = "Diagnostic laparoscopy for pelvic pain 6 weeks ago, nothing found."
    read = facts(age=30, sex="female", note=note).facts
    assert any(f.concept == "surgery" and "D010535" in f.operations for f in read), read


def test_a_laparoscopy_is_of_the_abdominal_site() -> None:
    # "abdominal" of site_trees covers Laparoscopy's own tree.
    assert operation_at_site(("D010535",), "abdominal", "Prior abdominal surgery")


@pytest.mark.parametrize(
    "note",
    [
        # An operation on another organ, in a sentence naming a pelvic organ for another reason.
        "Appendicectomy in 2010; ovarian cancer diagnosed in 2024.",
        "Laparoscopic cholecystectomy in 2019.",
    ],
)
def test_an_operation_elsewhere_is_no_pelvic_surgery(note: str) -> None:
    status, reason = _judged_facts(_PELVIC, facts(age=50, sex="female", note=note), "exclusion")
    assert status != "met", reason
