"""The exception an exclusion of brain (or leptomeningeal) metastases writes after their name.

"Brain metastases unless asymptomatic, stable, and not requiring steroids for at least 7
days" (NCT06627647): most oncology trials let in metastases that are treated, stable,
asymptomatic and off steroids, and write the exclusion as the name with an exception after
it. Read as one, a note's treated and stable metastases met it (the exception's time window
was taken for the metastases' own). :func:`cns_exception` finds where the exception starts and
the qualifiers it asks of the metastases; the judge holds the exclusion when the note
contradicts one, lets it off when the note states every one (with the steroids the exception
names), and leaves it to the study team otherwise. The words are data
(``data/cns_exceptions.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import NamedTuple

import msgspec

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation

__all__ = ["CnsException", "cns_exception", "is_cns_metastasis"]


class _Table(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    concepts: tuple[str, ...]
    cues: tuple[str, ...]
    conditions: dict[str, tuple[str, ...]]


@functools.cache
def _table() -> _Table:
    path = resources.files("trialfinder") / "data" / "cns_exceptions.json"
    return msgspec.json.decode(path.read_bytes(), type=_Table)


@functools.cache
def _cue() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(_table().cues)})(?![\w-])", re.I)


@functools.cache
def _conditions() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (qualifier, re.compile(rf"(?<![\w-])(?:{phrase_alternation(words)})(?![\w-])", re.I))
        for qualifier, words in _table().conditions.items()
    )


# The exception runs to the end of its sentence ("… for at least 7 days prior to
# randomization. A minimum of 2 weeks must have elapsed …" is another requirement).
_SENTENCE_END = re.compile(r"\.(?:\s|$)")


class CnsException(NamedTuple):
    """Where the exception's cue starts, and the qualifiers it asks of the metastases
    ("treated", "stable", "asymptomatic"), in the data's order."""

    start: int
    asked: tuple[str, ...]


def is_cns_metastasis(concept: str) -> bool:
    """Whether a concept is one whose exception is read (or a narrower kind of one)."""
    return bool(load_lexicon().ancestors.get(concept, frozenset()) & set(_table().concepts))


def cns_exception(text: str, mentions: Iterable[tuple[str, int]]) -> CnsException | None:
    """The exception written after a brain or leptomeningeal metastases mention (``mentions``:
    each condition's concept and where its name ends in ``text``): a cue in the same sentence
    after the last such name, and the qualifiers asked up to the sentence's end. None when
    there is no such cue or it asks none of the qualifiers (the judge then reads the
    criterion as before)."""
    ends = [end for concept, end in mentions if is_cns_metastasis(concept)]
    if not ends:
        return None
    last = max(ends)
    cue = _cue().search(text, last)
    if cue is None or _SENTENCE_END.search(text, last, cue.start()):
        return None
    stop = _SENTENCE_END.search(text, cue.end())
    clause = text[cue.end() : stop.start() if stop else len(text)]
    asked = tuple(q for q, pattern in _conditions() if pattern.search(clause))
    return CnsException(cue.start(), asked) if asked else None
