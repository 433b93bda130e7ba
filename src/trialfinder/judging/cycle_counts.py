"""A count of cycles or courses of a treatment against a criterion's bound.

"Patients should receive at least 4 cycles of R-CHOP chemotherapy", "Received no more than 2
cycles of systemic therapy …", "standard duration of systemic therapy (4 - 6 cycles)": the
parse reads the treatment, and the count was left to the study team. Here the bound is read
from the criterion (its comparator from ``cues.json``, its nouns ``note_cycle_count_nouns`` in
``screening_rules.json``) and tied to the treatment it counts — the first the criterion names
after it ("cycles of an anti-CD38 monoclonal antibody"), else the last before it ("systemic
therapy (4 - 6 cycles)"). The note's counts of that treatment are read in the clause that
names it ("Induction: 4 cycles of VRd", "VTd x4 then ASCT", "daratumumab, pomalidomide and
dexamethasone, 14 cycles", "only 4 of the 6 cycles"); a count written beside another
treatment ("VRd x6 then lenalidomide maintenance" for lenalidomide) counts nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation
from trialfinder.criteria.model import Comparator, ConceptMention, Constraint, comparison_holds
from trialfinder.criteria.parse import find_concepts
from trialfinder.criteria.therapy_lines import count_alternation, count_value
from trialfinder.criteria.units import format_number
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, load_screening_rules

__all__ = ["CycleBound", "cycle_bounds", "cycle_count_finding"]

# How far a bound reaches for the treatment it counts, in characters.
_AFTER = 60
_BEFORE = 40


class CycleBound(NamedTuple):
    """A criterion's count of cycles: ``comparator`` with ``low`` (and ``upper`` for a
    range), written at ``start``–``end``."""

    comparator: Comparator
    low: int
    upper: int | None
    start: int
    end: int

    def holds(self, n: int) -> bool:
        return comparison_holds(n, self.comparator, self.low, self.upper)

    def text(self) -> str:
        if self.upper is not None:
            return f"{self.low} to {self.upper} cycles"
        words = {">=": "at least", ">": "more than", "<=": "at most", "<": "fewer than"}
        return f"{words.get(self.comparator, '')} {self.low} cycles".strip()


class _Patterns:
    """The patterns of a bound and of a note's count, built once from the data."""

    def __init__(self) -> None:
        rules = load_screening_rules()
        self.comparators: dict[str, Comparator] = {
            phrase.lower(): comparator  # type: ignore[misc]
            for comparator, phrases in load_lexicon().cues.comparators.items()
            if comparator != "="
            for phrase in phrases
        }
        number = count_alternation()
        nouns = phrase_alternation(rules.note_cycle_count_nouns)
        prefix = phrase_alternation(self.comparators)
        self.bound = re.compile(
            # "should receive at least 4 cycles": the verb giving the cycles is the count's.
            r"(?:(?<![\w-])(?:receive|complete)\s+)?"
            rf"(?:(?<![\w-])(?P<cmp>{prefix})\s*)?(?<![\w.-])(?P<n>{number})"
            rf"(?:\s*(?:to|-|–)\s*(?P<m>{number}))?\s+(?:(?:prior|previous)\s+)?"
            rf"(?:{nouns})(?![\w-])",
            re.IGNORECASE,
        )
        # "6 cycles", "4 of the 6 cycles" (4 given), "VTd x4" (not "x10^9/L").
        self.note_count = re.compile(
            rf"(?<![\w.-])(?P<n>{number})\s+(?:of\s+(?:the\s+)?(?:planned\s+)?{number}\s+)?"
            rf"(?:{nouns})(?![\w-])"
            r"|(?<=[\w)])\s*[x×]\s*(?P<x>\d{1,2})(?![\d^.,/])(?!\s*10)",
            re.IGNORECASE,
        )
        # A clause of a course written in sequence ("VRd x6 then lenalidomide maintenance").
        self.clause_break = re.compile(
            r"[;:]|\s(?:" + phrase_alternation(rules.past_course_sequence_words) + r")\s|->|→",
            re.IGNORECASE,
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def cycle_bounds(text: str) -> list[CycleBound]:
    """The counts of cycles or courses a criterion bounds, each with a comparator or a
    range ("at least 4 cycles", "no more than 2 cycles", "3 to 6 cycles", "(4 - 6 cycles)");
    a bare count ("after 2 cycles") bounds nothing."""
    patterns = _patterns()
    bounds: list[CycleBound] = []
    for found in patterns.bound.finditer(text):
        n = count_value(found.group("n"))
        if found.group("m"):
            bounds.append(CycleBound("between", n, count_value(found.group("m")), *found.span()))
        elif found.group("cmp"):
            comparator = patterns.comparators[found.group("cmp").lower()]
            bounds.append(CycleBound(comparator, n, None, *found.span()))
    return bounds


def _counted_concept(
    text: str, bound: CycleBound, constraints: Sequence[Constraint]
) -> ConceptMention | None:
    """The treatment a bound counts: the first the criterion names after it, within reach,
    else the last before it."""
    after: list[tuple[int, ConceptMention]] = []
    before: list[tuple[int, ConceptMention]] = []
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention) or constraint.category != "treatment":
            continue
        if constraint.negated:
            continue
        # Inside a word too: "CHOP" of "R-CHOP".
        for found in re.finditer(re.escape(constraint.text), text, re.IGNORECASE):
            start, end = found.span()
            if bound.end <= start <= bound.end + _AFTER:
                after.append((start, constraint))
            elif bound.start - _BEFORE <= end <= bound.start:
                before.append((-end, constraint))
    for candidates in (after, before):
        if candidates:
            return min(candidates, key=lambda pair: pair[0])[1]
    return None


