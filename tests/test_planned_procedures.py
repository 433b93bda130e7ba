"""A planned procedure is not a past one, and a past one is not a plan.

Criteria ask for a procedure to come ("Abdominoplasty surgery planned and scheduled",
"scheduled to undergo arthroscopic shoulder surgery", "undergoing bariatric intervention or
on the waiting list for it"); notes say "abdominoplasty planned Jan 2027", "abdominoplasty
booked", "on the waiting list for sleeve gastrectomy", "listed for arthroscopic rotator cuff
repair". The note reader drops a procedure to come (it is not one the patient had); the plan
is kept as a fact of its own (state "planned", with its cue) and judged only against a
criterion's plan words. The procedures come from MeSH (Bariatric Surgery D050110,
Abdominoplasty D000069347, Arthroscopy D001182), each with its source in ``concepts.json``.
Criteria are the real text of trials in ``../shared``.
"""

from __future__ import annotations

import datetime

import pytest

from test_judge_entailment import facts, judged
from test_treatments_procedures_devices import _status, _text
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.patient import PatientFacts

ABDOMINOPLASTY = ("NCT04207047", "Abdominoplasty surgery planned")
BARIATRIC = ("NCT05380726", "Subjects undergoing bariatric intervention or on the waiting list")
ARTHROSCOPY = ("NCT05381389", "scheduled to undergo arthroscopic shoulder surgery")
HYSTERECTOMY = ("NCT06079671", "Patients who have undergone a previous hysterectomy")


def test_the_planned_procedures_are_surgery_with_a_source() -> None:
    lexicon = load_lexicon()
    for concept in ("abdominoplasty", "arthroscopy", "bariatric_surgery"):
        assert "surgery" in lexicon.ancestors[concept]
        assert "MeSH" in (lexicon.concepts[concept].source or "")


@pytest.mark.parametrize(
    ("note", "concept", "cue"),
    [
        ("36F, abdominoplasty planned Jan 2027.", "abdominoplasty", "planned"),
        (
            "BMI 36, on the waiting list for sleeve gastrectomy.",
            "bariatric_surgery",
            "waiting list for",
        ),
        ("48M listed for arthroscopic rotator cuff repair.", "arthroscopy", "listed for"),
    ],
)
def test_a_planned_procedure_is_a_fact_of_its_own(note: str, concept: str, cue: str) -> None:
    patient = facts(age=40, sex="female", note=note)
    assert [(f.concept, f.state, f.state_cue) for f in patient.planned] == [
        (concept, "planned", cue)
    ]
    assert not patient.concept_facts(concept)[0]  # not read as done


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (ABDOMINOPLASTY, "36F, abdominoplasty planned Jan 2027."),
        (
            ABDOMINOPLASTY,
            "Weight loss after sleeve gastrectomy 2023 (BMI 46 to 27), abdominoplasty booked.",
        ),
        (BARIATRIC, "BMI 36, on the waiting list for sleeve gastrectomy."),
        (ARTHROSCOPY, "48M listed for arthroscopic rotator cuff repair, lateral position."),
    ],
)
def test_a_criterions_plan_is_met_by_the_notes_plan(criterion: tuple[str, str], note: str) -> None:
    assert _status(*criterion, note) == "met"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (ABDOMINOPLASTY, "Abdominoplasty in 2019."),
        (BARIATRIC, "Sleeve gastrectomy 2018."),
        (ARTHROSCOPY, "Knee arthroscopy 2015."),
        (ARTHROSCOPY, "Abdominoplasty planned Jan 2027."),
    ],
)
def test_a_criterions_plan_is_not_met_by_a_procedure_done_or_another_plan(
    criterion: tuple[str, str], note: str
) -> None:
    assert _status(*criterion, note) == "unknown"


@pytest.mark.parametrize("note", ["Booked for hysterectomy in January.", "Hysterectomy planned."])
def test_a_plan_is_not_a_past_procedure(note: str) -> None:
    assert _status(*HYSTERECTOMY, note) == "unknown"


def test_a_criterion_asking_of_a_procedure_done_beside_a_plan_still_reads_the_one_done() -> None:
    """ "Major surgical procedure ... within 4 weeks of the first dose ... or an anticipated need
    for major surgery during the study" also asks of surgery done: its plan words do not turn
    the recent operation into no answer (the judge audit moved fourteen such answers when
    they did)."""
    criterion = ("NCT06380751", "Major surgical procedure or significant traumatic injury")
    assert _status(*criterion, "Major surgery 10 days ago.") == "met"


# Forms of a booked or planned operation the reader once took as done (round twenty-five's
# "Has chosen radical prostatectomy, booked for January 2027" read as "the patient has had
# radical prostatectomy"): a comma or a verb between the operation and its plan word, a
# plan word of a date or the coming week, a cue before it ("date set for", "is to have").
@pytest.mark.parametrize(
    ("note", "cue"),
    [
        ("Has chosen abdominoplasty, booked for January 2027.", "booked"),
        ("Abdominoplasty is scheduled for 3 Feb.", "scheduled"),
        ("Abdominoplasty has been booked for March.", "booked"),
        ("Abdominoplasty, scheduled 3 Feb.", "scheduled"),
        ("Abdominoplasty arranged for January.", "arranged"),
        ("Abdominoplasty due next month.", "due next"),
        ("Abdominoplasty date set for 3 February.", "date set"),
        ("Abdominoplasty next week.", "next week"),
        ("Date set for abdominoplasty.", "Date set for"),
        ("She is to have an abdominoplasty next month.", "is to have"),
        ("Booked in for abdominoplasty.", "Booked in for"),
        ("Consented for abdominoplasty.", "Consented for"),
    ],
)
def test_a_booked_or_dated_operation_is_planned_not_done(note: str, cue: str) -> None:
    patient = facts(age=40, sex="female", note=note)
    assert [(f.concept, f.state_cue) for f in patient.planned] == [("abdominoplasty", cue)]
    assert not patient.concept_facts("abdominoplasty")[0]
    assert _status(*ABDOMINOPLASTY, note) == "met"


