"""How long a treatment was given: a criterion's "at least 2 years of adjuvant endocrine
therapy" against the note's "3 years of adjuvant letrozole".

The parse reads the course's length (a comparator, a number and a time unit before "of" and
the treatment, or "duration of prior … < 12 months") as a duration window on the treatment;
the note reader gives the treatment the length the note writes ("completed 5 years of
anastrozole in 2021", "took exemestane from 2019 to 2022", "started tamoxifen 2 years ago",
"stopped it after 18 months"); the judge answers met when that length satisfies the window,
not met when it contradicts it, and unknown when the note names the treatment without dates.
docs/criteria.md, "Concepts, negation, history, time windows".
"""

from __future__ import annotations

import datetime

import pytest

from conftest import API_V2_STUDIES, shared_path
from test_judge_entailment import judged
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

# Real criteria, each checked against the file it is quoted from.
TWO_TO_FIVE_YEARS = (
    "Completed at least 2 years but no more than 5 years (+3 months) of adjuvant ET "
    "(+/- CDK4/6 inhibitor)"
)
TWENTY_FOUR_TO_SIXTY_MONTHS = (
    "Participants must have received at least 24 months but not more than 60 months of any "
    "adjuvant ET, from time of adjuvant ET initiation."
)
UP_TO_TWELVE_WEEKS = (
    "Patients may have received up to 12 weeks of endocrine therapy prior to randomisation."
)

NOTE_DAY = datetime.date(2026, 12, 1)


def _quoted(criterion: str) -> str:
    assert criterion in shared_path(API_V2_STUDIES).read_text("utf-8").replace("\\n", "\n")
    return criterion


def _facts(note: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=58, sex="female", note_date=NOTE_DAY))


def _treatment_windows(text: str) -> list[tuple[str, str | None]]:
    constraints, _complete = parse_criterion(text, "inclusion")
    return [
        (c.concept, None if c.window is None else c.window.kind)
        for c in constraints
        if isinstance(c, ConceptMention) and c.category == "treatment"
    ]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Received at least 6 months of adjuvant endocrine therapy", "endocrine_therapy"),
        ("At least 2 years of adjuvant tamoxifen", "tamoxifen"),
        ("Received at least 6 months of letrozole", "letrozole"),
        ("No more than 2 years of adjuvant endocrine therapy", "endocrine_therapy"),
        ("Duration of prior endocrine therapy < 12 months", "endocrine_therapy"),
        ("On tamoxifen for >= 3 months", "tamoxifen"),
    ],
)
def test_a_course_length_is_read_as_the_treatment_duration(text: str, concept: str) -> None:
    assert (concept, "duration") in _treatment_windows(text)


def test_a_course_between_two_lengths_keeps_both_ends() -> None:
    constraints, _ = parse_criterion(
        "At least 24 months but not more than 60 months of adjuvant endocrine therapy",
        "inclusion",
    )
    window = next(c.window for c in constraints if isinstance(c, ConceptMention) and c.window)
    assert window.kind == "duration"
    assert window.comparator == "between"
    assert window.days == pytest.approx(730.5)
    assert window.upper_days == pytest.approx(1826.25)


def test_a_course_length_is_no_age_limit() -> None:
    """ "at least 2 years but no more than 5 years (+3 months) of adjuvant ET": no age of at
    most 5 years (a 58-year-old woman was not met by it)."""
    constraints, _ = parse_criterion(_quoted(TWO_TO_FIVE_YEARS), "inclusion")
    assert not [c for c in constraints if getattr(c, "analyte", None) == "age"]


def test_et_after_a_setting_is_endocrine_therapy_but_not_alone() -> None:
    assert ("endocrine_therapy", "duration") in _treatment_windows(_quoted(TWO_TO_FIVE_YEARS))
    assert ("endocrine_therapy", "duration") in _treatment_windows(
        _quoted(TWENTY_FOUR_TO_SIXTY_MONTHS)
    )
    for text in (
        "Essential thrombocythemia (ET) or polycythemia vera",
        "Patients with ET requiring cytoreduction",
        "Placement of an ET tube within 24 hours",
    ):
        assert "endocrine_therapy" not in [c for c, _ in _treatment_windows(text)], text


@pytest.mark.parametrize(
    ("note", "days"),
    [
        ("Breast cancer. Completed 5 years of anastrozole in 2021.", 5 * 365.25),
        ("Breast cancer. 3 years of adjuvant letrozole.", 3 * 365.25),
        ("Breast cancer. Started tamoxifen 2 years ago.", 2 * 365.25),
        ("Breast cancer. Started letrozole, stopped it after 18 months.", 18 * 30.4375),
    ],
)
def test_the_note_gives_a_treatment_the_length_it_writes(note: str, days: float) -> None:
    treatment = next(f for f in _facts(note).facts if f.concept != "breast_cancer")
    assert treatment.duration_days == pytest.approx(days, abs=1)


