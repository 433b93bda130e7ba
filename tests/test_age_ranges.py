"""Issue 12, sixteenth session (age-one): an age range keeps both ends, each as written.

"12 to < 18 years" was read as "< 18" alone (a 2-year-old met it), and a range joined from
two bounds held both ends ("≥ 12 and < 18": an 18-year-old met it). Each criterion here is
real text of ``../shared/data`` studies (API v2, the legacy XML sample) or the Chia corpus.
"""

from __future__ import annotations

from collections.abc import Iterator

from conftest import shared_path
from test_criteria_subgroups_and_alternatives import ages_of, legacy_criterion
from test_judge_entailment import facts, v2_trial
from test_judge_general import criterion_of, written
from trialfinder.criteria import Criterion, parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.match import judge


def walk(criteria: list[Criterion]) -> Iterator[Criterion]:
    for criterion in criteria:
        yield criterion
        yield from walk(criterion.children)


def only_age(criterion: Criterion) -> Measurement:
    (age,) = ages_of(criterion)
    return age


def status_at(criterion: Criterion, age: float) -> str:
    return judge(criterion, facts(age=age, sex="female")).status


def reason_at(criterion: Criterion, age: float) -> str:
    return judge(criterion, facts(age=age, sex="female")).reason


def test_a_range_whose_top_has_its_own_bound_keeps_its_lower_end() -> None:
    """NCT03118986 "2.5 to < 18 years of age": a 2-year-old is below the range."""
    (criterion,) = [
        c
        for c in walk(parse_trial_criteria(v2_trial("NCT03118986")).criteria)
        if c.text.startswith("2.5 to < 18 years of age")
    ]
    age = only_age(criterion)
    assert (age.comparator, age.canonical_value, age.canonical_upper) == ("between", 2.5, 18.0)
    assert status_at(criterion, 2) == "not_met"
    assert "below the required ≥ 2.5 years" in reason_at(criterion, 2)
    assert status_at(criterion, 10) != "not_met"  # the note on body weight is left as read


def test_a_strict_top_leaves_its_end_out() -> None:
    """NCT00739934 (legacy XML) "Male or female from 2 to <12 years of age": 12 is not
    below 12, and the reason names that bound."""
    criterion = legacy_criterion("NCT00739934", "Male or female from 2 to <12 years")
    age = only_age(criterion)
    assert (age.canonical_value, age.canonical_upper, age.upper_open) == (2.0, 12.0, True)
    assert status_at(criterion, 1) == "not_met"
    assert status_at(criterion, 2) == "met"
    assert status_at(criterion, 12) == "not_met"
    assert "Age 12 years is not below the required < 12 years" in reason_at(criterion, 12)


def test_a_lower_bound_joined_to_a_strict_upper_bound_is_one_range() -> None:
    """NCT03067181 ">= 11 and < 25 years old at enrollment": a 4-year-old and a 25-year-old
    are both outside it; 11 is inside."""
    criterion = criterion_of("NCT03067181", ">= 11 and < 25 years old")
    age = only_age(criterion)
    assert (age.lower_open, age.upper_open) == (False, True)
    assert status_at(criterion, 4) == "not_met"
    assert status_at(criterion, 11) == "met"
    assert status_at(criterion, 24) == "met"
    assert status_at(criterion, 25) == "not_met"


def test_strict_bounds_survive_the_merge_of_two_bounds() -> None:
    """NCT06630793 "Age > 18 and < 80 years of age": neither 18 nor 80 is inside."""
    criterion = criterion_of("NCT06630793", "Age > 18 and < 80")
    age = only_age(criterion)
    assert (age.lower_open, age.upper_open) == (True, True)
    assert status_at(criterion, 18) == "not_met"
    assert "Age 18 years is not above the required > 18 years" in reason_at(criterion, 18)
    assert status_at(criterion, 19) == "met"
    assert "> 18 years and < 80 years" in reason_at(criterion, 19)
    assert status_at(criterion, 80) == "not_met"


def test_an_inclusive_range_still_holds_its_ends() -> None:
    """NCT05512169 "Age > 1 year old and ≤18 years old at enrolment": 18 is inside, 1 is not."""
    criterion = criterion_of("NCT05512169", "Age > 1 year old and ≤18 years")
    assert status_at(criterion, 18) == "met"
    assert status_at(criterion, 1) == "not_met"


def test_an_age_range_with_its_ends_in_days_and_years_is_one_range() -> None:
    """NCT03633708 "Age of 28 days or older and less than 18 years": an adult is above it
    (read apart, "28 days or older" let every adult meet it); the reason writes each end in
    its own unit, never "0.0767 years"."""
    criterion = criterion_of("NCT03633708", "Age of 28 days or older and less than 18 years")
    age = only_age(criterion)
    assert age.comparator == "between" and age.upper_open
    assert status_at(criterion, 30) == "not_met"
    assert status_at(criterion, 18) == "not_met"
    assert status_at(criterion, 5) == "met"
    assert "≥ 28 days and < 18 years" in reason_at(criterion, 5)


def test_an_upper_bound_below_a_lower_bound_stays_an_alternative() -> None:
    """NCT02754115 (exclusion) "Age less than 18 and more than 70 years": "and" lists two
    ages that exclude, no range (none is both); a 75-year-old and a 10-year-old meet it."""
    criterion = criterion_of("NCT02754115", "Age less than 18 and more than 70 years")
    assert status_at(criterion, 75) == "met"
    assert status_at(criterion, 10) != "not_met"  # the note on body weight is left as read
    assert status_at(criterion, 30) == "not_met"


def test_not_older_than_is_an_upper_bound() -> None:
    """Chia NCT03044561 "cases of infertility, older than 20 years of age and not older than
    40 years": "not older than 40" is ≤ 40, the top of a range (it was read as "> 40")."""
    text = chia_line("older than 20 years of age and not older than 40 years")
    criterion = written(text, "inclusion")
    age = only_age(criterion)
    assert (age.comparator, age.canonical_value, age.canonical_upper) == ("between", 20.0, 40.0)
    assert (age.lower_open, age.upper_open) == (True, False)
    assert status_at(criterion, 40) != "not_met"  # the infertility is left to the note
    assert status_at(criterion, 41) == "not_met"
    assert status_at(criterion, 20) == "not_met"


def chia_line(words: str) -> str:
    """The first line of the Chia corpus (inclusion criteria) holding ``words``."""
    folder = shared_path("data/chia/chia_with_scope")
    for path in sorted(folder.glob("*_inc.txt")):
        for line in path.read_text(errors="ignore").splitlines():
            if words in line and any(char.isdigit() for char in line):
                return line.strip()
    raise AssertionError(words)


def test_an_age_that_labels_a_table_row_is_no_age_limit() -> None:
    """NCT03067181 "A serum creatinine based on age/gender as follows": its rows ("13 to < 16
    years: male: 1.5 female: 1.4") give each age's values; an 8-year-old is not excluded by
    the row of 13 to < 16 years (read whole, the range would exclude every other age)."""
    (row,) = [
        c
        for c in walk(parse_trial_criteria(v2_trial("NCT03067181")).criteria)
        if c.text.startswith("13 to < 16 years: male: 1.5")
    ]
    assert ages_of(row) == []
    assert status_at(row, 8) != "not_met"
