"""Spelling help for query words: "osteoporsis" → "osteoporosis".

A misspelt word finds nothing in the index and, today, the user sees "0 trials" without a hint.
The corrector proposes the nearest known word, where known means a word of the search index
(with its document count, so a frequent word wins over a rare one at the same distance) or of
the medical vocabulary (so a correct medical word the index happens to lack is never "fixed").
An ordinary English word is never corrected either, even when neither knows it: "hardening of
the skin" is not a misspelling of "harding" (the English list is the frequency dictionary that
ships with symspellpy, SymSpell's own, MIT; it only says what is a word, never what to suggest).

The edit-distance index is symspellpy (SymSpell's symmetric-delete algorithm): a lookup is a few
dictionary probes instead of a scan of every word, well under a millisecond, which a hand-written
Levenshtein scan over 60,000+ words is not. The word list is passed in, not read here, because
the index words belong to the store and search layers above; the caller builds one corrector per
index generation and keeps it.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import NamedTuple

import msgspec
from symspellpy import SymSpell, Verbosity
from symspellpy.editdistance import DistanceAlgorithm, EditDistance

from trialfinder.vocabulary import (
    american_spelling,
    english_words,
    load_vocabulary,
    normalize_phrase,
)

__all__ = [
    "LONG_WORD_LENGTH",
    "MAX_EDIT_DISTANCE",
    "MIN_WORD_LENGTH",
    "CorrectedQuery",
    "Correction",
    "IndexCoOccurrences",
    "IndexFrequencies",
    "IndexNameWords",
    "SpellingCorrector",
    "english_words",
    "everyday_words",
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
# A known word this long or longer may be a slip for another in its context (see
# SpellingCorrector._real_word_corrections); shorter ones are abbreviations or everyday words.
_MIN_CONTEXT_WORD = 5
# With an index to ask, at most this many candidates (the vocabulary's commonest) are
# looked up there per edit distance.
_INDEX_CANDIDATES = 64
# A correction runs on the words typed beside it when trials hold it with at least this many
# of them (and with most of them): one shared word is too often a common one.
_CONFIRMING_WORDS = 2

IndexFrequencies = Callable[[Sequence[str]], Mapping[str, int]]
"""How many trials of the searched index hold each word (0: the index lacks it)."""

IndexNameWords = Callable[[str], Mapping[str, int]]
"""The words of the searched index's condition and intervention names (as it keeps them) that
begin with a prefix, with how many trials hold each."""

# A candidate from the index's names begins with as many letters as the typed word: the
# drug and disease names MeSH lacks are rarely misspelt in their first letters ("selinexer",
# "saroglitizar"), and the prefix keeps the index's answer to a few words.
_NAME_PREFIX = 4

IndexCoOccurrences = Callable[[Sequence[str], Sequence[str]], Mapping[str, int]]
"""How many trials of the searched index hold each of the first words together with every one
of the second (0: none)."""


class _Context(NamedTuple):
    """For candidate spellings of a typed word: how many of the query's other words (those the
    index holds) some trial holds with each candidate (``shared``), and the same counted over
    the other words that are not everyday English (``telling``), out of how many of those there
    are (``telling_words``)."""

    shared: Mapping[str, int]
    telling: Mapping[str, int]
    telling_words: int

    def confirms(self, chosen: str, candidates: Sequence[str]) -> bool:
        """Whether trials hold the chosen spelling with most of the other words that are not
        everyday English, at least two, and with more of them than any other candidate: the
        words typed beside it say it is meant ("molars" beside "root canal surgery";
        "luspatercept" beside "anaemia" and "transfusions"), so the correction runs rather
        than only being offered. Everyday words confirm nothing: "meds" is one edit from
        "mens", which trials hold with "come" and "down" of "BP won't come down despite 3
        meds"."""
        held = self.telling.get(chosen, 0)
        return (
            held >= _CONFIRMING_WORDS
            and 2 * held > self.telling_words
            and all(self.telling.get(other, 0) < held for other in candidates if other != chosen)
        )


