"""How a criterion's condition is known: the method words beside it, and whether the note
states the method.

"Histologically or cytologically confirmed NSCLC", "Diagnosis of Cystic Fibrosis by sweat
test", "Clinical and imaging diagnosis of zygomatic arch fracture", "cirrhosis, either based on
clinical criteria or liver histology or imaging": the condition is read by the parse and judged
by the entailment; the method words say only how it must be known. Left unread, they kept a
met condition unknown ("the rest of this criterion needs the study team"). Here a run of method
words (``confirmation_methods`` of the screening rules, each method with its sources) is one
method phrase; the note states a method when one of its note words stands in the note ("sweat
chloride 98", "on CT", "biopsy"; a histological type name, "adenocarcinoma", is a tissue
diagnosis by the WHO Classification of Tumours). Stated, the phrase is read; not stated, the
judge names the method the note leaves out. An exclusion whose condition the note denies asks
nothing of the method: no cirrhosis is no cirrhosis known by any way
(:func:`trialfinder.judging.only_unread.only_confirmation_methods_unread`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import (
    ConfirmationMethod,
    ConfirmationMethods,
    PatientFacts,
    load_screening_rules,
    phrase_alternation,
)

__all__ = [
    "MethodPhrase",
    "MethodReading",
    "method_phrases",
    "method_reading",
]


class MethodPhrase(NamedTuple):
    """A criterion's method phrase: its span, its methods, and whether each is asked
    ("clinical and imaging") or any one is enough ("histologically or cytologically")."""

    start: int
    end: int
    methods: tuple[ConfirmationMethod, ...]
    each_asked: bool


class _Patterns(NamedTuple):
    phrase: re.Pattern[str]
    unit: re.Pattern[str]
    each_joiner: re.Pattern[str]
    method_of: dict[str, ConfirmationMethod]
    note: tuple[tuple[ConfirmationMethod, re.Pattern[str]], ...]


def _cues() -> ConfirmationMethods:
    cues = load_screening_rules().confirmation_methods
    if cues is None:
        raise ValueError("screening_rules.json has no confirmation_methods")
    return cues


def _words(phrases: Sequence[str]) -> str:
    return rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])"


@functools.cache
def _patterns() -> _Patterns:
    cues = _cues()
    method_of = {w.lower(): m for m in cues.methods for w in m.criterion_words}
    unit = rf"(?:{_words(cues.modifiers)}\s+)?(?P<method>{_words(list(method_of))})"
    between = rf"(?:[\s,/()-]|{_words(cues.joiners)})+"
    run = rf"{unit.replace('?P<method>', '')}(?:{between}{unit.replace('?P<method>', '')})*"
    lead = rf"{_words(cues.leads)}\s+"
    trail = rf"[\s-]+{_words(cues.trails)}"
    phrase = rf"(?:{lead}(?P<led>{run})(?:{trail})?|(?P<trailed>{run}){trail})"
    note = tuple(
        (m, re.compile(_words(m.note_words), re.IGNORECASE)) for m in cues.methods if m.note_words
    )
    return _Patterns(
        phrase=re.compile(phrase, re.IGNORECASE),
        unit=re.compile(unit, re.IGNORECASE),
        each_joiner=re.compile(r"(?<![\w/])and(?![\w/])", re.IGNORECASE),
        method_of=method_of,
        note=note,
    )


@functools.lru_cache(maxsize=8192)
def method_phrases(text: str) -> tuple[MethodPhrase, ...]:
    """The criterion's method phrases ("Histologically or cytologically confirmed", "by sweat
    test", "either based on clinical criteria or liver histology or imaging")."""
    patterns = _patterns()
    found = []
    for match in patterns.phrase.finditer(text):
        run = match["led"] if match["led"] is not None else match["trailed"]
        units = list(patterns.unit.finditer(run))
        kinds = {patterns.method_of[u["method"].lower()].kind: u for u in units}
        methods = tuple(patterns.method_of[u["method"].lower()] for u in kinds.values())
        joins = [run[a.end() : b.start()] for a, b in itertools.pairwise(units)]
        each = any(patterns.each_joiner.search(j) and " or " not in j for j in joins)
        found.append(MethodPhrase(match.start(), match.end(), methods, each))
    return tuple(found)


def _stated(method: ConfirmationMethod, sentences: Sequence[str]) -> bool:
    if method.stated_by_the_diagnosis:
        return True
    pattern = next(p for m, p in _patterns().note if m.kind == method.kind)
    return any(pattern.search(sentence) for sentence in sentences)


def _phrase_stated(phrase: MethodPhrase, sentences: Sequence[str]) -> bool:
    stated = [_stated(m, sentences) for m in phrase.methods]
    return all(stated) if phrase.each_asked else any(stated)


class MethodReading(NamedTuple):
    """The criterion's method phrases against the note: the spans of those it states (read,
    once the condition is met), of those it does not, and what it leaves out ("a tissue
    diagnosis (biopsy, histology or cytology)"; empty when it states them all)."""

    stated: tuple[tuple[int, int], ...]
    unstated: tuple[tuple[int, int], ...]
    missing: str


def method_reading(text: str, patient: PatientFacts) -> MethodReading:
    """:class:`MethodReading` of the criterion's method phrases for this note."""
    phrases = method_phrases(text)
    if not phrases:
        return MethodReading((), (), "")
    sentences = note_sentences(patient)
    stated = [p for p in phrases if _phrase_stated(p, sentences)]
    unstated = [p for p in phrases if p not in stated]
    left_out = [m for p in unstated for m in p.methods if not _stated(m, sentences)]
    return MethodReading(
        tuple((p.start, p.end) for p in stated),
        tuple((p.start, p.end) for p in unstated),
        " or ".join(dict.fromkeys(m.missing for m in left_out)),
    )
