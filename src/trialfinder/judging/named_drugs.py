"""A criterion naming one drug is answered by that drug, not by another drug of its class.

The criteria lexicon files a class's member drugs under the class ("warfarin", "heparin",
"apixaban" are names of *anticoagulants*; "aspirin" and "clopidogrel" of *antiplatelets*), so
a criterion writing one member ("patients requiring apixaban dose reduction", NCT05687448;
"Use of aspirin > 81 mg per day", NCT02682511) was met by any member the note names: a
patient on warfarin "was on apixaban", one on clopidogrel "on aspirin". MeSH tells the
members apart: each is a substance descriptor of its own (Warfarin D014859, Heparin D006493,
apixaban C522181, Aspirin D001241, Clopidogrel D000077144), and a narrower form lies below
its drug (Enoxaparin under Heparin, Low-Molecular-Weight, under Heparin; NLM MeSH 2024,
public domain). A note's sentence that names only other members of the class, none the
criterion's drug or a form of it, does not state the criterion's drug: the patient takes
another drug of the class, which leaves the criterion's drug open. Only for the classes whose
members are distinct medicines by WHO ATC (``distinct_member_classes`` of
``screening_rules.json``): prednisolone may stand for a criterion's prednisone. A criterion
writing the class as well ("warfarin, heparin or other anticoagulants", "prednisone or
equivalent": ``named_drug_open_words`` of ``judge_cues``) asks the class, and any member
answers it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.patient import Fact, judge_cue_pattern, load_screening_rules
from trialfinder.phrases import phrase_alternation
from trialfinder.vocabulary import Concept, load_vocabulary

__all__ = ["other_members_only"]

# MeSH's branch of drug classes by action and use (Anticoagulants, Platelet Aggregation
# Inhibitors): a descriptor there names a class, not one drug.
_CLASS_BRANCH = "D27"


def other_members_only(
    constraint: ConceptMention, present: Sequence[Fact], criterion_text: str
) -> tuple[list[Fact], tuple[Fact, str] | None]:
    """The note's facts of the criterion's drug class that may name the criterion's own drug,
    and the first fact dropped with the other member it names (None when none was dropped).

    Only for a class whose members are distinct medicines (``distinct_member_classes``), a
    criterion whose own words name one drug of it (a MeSH substance, not a class) and that
    writes no class word or open word beside it."""
    if (
        constraint.category != "treatment"
        or not present
        or constraint.concept not in load_screening_rules().distinct_member_classes
    ):
        return list(present), None
    asked = _substance(constraint.text)
    if asked is None or _asks_the_class(constraint.concept, criterion_text):
        return list(present), None
    vocabulary = load_vocabulary()
    members = _member_substances(constraint.concept)
    kept: list[Fact] = []
    other: tuple[Fact, str] | None = None
    for fact in present:
        named = [
            (phrase, concept)
            for phrase, concept in _substances_in(fact.evidence)
            if concept.id in members or any(vocabulary.is_a(concept.id, m) for m in members)
        ]
        if not named or any(vocabulary.is_a(c.id, asked.id) for _, c in named):
            kept.append(fact)
        elif other is None:
            other = (fact, named[0][0])
    return kept, other


def _substance(phrase: str) -> Concept | None:
    """The one drug a phrase names: its first MeSH reading, when that is a substance (a
    chemical or drug descriptor or supplementary record outside the class branch)."""
    readings = load_vocabulary().lookup(phrase)
    if not readings or readings[0].kind == "drug_class":
        return None
    concept = readings[0].concept
    numbers = concept.tree_numbers
    if any(n.startswith(_CLASS_BRANCH) for n in numbers):
        return None
    if numbers and not all(n.startswith("D") for n in numbers):
        return None
    if not numbers and not concept.id.startswith("C"):
        return None
    return concept


@functools.cache
def _member_substances(concept_id: str) -> frozenset[str]:
    """The MeSH substances the lexicon concept's names read as (its member drugs)."""
    concept = load_lexicon().concepts.get(concept_id)
    if concept is None:
        return frozenset()
    return frozenset(s.id for name in concept.names if (s := _substance(name)) is not None)


@functools.cache
def _class_words(concept_id: str) -> re.Pattern[str] | None:
    """The lexicon concept's names that are no single drug ("anticoagulants",
    "antiplatelet therapy"), as one whole-word pattern."""
    concept = load_lexicon().concepts.get(concept_id)
    if concept is None:
        return None
    words = [name for name in concept.names if _substance(name) is None]
    if not words:
        return None
    return re.compile(rf"\b(?:{phrase_alternation(words)})\b", re.IGNORECASE)


def _asks_the_class(concept_id: str, criterion_text: str) -> bool:
    """Whether the criterion writes its drug's class, or an open word, beside the drug."""
    class_words = _class_words(concept_id)
    if class_words is not None and class_words.search(criterion_text):
        return True
    return bool(judge_cue_pattern(r"\b(?:{named_drug_open_words})\b", re.I).search(criterion_text))


def _substances_in(evidence: str) -> list[tuple[str, Concept]]:
    """The drugs a note's sentence names (by generic, brand or entry name), as written."""
    found: list[tuple[str, Concept]] = []
    for mention in load_vocabulary().find_mentions(evidence):
        concept = _substance(mention.phrase)
        if concept is not None:
            found.append((mention.phrase, concept))
    return found
