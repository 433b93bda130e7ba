"""A course of treatment the note says is over is prior treatment, not current treatment.

Referring notes in oncology write a finished regimen after its name ("R-CHOP x6 finished
Aug 2026", "FOLFOX x12 completed 2025") or after "post" / "s/p" ("post 4 cycles of
carboplatin/etoposide"); the note reader took these for treatment the patient is on, so
"receiving chemotherapy" read as met on a patient months past their last cycle (issue 12,
helper U9). Notes are written as referring doctors write them; the criterion is a
reference trial's (``../shared/data/ctgov_v2``).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.lexicon import load_lexicon

FINISHED_AFTER = "58M DLBCL. R-CHOP x6 finished Aug 2026, PET CR. Relapsed Nov 2026."
COMPLETED_AFTER = "62F stage III colon cancer. FOLFOX x12 completed 2025, NED on surveillance."
POST_CYCLES = "60M limited-stage SCLC, post 4 cycles of carboplatin/etoposide, now on surveillance."
STATUS_POST = "71M, s/p 6 cycles R-CHOP for DLBCL, CR on PET."


def _treatments(note: str) -> list[tuple[bool, bool]]:
    concepts = load_lexicon().concepts
    return [
        (f.historical, f.current)
        for f in facts(note=note).facts
        if f.concept in concepts and concepts[f.concept].category == "treatment"
    ]


@pytest.mark.parametrize("note", [FINISHED_AFTER, COMPLETED_AFTER, POST_CYCLES, STATUS_POST])
def test_a_regimen_the_note_says_is_finished_is_a_past_course(note: str) -> None:
    readings = _treatments(note)
    assert readings
    assert all(historical and not current for historical, current in readings)


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        ("62F metastatic colon cancer on FOLFOX, cycle 4 next week.", "regimen_folfox"),
        ("67M myeloma, post ASCT on lenalidomide maintenance.", "lenalidomide"),
    ],
)
def test_a_regimen_given_now_stays_current(note: str, concept: str) -> None:
    readings = [f for f in facts(note=note).facts if f.concept == concept]
    assert readings
    assert not any(f.historical for f in readings)


# NCT06491082 inclusion.
RECEIVING = "All patients receiving chemotherapy for solid cancer"


@pytest.mark.parametrize("note", [COMPLETED_AFTER, POST_CYCLES])
def test_a_finished_regimen_is_not_chemotherapy_the_patient_is_receiving(note: str) -> None:
    judgement = judged(RECEIVING, "inclusion", facts(note=note))
    assert "the patient is on chemotherapy" not in judgement.reason


# Round nineteen (tests/data/hand_written_patients_nineteen.json): a course written with the
# number of cycles given and its last cycle's date is over; the chemotherapy was read as the
# patient's now, and NCT00055614's "No other concurrent chemotherapy" went not met.
LAST_CYCLE = (
    "Gynae-oncology clinic 26/11/2026. 57F. High-grade serous carcinoma of the ovary, FIGO "
    "stage IIIC. Adjuvant carboplatin AUC5 + paclitaxel x6 cycles, last cycle 10/09/2026."
)
# NCT00055614 "PRIOR CONCURRENT THERAPY", its chemotherapy item.
NO_OTHER_CONCURRENT = "No other concurrent chemotherapy"


def test_a_course_given_its_cycles_and_last_cycle_is_a_past_course() -> None:
    readings = _treatments(LAST_CYCLE)
    assert len(readings) == 2
    assert all(historical and not current for historical, current in readings)


def test_a_course_given_its_cycles_and_last_cycle_is_not_concurrent_chemotherapy() -> None:
    judgement = judged(NO_OTHER_CONCURRENT, "inclusion", facts(note=LAST_CYCLE))
    assert judgement.status != "not_met", judgement.reason


def test_a_last_dose_of_a_course_without_its_count_of_cycles_stays_current() -> None:
    # Round nineteen, in his own words: the last dose is the latest, not the course's end.
    note = "So now I'm on paclitaxel and ramucirumab; my last dose was 3 weeks ago."
    readings = [f for f in facts(note=note).facts if f.concept == "paclitaxel"]
    assert readings
    assert not any(f.historical for f in readings)
