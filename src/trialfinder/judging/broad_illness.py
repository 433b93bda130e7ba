"""An exclusion of a broad class of illness, against a note that denies every illness.

"Any significant acute or chronic medical illness", "Serious medical comorbidities": the
exclusion names no illness, only the class. A note that denies every illness ("fit and well",
"no medical history", "no other significant illness") answers it not met, when nothing is
excepted ("apart from …") and the note states no condition but the trial's own: "healthy
apart from the asthma" in an asthma trial still denies every other illness, and any other
condition named leaves the exclusion to the study team (``broad_illness`` of
``data/screening_rules.json``). The fitness sentence is the healthy-volunteer reader's
(``PatientFacts.fitness_evidence``).

The same denial answers an exclusion's chronic condition or organ system's disease the note
is otherwise silent on ("clinically significant or unstable cardiovascular, pulmonary …
illness" against "No medical illness"; "Systemic conditions … (i.e., diabetes …)" against
"Medically fit and well"): a concept of ``chronic_concepts`` or of a body system's disease
(``note_denied_system``) is denied, when the note states no disease at all (the trial's own
set apart, as for an exclusion). An acute finding ("active infection", a fracture, a
pregnancy) is no illness a fit patient denies, and stays the note's silence.
"""

from __future__ import annotations

import functools
import re

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.judging.findings import Finding, Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, is_disease, load_screening_rules
from trialfinder.phrases import phrase_alternation, phrase_pattern
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "broad_illness_outcome",
    "every_illness_denial",
    "every_illness_denied_finding",
    "illness_words",
]

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


class _Patterns(msgspec.Struct, frozen=True):
    asked: re.Pattern[str]
    # The note's words denying every illness: its own phrases, then the fitness phrases.
    denials: tuple[re.Pattern[str], re.Pattern[str]]
    excepted: re.Pattern[str]
    # An exception naming a past operation alone: "apart from an appendicectomy in 2015".
    only_an_operation: re.Pattern[str]
    framing: frozenset[str]


@functools.cache
def _patterns() -> _Patterns | None:
    rules = load_screening_rules().broad_illness
    if rules is None:
        return None
    kinds = phrase_alternation(rules.kind_words)
    return _Patterns(
        re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(rules.severity_words)})"
            rf"(?:\s+(?:{kinds}))*\s+(?:{phrase_alternation(rules.class_words)})(?![\w-])",
            re.IGNORECASE,
        ),
        (phrase_pattern(rules.denial_phrases), phrase_pattern(load_lexicon().cues.fitness_phrases)),
        re.compile(rf"^\W*(?:{phrase_alternation(rules.except_words)})\b", re.IGNORECASE),
        re.compile(
            rf"^\W*(?:{phrase_alternation(rules.except_words)})\s+(?:(?:an?|the|his|her)\s+)?"
            rf"(?:[a-z-]+\s+)?[a-z-]*(?:{phrase_alternation(rules.excepted_operation_endings)})"
            r"(?:\s+in\s+\d{4})?\s*(?:[.;,]|$)",
            re.IGNORECASE,
        ),
        frozenset(word.lower() for word in rules.framing_words),
    )


def _denial(patient: PatientFacts, patterns: _Patterns) -> str:
    """The note's sentence denying every illness with nothing excepted after the words
    ("no past medical history apart from asthma" excepts) but a past operation ("… apart
    from a laparoscopic appendicectomy in 2015"); "" when none. The fitness sentence is the
    healthy-volunteer reader's."""
    sentences = (*note_sentences(patient), patient.fitness_evidence)
    for denied in patterns.denials:
        for sentence in sentences:
            for found in denied.finditer(sentence):
                after = sentence[found.end() :]
                if not patterns.excepted.match(after) or patterns.only_an_operation.match(after):
                    return sentence
    return ""


def broad_illness_outcome(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """Not met for an exclusion of a broad class of illness when the note denies every
    illness and states no condition but the trial's own; None otherwise."""
    patterns = _patterns()
    if patterns is None or criterion.section != "exclusion":
        return None
    found = patterns.asked.search(criterion.text)
    if found is None:
        return None
    rest = criterion.text[: found.start()] + " " + criterion.text[found.end() :]
    if any(word.lower() not in patterns.framing for word in _WORD.findall(rest)):
        return None
    denial = _denial(patient, patterns)
    if not denial:
        return None
    concepts = load_lexicon().concepts
    stated = [
        fact.concept
        for fact in patient.facts
        if fact.kind == "concept"
        and not fact.negated
        and fact.concept is not None
        and fact.concept in concepts
        and concepts[fact.concept].category == "condition"
        and fact.concept not in trial_concepts
    ]
    if stated:
        return None
    return (
        "not_met",
        denial,
        f"the note denies every illness and states none but the trial's own, so no "
        f"{found.group(0).lower()}",
    )


@functools.cache
def _denied_with_every_illness() -> frozenset[str]:
    """The lexicon's chronic conditions and body systems' diseases a denial of every illness
    denies."""
    rules = load_screening_rules()
    return frozenset(rules.chronic_concepts) | {row.concept for row in rules.note_denied_system}


def every_illness_denial(patient: PatientFacts) -> str:
    """The note's sentence denying every illness (:func:`_denial`) when it states no disease,
    by the lexicon or by MeSH (an exclusion's patient has the trial's own set apart); ""
    otherwise."""
    patterns = _patterns()
    if patterns is None:
        return ""
    concepts = load_lexicon().concepts
    if any(
        not fact.negated
        and fact.concept in concepts
        and concepts[fact.concept].category == "condition"
        for fact in patient.facts
        if fact.kind == "concept" and fact.concept is not None
    ):
        return ""
    vocabulary = load_vocabulary()
    if any(
        not fact.negated and (found := vocabulary.concept(fact.descriptor_id)) and is_disease(found)
        for fact in patient.vocabulary_facts
    ):
        return ""
    return _denial(patient, patterns)


def every_illness_denied_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """False for a chronic condition or a body system's disease the note is silent on when it
    denies every illness ("No medical illness", "Medically fit and well") and states no
    disease; None otherwise."""
    if constraint.category != "condition" or constraint.concept not in _denied_with_every_illness():
        return None
    denial = every_illness_denial(patient)
    if not denial:
        return None
    return Finding("false", denial, f"the note denies every illness, so no {name}")


@functools.cache
def illness_words() -> re.Pattern[str]:
    """A criterion's words for illness of a kind or a body system ("clinically significant",
    "unstable", "cardiovascular", "medical disorder"): a note denying every illness answers
    them (``broad_illness`` of ``data/screening_rules.json``)."""
    rules = load_screening_rules().broad_illness
    words = (
        [*rules.severity_words, *rules.kind_words, *rules.class_words, *rules.system_words]
        if rules is not None
        else []
    )
    return phrase_pattern(words) if words else re.compile(r"(?!)")
