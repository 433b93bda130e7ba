"""Whether the note calls a growth benign ("a benign adrenal tumour", "benign neoplasm of the
skin"): one of ``benign_words`` (``judge_cues``) right before the growth's own words, or one
word before them, or the growth's words beginning with it. A benign growth elsewhere in the
sentence says nothing of the others ("lung cancer and a benign adrenal tumour": the lung
cancer is no benign growth), and "not benign" after the growth, or "non-benign" / "not
benign" before it, calls it nothing.

The one reader of the concept for both of the judge's paths: the lexicon's conditions
(``concept_findings``: the sentence's mentions of the fact's concept) and MeSH's
(``disease_kinds``: the fact's own words).
"""

from __future__ import annotations

import re

from trialfinder.criteria.parse import find_concepts
from trialfinder.patient import Fact, VocabularyFact, judge_cue_pattern
from trialfinder.vocabulary import normalize_phrase

__all__ = ["calls_benign", "calls_concept_benign"]

# "benign" and at most one word more, ending where the growth's words begin; not "non-benign",
# "non benign" or "not benign", which deny it.
_BENIGN_BEFORE = r"(?<![\w-])(?<!\bnon\s)(?<!\bnot\s)(?:{benign_words})\s+(?:[\w-]+\s+)?$"
# The growth's own words beginning with "benign" ("benign neoplasm of the skin").
_BENIGN_FIRST = r"(?:{benign_words})\s"


def _benign_before(text: str, start: int) -> bool:
    """Whether the words of ``text`` ending at ``start`` call what begins there benign."""
    return judge_cue_pattern(_BENIGN_BEFORE, re.IGNORECASE).search(text, 0, start) is not None


def calls_benign(fact: VocabularyFact) -> bool:
    """Whether the note calls the disease of a MeSH fact benign: its words begin with a
    benign word, or one stands right before them (or one word before) in its sentence."""
    if judge_cue_pattern(_BENIGN_FIRST, re.IGNORECASE).match(normalize_phrase(fact.words)):
        return True
    return any(
        _benign_before(fact.evidence, found.start())
        for found in re.finditer(re.escape(fact.words), fact.evidence, re.IGNORECASE)
    )


def calls_concept_benign(fact: Fact) -> bool:
    """Whether the note calls a lexicon condition benign: a mention of its concept in the
    sentence has a benign word right before it (or one word before)."""
    return any(
        found.concept == fact.concept and _benign_before(fact.evidence, found.start)
        for found in find_concepts(fact.evidence)
    )
