"""An approximate time a note gives, against a criterion's window, as the span it allows.

"MI last year" is any day of last year, "about a year ago" nine to fifteen months back, "a
few weeks ago" two to six weeks, "last month" any day of the month before this one: each was
read as one day ("about 365 days ago", "about 21 days ago"), so "MI last year" met "within
12 months" and amoxicillin "last month" was outside "within 4 weeks". Met or not met only
when the whole span is on one side of the bound; a span across it is left to the study
team, naming it. docs/criteria.md, "Approximate times".
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

# Registry criteria, verbatim: NCT05501886, NCT05605535 (round twenty-one), NCT05698823
# (round twenty-seven).
MI_WITHIN_12_MONTHS = "Myocardial infarction within 12 months of study entry"
MI_WITHIN_6_MONTHS = (
    "Acute myocardial infarction within 6 months before the first dose of study treatment."
)
ANTIBIOTICS_WITHIN_4_WEEKS = "Use of antibiotics within 4 weeks week prior study"


def _facts(note: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=64), datetime.date.today())


def test_last_year_straddling_a_twelve_month_window_is_left_to_the_study_team() -> None:
    """Last year's December is within 12 months, its January is not."""
    judgement = judged(MI_WITHIN_12_MONTHS, "exclusion", _facts("64M, MI last year, stented."))
    assert judgement.status == "unknown", judgement.reason
    assert "last year" in judgement.reason


def test_about_a_year_ago_is_outside_six_months_and_across_twelve() -> None:
    note = "64M, acute MI about a year ago, stented."
    outside = judged(MI_WITHIN_6_MONTHS, "exclusion", _facts(note))
    assert outside.status == "not_met", outside.reason
    across = judged(MI_WITHIN_12_MONTHS, "exclusion", _facts(note))
    assert across.status == "unknown", across.reason
    assert "about a year ago" in across.reason


def test_a_few_weeks_ago_is_not_read_as_three_weeks() -> None:
    """ "A few weeks ago" may be five weeks: across "within 4 weeks"; well inside 12 months."""
    across = judged(
        ANTIBIOTICS_WITHIN_4_WEEKS, "exclusion", _facts("64M. Amoxicillin a few weeks ago.")
    )
    assert across.status == "unknown", across.reason
    inside = judged(MI_WITHIN_12_MONTHS, "exclusion", _facts("64M, MI a few weeks ago, stented."))
    assert inside.status == "met", inside.reason


def test_last_month_is_any_day_of_the_month_before() -> None:
    """Amoxicillin "last month" was read as 30.4 days ago, outside "within 4 weeks"; any day
    of last month is within 12 months."""
    note = "64M. Amoxicillin last month."
    judgement = judged(ANTIBIOTICS_WITHIN_4_WEEKS, "exclusion", _facts(note))
    assert judgement.status == "unknown", judgement.reason


def test_an_exact_time_ago_is_read_as_before() -> None:
    judgement = judged(
        ANTIBIOTICS_WITHIN_4_WEEKS, "exclusion", _facts("64M. Amoxicillin 3 weeks ago.")
    )
    assert judgement.status == "met", judgement.reason
