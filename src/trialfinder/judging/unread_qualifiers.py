"""Which qualifier a criterion writes around a condition that the concept alone leaves open.

"History of seizure disorders due to light", "Hypotension requiring vasopressors",
"Intradialytic hypotension": a cause or a need written after the condition's mention, or a
setting right before it, narrows the condition to it so caused, so needing, in that setting;
a note's sentence must name the qualifier's word (or a word that stands for it) for the
condition to meet the criterion. One reader for every such qualifier: what each is (where it
is written, its cue list, the words that stand for its word, the unknown's reason) is data,
``unread_qualifiers`` in ``data/screening_rules.json``; the judge (trialfinder.match) checks
the note's sentence against what this module reads.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.patient import (
    UnreadQualifier,
    load_screening_rules,
    screening_phrases,
    screening_synonyms,
)

__all__ = ["WrittenQualifier", "unread_qualifiers", "written_qualifier"]


class WrittenQualifier(NamedTuple):
    """A qualifier as a criterion writes it around a mention."""

    # The qualifier's word and the words that stand for it, lowered: the note must name one.
    words: tuple[str, ...]
    # The qualifier as the criterion says it, its cue lowered ("due to light", "orthostatic").
    said: str
    # The criterion's words from the mention through the qualifier, lowered
    # ("hypotension requiring vasopressors").
    written: str


def unread_qualifiers() -> list[UnreadQualifier]:
    """The qualifiers, in the order they are checked."""
    return load_screening_rules().unread_qualifiers


def written_qualifier(
    qualifier: UnreadQualifier, criterion_text: str, span: tuple[int, int]
) -> WrittenQualifier | None:
    """The qualifier written around the mention at ``span`` of the criterion, None if none."""
    if qualifier.place == "before":
        found = _pattern(qualifier).search(criterion_text[: span[0]])
        if found is None:
            return None
        said = found["word"].lower()
        written = criterion_text[found.start() : span[1]]
    else:
        found = _pattern(qualifier).match(criterion_text, span[1])
        if found is None:
            return None
        said = f"{found['cue'].lower()} {found['word']}{found['rest']}".rstrip()
        written = criterion_text[span[0] : found.end()]
    word = found["word"].lower()
    synonyms = screening_synonyms(qualifier.synonyms) if qualifier.synonyms else {}
    return WrittenQualifier(
        (word, *synonyms.get(word, ())), said, " ".join(written.lower().split())
    )


@functools.cache
def _pattern(qualifier: UnreadQualifier) -> re.Pattern[str]:
    """Before: a cue right before a mention, itself the word ("orthostatic"). After: a cue up
    to two words after a mention ("seizure disorders due to light"), the word after it past
    a skipped word ("multiple vasopressors") and no linking word ("required for"), which the
    note must name, and a few more words, for the reason: up to a bracket, comma or "or"."""
    cues = phrase_alternation(screening_phrases(qualifier.cues))
    if qualifier.place == "before":
        return re.compile(rf"(?<![\w-])(?P<word>{cues})\s+$", re.IGNORECASE)
    skipped = phrase_alternation(qualifier.skipped_words)
    linking = phrase_alternation(qualifier.linking_words)
    return re.compile(
        rf"(?:\s+[\w-]+){{0,2}}?\s+(?P<cue>{cues})\s+"
        + (rf"(?:(?:{skipped})\s+)?" if skipped else "")
        + (rf"(?!(?:{linking})\b)" if linking else "")
        + r"(?P<word>[^\W\d_][\w'-]*)(?P<rest>(?:\s+(?!or\b|and\b)[\w'-]+){0,4})",
        re.IGNORECASE,
    )
