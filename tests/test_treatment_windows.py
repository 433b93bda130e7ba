"""Windows tied to a treatment: the study's first dose, or the end of the patient's own.

"within 30 days prior to first dose of study intervention" counts back from the study's
first dose, which is about when the patient is screened: the window is one before today,
and the reason says so. "At least 12 months must have elapsed since completion of
chemotherapy" counts from the end of the patient's chemotherapy: judged from the date the
note gives for it, else unknown, naming the date that is missing. docs/criteria.md,
"Concepts, negation, history, time windows".
"""

from __future__ import annotations

import pytest

from conftest import API_V2_STUDIES, shared_path
from test_judge_entailment import judged
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

# Real criteria, each checked against the file it is quoted from.
LIVE_VACCINE = (
    "Has received any live vaccine within 30 days prior to first dose of study intervention."
)
MAJOR_SURGERY = "Major surgery within 28 days before first dose of study treatment"
CYCLE_ONE_SURGERY = "Major surgery ≤ 28 days from Cycle 1 Day 1"
SINCE_CHEMOTHERAPY = "At least 12 months must have elapsed since completion of chemotherapy."
SINCE_SURGERY_OR_RADIATION = "At least 4 weeks since last surgery or radiation therapy"
SINCE_FIRST_LINE = "At least 3 weeks since prior first-line chemotherapy"
SINCE_RADIATION_OR_SURGERY = (
    "At least 60 days must have elapsed since completion of definitive radiation therapy or surgery"
)


def _quoted(relative: str, criterion: str) -> str:
    assert criterion in shared_path(relative).read_text("utf-8")
    return criterion


def _facts(note: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=64))


def test_a_window_before_the_study_first_dose_is_counted_back_from_today() -> None:
    """The study's first dose is today for screening: a vaccine 2 weeks ago falls inside 30
    days, one 3 months ago does not (the words "first dose of study intervention" were left
    to the study team, so a vaccine outside the window stayed unknown)."""
    criterion = _quoted(API_V2_STUDIES, LIVE_VACCINE)
    recent = judged(criterion, "exclusion", _facts("Received MMR vaccine 2 weeks ago."))
    assert recent.status == "met"
    assert "counted back from today" in recent.reason
    older = judged(criterion, "exclusion", _facts("Received MMR vaccine 3 months ago."))
    assert older.status == "not_met"


def test_an_operation_before_the_study_first_dose_is_dated_from_today() -> None:
    criterion = _quoted(API_V2_STUDIES, MAJOR_SURGERY)
    inside = _facts("Colon cancer. Right hemicolectomy 10 days ago.")
    assert judged(criterion, "exclusion", inside).status == "met"
    outside = _facts("Colon cancer. Right hemicolectomy 2 months ago.")
    assert judged(criterion, "exclusion", outside).status == "not_met"


def test_a_window_to_cycle_one_day_one_written_in_capitals_is_read_whole() -> None:
    """The window's text, with its anchor, is the criterion's own words in any case: the
    threshold "≤ 28 days" is read, and the mastectomy 20 days ago (SIGIR topic 20145, "on
    20th day post-left mastectomy") meets it."""
    criterion = _quoted(API_V2_STUDIES, CYCLE_ONE_SURGERY)
    note = "A 56-year-old female on 20th day post-left mastectomy presents with fever."
    assert judged(criterion, "exclusion", _facts(note)).status == "met"


def test_a_window_since_a_treatment_ended_is_judged_from_the_date_the_note_gives() -> None:
    """Chia NCT03016741: 12 months since chemotherapy ended (the window was read as nobody's,
    and any past chemotherapy left the criterion to the study team)."""
    criterion = _quoted("data/chia/chia_without_scope/NCT03016741_inc.txt", SINCE_CHEMOTHERAPY)
    long_ago = _facts("Prostate cancer. Completed docetaxel chemotherapy 2 years ago.")
    assert judged(criterion, "inclusion", long_ago).status == "met"
    recent = _facts("Prostate cancer. Completed docetaxel chemotherapy 3 months ago.")
    assert judged(criterion, "inclusion", recent).status == "not_met"