def test_a_treatment_taken_from_one_year_to_another_keeps_both_years() -> None:
    treatment = next(
        f
        for f in _facts("Breast cancer. Took exemestane from 2019 to 2022.").facts
        if f.concept == "exemestane"
    )
    assert (treatment.start_year, treatment.end_year) == (2019, 2022)


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast cancer. 3 years of adjuvant letrozole.", "met"),
        ("Breast cancer. Completed 5 years of anastrozole in 2021.", "met"),
        ("Breast cancer. Started tamoxifen 2 years ago.", "met"),
        ("Breast cancer. Started letrozole, stopped it after 3 months.", "not_met"),
        ("Breast cancer on letrozole.", "unknown"),
    ],
)
def test_a_written_length_settles_an_asked_least_length(note: str, status: str) -> None:
    result = judged("Received at least 6 months of endocrine therapy", "inclusion", _facts(note))
    assert result.status == status, result.reason


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast cancer. 3 years of adjuvant letrozole.", "met"),
        ("Breast cancer. 18 months of adjuvant letrozole.", "not_met"),
        ("Breast cancer. Completed 7 years of tamoxifen.", "not_met"),
        ("Breast cancer on adjuvant letrozole.", "unknown"),
    ],
)
def test_a_course_between_two_lengths_is_judged_at_both_ends(note: str, status: str) -> None:
    result = judged(
        "At least 24 months but not more than 60 months of adjuvant endocrine therapy",
        "inclusion",
        _facts(note),
    )
    assert result.status != "met" or status == "met", result.reason
    if status != "met":
        assert result.status == status, result.reason


def test_years_of_a_course_without_its_months_are_left_when_they_straddle_the_limit() -> None:
    """ "exemestane 2024-2026" is between about 1 and 3 years: no answer to "at least 2
    years"; "2019-2020" is at most 2 years: not more than 5 years."""
    asked = "At least 2 years of exemestane"
    assert judged(asked, "inclusion", _facts("Exemestane 2024-2026.")).status == "unknown"
    assert (
        judged(
            "At least 5 years of exemestane", "inclusion", _facts("Exemestane 2019-2020.")
        ).status
        == "not_met"
    )


def test_a_course_limit_before_its_treatment_still_reads() -> None:
    assert ("endocrine_therapy", "duration") in _treatment_windows(_quoted(UP_TO_TWELVE_WEEKS))


def test_a_month_a_clinic_letter_writes_after_since_dates_the_start() -> None:
    """ "Letrozole 2.5 mg od since 03/2024": begun in March 2024, about 33 months by the
    note's day, not any day of 2024."""
    letrozole = next(
        f
        for f in _facts("Letrozole 2.5 mg od since 03/2024, taken without a break.").facts
        if f.concept == "letrozole"
    )
    assert letrozole.duration_days == (NOTE_DAY - datetime.date(2024, 3, 1)).days
    span = next(
        f
        for f in _facts("Abemaciclib 150 mg bd from 05/2024-05/2026.").facts
        if f.concept == "abemaciclib"
    )
    assert span.duration_days != (NOTE_DAY - datetime.date(2024, 5, 1)).days


def test_a_gap_in_a_treatment_is_not_shown_by_taking_it() -> None:
    """ "more than a 6-month consecutive gap in therapy during the course of prior adjuvant
    ET": being on letrozole does not say there was a gap (it was met, a wrong exclusion)."""
    criterion = (
        "Participants with more than a 6-month consecutive gap in therapy during the course of "
        "prior adjuvant endocrine therapy."
    )
    result = judged(
        criterion, "exclusion", _facts("Breast cancer. Letrozole 2.5 mg od since 2024.")
    )
    assert result.status == "unknown", result.reason


def test_a_time_after_an_event_is_no_course_length() -> None:
    """ "after at least 3 months of renal transplantation" counts from the transplant, and
    "of a duration of <= 5 years since their diagnosis" from the diagnosis: neither is read
    as how long a course lasted."""
    for text in (
        "Diabetes mellitus and after at least 3 months of renal transplantation.",
        "Diabetes mellitus, of a duration of <= 5 years since their diagnosis",
    ):
        constraints, _ = parse_criterion(text, "inclusion")
        kinds = [c.window.kind for c in constraints if isinstance(c, ConceptMention) and c.window]
        assert "duration" not in kinds, text


@pytest.mark.parametrize(
    ("note", "months"),
    [
        ("Breast cancer. Abemaciclib 150 mg bd from 05/2024-05/2026.", 24),
        ("Breast cancer. Took letrozole from 03/2023 to 09/2025.", 30),
        ("Breast cancer. Letrozole 2.5 mg od 11/2025 - 02/2026, then stopped.", 3),
    ],
)
def test_a_span_written_in_months_gives_the_course_its_months(note: str, months: int) -> None:
    """ "05/2024-05/2026" is 24 months, not any length between one and three years."""
    treatment = next(f for f in _facts(note).facts if f.concept != "breast_cancer")
    assert treatment.duration_days == pytest.approx(months * 30.4375, abs=1)
    assert not treatment.current


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast cancer. Letrozole 05/2024-05/2026.", "met"),
        ("Breast cancer. Letrozole 05/2024-02/2026.", "not_met"),
    ],
)
def test_a_span_in_months_settles_a_least_length_its_years_straddle(note: str, status: str) -> None:
    result = judged("At least 2 years of letrozole", "inclusion", _facts(note))
    assert result.status == status, result.reason