def _clause_counts(sentence: str, concept: str) -> list[int]:
    """The counts of cycles the note writes in the clauses of ``sentence`` naming
    ``concept`` (or a narrower treatment)."""
    patterns = _patterns()
    ancestors = load_lexicon().ancestors
    counts: list[int] = []
    for clause in patterns.clause_break.split(sentence):
        named = any(
            f.category == "treatment"
            and not f.negated
            and concept in ancestors.get(f.concept, frozenset({f.concept}))
            for f in find_concepts(clause)
        )
        if not named:
            continue
        for found in patterns.note_count.finditer(clause):
            written = found.group("n") or found.group("x")
            counts.append(count_value(written))
    return counts


def cycle_count_finding(
    text: str, constraints: Sequence[Constraint], patient: PatientFacts
) -> tuple[Finding, list[tuple[int, int]]] | None:
    """The note's counts of cycles of each treatment the criterion bounds, against the
    bound: true (with the bounds' spans, now judged) when every count read holds every
    bound, false when a bound fails every count read of its treatment; None when a bound's
    treatment is not read or the note gives no count of it, its counts disagree, or the
    criterion writes bounds that differ (a rule and its exception)."""
    bounds = cycle_bounds(text)
    # "at least 2 cycles … (those who received < 2 cycles are eligible)": bounds that differ
    # are a rule and its exception, not one count.
    if len({(b.comparator, b.low, b.upper) for b in bounds}) != 1:
        return None
    spans: list[tuple[int, int]] = []
    held: list[str] = []
    for bound in bounds:
        concept = _counted_concept(text, bound, constraints)
        if concept is None:
            return None
        present = patient.concept_facts(concept.concept)[0]
        sentences = list(dict.fromkeys(f.evidence for f in present))
        counted = [(n, s) for s in sentences for n in _clause_counts(s, concept.concept)]
        if not counted:
            return None
        answers = {bound.holds(n) for n, _ in counted}
        n, sentence = counted[0]
        have = f"{format_number(n)} {'cycle' if n == 1 else 'cycles'} of {concept.text}"
        if answers == {False}:
            reason = f"{have} does not meet the criterion's {bound.text()}"
            return Finding("false", sentence, reason), []
        if answers != {True}:
            return None
        spans.append((bound.start, bound.end))
        held.append(f"{have} meets the criterion's {bound.text()}")
    return Finding("true", counted[0][1], "; ".join(held)), spans
