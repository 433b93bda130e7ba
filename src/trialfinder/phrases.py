"""Phrase lists as regular expressions: the one way a data file's words become a pattern.

Criteria, notes, titles and search text are all read by cue phrases kept as data (the
criteria's ``cues.json``, ``screening_rules.json``, the side cues, the search's words for
who a query is about). Every reader turns its list into a pattern the same way: the phrases
escaped, the longest first (so "at risk of" wins over "risk of"), found as whole words. The
helpers live here, below every layer that reads phrases, so that each is written once
instead of once per layer (they were: in the criteria lexicon, the judge's word finders and
the search's words for who a query is about).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

__all__ = [
    "OTHER_CONCEPT_PREFIXES",
    "cased_phrase_pattern",
    "denial_just_before",
    "phrase_alternation",
    "phrase_pattern",
    "slot_pattern",
    "spaced_alternation",
    "undenied_matches",
    "word_pattern",
]

# A prefix joined to a condition's word that names another concept, never the condition:
# "pre-diabetes" is the Prediabetic State (MeSH D011236), "pre-hypertension" Prehypertension
# (D058246), "pre-cancerous" a Precancerous Condition (D011230), "pre-dialysis" no dialysis.
# The vocabulary's mentions and the criteria pipeline's concepts both read no condition there.
OTHER_CONCEPT_PREFIXES = frozenset({"pre"})


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first (so "at risk of" wins over
    "risk of"): the one way the data files' phrase lists become patterns, for criteria and
    notes alike."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive word-bounded pattern for a list of data-file phrases."""
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])", re.IGNORECASE)


def denial_just_before(denials: Iterable[str]) -> re.Pattern[str]:
    """A pattern for the end of the text before a phrase that denies it: one of the denial
    words, then at most one other word ("not normal", "no longer fit and well", "never
    really normal"). Search it on ``sentence[: found.start()]``; each reader names its own
    denial words, since "no" denies fitness but is a count before a test's name."""
    return re.compile(rf"\b(?:{phrase_alternation(denials)})\s+(?:\w+\s+)?$", re.IGNORECASE)


def undenied_matches(
    phrases: re.Pattern[str], sentence: str, denied: re.Pattern[str]
) -> list[re.Match[str]]:
    """The matches of ``phrases`` in ``sentence`` that ``denied`` (a pattern of the end of
    the text before a phrase, as :func:`denial_just_before` makes) does not deny: the one
    loop behind every reader of "said, and not denied just before"."""
    return [m for m in phrases.finditer(sentence) if not denied.search(sentence[: m.start()])]


def spaced_alternation(phrases: Iterable[str]) -> str:
    """Phrases as one regex alternation, longest first, any whitespace between words (a
    phrase written across a line break or with two spaces is still the phrase)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)


@functools.lru_cache(maxsize=4096)
def word_pattern(phrase: str) -> re.Pattern[str]:
    """One phrase as a whole word, case-insensitive, compiled once: ``re``'s own cache is
    too small for the qualifier and site words tested against every mention."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


def cased_phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """:func:`phrase_pattern`, but a phrase written in capitals ("BM", "PB": a short name)
    only as written, so that the ordinary word it spells ("bm", "pb") is none of them."""
    return re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(w)}(?![\w-])"
            if w.isupper()
            else rf"(?i:(?<![\w-]){re.escape(w)}(?![\w-]))"
            for w in sorted(phrases, key=len, reverse=True)
        )
    )


# A slot of a cue template: ``{name}``, ``{name:spaced}`` or ``{name:not_after}`` (a regex's
# own braces, ``{0,3}``, are none).
_SLOT = re.compile(r"\{([a-z_]+)(?::(spaced|not_after))?\}")


def slot_pattern(template: str, phrases_of: Callable[[str], Iterable[str]]) -> str:
    """A reader's pattern from its grammar (``template``) and its cue lists: each slot
    ``{name}`` becomes the alternation of the list ``phrases_of(name)``, ``{name:spaced}`` the
    same with any whitespace between a phrase's words, ``{name:not_after}`` a look-behind
    refusing each phrase and a space before what follows ("thyroid lobectomy"). The words
    are data, the grammar is code."""

    def alternation(slot: re.Match[str]) -> str:
        phrases = list(phrases_of(slot[1]))
        if slot[2] == "spaced":
            return spaced_alternation(phrases)
        if slot[2] == "not_after":
            return "".join(rf"(?<!{re.escape(phrase)} )" for phrase in phrases)
        return phrase_alternation(phrases)

    return _SLOT.sub(alternation, template)