@pytest.mark.parametrize(
    "note",
    [
        "Has chosen hysterectomy, booked for January 2027.",
        "Hysterectomy is scheduled for 3 Feb.",
        "Hysterectomy next week.",
        "Date set for hysterectomy.",
        "I'm having a hysterectomy in January.",
    ],
)
def test_a_booked_operation_is_not_a_past_one(note: str) -> None:
    assert _status(*HYSTERECTOMY, note) == "unknown"


@pytest.mark.parametrize(
    "note", ["Hysterectomy due to fibroids 2015.", "Hysterectomy 2015, now on HRT."]
)
def test_an_operation_done_is_still_done_beside_words_of_its_cause_or_after(note: str) -> None:
    assert _status(*HYSTERECTOMY, note) == "met"


# --- A plan's date, and a criterion asking for a plan within a window ----------------------
# "I'm having a hysterectomy in January": the present tense that means the future, a plan only
# with a time to come in its sentence ("is having chemotherapy" is now). A plan's time is read
# against the note's own day (``note_date``): "in 3 weeks", "next Tuesday", "in January",
# "on 12/01" (the next such day), "3 February 2027". Round twenty-five's Crohn's trial
# (NCT03058679) excludes an "Anticipated need for surgery within 6 weeks of randomization".

ANTICIPATED = ("NCT03058679", "Anticipated need for surgery")
NOTE_DAY = datetime.date(2026, 12, 7)


def _dated(note: str) -> PatientFacts:
    return facts(age=40, sex="female", note=note, note_date=NOTE_DAY)


def _window_status(note: str) -> str:
    text, section = _text(*ANTICIPATED)
    assert "within 6 weeks" in text
    return judged(text, section, _dated(note)).status


@pytest.mark.parametrize(
    ("note", "cue", "days"),
    [
        ("I'm having a hysterectomy in January.", "I'm having", 39),
        ("She is having an abdominoplasty in 2 weeks.", "is having", 14),
        ("He is having a knee arthroscopy in 3 weeks.", "is having", 21),
        ("Hysterectomy booked in 3 weeks.", "booked", 21),
        ("Hysterectomy booked for 12/01.", "booked", 36),
        ("Hysterectomy booked for 3 February 2027.", "booked", 58),
        ("Hysterectomy scheduled next Friday.", "scheduled", 4),
        ("Hysterectomy planned in 3 months.", "planned", 91),
        ("Hysterectomy booked.", "booked", None),
    ],
)
def test_a_plan_is_dated_from_the_notes_day(note: str, cue: str, days: int | None) -> None:
    patient = _dated(note)
    [plan] = patient.planned
    assert plan.state_cue == cue
    assert (None if plan.days_ahead is None else round(plan.days_ahead)) == days
    assert not patient.concept_facts(plan.concept or "")[0]  # not read as done


@pytest.mark.parametrize(
    "note",
    [
        "She is having chemotherapy.",
        "He is having a colonoscopy.",
        "I am having physiotherapy twice a week.",
    ],
)
def test_the_present_tense_without_a_time_to_come_is_not_a_plan(note: str) -> None:
    assert not _dated(note).planned


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Hysterectomy booked in 3 weeks.", "met"),
        ("I'm having a hysterectomy in January.", "met"),
        ("Hysterectomy booked for 12/01.", "met"),
        ("Hysterectomy booked in 3 months.", "not_met"),
        ("Hysterectomy booked for 3 April 2027.", "not_met"),
        ("Hysterectomy booked.", "unknown"),
        ("Hysterectomy 2015.", "unknown"),
    ],
)
def test_a_plan_within_a_criterions_window_is_judged_by_its_date(note: str, status: str) -> None:
    """A booked operation in 3 weeks meets "Anticipated need for surgery within 6 weeks of
    randomization", one in 3 months does not; a plan without a date is unknown against the
    window, and an operation done is no plan."""
    assert _window_status(note) == status


def test_a_plan_during_the_study_is_met_by_any_plan() -> None:
    """ "An anticipated need for major surgery during the study": the criterion does not give
    the study's length, so a booked operation, dated or not, meets it."""
    text = "An anticipated need for major surgery during the study"
    for note in ("Hysterectomy booked.", "Hysterectomy booked in 3 months."):
        assert judged(text, "exclusion", _dated(note)).status == "met"


def test_a_window_of_a_procedure_done_before_a_plan_is_still_the_done_ones() -> None:
    """NCT06380751: "Major surgical procedure ... within 4 weeks of the first dose ... or an
    anticipated need for major surgery during the study": its window is the done procedure's,
    so a plan in 3 months is not judged against it."""
    criterion = ("NCT06380751", "Major surgical procedure or significant traumatic injury")
    assert _status(*criterion, "Major surgery 10 days ago.") == "met"
    assert _status(*criterion, "Hysterectomy booked in 3 months.") != "not_met"


@pytest.mark.parametrize(
    "note", ["She is having a hysterectomy today.", "She is having a hysterectomy this week."]
)
def test_the_present_tense_of_today_or_this_week_is_not_a_plan(note: str) -> None:
    assert not _dated(note).planned
