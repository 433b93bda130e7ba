"""Subtypes of one condition that rule each other out (``disjoint_concepts`` in
``data/disease_relations.json``): a "mixed small cell and non-small cell" histology that a
note naming one pure tumour does not meet, and an exclusion asking only for subtypes of the
trial's condition the trial does not study ("Nodular Lymphocyte Predominant HL" in a Hodgkin
lymphoma trial), answered by the patient's own kind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.disease_relations import load_disease_relations
from trialfinder.judging.criterion_words import kind_of, malignancy_concepts
from trialfinder.judging.findings import Outcome
from trialfinder.patient import PatientFacts, disease_mentions
from trialfinder.vocabulary import load_vocabulary

__all__ = ["asks_a_subtype_apart", "mixed_histology_status"]


def mixed_histology_status(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """ "Mixed small cell and non-small cell lung cancer histology": one tumour of two kinds
    that otherwise rule each other out (``data/disease_relations.json``). A note that names
    one of them as the patient's, without calling it mixed, names a pure tumour: not met."""
    kinds = _mixed_kinds(criterion.text)
    if kinds is None:
        return None
    relations = load_disease_relations()
    for fact in patient.vocabulary_facts:
        if fact.negated or _MIXED.search(fact.evidence):
            continue
        for has, other in (kinds, kinds[::-1]):
            if kind_of(fact.descriptor_id, has[0]) and relations.excludes(has[0], other[0]):
                reason = f"the patient's tumour is {fact.words}, not mixed with {other[1]}"
                return "not_met", fact.evidence, reason
    return None


@functools.lru_cache(maxsize=65_536)
def _mixed_kinds(criterion_text: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The two diseases of "mixed small cell and non-small cell lung cancer" (the first
    sharing the second's head words), as (descriptor, words) pairs; None without "mixed"."""
    mixed = _MIXED.search(criterion_text)
    if mixed is None:
        return None
    text = criterion_text[mixed.end() :]
    vocabulary = load_vocabulary()
    for mention in disease_mentions(text):
        first = text[: mention.start]
        joined = _AND_BEFORE.fullmatch(first)
        if joined is None:
            continue
        words = mention.words.split()
        for shared in range(1, len(words)):
            phrase = f"{joined.group(1)} {' '.join(words[-shared:])}"
            readings = vocabulary.lookup(phrase)
            if readings and readings[0].kind not in ("abbreviation", "spelling"):
                return (readings[0].concept.id, phrase), (mention.descriptor_id, mention.words)
    return None


_MIXED = re.compile(r"\b(?:mixed|combined)\b", re.IGNORECASE)


_AND_BEFORE = re.compile(r"\s*([\w -]+?)\s+(?:and|/)\s+", re.IGNORECASE)


def asks_a_subtype_apart(constraints: Sequence[Constraint], trial_concepts: frozenset[str]) -> bool:
    """Whether an exclusion asks only for subtypes of the trial's condition that rule each
    other out (``disjoint_concepts``) and that the trial does not study: a Hodgkin lymphoma
    trial's "Nodular Lymphocyte Predominant HL" is answered by the patient's own lymphoma
    (classical or not), so the trial's condition is kept for it. So is a narrower kind of a
    benign condition the trial studies: a type 1 diabetes trial's "LADA" asks which kind of
    type 1 diabetes the patient has, a prediabetes trial's "type 1 or type 2 diabetes" whether
    the patient's diabetes is one (cancers keep their own rules: a named subtype there is
    often the trial cancer's spread or histology)."""
    groups = load_disease_relations().disjoint_concepts
    members = {member for group in groups for member in group}
    ancestors = load_lexicon().ancestors
    asked = [c for c in constraints if isinstance(c, ConceptMention)]
    return bool(asked) and all(
        c.category == "condition"
        and (
            any(
                m in members and m not in trial_concepts
                for m in ancestors.get(c.concept, frozenset({c.concept}))
            )
            or _narrower_benign_kind(c.concept, trial_concepts)
        )
        for c in asked
    )


def _narrower_benign_kind(concept: str, trial_concepts: frozenset[str]) -> bool:
    """A kind filed directly under a condition the trial studies, and no cancer. Only a
    direct kind: a cardiovascular trial's "myocardial infarction" (filed under coronary
    artery disease) is an event of the studied disease, which its exclusion times."""
    found = load_lexicon().concepts.get(concept)
    return (
        found is not None
        and concept not in trial_concepts
        and bool(set(found.parents) & trial_concepts)
        and concept not in malignancy_concepts()
    )
