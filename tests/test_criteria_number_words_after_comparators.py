"""Issue 12 item 4: a number written as a word where a comparator stands is a value.

"ECOG performance status less than or equal to two" (NCT03671044) asks ECOG ≤ 2, as "≤ 2"
would; "the total number of oligometastatic sites … is less than or equal to five"
(NCT05278052) bounds a count at 5. A word before what it counts ("at least two lines",
"at least one measurable lesion") is left to the count readers, and "at least one of the
following" is no value at all. Real criteria of ``../shared/data``.
"""

from __future__ import annotations

from test_judge_general import criterion_of
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.numbers import number_words_as_digits


def test_a_performance_score_bounded_by_a_number_word_is_read() -> None:
    criterion = criterion_of("NCT03671044", "Eastern Cooperative Oncology Group (ECOG)")
    (score,) = [c for c in criterion.constraints if isinstance(c, Measurement)]
    assert (score.analyte, score.comparator, score.value) == ("ecog", "<=", 2.0)


def test_a_number_word_after_a_comparator_at_the_end_of_its_clause_is_digits() -> None:
    text = "is less than or equal to five."
    assert number_words_as_digits(text) == "is less than or equal to 5   ."


def test_a_number_word_after_a_comparator_before_what_it_counts_stays_a_word() -> None:
    for text in (
        "at least one of the following:",
        "at least two lines of systemic therapies",
        "at least one measurable lesion",
    ):
        assert number_words_as_digits(text) == text
