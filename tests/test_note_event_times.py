"""Times a note counts from an event: "20th day post-left mastectomy", "POD 3", "day +60".

A clinician writes how far the patient is from an operation or a transplant rather than
when it was done; when the count is the patient's present ("now 2 weeks post-op", "A
56-year-old female on 20th day post-left mastectomy presents …"), the operation is that
many days ago, and a criterion's window ("within 4 weeks") is judged against it. A count
told of something else ("wound infection on POD 5") is no date of the operation. An age
written for an event ("Appendicectomy aged 12") in an older patient is the past, as "at
age 12" is. docs/criteria.md, "Times a note counts from an event".
"""

from __future__ import annotations

import json

from conftest import shared_path
from test_judge_entailment import judged
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

SURGERY_WITHIN_4_WEEKS = "Major surgery within 4 weeks prior to enrollment"
SURGERY_WITHIN_14_DAYS = "Major surgery within 14 days prior to enrollment"


def _sigir_note(topic: str) -> str:
    """A SIGIR topic's note as written (``id2queries.json``: the raw text by topic)."""
    topics = json.loads(shared_path("data/trec/sigir/id2queries.json").read_text("utf-8"))
    return str(topics[topic]["raw"])


def _facts(note: str, age: float | None = None) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=age))


def _surgery_days_ago(facts: PatientFacts) -> list[float | None]:
    return [fact.days_ago for fact in facts.facts if fact.concept == "surgery"]


def test_an_ordinal_day_after_an_operation_dates_it() -> None:
    """SIGIR topic 20145: "on 20th day post-left mastectomy presents …": the mastectomy was
    20 days ago, within 4 weeks and not within 14 days (it was read as current, within any
    window)."""
    facts = _facts(_sigir_note("sigir-20145"))
    assert _surgery_days_ago(facts) == [20.0]
    assert judged(SURGERY_WITHIN_4_WEEKS, "exclusion", facts).status == "met"
    assert judged(SURGERY_WITHIN_14_DAYS, "exclusion", facts).status == "not_met"


def test_a_post_operative_day_of_the_patient_now_dates_the_operation() -> None:
    """ "POD 3" and "now 6 weeks post-op" (the count is the patient's present)."""
    facts = _facts("56F, POD 3 after right hemicolectomy for sigmoid cancer.", 56)
    assert _surgery_days_ago(facts) == [3.0]
    assert judged(SURGERY_WITHIN_14_DAYS, "exclusion", facts).status == "met"
    later = _facts("Laparoscopic cholecystectomy, now 6/52 post-op, wound healed.", 61)
    assert _surgery_days_ago(later) == [42.0]
    assert judged(SURGERY_WITHIN_4_WEEKS, "exclusion", later).status == "not_met"


def test_a_transplant_day_count_dates_the_transplant() -> None:
    """ "day +200" after an allogeneic transplant: 200 days ago, not within 100 days (it was
    read as a current transplant, within any window)."""
    facts = _facts("50M, allogeneic stem cell transplant for AML, now day +200, on ciclosporin.")
    transplant = judged("Allogeneic stem cell transplant within 100 days", "exclusion", facts)
    assert transplant.status == "not_met"
    assert "200" in transplant.reason


def test_a_count_told_of_something_else_does_not_date_the_operation() -> None:
    """ "Wound infection on POD 5": when the infection began, counted from the operation;
    how long ago the operation was is not given."""
    facts = _facts("Right hemicolectomy, complicated by a wound infection on POD 5.", 70)
    assert _surgery_days_ago(facts) == [None]


def test_an_event_aged_younger_than_the_patient_is_past() -> None:
    """Round eleven's prediabetes referral: "Appendicectomy aged 12" in a 44-year-old is
    history, as "at age 12" is."""
    facts = _facts("Non-smoker. Appendicectomy aged 12, no other operations.", 44)
    assert [fact.historical for fact in facts.facts if fact.concept == "surgery"] == [True]
    own_age = _facts("A woman aged 44 with appendicitis, appendicectomy today.", 44)
    assert [fact.historical for fact in own_age.facts if fact.concept == "surgery"] == [False]


def test_an_onset_weeks_ago_is_told_in_days_not_a_fraction_of_a_year() -> None:
    """SIGIR 20145's operation 20 days before, against NCT05482516's "minor surgical procedure
    … within 7 days": the reason said "began about 0.0548 years ago"."""
    from trialfinder.judging.time_windows import time_ago

    assert time_ago(20) == "about 20 days ago"
    assert time_ago(150) == "about 5 months ago"
    assert time_ago(1278) == "about 3.5 years ago"
