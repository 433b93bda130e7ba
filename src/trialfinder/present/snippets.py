""" "Why it matched": a short passage of a trial with the searched words marked.

A title alone rarely says why a study came up for "knee pain" (the match may be a
synonym in the summary, or a keyword); a line of the record with the words marked
lets a reader judge at a glance whether to open it. Parts are plain text plus a
flag, so the page escapes every character and only adds ``<mark>`` itself.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterable
from typing import NamedTuple

import msgspec

from trialfinder.model import Trial

__all__ = ["Snippet", "SnippetPart", "SnippetText", "why_matched"]

_CONTEXT_BEFORE = 60
_WINDOW = 220
_MAX_PHRASES = 64


class SnippetPart(NamedTuple):
    text: str
    matched: bool


class Snippet(NamedTuple):
    """Where the words were found ("summary", "conditions", ...) and the marked passage."""

    field: str
    parts: list[SnippetPart]


class _Named(msgspec.Struct, frozen=True):
    name: str


class SnippetText(msgspec.Struct, frozen=True):
    """The fields of a trial a snippet reads, named as :class:`Trial` names them, so a
    store can decode just these from a record (``Store.get_trial_parts``): a results
    page decoding its hits' whole records spent most of its time building sites,
    criteria and outcomes it never shows."""

    nct_id: str
    conditions: list[str] = []
    keywords: list[str] = []
    brief_summary: str | None = None
    interventions: list[_Named] = []
    official_title: str | None = None
    detailed_description: str | None = None


def _fields(trial: Trial | SnippetText) -> list[tuple[str, str]]:
    """The searchable text a reader cannot see in the result already, in reading order
    (as stored: :func:`why_matched` collapses the spacing of the fields it reads)."""
    fields = (
        ("conditions", ", ".join(trial.conditions)),
        ("keywords", ", ".join(trial.keywords)),
        ("summary", trial.brief_summary or ""),
        ("treatments", ", ".join(intervention.name for intervention in trial.interventions)),
        ("official title", trial.official_title or ""),
        ("description", trial.detailed_description or ""),
    )
    return [(name, text) for name, text in fields if text.strip()]


class _Marker(NamedTuple):
    # The IGNORECASE pattern's source: compiled when a field first needs it (:meth:`pattern`).
    source: str
    # When every phrase is ASCII: the pattern in lower case, without IGNORECASE, run on
    # an ASCII field lower-cased (the same spans, ~2x faster), and the phrases' distinct
    # first words in lower case, none starting with another (every match starts with one:
    # see :func:`_lowered_matches`).
    lowered: re.Pattern[str] | None
    first_words: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        """The pattern matching the phrases in any case. With ASCII phrases only fields that
        cannot be lower-cased safely need it (~1 % of fields): compiling it for every new
        question (~0.7 ms of the ~1.8 ms its two patterns take) was the largest part of
        the first page of a question. ``re`` keeps what it compiled."""
        return re.compile(self.source, re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _marker(phrases: tuple[str, ...]) -> _Marker | None:
    """Each phrase as words at word starts, any spacing or punctuation between, any ending
    (``fracture`` marks "fractures"); longest phrases first so they win over their parts.

    Cached: every hit of a results page asks for the same phrases, and building the
    pattern (sorting, escaping, compiling up to 64 alternatives) cost more than using it.
    """
    unique = sorted({phrase for phrase in phrases if phrase.strip()}, key=len, reverse=True)
    alternatives = [_alternative(phrase) for phrase in unique[:_MAX_PHRASES]]
    if not alternatives:
        return None
    first_words = {phrase.split()[0] for phrase in unique[:_MAX_PHRASES]}
    # Every alternative starts with its first word's first letter: a look-ahead for those
    # letters lets the engine pass over other positions without trying each alternative
    # (2-3x faster on a summary; the same matches, as a set under IGNORECASE folds case
    # as the letters themselves do).
    first_letters = "".join(sorted({re.escape(word[0]) for word in first_words}))
    source = _any_of(first_letters, alternatives)
    if not all(phrase.isascii() for phrase in unique[:_MAX_PHRASES]):
        return _Marker(source, None, ())
    # ASCII letters fold to their lower case and nothing else: the lower-cased pattern
    # on lower-cased ASCII text matches exactly where the pattern matches the text.
    lowered = [phrase.lower() for phrase in unique[:_MAX_PHRASES]]
    case_sensitive = re.compile(
        _any_of(first_letters.lower(), [_alternative(phrase) for phrase in lowered])
    )
    return _Marker(
        source, case_sensitive, _shortest_prefixes({phrase.split()[0] for phrase in lowered})
    )


def _shortest_prefixes(words: set[str]) -> tuple[str, ...]:
    """The words that do not start with another of them, sorted: where "cancers" occurs,
    "cancer" occurs at the same place, so looking for "cancer" alone finds every start
    both would (a fifth of the phrases' first words on the sample's searches, each one a
    scan of a whole field for :func:`_lowered_matches`)."""
    return tuple(
        sorted(
            word for word in words if not any(word.startswith(other) for other in words - {word})
        )
    )


def _alternative(phrase: str) -> str:
    """A phrase's words, any spacing or punctuation between them."""
    return r"[\W_]+".join(re.escape(word) for word in phrase.split())


def _any_of(first_letters: str, alternatives: list[str]) -> str:
    return rf"(?=[{first_letters}])\b(?:" + "|".join(alternatives) + r")\w*"


