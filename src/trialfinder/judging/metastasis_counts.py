"""How many brain metastases a criterion asks, and how many a note states.

"1 to 3 brain metastases, each with a maximum diameter of no more than 3 cm" (NCT05144867),
"a solitary brain metastasis": radiosurgery trials cap the number of metastases. A note's "2
brain mets" is within such a cap, "innumerable brain metastases" is not, "multiple" may be
either; a note giving no number leaves the cap to the study team. Counts are ranges (the
least and the most a phrase allows); the words are data (``data/metastasis_counts.json``).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal, NamedTuple

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.cns_exceptions import is_cns_metastasis
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts

__all__ = ["Count", "asked_count", "count_finding", "noted_count", "within"]


class _CriterionWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    at_most: tuple[str, ...]
    fewer_than: tuple[str, ...]
    more_than: tuple[str, ...]
    at_least: tuple[str, ...]
    one_words: tuple[str, ...]


class _Table(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    numbers: dict[str, int]
    note_words: dict[str, tuple[int, int | None]]
    criterion_words: _CriterionWords
    sites: tuple[str, ...]
    nouns: tuple[str, ...]


class Count(NamedTuple):
    """The least and the most metastases a phrase allows (``most`` None: no upper bound)."""

    least: int
    most: int | None

    def __str__(self) -> str:
        if self.most is None:
            return f"{self.least} or more"
        if self.least == 0:
            return f"at most {self.most}"
        if self.least == self.most:
            return str(self.least)
        return f"{self.least} to {self.most}"


@functools.cache
def _table() -> _Table:
    path = resources.files("trialfinder") / "data" / "metastasis_counts.json"
    return msgspec.json.decode(path.read_bytes(), type=_Table)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _table().numbers[word.lower()]


@functools.cache
def _asked_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per kind of bound, its words and number, right before the mention (up to two
    describing words between: "no more than 3 untreated brain metastases")."""
    words = _table().criterion_words
    number = rf"(\d{{1,2}}|{phrase_alternation(tuple(_table().numbers))})"
    # "one or more brain metastases" asks no number: no "or", "and", "more" or "of" between.
    tail = r"\s+(?:(?!(?:or|and|more|of)\b)[\w-]+\s+){0,2}?$"
    kinds = {
        "range": rf"(?<![\w.]){number}\s*(?:to|-|–)\s*{number}",
        "at_most": rf"(?:{phrase_alternation(words.at_most)})\s*{number}",
        "fewer_than": rf"(?:{phrase_alternation(words.fewer_than)})\s*{number}",
        "more_than": rf"(?:{phrase_alternation(words.more_than)})\s*{number}",
        "at_least": rf"(?:{phrase_alternation(words.at_least)})\s*{number}",
        "one": rf"(?<![\w-])(?:{phrase_alternation(words.one_words)})",
    }
    return tuple(
        (kind, re.compile(pattern + tail, re.IGNORECASE)) for kind, pattern in kinds.items()
    )


def asked_count(criterion_text: str, start: int) -> Count | None:
    """The count a criterion writes right before a brain metastases mention starting at
    ``start`` ("1 to 3", "no more than 3", "> 3", "solitary"), or None."""
    before = criterion_text[max(0, start - 80) : start]
    for kind, pattern in _asked_patterns():
        found = pattern.search(before)
        if found is None:
            continue
        if kind == "one":
            return Count(1, 1)
        value = _number(found.group(1))
        if kind == "range":
            return Count(value, _number(found.group(2)))
        bounds: dict[str, Count] = {
            "at_most": Count(0, value),
            "fewer_than": Count(0, value - 1),
            "more_than": Count(value + 1, None),
            "at_least": Count(value, None),
        }
        return bounds[kind]
    return None


# Words that end a count's phrase: "a history of brain metastases" counts nothing, nor do
# "3 liver mets and brain metastases".
_BREAKS = frozenset({"of", "with", "and", "or", "to", "in", "for", "on", "from", "history", "the"})
# "3 cm brain metastasis" gives a size, not a count.
_UNITS = frozenset({"cm", "mm"})


@functools.cache
def _noted_pattern() -> re.Pattern[str]:
    table = _table()
    counts = phrase_alternation((*table.numbers, *table.note_words))
    return re.compile(
        rf"(?<![\w.-])(\d{{1,2}}|{counts})\s+((?:[\w.-]+\s+){{0,4}}?)"
        rf"({phrase_alternation(table.nouns)})(?![\w-])",
        re.IGNORECASE,
    )


@functools.cache
def _site_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(_table().sites)})(?![\w-])", re.I)


_PLACED_AFTER = re.compile(r"\s+(?:to|in|of)\s+(?:the\s+)?(?:brain|cns)\b", re.IGNORECASE)


def noted_count(sentence: str) -> Count | None:
    """How many brain metastases a note's sentence states ("2 brain mets", "MRI brain: two
    small metastases", "innumerable brain metastases", "a single 1.2 cm brain metastasis"),
    or None when it gives no count. "a" counts one only before a singular noun."""
    table = _table()
    for found in _noted_pattern().finditer(sentence):
        word, between, noun = found.group(1).lower(), found.group(2), found.group(3).lower()
        words = between.lower().split()
        if any(w in _BREAKS for w in words) or (words and words[0] in _UNITS):
            continue
        if word in ("a", "an") and noun.endswith(("s", "es")) and noun != "metastasis":
            continue
        placed = (
            _site_pattern().search(between)
            or _site_pattern().search(sentence, 0, found.start())
            or _PLACED_AFTER.match(sentence, found.end())
        )
        if placed is None:
            continue
        if word.isdigit() or word in table.numbers:
            value = _number(word)
            return Count(value, value)
        least, most = table.note_words[word]
        return Count(least, most)
    return None


def within(noted: Count, asked: Count) -> Literal["true", "false", "unknown"]:
    """Whether the note's count is inside the criterion's: true when every count the note
    allows is, false when none is, unknown otherwise ("multiple" against "1 to 3")."""
    below = asked.most is not None and noted.least > asked.most
    above = noted.most is not None and noted.most < asked.least
    if below or above:
        return "false"
    inside = noted.least >= asked.least and (
        asked.most is None or (noted.most is not None and noted.most <= asked.most)
    )
    return "true" if inside else "unknown"


def count_finding(
    criterion_text: str, constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """How many brain metastases the criterion asks ("1 to 3 brain metastases", "a solitary
    brain metastasis") against how many the note's sentences naming them state ("2 brain
    mets", "innumerable brain metastases"): None when it asks no number; unknown when the
    note gives none or one that may be either side ("multiple" against "1 to 3")."""
    span = mention_span(criterion_text, constraint.text)
    asked = (
        asked_count(criterion_text, span[0])
        if span is not None and is_cns_metastasis(constraint.concept)
        else None
    )
    if asked is None:
        return None
    for fact in patient.concept_facts(constraint.concept)[0]:
        noted = noted_count(fact.evidence or "")
        if noted is not None:
            said = f"the note gives {noted} {name}; the criterion asks {asked}"
            return Finding(within(noted, asked), fact.evidence, said)
    return Finding(
        "unknown", None, f"the note does not say how many {name}; the criterion asks {asked}"
    )
