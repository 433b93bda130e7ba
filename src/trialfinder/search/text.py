"""Text analysis: words, synonyms and stopwords, and which words of a long text matter.

The one word folder of trialfinder's search: the query side, both index
backends (documents, word pairs) and the validation of choices all split and
fold text with :func:`words`, so a word typed by a user and the same word in a
trial compare equal whatever engine is behind the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

import msgspec

__all__ = [
    "COMMON_TERM_SHARE",
    "SHORT_QUERY_GROUPS",
    "TextQuery",
    "Vocabulary",
    "informative_groups",
    "load_vocabulary",
    "parse_text",
    "words",
]

# Text with more groups than this is read as a description (a patient note):
# any of its informative terms may match, instead of all of them.
SHORT_QUERY_GROUPS = 6
# Longer text is cut here: nothing useful for matching comes after 10,000 words.
_MAX_WORDS = 10_000
_WORD = re.compile(r"[^\W_]+")
# A long description keeps at most this many of its rarest terms.
_MAX_DESCRIPTION_GROUPS = 8
# Terms in more than this share of trials say little about which trial is meant.
COMMON_TERM_SHARE = 0.2


def words(text: str) -> list[str]:
    """Lowercase words of letters and digits without accents: what every index and
    every query compare (ASCII text, the usual case, takes a fast path that gives
    the same words)."""
    if text.isascii():
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall("".join(char for char in folded if not unicodedata.combining(char)))


class Vocabulary(msgspec.Struct, frozen=True):
    """The data file ``synonyms.json``: synonym groups and stopwords."""

    version: str
    synonym_groups: list[list[str]]
    stopwords: list[str]
    description: str = ""

    @classmethod
    def from_dict(cls, data: object) -> Vocabulary:
        """Validate the file: phrases must already be in normalised form."""
        vocabulary = msgspec.convert(data, cls)
        for group in vocabulary.synonym_groups:
            if len(group) < 2:
                raise ValueError(f"synonyms.json: a group needs two or more phrases: {group}")
            for phrase in [*group]:
                if " ".join(words(phrase)) != phrase:
                    raise ValueError(f"synonyms.json: {phrase!r} is not lowercase words")
        for word in vocabulary.stopwords:
            if words(word) != [word]:
                raise ValueError(f"synonyms.json: stopword {word!r} is not one lowercase word")
        return vocabulary

    def to_dict(self) -> dict[str, object]:
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]


class _PhraseIndex:
    """Synonym phrases by their words, for longest-match lookup in query text."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        alternatives: dict[tuple[str, ...], set[str]] = {}
        for group in vocabulary.synonym_groups:
            for phrase in group:
                alternatives.setdefault(tuple(phrase.split()), set()).update(group)
        self.alternatives = {
            phrase_words: tuple(sorted(phrases)) for phrase_words, phrases in alternatives.items()
        }
        self.longest = max((len(phrase_words) for phrase_words in alternatives), default=1)
        self.stopwords = frozenset(vocabulary.stopwords)


def load_vocabulary() -> Vocabulary:
    """The synonym and stopword lists shipped with trialfinder."""
    raw = resources.files("trialfinder").joinpath("data", "synonyms.json").read_bytes()
    return Vocabulary.from_dict(msgspec.json.decode(raw))


@cache
def _phrase_index() -> _PhraseIndex:
    return _PhraseIndex(load_vocabulary())


class TextQuery(msgspec.Struct, frozen=True):
    """Analysed user text: each group is a set of alternative phrases (words joined
    by single spaces); ``match_all`` asks for every group, otherwise any group
    may match and the store keeps the most informative ones."""

    groups: tuple[tuple[str, ...], ...] = ()
    match_all: bool = True

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_text(text: str) -> TextQuery:
    """Split text into words, expand synonyms (longest phrase first), drop stopwords."""
    index = _phrase_index()
    text_words = words(text)[:_MAX_WORDS]
    groups: list[tuple[str, ...]] = []
    position = 0
    while position < len(text_words):
        for length in range(min(index.longest, len(text_words) - position), 0, -1):
            key = tuple(text_words[position : position + length])
            found = index.alternatives.get(key)
            if found is not None:
                groups.append(found)
                position += length
                break
        else:
            word = text_words[position]
            if word not in index.stopwords:
                groups.append((word,))
            position += 1
    unique = tuple(dict.fromkeys(groups))
    return TextQuery(groups=unique, match_all=len(unique) <= SHORT_QUERY_GROUPS)


def informative_groups(
    groups: Sequence[tuple[str, ...]],
    frequency: Callable[[tuple[str, ...]], int],
    trials: int,
) -> list[tuple[str, ...]]:
    """The rarest groups present in the index, common ones dropped, at most a few, in
    query order; ``frequency`` is how many of the ``trials`` contain a group.

    A long description ORed word by word would match nearly every trial and make
    the engine score them all; its rare words are what identify the trials meant.
    """
    measured = [(frequency(group), index, group) for index, group in enumerate(groups)]
    present = [item for item in measured if item[0] > 0]
    informative = [item for item in present if item[0] <= trials * COMMON_TERM_SHARE]
    chosen = sorted(informative or present)[:_MAX_DESCRIPTION_GROUPS]
    return [group for _, _, group in sorted(chosen, key=lambda item: item[1])]