# The only characters IGNORECASE matches to an ASCII letter (and the only ones whose
# lower case is ASCII or of another length): checked over every code point.
_FOLDING_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _lowers_as_ascii(text: str) -> bool:
    """Whether the lower-cased pattern on ``text.lower()`` finds what the IGNORECASE one
    finds in ``text``, at the same spans: ASCII letters fold to their lower case, and
    lower-casing any other character but these four keeps it one character, not ASCII,
    and a word character exactly when it was one (so it matches no letter of an ASCII
    phrase either way). A summary with one "≥" or "µ" in it is then matched as fast as
    an ASCII one.

    Each of the four is looked for with ``in``, not a regular expression: CPython answers
    at once for a text stored one byte a character (none of the four fits in one), and
    scans a wider one at C speed (the pattern's search was ~50 instructions a character,
    ~2 % of a cold search page)."""
    return text.isascii() or not any(character in text for character in _FOLDING_TO_ASCII)


def _lowered_matches(
    marker: _Marker, lowered: str, start: int = 0, end: int | None = None
) -> list[re.Match[str]]:
    """What ``marker.lowered.finditer(lowered, start, end)`` gives, found faster: every
    match starts with one of the phrases' first words, written out as it is, so the
    pattern is tried only where ``str.find`` sees one (left to right, past each match, as
    ``finditer`` goes on; the pattern's ``\\b`` still sees the character before).

    Scanning each field with the regular expression was over half of a snippet's cost:
    the words are found at C speed and are rare in most fields."""
    assert marker.lowered is not None
    stop = len(lowered) if end is None else end
    starts: set[int] = set()
    for word in marker.first_words:
        found = lowered.find(word, start, stop)
        while found >= 0:
            starts.add(found)
            found = lowered.find(word, found + 1, stop)
    matches: list[re.Match[str]] = []
    resume = start
    for position in sorted(starts):
        if position < resume:
            continue
        match = marker.lowered.match(lowered, position, stop)
        if match is not None:
            matches.append(match)
            resume = match.end()
    return matches


def _matches(
    marker: _Marker, text: str, lowered: bool, start: int = 0, end: int | None = None
) -> list[re.Match[str]]:
    """The pattern's matches in ``text`` (``lowered``: ``text`` is an ASCII-lowerable field
    lower-cased, matched by the lower-cased pattern)."""
    if lowered:
        return _lowered_matches(marker, text, start, end)
    return list(marker.pattern().finditer(text, start, len(text) if end is None else end))


def _first_match(marker: _Marker, text: str, lowered: bool) -> int:
    """Where the first of :func:`_matches` starts (the field has one: it was matched as
    stored), found without the rest: each first word's next occurrence is kept in a heap
    and the nearest tried, as :func:`_lowered_matches` tries them in order. The chosen
    field is often the longest (a description), and listing every match in it only for
    the first scanned all of it again (with the first-word change, why_matched 0.60 -> 0.53 ms
    a sample page)."""
    if not lowered:
        found = marker.pattern().search(text)
        assert found is not None
        return found.start()
    assert marker.lowered is not None
    nearest = [(at, word) for word in marker.first_words if (at := text.find(word)) >= 0]
    heapq.heapify(nearest)
    while nearest:
        position, word = nearest[0]
        if marker.lowered.match(text, position) is not None:
            return position
        following = text.find(word, position + 1)
        if following >= 0:
            heapq.heapreplace(nearest, (following, word))
        else:
            heapq.heappop(nearest)
    raise AssertionError("the field was matched as stored")


def _window(text: str, first: int) -> tuple[int, int]:
    """A passage of about :data:`_WINDOW` characters starting a little before ``first``,
    cut at spaces."""
    start = max(0, first - _CONTEXT_BEFORE)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + _WINDOW)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    return start, end


def why_matched(trial: Trial | SnippetText, phrases: Iterable[str]) -> Snippet | None:
    """The field where most of the searched phrases occur, as a marked passage; None when
    no phrase occurs in it (a match on the title shows by itself)."""
    marker = _marker(tuple(phrases))
    if marker is None:
        return None
    # Fields are matched as stored: collapsing the spacing, as the passage shown does,
    # moves no match, so only the chosen field is collapsed (a match is counted by its
    # words, as it reads once collapsed).
    best: tuple[int, str, str, bool] | None = None
    for name, stored in _fields(trial):
        lowers = marker.lowered is not None and _lowers_as_ascii(stored)
        found = _matches(marker, stored.lower() if lowers else stored, lowers)
        if not found:
            continue
        distinct = len({" ".join(match.group().split()).lower() for match in found})
        if best is None or distinct > best[0]:
            best = (distinct, name, stored, lowers)
    if best is None:
        return None
    _, name, stored, lowers = best
    text = " ".join(stored.split())
    searched = text.lower() if lowers else text
    start, end = _window(text, _first_match(marker, searched, lowers))
    spans = [match.span() for match in _matches(marker, searched, lowers, start, end)]
    return Snippet(name, _passage(text, start, end, spans))


def _passage(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[SnippetPart]:
    """``text[start:end]`` with the matches at ``spans`` marked, "…" where it is cut."""
    parts: list[SnippetPart] = []
    if start:
        parts.append(SnippetPart("…", False))
    cursor = start
    for match_start, match_end in spans:
        if match_start > cursor:
            parts.append(SnippetPart(text[cursor:match_start], False))
        parts.append(SnippetPart(text[match_start:match_end], True))
        cursor = match_end
    if cursor < end:
        parts.append(SnippetPart(text[cursor:end], False))
    if end < len(text):
        parts.append(SnippetPart("…", False))
    return parts
