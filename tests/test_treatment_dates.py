"""Days a note writes for a treatment, against a criterion's washout window (issue 12).

Coordinators date treatments by the day ("last dose 28/10/2026", "the last on 02/11/2026",
"started 10/11/2026") or open a sentence with the year ("In 2015 I had cancer of the cervix
and was treated with radiotherapy"); a washout criterion ("within 4 weeks before the first
dose") is judged by how long ago that was. The notes are the rounds' own sentences
(``tests/data/hand_written_patients_*.json``); the day the note is read is fixed, as the
judge takes it (the note's date or today).
"""

from __future__ import annotations

import datetime

import pytest

from test_judge_entailment import judged
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.written_dates import written_days

TODAY = datetime.date(2026, 12, 6)
CHEMO_WASHOUT = "Chemotherapy within 4 weeks prior to study entry"
ANTICOAGULANT_WASHOUT = "Use of anticoagulants within 4 weeks before the first dose"


def _status(criterion: str, note: str) -> str:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    return judged(criterion, "exclusion", patient).status


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("last dose 28/10/2026", datetime.date(2026, 10, 28)),
        ("last dose 03/05/2026", datetime.date(2026, 5, 3)),  # day first, as the notes write
        ("last dose 11/27/2026", datetime.date(2026, 11, 27)),  # only month first can be
        ("on 12.04.2026", datetime.date(2026, 4, 12)),
        ("from 1 March 2026", datetime.date(2026, 3, 1)),
        ("from March 1, 2026", datetime.date(2026, 3, 1)),
        ("stopped in May 2026", datetime.date(2026, 5, 15)),  # the middle of the month
    ],
)
def test_a_written_day_is_read_day_first(text: str, day: datetime.date) -> None:
    assert [found.day for found in written_days(text)] == [day]


def test_an_impossible_day_and_a_year_alone_are_no_day() -> None:
    assert written_days("seen 31/02/2026, surgery 2019, ratio 1.2.3") == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Rounds' words: the last cycle's day says how long ago chemotherapy was.
        ("Adjuvant carboplatin AUC5 + paclitaxel x6 cycles, last cycle 10/09/2026.", "not_met"),
        ("Completed 4 cycles of neoadjuvant FLOT chemotherapy, the last on 02/11/2026.", "not_met"),
        ("Adjuvant chemotherapy, last cycle 20/11/2026.", "met"),
        ("Last cycle of carboplatin on 20.11.2026.", "met"),
    ],
)
def test_the_day_of_the_last_chemotherapy_is_judged_against_the_washout(
    note: str, expected: str
) -> None:
    assert _status(CHEMO_WASHOUT, note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("68M AF. Warfarin stopped, last dose 03/05/2026.", "not_met"),
        ("68M AF. Warfarin stopped, last dose 28/11/2026.", "met"),
        ("68M AF. Apixaban stopped on 12.04.2026.", "not_met"),
        ("68M AF. Warfarin 1 March 2026 to 15 May 2026, then stopped.", "not_met"),
        ("68M AF. On warfarin from 1 March 2026.", "met"),
        # The day of the INR, not of the warfarin: the warfarin is taken now.
        ("68M AF on warfarin, INR 2.3 on 01/12/2026.", "met"),
    ],
)
def test_the_day_an_anticoagulant_ended_or_began_is_judged_against_the_washout(
    note: str, expected: str
) -> None:
    assert _status(ANTICOAGULANT_WASHOUT, note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # Round sixteen's and seventeen's words: a year opening the sentence dates it.
        ("In 2015 I had cancer of the cervix and was treated with radiotherapy.", "not_met"),
        ("In 2024 she had a lumpectomy and radiotherapy.", "met"),
    ],
)
def test_a_year_opening_a_sentence_dates_the_treatment_in_it(note: str, expected: str) -> None:
    assert _status("Prior radiotherapy within 5 years", note) == expected


# Round nineteen's words; the criterion is NCT05952557's.
UP_TO_12_WEEKS = (
    "Patients may have received up to 12 weeks of endocrine therapy prior to randomisation."
)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "I'm 41. I had three weeks of radiotherapy in June and started tamoxifen in July.",
            "not_met",
        ),
        ("I'm 41. I started tamoxifen 3 weeks ago.", "met"),
    ],
)
def test_a_course_limit_before_a_treatment_is_how_long_it_was_taken(
    note: str, expected: str
) -> None:
    patient = extract_facts(PatientProfile(note=note), TODAY)
    assert judged(UP_TO_12_WEEKS, "inclusion", patient).status == expected