class Correction(msgspec.Struct, frozen=True):
    """One corrected word: what was typed, what is proposed, how many edits apart, whether the
    proposed word makes a disease name with the words typed beside it ("chrons disease"), and
    whether the query's other words confirm it (``confirmed_by_context``: trials hold it with
    most of them, at least two, and with more of them than any other near spelling: "molars"
    beside "root canal surgery"), and whether it is a word of the index's condition and
    intervention names (``from_trial_names``: "ridaforolimous" is ridaforolimus, a drug
    MeSH lacks)."""

    word: str
    suggestion: str
    distance: int
    names_a_disease: bool = False
    confirmed_by_context: bool = False
    from_trial_names: bool = False


class CorrectedQuery(msgspec.Struct, frozen=True):
    """A query with its unknown words corrected; ``corrections`` is empty when nothing changed."""

    original: str
    corrected: str
    corrections: tuple[Correction, ...]

    @property
    def sure(self) -> bool:
        """Whether every correction is sure enough to run: it makes a disease name with the
        words typed beside it, the query's other words confirm it, or it is a word of the
        trials' condition and intervention names for a word no trial holds and neither
        English nor the vocabulary knows (a drug or disease name, a few letters off, that
        shares its first letters)."""
        return bool(self.corrections) and all(
            correction.names_a_disease
            or correction.confirmed_by_context
            or correction.from_trial_names
            for correction in self.corrections
        )


