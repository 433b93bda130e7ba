""" "Why it matched": a short passage of a trial with the searched words marked.

A title alone rarely says why a study came up for "knee pain" (the match may be a
synonym in the summary, or a keyword); a line of the record with the words marked
lets a reader judge at a glance whether to open it. Parts are plain text plus a
flag, so the page escapes every character and only adds ``<mark>`` itself.
"""

from __future__ import annotations

import functools
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
    pattern: re.Pattern[str]
    # Each phrase's first word in lower case, when all are ASCII: a field of ASCII text
    # holding none of them cannot match, and is passed over without running the pattern.
    first_words: tuple[str, ...] | None


@functools.lru_cache(maxsize=64)
def _marker(phrases: tuple[str, ...]) -> _Marker | None:
    """Each phrase as words at word starts, any spacing or punctuation between, any ending
    (``fracture`` marks "fractures"); longest phrases first so they win over their parts.

    Cached: every hit of a results page asks for the same phrases, and building the
    pattern (sorting, escaping, compiling up to 64 alternatives) cost more than using it.
    """
    unique = sorted({phrase for phrase in phrases if phrase.strip()}, key=len, reverse=True)
    alternatives = [
        r"[\W_]+".join(re.escape(word) for word in phrase.split())
        for phrase in unique[:_MAX_PHRASES]
    ]
    if not alternatives:
        return None
    first_words = {phrase.split()[0] for phrase in unique[:_MAX_PHRASES]}
    # Every alternative starts with its first word's first letter: a look-ahead for those
    # letters lets the engine pass over other positions without trying each alternative
    # (2-3x faster on a summary; the same matches, as a set under IGNORECASE folds case
    # as the letters themselves do).
    first_letters = "".join(sorted({re.escape(word[0]) for word in first_words}))
    pattern = re.compile(
        rf"(?=[{first_letters}])\b(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE
    )
    ascii_words = all(word.isascii() for word in first_words)
    return _Marker(pattern, tuple(word.lower() for word in first_words) if ascii_words else None)


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
    pattern, first_words = marker
    best: tuple[int, str, str, int] | None = None
    for name, stored in _fields(trial):
        if first_words is not None and stored.isascii():
            # ASCII against ASCII words, IGNORECASE is lower-casing: no first word, no match.
            lowered = stored.lower()
            if not any(word in lowered for word in first_words):
                continue
        text = " ".join(stored.split())
        found = list(pattern.finditer(text))
        if not found:
            continue
        distinct = len({match.group(0).lower() for match in found})
        if best is None or distinct > best[0]:
            best = (distinct, name, text, found[0].start())
    if best is None:
        return None
    _, name, text, first = best
    start, end = _window(text, first)
    parts: list[SnippetPart] = []
    if start:
        parts.append(SnippetPart("…", False))
    cursor = start
    for match in pattern.finditer(text, start, end):
        if match.start() > cursor:
            parts.append(SnippetPart(text[cursor : match.start()], False))
        parts.append(SnippetPart(match.group(0), True))
        cursor = match.end()
    if cursor < end:
        parts.append(SnippetPart(text[cursor:end], False))
    if end < len(text):
        parts.append(SnippetPart("…", False))
    return Snippet(name, parts)
