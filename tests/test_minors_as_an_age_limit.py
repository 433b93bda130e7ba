"""Issue 12, eighteenth session (minors): "Minors" as a criterion is an age limit.

An exclusion written as a minors phrase ("Minors", "The patient is a minor", "Minor
patient"), or a list whose first item is one ("Minors, adults under guardianship, protected
persons"), excludes patients under the age of majority; it was left to the study team for
every patient. It is read as age < 18 and the reason says so: majority is 18 in most places,
not everywhere (19 South Korea, 20 Thailand, 21 Singapore). "Minor surgery" and "minor
deviations" are no minors. Each criterion is a real line of ``../shared/data`` (LCT, Chia).
"""

from __future__ import annotations

from conftest import shared_path
from test_criteria_elided_names import lct_line
from test_criteria_subgroups_and_alternatives import ages_of
from test_judge_entailment import facts
from test_judge_general import written
from trialfinder.criteria import Criterion
from trialfinder.match import judge


def chia_line(nct_id: str, opening: str) -> str:
    """The exclusion line of a Chia trial that begins with ``opening``."""
    path = shared_path("data/chia/chia_without_scope") / f"{nct_id}_exc.txt"
    (line,) = [ln.strip() for ln in path.read_text().splitlines() if ln.startswith(opening)]
    return line


def status_at(criterion: Criterion, age: float) -> str:
    return judge(criterion, facts(age=age, sex="female")).status


def test_minors_alone_excludes_a_child_and_not_an_adult() -> None:
    """NCT03925155 "Minors" and Chia NCT02958566 "Minors": age < 18."""
    for line in (lct_line("NCT03925155", "Minors"), chia_line("NCT02958566", "Minors")):
        criterion = written(line, "exclusion")
        (age,) = ages_of(criterion)
        assert (age.comparator, age.canonical_value) == ("<", 18.0)
        assert status_at(criterion, 12) == "met"
        assert status_at(criterion, 40) == "not_met"


def test_a_sentence_saying_the_patient_is_a_minor_is_the_same_limit() -> None:
    """NCT03861325 "The patient is a minor", NCT03865043 "Minor patient", Chia NCT02529475
    "Patients minors"."""
    for line in (
        lct_line("NCT03861325", "The patient is a minor"),
        lct_line("NCT03865043", "Minor patient"),
        chia_line("NCT02529475", "Patients minors"),
    ):
        criterion = written(line, "exclusion")
        assert status_at(criterion, 16) == "met", line
        assert status_at(criterion, 30) == "not_met", line


def test_the_reason_says_the_age_of_majority_is_assumed() -> None:
    """Majority is 18 in most places, not everywhere: the study team decides where it differs."""
    criterion = written(lct_line("NCT03925155", "Minors"), "exclusion")
    reason = judge(criterion, facts(age=18, sex="female")).reason
    assert "age of majority of 18" in reason
    assert "the study team decides where majority differs" in reason


def test_each_item_of_a_list_opened_by_minors_is_its_own_alternative() -> None:
    """NCT03860103 "Minors, adults under guardianship, protected persons": a child meets
    it; an adult does not meet its minors part and the rest is left to the study team."""
    criterion = written(lct_line("NCT03860103", "Minors, adults"), "exclusion")
    assert status_at(criterion, 15) == "met"
    adult = judge(criterion, facts(age=35, sex="female"))
    assert adult.status == "unknown"
    assert "above the required < 18 years" in adult.reason
    for line in (
        lct_line("NCT03925571", "Minors,"),
        lct_line("NCT03929419", "Minors or non-consenting"),
        chia_line("NCT02003339", "minors, persons deprived"),
    ):
        assert status_at(written(line, "exclusion"), 10) == "met", line


def test_minor_surgery_deviations_and_examples_are_no_age_limit() -> None:
    """Chia NCT02431442 "except minor deviations", LCT "≤ 2 weeks from minor surgery", Chia
    NCT03631355 "(e.g., minors, ...)" (an example), "Dissent from a minor" (consent)."""
    for line in (
        chia_line("NCT02431442", "Abnormal 12-lead electrocardiogram"),
        chia_line("NCT03631355", "Legally incompetent"),
        lct_line("NCT03923231", "2. Dissent from a minor"),
        chia_line("NCT02301962", "Minor surgical procedure"),
    ):
        criterion = written(line, "exclusion")
        assert ages_of(criterion) == [], line
        assert status_at(criterion, 12) != "met", line


def test_a_minor_patient_with_a_written_age_is_read_whole() -> None:
    """NCT03926403 "Minor patient < 18 years of age": "minor patient" restates the age."""
    criterion = written(lct_line("NCT03926403", "Minor patient <"), "exclusion")
    (age,) = ages_of(criterion)
    assert (age.comparator, age.canonical_value) == ("<", 18.0)
    assert status_at(criterion, 40) == "not_met"