class SpellingCorrector:
    """Nearest known word for an unknown one, over a fixed word list."""

    def __init__(self, word_counts: Mapping[str, int]) -> None:
        """word_counts: every known word with a count (index document frequency, or 1)."""
        self._known = frozenset(word_counts) | english_words()
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

    def correct_word(
        self,
        word: str,
        index_frequencies: IndexFrequencies | None = None,
        together: Callable[[Sequence[str]], _Context] | None = None,
        index_name_words: IndexNameWords | None = None,
    ) -> Correction | None:
        """The nearest known word for an unknown one, or None when it is known or nothing is near.

        Without ``index_frequencies`` the most frequent word at the smallest distance wins
        (SymSpell's order). With them, a word the index holds is known whatever the word
        list says, and a correction must be a word the index holds, the one most trials
        hold at the smallest distance: a search corrects only towards words that find
        something ("hardening" is never "fixed" into a word no trial uses). ``together``
        counts, for each candidate, the query's other words some trial holds with it: among
        candidates at the smallest distance, the one sharing trials with most of them wins
        ("molers" beside "root canal" is molars, not moles); when none shares a trial with
        any, or for candidates sharing as many, the closest spelling, then the commonest. The
        correction says whether those words confirm it (:meth:`_Context.confirms`). With
        ``index_name_words``, a word of six letters or more that no word of the list holds by
        trials comes near is also compared with the words of the index's condition and
        intervention names that begin as it does: the new drugs MeSH lacks ("ridaforolimous"
        is ridaforolimus, "saroglitizar" saroglitazar), nearest first, then the closest in
        letters, then the one more trials hold.
        """
        normalised = normalize_phrase(word)
        if not _correctable(normalised) or normalised in self._known:
            return None
        if index_frequencies is not None and index_frequencies([normalised]).get(normalised):
            return None
        allowed = MAX_EDIT_DISTANCE if len(normalised) >= LONG_WORD_LENGTH else 1
        suggestions = self._index.lookup(normalised, Verbosity.ALL, max_edit_distance=allowed)
        for distance in sorted({int(item.distance) for item in suggestions}):
            nearest = sorted(
                (item for item in suggestions if item.distance == distance),
                key=lambda item: (-int(item.count), str(item.term)),
            )
            terms = [str(item.term) for item in nearest[:_INDEX_CANDIDATES]]
            context = None
            if index_frequencies is not None:
                # At one edit distance the closest spelling wins ("glocoma" is glaucoma
                # rather than glioma), then the word more trials hold.
                held = index_frequencies(terms)
                terms = sorted(
                    (term for term in terms if held.get(term, 0) > 0),
                    key=lambda term: (-_similarity(normalised, term), -held[term]),
                )
                if terms and together is not None:
                    context = together(terms)
                    if len(terms) > 1 and any(context.shared.values()):
                        terms.sort(key=lambda term: -context.shared.get(term, 0))
            if terms:
                return Correction(
                    word=word,
                    suggestion=terms[0],
                    distance=distance,
                    confirmed_by_context=context is not None and context.confirms(terms[0], terms),
                    from_trial_names=index_name_words is not None
                    and _a_name_trials_hold(normalised, terms[0], index_name_words),
                )
        if index_name_words is None or len(normalised) < LONG_WORD_LENGTH:
            return None
        return _from_the_index_names(word, normalised, allowed, index_name_words, together)

    def correct_query(
        self,
        text: str,
        index_frequencies: IndexFrequencies | None = None,
        index_co_occurrences: IndexCoOccurrences | None = None,
        index_name_words: IndexNameWords | None = None,
    ) -> CorrectedQuery:
        """The query with every unknown word replaced by its correction, other words as typed.

        With ``index_co_occurrences``, a word with several near spellings is corrected to the
        one trials hold with the query's other words; with ``index_name_words``, the words of
        the index's condition and intervention names are candidates too (see
        :meth:`correct_word`)."""
        corrections: list[Correction] = []
        tokens = [normalize_phrase(token) for token in _TOKEN.findall(text)]
        positions = iter(range(len(tokens)))
        together = (
            None
            if index_frequencies is None or index_co_occurrences is None
            else _with_the_other_words(tokens, index_frequencies, index_co_occurrences)
        )

        def replace(match: re.Match[str]) -> str:
            position = next(positions)
            correction = self._in_a_disease_name(
                tokens, position, match.group(), index_frequencies
            ) or self.correct_word(
                match.group(),
                index_frequencies,
                None if together is None else functools.partial(together, tokens[position]),
                index_name_words,
            )
            if correction is None:
                return match.group()
            corrections.append(correction)
            return correction.suggestion

        corrected = _TOKEN.sub(replace, text)
        in_context = self._real_word_corrections(corrected, index_frequencies)
        if in_context:
            tokens = _TOKEN.findall(corrected)
            for position, correction in in_context:
                tokens[position] = correction.suggestion
            corrected = " ".join(tokens)
            corrections.extend(correction for _, correction in in_context)
        return CorrectedQuery(original=text, corrected=corrected, corrections=tuple(corrections))

    def _in_a_disease_name(
        self,
        tokens: Sequence[str],
        position: int,
        word: str,
        index_frequencies: IndexFrequencies | None,
    ) -> Correction | None:
        """The spelling of an unknown word that makes a disease name with the words beside
        it ("chrons disease" → "crohns disease"), or None when no near spelling does.

        Alone, the nearest spelling trials hold wins, and for a letter moved ("chrons") that
        can be a word no disease is named by ("chorions"); the words typed beside it say which
        was meant, as they do for a real word typed for another (:meth:`_real_word_corrections`).
        The spellings are tried nearest first, then closest in letters; the phrase is read by
        the vocabulary, so the word need not be one the index holds (trials hold "crohn" of
        "Crohn's"), and a search runs the correction only when it finds trials.
        """
        normalised = tokens[position]
        if len(tokens) < 2 or not _correctable(normalised) or normalised in self._known:
            return None
        if index_frequencies is not None and index_frequencies([normalised]).get(normalised):
            return None
        allowed = MAX_EDIT_DISTANCE if len(normalised) >= LONG_WORD_LENGTH else 1
        suggestions = sorted(
            self._index.lookup(normalised, Verbosity.ALL, max_edit_distance=allowed),
            key=lambda item: (int(item.distance), -_similarity(normalised, str(item.term))),
        )
        vocabulary = load_vocabulary()
        for item in suggestions[:_INDEX_CANDIDATES]:
            for start, end in _windows(position, len(tokens)):
                window = [*tokens[start:position], str(item.term), *tokens[position + 1 : end]]
                if any(" " in part or not part for part in window):
                    continue
                if any(
                    reading.concept.names_a_disease()
                    for reading in vocabulary.lookup(" ".join(window))
                ):
                    return Correction(
                        word=word,
                        suggestion=str(item.term),
                        distance=item.distance,
                        names_a_disease=True,
                    )
        return None

    def _real_word_corrections(
        self, text: str, index_frequencies: IndexFrequencies | None
    ) -> list[tuple[int, Correction]]:
        """Known words that are slips in their context ("prostrate cancer" → "prostate"), with
        the position of their token in ``text``.

        The word-by-word pass above never touches a word that is English or medical, yet
        "prostrate" (for prostate), "hearth" (heart) and "colony" (colon) are such words,
        typed for another. Only the words around one show it: a phrase of two or three words the
        vocabulary does not know, which becomes a term naming a disease or mental disorder
        when that word loses one letter or two of its neighbouring letters swap. Deletions
        and swaps only (the commonest slips, about twice a word's letters in variants), on
        words of :data:`_MIN_CONTEXT_WORD` letters or more; with an index, the new word must be
        one it holds, like every correction of a search.
        """
        vocabulary = load_vocabulary()
        tokens = [normalize_phrase(token) for token in _TOKEN.findall(text)]
        found: list[tuple[int, Correction]] = []
        changed: set[int] = set()
        for position, word in enumerate(tokens):
            if len(word) < _MIN_CONTEXT_WORD or not word.isalpha() or not word.isascii():
                continue
            for start, end in _windows(position, len(tokens)):
                if changed.intersection(range(start, end)):
                    continue
                window = tokens[start:end]
                if any(" " in part or not part for part in window) or vocabulary.lookup(
                    " ".join(window)
                ):
                    continue
                suggestion = self._disease_variant(window, position - start, index_frequencies)
                if suggestion is not None:
                    found.append(
                        (position, Correction(word=word, suggestion=suggestion, distance=1))
                    )
                    changed.add(position)
                    break
        return found

    @staticmethod
    def _disease_variant(
        window: Sequence[str], at: int, index_frequencies: IndexFrequencies | None
    ) -> str | None:
        """The first one-slip variant of ``window[at]`` that makes the window a disease term."""
        vocabulary = load_vocabulary()
        word = window[at]
        edits = [word[:cut] + word[cut + 1 :] for cut in range(len(word))]
        edits += [
            word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
            for cut in range(len(word) - 1)
            if word[cut] != word[cut + 1]
        ]
        for edit in dict.fromkeys(edits):
            phrase = " ".join([*window[:at], edit, *window[at + 1 :]])
            # ...when the phrase it then makes names a disease or a mental disorder.
            if not any(reading.concept.names_a_disease() for reading in vocabulary.lookup(phrase)):
                continue
            if index_frequencies is None or index_frequencies([edit]).get(edit):
                return edit
        return None


