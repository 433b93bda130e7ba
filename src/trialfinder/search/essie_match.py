"""Answering an Essie tree for one study, over its field values.

The search index answers plain words in the areas it indexes (conditions,
interventions, all text); an Essie expression can ask more: another area
(``AREA[LocationCountry]Korea``), a phrase, ``OR``/``NOT``, a ``RANGE`` over
dates, ages or numbers. What the index cannot answer is evaluated here as a
predicate over a candidate study's values, so one expression means one thing
whichever part of it the index could take. The study is seen through a
``values(name)`` function (field or area name -> its leaf values): the meaning
of the registry's names belongs to whoever holds the study document.

Honoured: terms and phrases (whole words, case-insensitive), AND/OR/NOT, ALL,
MISSING, AREA, RANGE (dates compared at the precision both sides have, ages in
years, numbers), COVERAGE (full match, start, end, contains). Read but not
changing which studies match: EXPANSION (synonym reach; words match as
written), TILT (an ordering hint), SEARCH[area] (evaluated over the area as a
whole, not item by item).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from trialfinder.search.essie import (
    All,
    And,
    Area,
    Coverage,
    EssieNode,
    Expansion,
    Missing,
    Not,
    Or,
    Range,
    Search,
    Term,
    Tilt,
)

__all__ = ["FieldValue", "ValuesOf", "essie_matches", "is_plain_words", "named_fields"]

FieldValue = str | int | float | bool
ValuesOf = Callable[[str], Sequence[FieldValue]]
"""A study's leaf values for a field or search-area name."""

_WORD = re.compile(r"[^\W_]+")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)
_YEARS_PER_UNIT = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 7 / 365.25,
    "day": 1 / 365.25,
    "hour": 1 / 8766,
    "minute": 1 / 525960,
}


def _words(value: FieldValue) -> list[str]:
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return _WORD.findall(str(value).lower())


def _contains(haystack: list[str], needle: list[str], coverage: str) -> bool:
    if not needle:
        return False
    size = len(needle)
    if coverage == "FullMatch":
        return haystack == needle
    if coverage == "StartsWith":
        return haystack[:size] == needle
    if coverage == "EndsWith":
        return haystack[-size:] == needle
    return any(haystack[start : start + size] == needle for start in range(len(haystack)))


def _age_years(text: str) -> float | None:
    match = _AGE.match(text)
    if match is None:
        return None
    return float(match.group(1)) * _YEARS_PER_UNIT[match.group(2).lower()]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _in_range(value: FieldValue, bounds: Range) -> bool:
    """Whether ``value`` lies in the range, reading both as the value's kind."""
    if isinstance(value, bool):
        return False
    text = str(value).strip()
    if _DATE.match(text):
        # Compare at the precision both have: 2022 is within RANGE[2022-03-01, MAX].
        low = bounds.low is None or text >= bounds.low.strip()[: len(text)]
        high = bounds.high is None or text[: len(bounds.high.strip())] <= bounds.high.strip()
        return low and high
    reader = _age_years if _AGE.match(text) else _number
    number = reader(text)
    if number is None:
        return False
    for bound, is_low in ((bounds.low, True), (bounds.high, False)):
        if bound is None:
            continue
        limit = reader(bound)
        if limit is None:
            return False
        if (number < limit) if is_low else (number > limit):
            return False
    return True


def essie_matches(node: EssieNode, values: ValuesOf, area: str, coverage: str = "Contains") -> bool:
    """Whether the study whose values ``values`` gives matches ``node`` read in ``area``."""
    match node:
        case Term(text=text):
            needle = _words(text)
            return any(_contains(_words(value), needle, coverage) for value in values(area))
        case Range():
            return any(_in_range(value, node) for value in values(area))
        case Missing():
            return not values(area)
        case All():
            return True
        case And(children=children):
            return all(essie_matches(child, values, area, coverage) for child in children)
        case Or(children=children):
            return any(essie_matches(child, values, area, coverage) for child in children)
        case Not(keep=keep, drop=drop):
            return essie_matches(keep, values, area, coverage) and not essie_matches(
                drop, values, area, coverage
            )
        case Area(field=field, operand=operand) | Search(area=field, operand=operand):
            return essie_matches(operand, values, field, coverage)
        case Coverage(mode=mode, operand=operand):
            return essie_matches(operand, values, area, mode)
        case Expansion(operand=operand) | Tilt(operand=operand):
            return essie_matches(operand, values, area, coverage)
    raise AssertionError(f"unknown Essie node {node!r}")


def named_fields(node: EssieNode) -> set[str]:
    """Every field or area name the expression names (to check them before evaluating)."""
    match node:
        case Area(field=field, operand=operand) | Search(area=field, operand=operand):
            return {field} | named_fields(operand)
        case Tilt(field=field, operand=operand):
            return named_fields(operand)
        case And(children=children) | Or(children=children):
            return set().union(*(named_fields(child) for child in children))
        case Not(keep=keep, drop=drop):
            return named_fields(keep) | named_fields(drop)
        case Coverage(operand=operand) | Expansion(operand=operand):
            return named_fields(operand)
    return set()


def is_plain_words(node: EssieNode) -> bool:
    """Words side by side and nothing else: the search index answers these itself
    (with its synonyms and word forms), as it answers any free text."""
    match node:
        case Term(phrase=phrase):
            return not phrase
        case And(children=children):
            return all(isinstance(child, Term) and not child.phrase for child in children)
    return False
