"""A denial word just before a phrase, with at most one word between, denies it.

Three readers (a note's fitness words, the organ-function tests a note calls normal, and a
list of lab tests written normal) each looked for "not normal" / "no longer fit and well"
with their own copy of one pattern; ``phrases.denial_just_before`` is now the one shape,
each reader naming its own denial words.
"""

from __future__ import annotations

import pytest

from trialfinder.phrases import denial_just_before


@pytest.mark.parametrize(
    ("before", "denied"),
    [
        ("LFTs ", False),
        ("LFTs not ", True),
        ("she is no longer ", True),
        ("never really ", True),
        ("not quite so ", False),
        ("a knot ", False),
        ("NOT ", True),
    ],
)
def test_a_denial_word_with_at_most_one_word_after_it_denies_what_follows(
    before: str, denied: bool
) -> None:
    pattern = denial_just_before(("not", "no longer", "never"))
    assert bool(pattern.search(before)) is denied


def test_each_reader_names_its_own_denial_words() -> None:
    assert denial_just_before(("no",)).search("no ")
    assert not denial_just_before(("not",)).search("no ")
