"""A condition a criterion asks about by its cause: "arisen as the result of … chemotherapy"
(the treatment is what the condition came from, so having had it is not enough), "another
cause of chronic liver disease" (the criterion asks about the cause, not the disease), and
NAFLD against a note's plain "fatty liver" in a patient who drinks. The cue lists are data
(``criterion_result_of_cues``, ``criterion_cause_of_cues``, ``note_result_of_words``).
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.criterion_words import mention_span, stated_words
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, load_screening_rules, phrase_alternation

__all__ = ["drinker_fatty_liver", "named_as_caused", "unlinked_result_of"]


def unlinked_result_of(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> str | None:
    """ "MDS known to have arisen as the result of … treatment with chemotherapy and/or
    radiation": the treatment is named as what the condition came from
    (``criterion_result_of_cues`` shortly before it), so having had it is not enough; why
    it is unknown unless the note's sentence links something to it ("therapy-related MDS
    after FEC chemotherapy", ``note_result_of_words``). Radiotherapy for a prostate cancer
    nine years earlier says nothing of where an MDS came from."""
    if constraint.category != "treatment":
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None or not _result_of_before().search(criterion_text[: span[0]]):
        return None
    if finding.evidence and _note_result_of_words().search(finding.evidence):
        return None
    return (
        f"{stated_words(constraint.category, name, True)}; the criterion asks for a condition "
        "that came from it, which the note does not say"
    )


def named_as_caused(criterion_text: str, constraint: ConceptMention, name: str) -> str | None:
    """ "… do not have … another cause of chronic liver disease": a condition named right
    after "cause of" (``criterion_cause_of_cues``) is what a cause causes; the criterion
    asks about the cause, so the patient's having the disease does not settle it."""
    if constraint.category != "condition":
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None or not _cause_of_before().search(criterion_text[: span[0]]):
        return None
    return (
        f"patient has {name}; the criterion asks about a cause of it, which the note does not say"
    )


@functools.cache
def _cause_of_before() -> re.Pattern[str]:
    """A cause-of cue, then at most two words, right before a mention."""
    cues = phrase_alternation(load_screening_rules().criterion_cause_of_cues)
    return re.compile(rf"\b(?:{cues})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def drinker_fatty_liver(
    constraint: ConceptMention, finding: Finding, patient: PatientFacts, name: str
) -> str | None:
    """ "NAFLD": a note's plain "fatty liver" is not shown to be non-alcoholic in a patient
    who drinks more than a little (``significant_alcohol_drinks_per_week``) or has an
    alcohol use disorder, unless the note names the non-alcoholic form itself ("NAFLD on
    ultrasound"); why a man drinking four pints a day does not meet an NAFLD inclusion."""
    rules = load_screening_rules()
    if constraint.concept not in rules.non_alcoholic_concepts or finding.evidence is None:
        return None
    if _non_alcoholic_words().search(finding.evidence):
        return None
    heavy = next(
        (
            fact.evidence
            for fact in patient.measurement_facts("alcohol_intake")
            if fact.measurement is not None
            and not fact.historical
            and fact.measurement.canonical_value is not None
            and fact.measurement.canonical_value > rules.significant_alcohol_drinks_per_week
        ),
        None,
    )
    if heavy is None:
        for disorder in rules.alcohol_disorder_concepts:
            present, _ = patient.concept_facts(disorder)
            if present:
                heavy = present[0].evidence
                break
    if heavy is None:
        return None
    concept = load_lexicon().concepts.get(constraint.concept)
    full = concept.names[0] if concept is not None and concept.names else name
    return (
        f"the note says fatty liver, but also “{heavy}”; that it is {full} (with little or "
        "no alcohol) is not said"
    )


@functools.cache
def _non_alcoholic_words() -> re.Pattern[str]:
    """The words with which a note names the non-alcoholic form; acronyms as written. Not
    :func:`trialfinder.phrases.cased_phrase_pattern`: a lowercase phrase here ends at a word
    boundary, so a hyphen next to it bounds it ("non-alcoholic" inside "x-non-alcoholic"), as
    it does not there."""
    words = load_screening_rules().non_alcoholic_words
    return re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(w)}(?![\w-])" if w.isupper() else rf"(?i:\b{re.escape(w)}\b)"
            for w in sorted(words, key=len, reverse=True)
        )
    )


@functools.cache
def _result_of_before() -> re.Pattern[str]:
    """A result-of cue at most 80 characters before a mention, in the same sentence part."""
    cues = phrase_alternation(load_screening_rules().criterion_result_of_cues)
    return re.compile(rf"\b(?:{cues})\b[^.;:]{{0,80}}$", re.IGNORECASE)


@functools.cache
def _note_result_of_words() -> re.Pattern[str]:
    """The note's linking words; "-related" and "post-" count inside a hyphenated word."""
    words = phrase_alternation(load_screening_rules().note_result_of_words)
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