def _from_the_index_names(
    word: str,
    normalised: str,
    allowed: int,
    index_name_words: IndexNameWords,
    together: Callable[[Sequence[str]], _Context] | None,
) -> Correction | None:
    """The nearest word of the index's condition and intervention names that begins as the
    typed word does, within ``allowed`` edits (then the closest in letters, then the one more
    trials hold), or None; the query's other words may confirm it as they do a correction
    from the word list (:meth:`_Context.confirms`)."""
    comparer = EditDistance(DistanceAlgorithm.DAMERAU_OSA)
    near = []
    for term, trials in index_name_words(normalised[:_NAME_PREFIX]).items():
        if term == normalised or not _correctable(term) or trials <= 0:
            continue
        distance = comparer.compare(normalised, term, allowed)
        if distance >= 0:
            near.append((distance, -_similarity(normalised, term), -trials, term))
    if not near:
        return None
    distance, _, _, term = min(near)
    context = together([term]) if together is not None else None
    return Correction(
        word=word,
        suggestion=term,
        distance=distance,
        confirmed_by_context=context is not None and context.confirms(term, [term]),
        from_trial_names=True,
    )


def _a_name_trials_hold(typed: str, suggestion: str, index_name_words: IndexNameWords) -> bool:
    """Whether a word-list correction of a long word is a word of the index's condition and
    intervention names beginning as the typed word does, as sure as one only those names hold
    (:func:`_from_the_index_names`): "daratumamab" is daratumumab, a drug MeSH knows and trials
    name, and "asciminb" asciminib. A British spelling is no misspelling of its American form
    ("tumour" is tumor written the British way, :func:`american_spelling`)."""
    return (
        len(typed) >= LONG_WORD_LENGTH
        and suggestion.startswith(typed[:_NAME_PREFIX])
        and american_spelling(typed) != suggestion
        and index_name_words(typed[:_NAME_PREFIX]).get(suggestion, 0) > 0
    )


