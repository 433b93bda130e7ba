"""Issue 12: a time a note writes on one item of a list is that item's, not its neighbours'.

A past history lists things one after another and gives some of them a time: "infertility
treatment for the past 3 years, and pelvic laparoscopy during which minor right Fallopian
tube adhesions were cauterized" (SIGIR topic 201526), "on tramadol 50 mg qds for 3 years and
paracetamol" (round seventeen). A time written after an item's words, before the list's
break ("," ";" "and"), is that item's. The item after the break, with no time of its own,
is undated: against a criterion's window ("Major surgery within 28 days prior to
randomization") its timing is not given, and the answer is unknown with that reason; it
was read as going on for the past 3 years, so current, so within every window. A time that
opens the list ("Two years ago …") or is written on the item itself still dates it.
"""

from __future__ import annotations

from test_judge_entailment import judged
from test_note_event_times import _facts, _sigir_note

# SIGIR topic 201526: "Past medical history is remarkable for obesity, a non-complicated
# appendectomy at age 8, infertility treatment for the past 3 years, and pelvic laparoscopy
# during which minor right Fallopian tube adhesions were cauterized."
_ECTOPIC = "sigir-201526"
# Round seventeen's pre-assessment: "PMH: T2DM on insulin; OSA on CPAP; osteoarthritis both
# knees with chronic knee pain, on tramadol 50 mg qds for 3 years and paracetamol."
_KNEES = (
    "63F. PMH: T2DM on insulin; OSA on CPAP; osteoarthritis both knees with chronic knee pain, "
    "on tramadol 50 mg qds for 3 years and paracetamol. HTN."
)
_THREE_YEARS = 3 * 365.25


def test_a_time_written_on_an_earlier_item_does_not_date_the_next_one() -> None:
    facts = _facts(_sigir_note(_ECTOPIC), age=28)
    laparoscopy = [f for f in facts.facts if "D010535" in f.operations]
    assert laparoscopy
    for fact in laparoscopy:
        assert (fact.days_ago, fact.duration_days, fact.start_year) == (None, None, None), fact
        assert not fact.current, fact
    infertility = [f for f in facts.facts if f.concept == "infertility"]
    assert infertility
    assert all(f.duration_days == _THREE_YEARS for f in infertility), infertility


def test_a_course_length_written_on_one_treatment_is_not_the_next_ones() -> None:
    facts = _facts(_KNEES, age=63)
    tramadol = [f for f in facts.facts if f.concept == "tramadol"]
    paracetamol = [f for f in facts.facts if f.concept == "paracetamol"]
    assert tramadol
    assert paracetamol
    assert all(f.duration_days == _THREE_YEARS for f in tramadol), tramadol
    assert all(f.duration_days is None for f in paracetamol), paracetamol


def test_an_undated_operation_of_a_list_is_timing_not_given_for_a_window() -> None:
    facts = _facts(_sigir_note(_ECTOPIC), age=28)
    for criterion in (
        # NCT04576156
        "Major surgery within 28 days prior to randomization",
        # NCT00711542
        "Major surgery or trauma within the last 2 months",
    ):
        judgement = judged(criterion, "exclusion", facts)
        assert judgement.status == "unknown", judgement.reason
        assert "timing not given" in judgement.reason, judgement.reason


def test_the_undated_operation_is_still_a_past_operation() -> None:
    # NCT05691348 "History of pelvic surgery": a past operation, whenever it was.
    facts = _facts(_sigir_note(_ECTOPIC), age=28)
    judgement = judged("History of pelvic surgery", "exclusion", facts)
    assert judgement.status == "met", judgement.reason


def test_a_time_opening_the_list_dates_each_item() -> None:
    # A time before the list, written on none of its items, is the whole list's.
    facts = _facts("Two years ago she had a cholecystectomy and an appendectomy.", age=50)
    operations = [f for f in facts.facts if f.concept == "surgery"]
    assert len(operations) == 2
    assert all(f.days_ago == 2 * 365.25 for f in operations), operations


def test_a_time_written_on_the_item_itself_still_dates_it() -> None:
    # The list's later item with a time of its own is dated by it, not left undated.
    facts = _facts("Infertility treatment for the past 3 years, and a laparoscopy 2 weeks ago.")
    laparoscopy = [f for f in facts.facts if "D010535" in f.operations]
    assert laparoscopy
    assert all(f.days_ago == 14 for f in laparoscopy), laparoscopy


def test_a_time_after_items_joined_by_and_is_theirs() -> None:
    # Round nine: "Fever 38.4 and flu-like symptoms for 2 days." (NCT00739895 "feverish
    # feeling with last 72 hours" is met by it.)
    facts = _facts("16-year-old academy footballer. Fever 38.4 and flu-like symptoms for 2 days.")
    fever = [f for f in facts.facts if f.concept == "fever"]
    assert fever
    assert all(f.duration_days == 2 and f.current for f in fever), fever


def test_a_time_in_a_later_item_after_its_own_finding_is_that_items() -> None:
    # Round twenty-four: "HBsAg reactive, on entecavir since 2019, HBV DNA not detected
    # 11/2026": 2019 is when the entecavir began, not the hepatitis.
    facts = _facts("HBsAg reactive, on entecavir since 2019, HBV DNA not detected 11/2026.")
    hepatitis = [f for f in facts.facts if f.concept == "hepatitis_b"]
    assert hepatitis
    assert all(f.start_year is None for f in hepatitis), hepatitis
