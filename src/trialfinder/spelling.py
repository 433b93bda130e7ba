"""Spelling help for query words: "osteoporsis" → "osteoporosis".

A misspelt word finds nothing in the index and, today, the user sees "0 trials" without a hint.
The corrector proposes the nearest known word, where known means a word of the search index
(with its document count, so a frequent word wins over a rare one at the same distance) or of
the medical vocabulary (so a correct medical word the index happens to lack is never "fixed").

The edit-distance index is symspellpy (SymSpell's symmetric-delete algorithm): a lookup is a few
dictionary probes instead of a scan of every word, well under a millisecond, which a hand-written
Levenshtein scan over 60,000+ words is not. The word list is passed in, not read here, because
the index words belong to the store and search layers above; the caller builds one corrector per
index generation and keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import msgspec
from symspellpy import SymSpell, Verbosity

from trialfinder.vocabulary import normalize_phrase

__all__ = [
    "LONG_WORD_LENGTH",
    "MAX_EDIT_DISTANCE",
    "MIN_WORD_LENGTH",
    "CorrectedQuery",
    "Correction",
    "SpellingCorrector",
]

MIN_WORD_LENGTH = 4
"""Shorter words are left alone: they are mostly abbreviations ("ckd", "af") or gene names whose
one-letter neighbours are other real abbreviations."""

MAX_EDIT_DISTANCE = 2
LONG_WORD_LENGTH = 6
"""Words shorter than this get at most one edit: two edits on a five-letter word reach too many
unrelated words."""

# The corrector's own "prefix length": SymSpell indexes deletes of each word's first letters
# only. 5 keeps the index about ten times smaller than the default 7 for the same answers on
# medical words, whose misspellings are rarely all in the first five letters.
_PREFIX_LENGTH = 5
_TOKEN = re.compile(r"\S+")


class Correction(msgspec.Struct, frozen=True):
    """One corrected word: what was typed, what is proposed, and how many edits apart."""

    word: str
    suggestion: str
    distance: int


class CorrectedQuery(msgspec.Struct, frozen=True):
    """A query with its unknown words corrected; ``corrections`` is empty when nothing changed."""

    original: str
    corrected: str
    corrections: tuple[Correction, ...]


class SpellingCorrector:
    """Nearest known word for an unknown one, over a fixed word list."""

    def __init__(self, word_counts: Mapping[str, int]) -> None:
        """word_counts: every known word with a count (index document frequency, or 1)."""
        self._known = frozenset(word_counts)
        self._index = SymSpell(
            max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=_PREFIX_LENGTH
        )
        for word, count in word_counts.items():
            if _correctable(word):
                self._index.create_dictionary_entry(word, max(count, 1))

    @classmethod
    def from_words(
        cls, index_word_counts: Mapping[str, int], vocabulary_word_counts: Mapping[str, int]
    ) -> SpellingCorrector:
        """A corrector over the index's words and the vocabulary's words, their counts summed.

        Index counts are document frequencies, so on a real index they dominate and the
        corrector prefers words trials actually use; the vocabulary's counts break ties among
        medical words the index lacks.
        """
        counts = dict(vocabulary_word_counts)
        for word, count in index_word_counts.items():
            counts[word] = counts.get(word, 0) + count
        return cls(counts)

    def is_known(self, word: str) -> bool:
        """Whether the (normalised) word is in the word list as it stands."""
        return normalize_phrase(word) in self._known

    def correct_word(self, word: str) -> Correction | None:
        """The nearest known word for an unknown one, or None when it is known or nothing is near.

        Among words at the smallest distance the most frequent wins (SymSpell's order).
        """
        normalised = normalize_phrase(word)
        if not _correctable(normalised) or normalised in self._known:
            return None
        allowed = MAX_EDIT_DISTANCE if len(normalised) >= LONG_WORD_LENGTH else 1
        suggestions = self._index.lookup(normalised, Verbosity.CLOSEST, max_edit_distance=allowed)
        if not suggestions:
            return None
        best = suggestions[0]
        return Correction(word=word, suggestion=str(best.term), distance=int(best.distance))

    def correct_query(self, text: str) -> CorrectedQuery:
        """The query with every unknown word replaced by its correction, other words as typed."""
        corrections: list[Correction] = []

        def replace(match: re.Match[str]) -> str:
            correction = self.correct_word(match.group())
            if correction is None:
                return match.group()
            corrections.append(correction)
            return correction.suggestion

        corrected = _TOKEN.sub(replace, text)
        return CorrectedQuery(original=text, corrected=corrected, corrections=tuple(corrections))


def _correctable(word: str) -> bool:
    """Long enough, a single word, and letters only: numbers, codes and doses are never fixed."""
    return len(word) >= MIN_WORD_LENGTH and word.isalpha() and word.isascii()