def test_a_window_since_treatments_listed_after_it_reaches_each() -> None:
    """Chia NCT00061308: "since last surgery or radiation therapy" times the radiation too
    (any past radiotherapy met it, even 10 days ago). A radiotherapy inside the window fails
    it whatever the surgery the note does not mention: the last of the two is at least as
    recent."""
    criterion = _quoted(
        "data/chia/chia_without_scope/NCT00061308_inc.txt", SINCE_SURGERY_OR_RADIATION
    )
    long_ago = judged(
        criterion, "inclusion", _facts("Ovarian cancer; completed radiotherapy 2 months ago.")
    )
    assert long_ago.status == "met"
    assert "days ago" in long_ago.reason
    recent = _facts("Ovarian cancer; completed radiotherapy 10 days ago.")
    assert judged(criterion, "inclusion", recent).status == "not_met"


def test_a_treatment_end_the_note_does_not_date_is_unknown_and_named() -> None:
    criterion = _quoted("data/ctgov_legacy_xml/sample/NCT00055614.xml", SINCE_FIRST_LINE)
    undated = _facts(
        "Non-small cell lung cancer treated with carboplatin and paclitaxel chemotherapy."
    )
    found = judged(criterion, "inclusion", undated)
    assert found.status == "unknown"
    assert "the note does not say when the last chemotherapy dose was" in found.reason


CHIA_RADIATION_OR_SURGERY = "data/chia/chia_without_scope/NCT03016741_inc.txt"
CHIA_SURGERY_OR_RADIATION = "data/chia/chia_without_scope/NCT00061308_inc.txt"


@pytest.mark.parametrize(
    ("relative", "criterion", "note", "expected", "said"),
    [
        # A radiotherapy long ago met it beside a prostatectomy 3 weeks ago (one alternative
        # holding was enough): the prostatectomy is the last and fails it.
        (
            CHIA_RADIATION_OR_SURGERY,
            SINCE_RADIATION_OR_SURGERY,
            "Prostate cancer; radiotherapy 2 years ago; radical prostatectomy 3 weeks ago.",
            "not_met",
            "about 21 days ago",
        ),
        (
            CHIA_RADIATION_OR_SURGERY,
            SINCE_RADIATION_OR_SURGERY,
            "Prostate cancer; radiotherapy 2 years ago; radical prostatectomy 6 months ago.",
            "met",
            "about 730 days ago",
        ),
        # A hysterectomy the note does not date may be the last treatment, so a radiotherapy
        # 2 months ago does not settle it (it met the criterion).
        (
            CHIA_SURGERY_OR_RADIATION,
            SINCE_SURGERY_OR_RADIATION,
            "Ovarian cancer; total abdominal hysterectomy; completed radiotherapy 2 months ago.",
            "unknown",
            "surgery",
        ),
    ],
)
def test_a_window_since_the_last_of_several_treatments_counts_from_the_latest(
    relative: str, criterion: str, note: str, expected: str, said: str
) -> None:
    """Chia NCT03016741, NCT00061308: the time since radiation therapy or surgery,
    whichever came last. One inside the window fails it, one undated leaves it open."""
    found = judged(_quoted(relative, criterion), "inclusion", _facts(note))
    assert found.status == expected
    assert said in found.reason


def test_an_undated_treatment_end_written_with_of_is_named() -> None:
    """ "since completion of chemotherapy": the window keeps "since completion" without its
    "of", which the reason's anchor phrases ("since completion of") did not find, so the
    reason said only "timing not given"."""
    criterion = _quoted("data/chia/chia_without_scope/NCT03016741_inc.txt", SINCE_CHEMOTHERAPY)
    undated = _facts("Prostate cancer treated with docetaxel chemotherapy.")
    found = judged(criterion, "inclusion", undated)
    assert found.status == "unknown"
    assert "the note does not say when the last chemotherapy dose was" in found.reason