def _with_the_other_words(
    tokens: Sequence[str],
    index_frequencies: IndexFrequencies,
    index_co_occurrences: IndexCoOccurrences,
) -> Callable[[str, Sequence[str]], _Context]:
    """For a typed word and its candidate spellings, how many of the query's other words some
    trial holds with each candidate (the other words: those the index holds, of letters only and
    as long as a corrected word can be; a trial need not hold them all, as a query's words
    rarely all stand in one record), and the same over those that are not everyday English
    (:class:`_Context`). Nothing to count when there is no such word; the index is asked only
    when a word is corrected."""

    @functools.cache
    def held() -> frozenset[str]:
        words = [token for token in dict.fromkeys(tokens) if _correctable(token)]
        frequencies = index_frequencies(words) if words else {}
        return frozenset(word for word in words if frequencies.get(word, 0) > 0)

    def together(typed: str, candidates: Sequence[str]) -> _Context:
        shared = dict.fromkeys(candidates, 0)
        telling = dict.fromkeys(candidates, 0)
        others = sorted(held() - {typed})
        everyday = everyday_words()
        for other in others:
            for candidate, trials in index_co_occurrences(candidates, [other]).items():
                shared[candidate] += trials > 0
                telling[candidate] += trials > 0 and other not in everyday
        return _Context(shared, telling, sum(other not in everyday for other in others))

    return together


def _windows(position: int, count: int) -> list[tuple[int, int]]:
    """The spans of two, then three, neighbouring tokens that hold ``position``."""
    spans = [(position - 1, position + 1), (position, position + 2)]
    spans += [(position - 2, position + 1), (position - 1, position + 2), (position, position + 3)]
    return [(start, end) for start, end in spans if start >= 0 and end <= count]


def _similarity(typed: str, candidate: str) -> float:
    """Share of letters the two spellings have in common, in order (difflib's ratio)."""
    return difflib.SequenceMatcher(None, typed, candidate, autojunk=False).ratio()


EVERYDAY_WORDS = 1000
"""How many of the frequency dictionary's most frequent words count as everyday words."""


@functools.cache
def everyday_words() -> frozenset[str]:
    """The most frequent English words of symspellpy's frequency dictionary (it is ordered by
    frequency, Google Books n-grams): "all", "does", "set", "man" — words a person types as
    words, which a lowercase abbreviation of the same letters ("ALL", "DOES") is not."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    lines = text.read_text("utf-8").splitlines()[:EVERYDAY_WORDS]
    return frozenset(line.split(" ", 1)[0] for line in lines)


def _correctable(word: str) -> bool:
    """Long enough, a single word, and letters only: numbers, codes and doses are never fixed."""
    return len(word) >= MIN_WORD_LENGTH and word.isalpha() and word.isascii()
