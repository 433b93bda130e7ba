"""A course the note gives as completed runs on through the regimens it names in sequence
("Completed adjuvant AC x4 then weekly paclitaxel x12 three weeks ago"): the paclitaxel is past,
so "Concurrent cytotoxic chemotherapy" (NCT04472845, an exclusion) is not met. Found by the
notes bench of the twenty-eighth session: fresh12's post-mastectomy radiotherapy patient was
turned away from the radiotherapy trial written for her."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_criterion
from test_judge_entailment import facts

_CONCURRENT = "Concurrent cytotoxic chemotherapy"


def test_a_regimen_after_then_in_a_completed_course_is_past() -> None:
    note = (
        "48F. Left mastectomy and axillary clearance. Completed adjuvant AC x4 then weekly "
        "paclitaxel x12 three weeks ago, now on letrozole."
    )
    assert _round_criterion("NCT04472845", _CONCURRENT, note, 48, "female") != "met"


@pytest.mark.parametrize(
    "note",
    [
        "Completed adjuvant AC x4 then started letrozole.",
        "Completed AC x4 then now on tamoxifen.",
        "Had 6 cycles of FOLFOX followed by capecitabine maintenance.",
    ],
)
def test_a_regimen_started_after_a_completed_course_is_current(note: str) -> None:
    current = {f.concept for f in facts(note=note).facts if not f.historical and not f.negated}
    assert current & {"letrozole", "tamoxifen", "capecitabine"}


def test_a_course_still_given_is_still_concurrent() -> None:
    note = "48F. On adjuvant weekly paclitaxel, cycle 6 of 12."
    assert _round_criterion("NCT04472845", _CONCURRENT, note, 48, "female") == "met"
