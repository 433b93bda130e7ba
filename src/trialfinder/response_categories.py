"""Response to treatment in order: whether a note's response meets a criterion's "or better".

"Partial Response or better according to IMWG criteria", "achieved minimal response [MR] or
better to at least 1 prior antimyeloma therapy": the response categories are ordered by the
standard that defines them (IMWG for myeloma: sCR > CR > VGPR > PR > MR > SD > PD; RECIST 1.1
and Lugano order CR > PR > SD > PD the same way), so a note's "VGPR" meets "partial response or
better" although the words differ. A criterion about a prior therapy asks the best response
the note states; any other asks the latest (a progression after a response is the latest).
The categories, their names and the words are data (``data/criteria/disease_state.json``,
sources in ``docs/criteria.md``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.disease_state_rules import ResponseWords, disease_state_rules

__all__ = ["ResponseReading", "asked_response", "response_reading", "states_response"]

Truth = Literal["true", "false", "unknown"]


class ResponseReading(msgspec.Struct, frozen=True):
    """A criterion's response against a note's: the truth and the reason."""

    truth: Truth
    reason: str


class _Patterns(msgspec.Struct, frozen=True):
    rules: ResponseWords
    asked: re.Pattern[str]
    prior: re.Pattern[str]
    note: re.Pattern[str]
    category_of: dict[str, str]
    negation: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    rules = disease_state_rules().response
    category_of: dict[str, str] = {}
    for source in (rules.names, rules.abbreviations, rules.criterion_abbreviations):
        for category, words in source.items():
            for word in words:
                category_of[word.lower()] = category
    names = phrase_alternation([w for words in rules.names.values() for w in words])
    criterion_abbreviations = phrase_alternation(
        [w for words in rules.criterion_abbreviations.values() for w in words]
    )
    note_abbreviations = phrase_alternation(
        [w for words in rules.abbreviations.values() for w in words]
    )
    # "minimal response [MR] or better": a bracketed abbreviation between name and words.
    asked = re.compile(
        rf"(?<![\w-])(?:(?i:{names})|{criterion_abbreviations})"
        rf"(?:\s*[\[(][^\])]*[\])])?\s+(?i:{phrase_alternation(rules.better_words)})(?![\w-])"
    )
    prior = re.compile(rf"(?<![\w-])(?:{phrase_alternation(rules.prior_words)})(?![\w-])", re.I)
    # "no progression", "without relapse": a denied progression is no response.
    note = re.compile(
        r"(?<!\bno )(?<!\bnot )(?<!without )(?<!free of )"
        rf"(?<![\w-])(?:(?i:{names}|{phrase_alternation(rules.progression_words)})"
        rf"|{note_abbreviations})(?![\w-])"
    )
    negation = re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(rules.negation_words)})(?![\w-])", re.I
    )
    return _Patterns(rules, asked, prior, note, category_of, negation)


def asked_response(criterion_text: str) -> tuple[str, bool] | None:
    """The least response category a criterion asks ("partial response or better": PR) and
    whether it asks the best response to a prior therapy; None when it asks none."""
    patterns = _patterns()
    found = [m for m in patterns.asked.finditer(criterion_text)]
    if len(found) != 1 or patterns.negation.search(criterion_text[: found[0].start()][-40:]):
        return None
    words = re.split(r"\s*[\[(]|\s+(?i:or)\s", found[0].group())[0].strip().lower()
    category = patterns.category_of.get(words)
    if category is None:
        return None
    return category, patterns.prior.search(criterion_text) is not None


def states_response(sentence: str) -> bool:
    """Whether a note's sentence states a response category or a progression."""
    return _patterns().note.search(sentence) is not None


def response_reading(criterion_text: str, note_sentences: Sequence[str]) -> ResponseReading | None:
    """The criterion's least response against the note's (best or latest); None when the
    criterion asks none or the note states none."""
    asked = asked_response(criterion_text)
    if asked is None:
        return None
    least, prior = asked
    patterns = _patterns()
    order = patterns.rules.order
    stated = [
        patterns.category_of.get(m.group().lower(), "pd")
        for sentence in note_sentences
        for m in patterns.note.finditer(sentence)
    ]
    if not stated:
        return None
    rank = order.index
    if prior:
        best = min(stated, key=rank)
        if rank(best) <= rank(least):
            return ResponseReading(
                "true", f"the note's best response {best.upper()} is {least.upper()} or better"
            )
        return None  # a better response may have gone unwritten
    latest = stated[-1]
    if rank(latest) <= rank(least):
        return ResponseReading(
            "true", f"the note's latest response {latest.upper()} is {least.upper()} or better"
        )
    return ResponseReading(
        "false", f"the note's latest response {latest.upper()} is below {least.upper()}"
    )
