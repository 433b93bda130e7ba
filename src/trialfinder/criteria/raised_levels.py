"""A lab named with a word that says its level is above or below normal, read as the limit.

Issue 12: "Elevated ALT or serum creatinine on screening", "elevated troponin levels",
"ALT/AST elevations" ask for a value above the upper limit of normal, as "creatinine above
ULN" does (``criteria.units.limits_without_multiple``). Read as once the ULN, the judge
compares the patient's value with the lab's limit (unknown for a lab with no typical limit);
read as nothing, the criterion named a lab and asked nothing of it. The words are data
(``raised_level_*`` of ``data/criteria/cues.json``). Not read: a lab the text gives a value
for ("elevated uric acid levels greater than 10 mg/dL": the value says what elevated means),
a word after a denial ("no elevated liver enzymes"), a vital or a score, which has no upper
limit of normal ("elevated blood pressure"), and the words of a name an acronym stands for
("HELLP [Hemolysis, Elevated Liver enzymes and Low Platelets]": the syndrome, no lab level).

A lowering word is read alike, as once the lower limit of normal ("low level of vitamin B12
and folate", "decreased LVEF": below the LLN; ``lowered_level_*`` of ``cues.json``): the judge
compares it with a patient's value given against the same limit ("low B12" in a note) and
leaves a number to the study team, which knows the lab's range.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation

__all__ = ["RaisedLevel", "is_lowered_word", "is_raised_word", "raised_levels"]


class RaisedLevel(NamedTuple):
    """A lab a raising (or, ``below``, a lowering) word is written on, and where the word
    stands."""

    analyte: str
    start: int
    end: int
    below: bool = False


class _Patterns(NamedTuple):
    before: re.Pattern[str]
    denial: re.Pattern[str]
    after: re.Pattern[str]
    joiner: re.Pattern[str]
    words: frozenset[str]
    lowering: frozenset[str]


@functools.cache
def _patterns() -> _Patterns:
    cues = load_lexicon().cues
    fillers = phrase_alternation(cues.raised_level_fillers)
    denials = phrase_alternation(cues.raised_level_denials)
    before_words = phrase_alternation(
        [*cues.raised_level_words_before, *cues.lowered_level_words_before]
    )
    after_words = phrase_alternation(
        [*cues.raised_level_words_after, *cues.lowered_level_words_after]
    )
    return _Patterns(
        # "elevated serum creatinine": the word, maybe a filler, then the name.
        before=re.compile(rf"(?<![\w-])(?P<word>{before_words})\s+(?:(?:{fillers})\s+)*$"),
        # A denial right before the word: "no elevated ALT" asks no raised level.
        denial=re.compile(rf"(?<![\w-])(?:{denials})\s+$"),
        # "ALT elevation", "AST/ALT elevations", "troponin levels are elevated".
        after=re.compile(rf"\s*(?:(?:{fillers})\s+)*(?P<word>{after_words})(?![\w-])"),
        # Between the names of one list: "ALT or serum creatinine", "AST/ALT".
        joiner=re.compile(rf"\s*(?:,|/|and/or|or|and)\s*(?:(?:{fillers})\s+)*"),
        words=frozenset(
            " ".join(w.split())
            for w in (*cues.raised_level_words_before, *cues.raised_level_words_after)
        ),
        lowering=frozenset(
            " ".join(w.split())
            for w in (*cues.lowered_level_words_before, *cues.lowered_level_words_after)
        ),
    )


def is_raised_word(text: str) -> bool:
    """Whether ``text`` is a raising word alone ("Elevated", "elevations"): a value the
    extraction benchmark reads as the parse reads it, once the upper limit of normal."""
    return " ".join(text.lower().split()) in _patterns().words


def is_lowered_word(text: str) -> bool:
    """Whether ``text`` is a lowering word alone ("low", "Decreased"): once the lower limit
    of normal, as the parse reads it."""
    return " ".join(text.lower().split()) in _patterns().lowering


# An acronym in capitals right before an opening bracket: what the bracket holds spells it out.
_ACRONYM_OPENING = re.compile(r"(?<![\w-])[A-Z]{2,}\s*[(\[]$")


def _spells_out_an_acronym(text: str, position: int) -> bool:
    """Whether ``position`` of ``text`` lies in brackets that spell out the acronym before them
    ("HELLP [Hemolysis, Elevated Liver enzymes and Low Platelets]")."""
    depth = 0
    for index in range(position - 1, -1, -1):
        char = text[index]
        if char in ")]":
            depth += 1
        elif char in "([":
            if depth == 0:
                return _ACRONYM_OPENING.search(text, 0, index + 1) is not None
            depth -= 1
    return False


# A bracket opened between a lab's name and its restatement: "creatine kinase (CK)".
_OPENING = re.compile(r"\s*\(\s*")


def _past_own_bracket(norm: str, start: int, end: int) -> int:
    """Where a lab's name ends, past the bracket that holds its acronym: "aspartate
    aminotransferase (ast" is matched up to the acronym, and "ck" of "creatine kinase (CK)"
    is the bracket's whole content, so the closing bracket after either is the name's own
    ("Aspartate aminotransferase (AST) elevation", "creatine kinase (CK) elevation")."""
    name = norm[start:end]
    opened = name.count("(") > name.count(")") or norm[max(0, start - 1) : start] == "("
    if opened and norm.startswith(")", end):
        return end + 1
    return end


def raised_levels(
    text: str, norm: str, named: Sequence[tuple[str, int, int]], valued: frozenset[str]
) -> list[RaisedLevel]:
    """The labs of ``named`` (analyte, start, end in ``norm``, ``text`` lowercased) a raising
    word is written on: right before a list of their names ("elevated ALT or serum
    creatinine") or right after it ("AST/ALT elevations"). ``valued`` are the analytes the
    text gives a value for, which are left out."""
    patterns = _patterns()
    if not any(word in norm for word in (*patterns.words, *patterns.lowering)):
        return []  # no raising or lowering word: no lab to look at
    analytes = load_lexicon().analytes
    labs = sorted(
        (m for m in named if analytes[m[0]].kind == "lab" and not analytes[m[0]].detection_limited),
        key=lambda m: m[1],
    )
    found: list[RaisedLevel] = []
    index = 0
    while index < len(labs):
        chain = [labs[index]]
        while index + 1 < len(labs) and (
            patterns.joiner.fullmatch(
                norm, _past_own_bracket(norm, *chain[-1][1:]), labs[index + 1][1]
            )
            or (
                labs[index + 1][0] == chain[-1][0]
                and _OPENING.fullmatch(norm, chain[-1][2], labs[index + 1][1]) is not None
            )
        ):
            index += 1
            chain.append(labs[index])
        index += 1
        word = patterns.before.search(norm, 0, chain[0][1]) or patterns.after.match(
            norm, _past_own_bracket(norm, *chain[-1][1:])
        )
        if (
            word is None
            or patterns.denial.search(norm, 0, word.start()) is not None
            or _spells_out_an_acronym(text, word.start())
        ):
            continue
        below = " ".join(word.group("word").split()) in patterns.lowering
        found.extend(
            RaisedLevel(analyte, *word.span("word"), below)
            for analyte in dict.fromkeys(m[0] for m in chain)
            if analyte not in valued
        )
    return found
