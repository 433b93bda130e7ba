"""A criterion's window against an event the note dates by a year alone or by a month.

"MI 2019" is any day of 2019: it is outside "within 6 months" only because every day of
that year is, and a year that straddles the window's edge ("2025" against "within 12
months" in December 2026) is left to the study team, not read as its middle. A month with
its year ("TIA in August 2026") dates the event to that month, so a six-month window is met
by it though the whole of 2026 does not fit one. docs/criteria.md, "Times a note counts
from an event".
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts
from trialfinder.written_dates import written_days

# Registry criteria: NCT05605535 (round twenty-one) and NCT07030517 (round seventeen).
MI_WITHIN_6_MONTHS = (
    "Acute myocardial infarction within 6 months before the first dose of study drug"
)
MI_WITHIN_12_MONTHS = "Myocardial infarction within 12 months prior to enrollment"
STROKE_TIA_WITHIN_6_MONTHS = "Stroke, transient ischemic attack, or seizure within 6 months"
WRITTEN = datetime.date(2026, 12, 7)


def _facts(note: str, written: datetime.date | None = None) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=64), written or datetime.date.today())


def test_a_year_wholly_outside_the_window_is_outside_it() -> None:
    """ "MI 2019" (round twenty-one) and an MI three years back: every day of the year is
    more than 12 months ago."""
    this_year = datetime.date.today().year
    for note in ("64M, MI 2019, stented.", f"64M, MI {this_year - 3}, stented."):
        for criterion in (MI_WITHIN_6_MONTHS, MI_WITHIN_12_MONTHS):
            judgement = judged(criterion, "exclusion", _facts(note))
            assert judgement.status == "not_met", (note, criterion, judgement.reason)


def test_a_year_straddling_the_window_is_left_to_the_study_team() -> None:
    """An MI last year against "within 12 months": its December is inside the window, its
    January outside; it was read as a year and a half ago, outside."""
    last_year = datetime.date.today().year - 1
    judgement = judged(MI_WITHIN_12_MONTHS, "exclusion", _facts(f"64M, MI {last_year}, stented."))
    assert judgement.status == "unknown", judgement.reason
    assert f"in {last_year}" in judgement.reason


def test_a_month_with_its_year_dates_the_event_to_that_month() -> None:
    """Round seventeen: "TIA in August 2026 (R arm weakness 20 min), on clopidogrel." in a
    note of 7 December 2026 is about 114 days back, within 6 months; the year alone could
    not say so."""
    facts = _facts("TIA in August 2026 (R arm weakness 20 min), on clopidogrel.", WRITTEN)
    assert [f.days_ago for f in facts.facts if f.concept == "transient_ischemic_attack"] == [114]
    judgement = judged(STROKE_TIA_WITHIN_6_MONTHS, "exclusion", facts)
    assert judgement.status == "met", judgement.reason
    older = _facts("64M, MI in February 2026, stented.", WRITTEN)
    assert [f.days_ago for f in older.facts if f.concept == "myocardial_infarction"] == [295]
    assert judged(MI_WITHIN_6_MONTHS, "exclusion", older).status == "not_met"


def test_a_month_written_in_numbers_dates_the_event_to_that_month() -> None:
    """Round twenty-four's "NSTEMI 09/2026 with PCI to LAD" is mid-September 2026, within 6
    months; round eighteen's "carboplatin/paclitaxel x6 02/2025-06/2025" last in June 2025.
    Neither month was read (the MI went undated, the chemotherapy "timing not given")."""
    facts = _facts("NSTEMI 09/2026 with PCI to LAD, on aspirin, ticagrelor.", WRITTEN)
    assert [f.days_ago for f in facts.facts if f.concept == "myocardial_infarction"] == [83]
    assert judged(MI_WITHIN_12_MONTHS, "exclusion", facts).status == "met"
    course = _facts(
        "Recurrence 02/2025 (vaginal vault and lung): carboplatin/paclitaxel x6 "
        "02/2025-06/2025, partial response.",
        WRITTEN,
    )
    assert [f.days_ago for f in course.facts if f.concept == "carboplatin"] == [540]
    assert written_days("NSTEMI 09/2026")[0].day == datetime.date(2026, 9, 15)


def test_a_month_after_a_start_word_is_no_last_time() -> None:
    """ "4 cycles of VRd (bortezomib, …) from 02/2026" (round thirteen) began then; the
    month does not say when the course was last given."""
    facts = _facts("Induction: 4 cycles of VRd (bortezomib, lenalidomide) from 02/2026.", WRITTEN)
    assert [f.days_ago for f in facts.facts if f.concept == "bortezomib"] == [None]


def test_a_month_in_numbers_after_from_is_when_the_course_began() -> None:
    """Round sixteen's "anastrozole from 01/2022, still taking it" has lasted since January
    2022, as "from January 2022" has; it is no anastrozole last taken then."""
    facts = _facts("Then anastrozole from 01/2022, still taking it.", WRITTEN)
    (fact,) = [f for f in facts.facts if f.concept == "anastrozole"]
    assert (fact.duration_days, fact.days_ago) == (1801, None)


def test_a_month_after_since_opens_the_next_treatment_not_the_one_before() -> None:
    """ "On metformin and, since March 2024, insulin": insulin began then; metformin's start
    is not written (the numeric "since 03/2024" was held so; the named month was not)."""
    for note in (
        "Diabetes. On metformin and, since March 2024, insulin.",
        "Diabetes. On metformin and, since 03/2024, insulin.",
    ):
        facts = {f.concept: f for f in _facts(note, WRITTEN).facts}
        assert facts["metformin"].duration_days is None, note
        assert facts["insulin"].duration_days == (WRITTEN - datetime.date(2024, 3, 1)).days
