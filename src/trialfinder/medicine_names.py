"""Medicines a note names by the name on the box or in people's words, read as the lexicon's drug.

A note writes "Lasix 40 mg daily", "on Eliquis", "stopped the water tablets", "blood
thinners"; a criterion writes the generic name or the class ("Use of diuretics", "other
anticoagulants"). The medical vocabulary (``trialfinder.vocabulary``) already leads each such
name to its drug for search: MeSH's entry terms hold the trade names ("Lasix" is *Furosemide*),
its curated list the lay words ("water tablets" is *Diuretics*), the Drugs@FDA and registry
tables the trade names MeSH has no record of ("Dupixent" is dupilumab). This module takes that
one reading for the judge: a drug the vocabulary finds where the criteria lexicon reads
nothing is the lexicon's treatment concept one of the drug's own names is (*Furosemide* is
named "furosemide", which the lexicon files under diuretics), so brand and lay names are
listed once, in the vocabulary, and what class a drug is in once, in the lexicon. A drug
none of whose names the lexicon knows, or whose names two concepts share, is read as nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.vocabulary import Mention, TermKind, load_vocabulary, normalize_phrase

__all__ = ["NamedMedicine", "named_medicines"]


class NamedMedicine(msgspec.Struct, frozen=True):
    """A medicine named in text: where its words stand and the lexicon concept it is."""

    start: int
    end: int
    concept: str


# The kinds of vocabulary term that name a medicine in a note. Misspellings and abbreviations
# are left out: a short form or a near-word is too ambiguous to stand alone for a drug.
_NAMING_KINDS: frozenset[TermKind] = frozenset(
    {"lay", "drug_class", "preferred", "entry", "synonym", "brand"}
)

# A trade name of the vocabulary's tables is at most this many words ("humalog tempo pen").
_BRAND_WORDS = 3

_WORD = re.compile(r"[A-Za-z0-9]+")


@functools.cache
def _treatment_names() -> dict[str, frozenset[str]]:
    """Each name of a lexicon treatment, normalised as the vocabulary's terms are, with the
    concepts it names."""
    found: dict[str, set[str]] = {}
    for concept in load_lexicon().concept_table.concepts:
        if concept.category == "treatment":
            for name in concept.names:
                found.setdefault(normalize_phrase(name), set()).add(concept.id)
    return {name: frozenset(ids) for name, ids in found.items()}


def _one_concept(names: Sequence[str]) -> str | None:
    """The one lexicon treatment these names of one drug name, or None (none, or two)."""
    table = _treatment_names()
    concepts = {concept for name in names for concept in table.get(name, ())}
    return next(iter(concepts)) if len(concepts) == 1 else None


@functools.lru_cache(maxsize=4096)
def _descriptor_concept(descriptor_id: str) -> str | None:
    """The lexicon treatment a drug's MeSH descriptor is, read off its own names."""
    vocabulary = load_vocabulary()
    concept = vocabulary.concept(descriptor_id)
    if concept is None or not _is_a_drug(concept.tree_numbers):
        return None
    return _one_concept((normalize_phrase(concept.name), *vocabulary.synonyms(descriptor_id)))


def _is_a_drug(tree_numbers: tuple[str, ...]) -> bool:
    """Filed under Chemicals and Drugs (D), or a supplementary record (no tree number)."""
    return not tree_numbers or any(number.startswith("D") for number in tree_numbers)


def named_medicines(
    text: str, mentions: Sequence[tuple[Mention, int, int]] | None = None
) -> list[NamedMedicine]:
    """The medicines ``text`` names that the vocabulary reads as a lexicon treatment, in order.

    ``mentions`` are the vocabulary's mentions of ``text`` when the caller has them already
    (a note sentence is also read for its diseases and operations); found here otherwise. A
    trade name the vocabulary keeps apart from its terms (:meth:`Vocabulary.brand_generic`)
    is read as its generic name.
    """
    if mentions is None:
        mentions = load_vocabulary().mention_offsets(text)
    found: list[NamedMedicine] = []
    for mention, start, end in mentions:
        reading = mention.readings[0]
        if reading.kind in _NAMING_KINDS:
            concept = _descriptor_concept(reading.concept.id)
            if concept is not None:
                found.append(NamedMedicine(start, end, concept))
    found.extend(_trade_names(text, [(start, end) for _, start, end in mentions]))
    return sorted(found, key=lambda medicine: medicine.start)


def _trade_names(text: str, taken: Sequence[tuple[int, int]]) -> list[NamedMedicine]:
    """The trade names of the vocabulary's trade name tables in ``text`` (longest first), away
    from the words its terms read."""
    words = list(_WORD.finditer(text))
    vocabulary = load_vocabulary()
    found: list[NamedMedicine] = []
    index = 0
    while index < len(words):
        for size in range(min(_BRAND_WORDS, len(words) - index), 0, -1):
            start, end = words[index].start(), words[index + size - 1].end()
            if any(s < end and start < e for s, e in taken):
                continue
            generic = vocabulary.brand_generic(text[start:end])
            concept = None if generic is None else _one_concept((generic,))
            if concept is not None:
                found.append(NamedMedicine(start, end, concept))
                index += size
                break
        else:
            index += 1
    return found