def test_a_treatment_started_at_a_time_has_lasted_since_then() -> None:
    patient = extract_facts(PatientProfile(note="55M. Started metformin 3 months ago."), TODAY)
    metformin = next(f for f in patient.facts if f.concept == "metformin")
    assert metformin.current
    assert metformin.days_ago is None
    assert metformin.duration_days is not None


def test_the_route_of_each_dated_drug_is_its_own() -> None:
    # Round ten's letter: the doxycycline (by mouth) stopped 62 days ago, the gel 24 days.
    note = (
        "Treatment history: doxycycline 40 mg stopped 5 October 2026; metronidazole 0.75% gel "
        "stopped 12 November 2026; nothing since."
    )
    assert _status("Participant has used systemic antibiotics within 28 days", note) == "not_met"


def _fact(note: str, concept: str, today: datetime.date = TODAY):  # type: ignore[no-untyped-def]
    patient = extract_facts(PatientProfile(note=note), today)
    return next(f for f in patient.facts if f.concept == concept)


def test_a_stop_written_with_its_year_after_the_start_ends_the_treatment_then() -> None:
    tamoxifen = _fact("58F. Started tamoxifen in 2021, stopped it in 2023.", "tamoxifen")
    assert (tamoxifen.start_year, tamoxifen.end_year) == (2021, 2023)
    assert not tamoxifen.current
    # Stopped in 2023, between three and four years before the note: within 4 years, not 2.
    note = "58F. Started tamoxifen in 2021, stopped it in 2023."
    assert _status("Tamoxifen within 4 years", note) == "met"
    assert _status("Tamoxifen within 2 years", note) == "not_met"


@pytest.mark.parametrize(
    ("note", "today", "days_ago"),
    [
        # "last spring" is this year's once spring is over, last year's before.
        ("44F. On sertraline from 2019 until last spring.", TODAY, 235.0),
        ("44F. On sertraline from 2019 until last spring.", datetime.date(2026, 3, 1), 320.0),
        ("44F. Sertraline for years, stopped it in February.", TODAY, 294.0),
        ("44F. Sertraline for years, stopped it 3 months ago.", TODAY, 91.3125),
    ],
)
def test_a_stop_or_until_with_a_month_or_a_season_dates_the_end(
    note: str, today: datetime.date, days_ago: float
) -> None:
    sertraline = _fact(note, "sertraline", today)
    assert sertraline.days_ago == days_ago
    assert not sertraline.current


def test_the_window_of_a_treatment_stopped_last_spring_is_judged_from_the_stop() -> None:
    note = "44F. She was on sertraline from 2019 until last spring."
    assert _status("Use of antidepressants within 9 months", note) == "met"
    assert _status("Use of antidepressants within 6 months", note) == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        # Round six's words: "until" a month alone, or a year to come, may be a planned end.
        "31F. DVT in pregnancy, on rivaroxaban until Feb.",
        "31F. DVT in pregnancy, on rivaroxaban until 2027.",
    ],
)
def test_an_end_that_may_be_ahead_does_not_date_the_treatment(note: str) -> None:
    rivaroxaban = _fact(note, "anticoagulants")
    assert rivaroxaban.days_ago is None
    assert rivaroxaban.end_year != 2027


def test_a_stop_after_another_treatment_is_that_treatments() -> None:
    # The stop is written after the letrozole: it is the letrozole's, not the tamoxifen's.
    tamoxifen = _fact("58F. Tamoxifen since 2022, letrozole stopped in 2024.", "tamoxifen")
    assert tamoxifen.end_year is None


@pytest.mark.parametrize("stop", ["stopped", "quit", "discontinued", "completed", "finished"])
def test_each_ended_word_stops_a_course_after_its_length(stop: str) -> None:
    letrozole = _fact(f"61F. Letrozole, {stop} it after 18 months for joint pain.", "letrozole")
    assert letrozole.duration_days == 18 * 30.4375
    assert not letrozole.current
