"""A denial word just before a phrase, with at most one word between, denies it.

Three readers (a note's fitness words, the organ-function tests a note calls normal, and a
list of lab tests written normal) each looked for "not normal" / "no longer fit and well"
with their own copy of one pattern; ``phrases.denial_just_before`` is now the one shape,
each reader naming its own denial words.
"""

from __future__ import annotations

import re

import pytest

from trialfinder.phrases import denial_just_before, undenied_matches


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


def test_undenied_matches_are_the_phrases_no_denial_stands_just_before() -> None:
    phrases = re.compile(r"normal", re.IGNORECASE)
    denied = denial_just_before(("not",))
    found = undenied_matches(phrases, "LFTs not normal, U&E normal", denied)
    assert [m.group(0) for m in found] == ["normal"]
    assert [m.start() for m in found] == [21]