def test_a_start_written_before_a_treatment_dates_that_treatment_alone() -> None:
    """ "on metformin and, since 03/2024, insulin": insulin began in March 2024; when
    metformin began is not written."""
    facts = {
        f.concept: f for f in _facts("Diabetes. On metformin and, since 03/2024, insulin.").facts
    }
    assert facts["insulin"].duration_days == (NOTE_DAY - datetime.date(2024, 3, 1)).days
    assert facts["metformin"].duration_days is None
    assert facts["metformin"].start_year is None
    years = {f.concept: f for f in _facts("Diabetes. On metformin and, since 2024, insulin.").facts}
    assert (years["insulin"].start_year, years["metformin"].start_year) == (2024, None)
    after = {
        f.concept: f
        for f in _facts("Anastrozole 1 mg od since 05/2024, abemaciclib 150 mg bd.").facts
    }
    assert after["anastrozole"].duration_days == (NOTE_DAY - datetime.date(2024, 5, 1)).days
    both = {f.concept: f for f in _facts("Diabetes. Metformin and insulin since March 2024.").facts}
    assert both["metformin"].duration_days == both["insulin"].duration_days


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast cancer. Started letrozole in 2021. I took them every day for three years.", "met"),
        ("Breast cancer. Started letrozole in 2025. I was on it for 8 months.", "not_met"),
        (
            "Breast cancer on letrozole and metformin. I took them for three years.",
            "unknown",
        ),
        ("Breast cancer on letrozole. I never took it for 3 years.", "unknown"),
    ],
)
def test_a_course_length_told_by_a_pronoun_is_the_treatment_named_before(
    note: str, status: str
) -> None:
    """ "I took them every day for three years" is the length of the one treatment the
    sentence before names; two named, or a denied course, give none."""
    result = judged("At least 2 years of letrozole", "inclusion", _facts(note))
    assert result.status == status, result.reason


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("Breast cancer. Started letrozole in 2021.", "met"),
        ("Breast cancer. Commenced adjuvant anastrozole in 2022.", "met"),
        ("Breast cancer. Started letrozole in 2026.", "not_met"),
    ],
)
def test_a_start_year_without_an_end_is_a_course_that_goes_on(note: str, status: str) -> None:
    """ "Started letrozole in 2021" and nothing of its end: since 2021, not 2021 to 2021
    (it was not met by "at least 2 years", a course of at most a year)."""
    result = judged("At least 2 years of endocrine therapy", "inclusion", _facts(note))
    assert result.status == status, result.reason


def test_a_start_year_the_note_says_ended_is_no_course_that_goes_on() -> None:
    """ "Started letrozole in 2021, stopped it in 2023": over, never current."""
    letrozole = next(
        f
        for f in _facts("Breast cancer. Started letrozole in 2021, stopped it in 2023.").facts
        if f.concept == "letrozole"
    )
    assert not letrozole.current
    assert (
        next(
            f for f in _facts("Breast cancer. Letrozole in 2021.").facts if f.concept == "letrozole"
        ).end_year
        == 2021
    )


COMPLETED_OR_DISCONTINUED = (
    "completed or discontinued prior adjuvant ET >6 months prior to screening."
)


@pytest.mark.parametrize(
    "note",
    [
        "Breast cancer. Letrozole 2.5 mg od since 05/2024.",
        "Breast cancer. Currently on adjuvant letrozole since 2023.",
        "Breast cancer. Started letrozole in 2021.",
    ],
)
def test_a_course_that_goes_on_ended_no_time_ago(note: str) -> None:
    """A course the note says is current was neither completed nor discontinued: not met by
    "completed or discontinued prior adjuvant ET > 6 months prior to screening" (was
    unknown, "timing not given")."""
    assert COMPLETED_OR_DISCONTINUED.replace(">", "\\\\>") in shared_path(API_V2_STUDIES).read_text(
        "utf-8"
    )
    result = judged(COMPLETED_OR_DISCONTINUED, "inclusion", _facts(note))
    assert result.status == "not_met", result.reason
    assert "adjuvant ET" in result.reason


def test_a_reason_names_the_treatment_as_the_criterion_writes_it() -> None:
    """ "… during the course of prior adjuvant ET": the reason says "adjuvant ET", not
    "adjuvant et" (an acronym lowered reads as another word)."""
    criterion = (
        "Participants with more than a 6-month consecutive gap in therapy during the course of "
        "prior adjuvant ET."
    )
    result = judged(criterion, "exclusion", _facts("Breast cancer. Anastrozole 1 mg od."))
    assert "adjuvant ET" in result.reason
    assert "adjuvant et" not in result.reason


def test_a_current_symptom_is_no_course_that_ended() -> None:
    """ "intermittent fever >1 week in duration": a fever now says nothing of how long it
    has lasted (a current course of a treatment has not ended; a symptom is no course)."""
    criterion = "Intermittent fever >1 week in duration"
    note = "Persistent fever since 2025. No hemoptysis."
    result = judged(criterion, "exclusion", _facts(note))
    assert result.status != "not_met", result.reason
