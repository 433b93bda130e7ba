"""Fitness for a treatment, as a criterion asks it and as a note states it.

"Patient not fit for general anaesthesia", "Medically fit for Surgery", "Not fit for
surgery, radiotherapy or adjuvant systemic therapy": a criterion asks whether the patient is
fit (or unfit) for a named treatment, which no condition, score or value states; a note
states it in the same words ("Anaesthetic pre-assessment: fit for general anaesthesia",
"assessed as unfit for general anaesthesia by the anaesthetist", "fit for adjuvant chemo and
RT"). Both sides are read by one reader so they are compared treatment by treatment. A
statement in a conditional clause ("if fit for surgery") states nothing. The cue words and
the treatments are data (``fitness_for_*`` in ``criteria/cues.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation

__all__ = ["FitnessAsk", "FitnessStatement", "asked_fitness", "fitness_answer", "noted_fitness"]

# A clause ends at these; a conditional word in an earlier clause says nothing of the cue.
_CLAUSE_END = re.compile(r"[;.:,()\n]")


class FitnessStatement(msgspec.Struct, frozen=True):
    """A note's statement that the patient is fit (``fit``) or unfit for ``treatment``."""

    treatment: str
    fit: bool
    evidence: str


class FitnessAsk(msgspec.Struct, frozen=True):
    """A criterion's question: fit (or, ``fit`` false, unfit) for any (``join`` "any") or
    every one of ``treatments``; ``span`` is the words it covers in the criterion."""

    treatments: tuple[str, ...]
    fit: bool
    join: Literal["any", "all"]
    span: tuple[int, int]


class _Read(msgspec.Struct, frozen=True):
    treatments: tuple[str, ...]
    fit: bool
    join: Literal["any", "all"]
    start: int
    end: int


class _Patterns:
    def __init__(self) -> None:
        cues = load_lexicon().cues
        between = phrase_alternation(cues.fitness_for_between_words)
        denials = "|".join(
            rf"{re.escape(d)}\s+" if d != "un" else "un" for d in cues.fitness_for_denials
        )
        self.cue = re.compile(
            rf"(?<![\w-])(?:(?P<denial>{denials})(?:(?:{between})\s+)*)?"
            rf"(?P<cue>{phrase_alternation(cues.fitness_for_cues)})\s+",
            re.IGNORECASE,
        )
        self.target = re.compile(
            rf"(?:(?:an?|the)\s+)?(?:(?:{phrase_alternation(cues.fitness_for_modifiers)})\s+)*"
            rf"(?P<name>{phrase_alternation(cues.fitness_for_targets)})(?![\w-])",
            re.IGNORECASE,
        )
        self.joiner = re.compile(
            r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s*/\s*or\s+|/\s*|(?P<word>and|or)\s+)"
        )
        self.targets = {
            name.lower(): treatment for name, treatment in cues.fitness_for_targets.items()
        }
        self.hypothetical = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(cues.fitness_for_hypothetical_words)})(?![\w-])",
            re.IGNORECASE,
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def _reads(text: str) -> Iterable[_Read]:
    """Every fitness statement in ``text``: its treatments, polarity, join and span."""
    patterns = _patterns()
    for cue in patterns.cue.finditer(text):
        position = cue.end()
        treatments: list[str] = []
        joins: set[str] = set()
        end = position
        while True:
            target = patterns.target.match(text, position)
            if target is None:
                break
            treatments.append(patterns.targets[target.group("name").lower()])
            end = target.end()
            joiner = patterns.joiner.match(text, end)
            if joiner is None:
                break
            if joiner.group("word"):
                joins.add(joiner.group("word").lower())
            position = joiner.end()
        if treatments:
            join: Literal["any", "all"] = "all" if joins == {"and"} else "any"
            fit = cue.group("denial") is None
            yield _Read(tuple(dict.fromkeys(treatments)), fit, join, cue.start(), end)


def asked_fitness(text: str) -> FitnessAsk | None:
    """The fitness a criterion asks, when it asks one (the first it writes)."""
    read = next(iter(_reads(text)), None)
    if read is None:
        return None
    return FitnessAsk(read.treatments, read.fit, read.join, (read.start, read.end))


def noted_fitness(sentences: Sequence[str]) -> tuple[FitnessStatement, ...]:
    """What the note's sentences state of the patient's fitness for treatments, one
    statement per treatment each; none in a conditional clause ("if fit for surgery")
    nor in a question."""
    hypothetical = _patterns().hypothetical
    statements: list[FitnessStatement] = []
    for sentence in sentences:
        if "?" in sentence:
            continue
        for read in _reads(sentence):
            starts = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, read.start)]
            if hypothetical.search(sentence, max([0, *starts]), read.start):
                continue
            statements.extend(FitnessStatement(t, read.fit, sentence) for t in read.treatments)
    return tuple(statements)


def fitness_answer(
    ask: FitnessAsk, statements: Sequence[FitnessStatement]
) -> tuple[bool, str] | None:
    """Whether the note's statements answer the criterion's question (True: what it asks
    holds) and the sentence that decides it; None when they leave it open (a treatment the
    note says nothing of, or says both of)."""
    values: list[bool | None] = []
    evidence: dict[bool, str] = {}
    for treatment in ask.treatments:
        said = {s.fit for s in statements if s.treatment == treatment}
        if len(said) != 1:
            values.append(None)
            continue
        fit = said.pop()
        holds = fit == ask.fit
        values.append(holds)
        evidence.setdefault(holds, next(s.evidence for s in statements if s.treatment == treatment))
    if ask.join == "any":
        if True in values:
            return True, evidence[True]
        if values and all(v is False for v in values):
            return False, evidence[False]
        return None
    if False in values:
        return False, evidence[False]
    if values and all(v is True for v in values):
        return True, evidence[True]
    return None
