"""The site a criterion names for the cancer it asks, read against the note's on MeSH's
anatomy tree.

"Squamous cell carcinoma of the anal canal or distal rectum", "Squamous cell carcinoma of the
oral cavity, oropharynx, hypopharynx, or supraglottic larynx": the words after the cancer name
the places it may arise (MeSH Anatomy, tree A, read by the vocabulary). A note whose sentence
naming the patient's cancer names one of those places, or one MeSH files under it, right at the
cancer ("Anal canal SCC", "SCC R tonsil (oropharynx)": the palatine tonsil lies in the
oropharynx), has read those words, so they are not left to the study team. A place the
vocabulary does not read whole ("distal rectum", "supraglottic larynx") is an alternative
the note cannot meet by naming the broader organ (issue 12 item 1: a larynx cancer says nothing
of a supraglottic one); a sentence naming spread ("metastases to the liver") names no primary
site, and a list joined by "and" is not read (it may ask every place at once).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.model import Constraint
from trialfinder.judging.criterion_words import (
    asked_conditions,
    malignancy_concepts,
    mention_span,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = ["cancer_site_spans_met"]

# The words that lead from a cancer's name to its site.
_SITE_LEAD = re.compile(r"\s+(?:arising\s+)?(?:of|in|involving)\s+(?:the\s+)?(?:site\s+)?", re.I)
# What separates the places of a list of alternatives.
_ALTERNATIVE = re.compile(r"\s*,\s*(?:or\s+)?|\s+or\s+|\s+and/or\s+", re.I)
_WORD = re.compile(r"[A-Za-z][\w-]*")
# A note sentence naming spread of a cancer names no primary site by the places it names.
_SPREAD = re.compile(r"metasta|\bmets\b|\bspread|\bsecondar|\bdeposit|\binvad|\binvol", re.I)
# The note's place must be this close (in characters) to the cancer word it names a site of.
_NEAR = 30
_CANCER_WORD = re.compile(
    r"\b(?:SCC|carcinoma|cancer|adenocarcinoma|tumou?r|malignancy|neoplasm)s?\b", re.I
)
# At most this many words in one place's name.
_PLACE_WORDS = 4


def _anatomy(phrase: str) -> str | None:
    """The MeSH anatomy descriptor (tree A) a whole phrase names, or None."""
    vocabulary = load_vocabulary()
    for reading in vocabulary.lookup(phrase):
        if vocabulary.names_it(phrase, reading) and any(
            number.startswith("A") for number in reading.concept.tree_numbers
        ):
            return reading.concept.id
    return None


@functools.lru_cache(maxsize=65_536)
def _criterion_sites(text: str, start: int) -> tuple[tuple[str, ...], int] | None:
    """The places a criterion's words at ``start`` (right after a cancer's name) list as the
    cancer's site, read whole, and where the list ends; None when they name none or one of
    them is not read whole (a qualified place is no alternative the note can meet)."""
    lead = _SITE_LEAD.match(text, start)
    if lead is None:
        return None
    position = lead.end()
    sites: list[str] = []
    end = position
    while True:
        words = list(_WORD.finditer(text, position))[:_PLACE_WORDS]
        found = None
        for count in range(len(words), 0, -1):
            if words[count - 1].start() - words[0].start() > 60:
                continue
            phrase = text[words[0].start() : words[count - 1].end()]
            if words[0].start() != position or re.search(r"[,;()]", phrase):
                continue
            descriptor = _anatomy(phrase)
            if descriptor is not None:
                found = (descriptor, words[count - 1].end())
                break
        if found is None:
            qualified = _qualified_place(words) if sites else None
            if qualified is None:
                break
            end = qualified  # "distal rectum": an alternative, not one the note can meet
        else:
            sites.append(found[0])
            end = found[1]
        separator = _ALTERNATIVE.match(text, end)
        if separator is None:
            break
        position = separator.end()
    if not sites:
        return None
    return tuple(sites), end


def _qualified_place(words: Sequence[re.Match[str]]) -> int | None:
    """Where a place written with a word or two before it ("distal rectum", "supraglottic
    larynx") ends: its last word alone is a place; None when no word within a few is."""
    for count in range(2, min(len(words), 3) + 1):
        if _anatomy(words[count - 1].group()) is not None:
            return words[count - 1].end()
    return None


def _note_sites(evidence: str) -> tuple[str, ...]:
    """The places the note's sentence names right at a cancer word, unless it names spread."""
    if _SPREAD.search(evidence):
        return ()
    cancers = [found.span() for found in _CANCER_WORD.finditer(evidence)]
    return tuple(
        reading.concept.id
        for mention, start, end in load_vocabulary().mention_offsets(evidence)
        for reading in mention.readings[:1]
        if any(number.startswith("A") for number in reading.concept.tree_numbers)
        and any(
            abs(start - c_end) <= _NEAR or abs(c_start - end) <= _NEAR for c_start, c_end in cancers
        )
    )


def cancer_site_spans_met(
    criterion_text: str, constraints: Sequence[Constraint], evidence: str
) -> tuple[tuple[int, int], ...]:
    """The spans of the site words after a cancer the criterion asks ("of the anal canal or
    distal rectum") when the note's sentence naming the patient's cancer (``evidence``) names
    one of those places or one within it: judged here, those words are read."""
    if not evidence:
        return ()
    spans: list[tuple[int, int]] = []
    for constraint in asked_conditions(constraints):
        if constraint.concept not in malignancy_concepts():
            continue
        span = mention_span(criterion_text, constraint.text)
        if span is None:
            continue
        listed = _criterion_sites(criterion_text, span[1])
        if listed is None:
            continue
        sites, end = listed
        vocabulary = load_vocabulary()
        if any(vocabulary.is_a(has, site) for has in _note_sites(evidence) for site in sites):
            spans.append((span[1], end))
    return tuple(spans)
