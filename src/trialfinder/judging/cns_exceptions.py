"""The exception an exclusion of brain (or leptomeningeal) metastases writes after their name.

"Brain metastases unless asymptomatic, stable, and not requiring steroids for at least 7
days" (NCT06627647): most oncology trials let in metastases that are treated, stable,
asymptomatic and off steroids, and write the exclusion as the name with an exception after
it. Read as one, a note's treated and stable metastases met it (the exception's time window
was taken for the metastases' own). :func:`cns_exception` finds where the exception starts and
the qualifiers it asks of the metastases; :func:`cns_let_off` gives the judge the words before
it, the metastases judged on them, and the exception's conditions as findings, so the judge
holds the exclusion when the note contradicts one, lets it off when the note states every one
(and the patient is off the steroids the exception names), and leaves it to the study team
otherwise. The words are data (``data/cns_exceptions.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import NamedTuple

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation
from trialfinder.criteria.model import ConceptMention, Constraint, TimeWindow
from trialfinder.judging.constraint_truth import evaluate_constraint
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding
from trialfinder.judging.qualifiers import own_qualifiers, stated_own_qualifiers
from trialfinder.patient import PatientFacts, load_screening_rules

__all__ = ["CnsException", "CnsLetOff", "cns_exception", "cns_let_off", "is_cns_metastasis"]


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


class CnsLetOff(NamedTuple):
    """An exclusion's words before its exception, its constraints judged on them, and the
    exception's conditions, each a finding the judge lets the exclusion off by."""

    head: str
    judged: list[tuple[Constraint, Finding]]
    conditions: list[Finding]


def cns_let_off(
    criterion: Criterion, patient: PatientFacts, pairs: Sequence[tuple[Constraint, Finding]]
) -> CnsLetOff | None:
    """ "Brain metastases unless asymptomatic, stable, and not requiring steroids for at least
    7 days": the metastases judged on the words before the exception (its window and steroids
    are not theirs), and as conditions the qualifiers it asks of them (:func:`cns_exception`),
    the treatments it asks the patient to be off and the constraints written after it (less
    examples in a bracket). None when the criterion writes no such exception."""
    text = criterion.text
    mentions = [c for c, _ in pairs if isinstance(c, ConceptMention)]
    spans = [(c.concept, span[1]) for c in mentions if (span := mention_span(text, c.text))]
    exception = cns_exception(text, spans)
    if exception is None:
        return None
    head = text[: exception.start]
    before = [(c, f) for c, f in pairs if 0 <= text.find(c.text) < exception.start]
    metastases = [
        c for c, _ in before if isinstance(c, ConceptMention) and is_cns_metastasis(c.concept)
    ]
    judged = [
        (own, evaluate_constraint(own, patient, head)) if c in metastases else (c, f)
        for c, f in before
        for own in [_before_exception(c, head) if isinstance(c, ConceptMention) else c]
    ]
    after = [
        f
        for c, f in pairs
        if all(c is not b for b, _ in before)
        and not _an_example(text, c.text)
        and not (isinstance(c, ConceptMention) and _asked_off(text, c, exception.start))
    ]
    # The treatments the exception asks the patient to be off, whether the parse kept them
    # as constraints or as what the metastases required ("not requiring steroids").
    off = {
        t.concept: _off_treatment_finding(t.text, t.concept, c.window, patient)
        for c in metastases
        for t in c.required_treatments
        if t.text not in head
    } | {
        c.concept: _off_treatment_finding(c.text, c.concept, c.window, patient)
        for c in criterion.constraints
        if isinstance(c, ConceptMention) and _asked_off(text, c, exception.start)
    }
    asked = [_qualifier_finding(q, metastases, patient) for q in exception.asked]
    return CnsLetOff(head, judged, [*after, *off.values(), *asked])


def _before_exception(constraint: ConceptMention, head: str) -> ConceptMention:
    """The metastases' mention without the window and treatments the parse took from the
    exception after it ("not requiring steroids for at least 7 days")."""
    window = constraint.window
    return msgspec.structs.replace(
        constraint,
        window=window if window is not None and window.text in head else None,
        required_treatments=tuple(t for t in constraint.required_treatments if t.text in head),
    )


# "not requiring steroids", "off steroids", "who require no treatment with corticosteroids".
_OFF_BEFORE = re.compile(r"\b(?:off|no|not|without)\b(?:\s+[\w-]+){0,4}\s*$", re.IGNORECASE)
# "definitively treated (eg. radiotherapy, surgery)": examples of the treatment, no conditions.
_EXAMPLES = re.compile(r"\((?:e\.?g\.?|for example|such as)[^)]*\)", re.IGNORECASE)


def _asked_off(text: str, constraint: ConceptMention, start: int) -> bool:
    """Whether an exception starting at ``start`` asks the patient to be off a treatment it
    names."""
    at = text.find(constraint.text)
    return (
        constraint.category == "treatment"
        and at >= start
        and (constraint.negated or bool(_OFF_BEFORE.search(text, start, at)))
    )


def _an_example(text: str, mention: str) -> bool:
    at = text.find(mention)
    return any(m.start() < at < m.end() for m in _EXAMPLES.finditer(text))


def _off_treatment_finding(
    name: str, concept: str, window: TimeWindow | None, patient: PatientFacts
) -> Finding:
    """Whether the patient is off a treatment an exception asks them to be off ("not requiring
    steroids for at least 7 days"): false when the note has them on it, true when it denies
    it or says it ended (long enough ago when a window is asked), unknown otherwise."""
    present, absent = patient.concept_facts(concept)
    now = next((f for f in present if f.current or not f.historical), None)
    if now is not None:
        return Finding("false", now.evidence, f"the note says the patient is on {name}")
    if present:
        ended = present[0]
        if window is None:
            return Finding("true", ended.evidence, f"the note says {name} ended")
        if ended.days_ago is None:
            return Finding("unknown", ended.evidence, f"{name}: when it ended is not given")
        held = ended.days_ago >= window.days
        said = f"{name} ended about {ended.days_ago:.0f} days ago; the exception asks {window.text}"
        return Finding("true" if held else "false", ended.evidence, said)
    if absent:
        return Finding("true", absent[0].evidence, f"the note says the patient is not on {name}")
    return Finding("unknown", None, f"the note does not say whether the patient is on {name}")


def _qualifier_finding(
    asked: str, metastases: Sequence[ConceptMention], patient: PatientFacts
) -> Finding:
    """One qualifier an exception asks of the metastases ("asymptomatic"): true when a note
    sentence naming them states it, false when one states a contrary one ("symptomatic",
    "untreated", "progressing"), unknown otherwise."""
    contrary = dict(load_screening_rules().qualifier_contradictions)
    stated: dict[str, str | None] = {}
    for constraint in metastases:
        own = own_qualifiers(constraint.concept)
        for word, sentence in stated_own_qualifiers(constraint.concept, patient).items():
            stated.setdefault(word, sentence)
        contrary |= own.contradictions if own else {}
    name = metastases[0].text.lower() if metastases else "metastases"
    if asked in stated:
        return Finding("true", stated[asked], f"the note says the {name} are {asked}")
    against = [w for w in stated if asked in contrary.get(w, ()) or w in contrary.get(asked, ())]
    if against:
        return Finding(
            "false", stated[against[0]], f"the note says the {name} are {against[0]}, not {asked}"
        )
    return Finding("unknown", None, f"the note does not say whether the {name} are {asked}")
