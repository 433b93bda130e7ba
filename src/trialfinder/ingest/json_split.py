"""Split a JSON array or object into its members' raw bytes without recursing.

msgspec decodes (and even skips) nested values recursively, so one value
nested 100,000 deep raises ``RecursionError`` for the whole document: a
search page or array holding one such study would lose all its good studies.
This scanner only counts brackets outside strings, so depth costs nothing; it
is the fallback when a whole-document decode fails, and each member it returns
is then decoded (and judged) on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["NotSplittable", "split_array", "split_object"]

# A string (escapes included, any bytes) or one structural character.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]', re.DOTALL)
_OPENERS = frozenset(b"[{")
_CLOSERS = frozenset(b"]}")


class NotSplittable(ValueError):
    """The bytes are not one well-formed top-level array (or object)."""


def _members(data: bytes, opener: bytes) -> Iterator[tuple[int, int, int | None]]:
    """(start, end, colon) of each top-level member between ``opener`` and its closer."""
    start = len(data) - len(data.lstrip())
    if data[start : start + 1] != opener:
        raise NotSplittable(f"does not start with {opener.decode()!r}")
    depth = 0
    member_start = start + 1
    colon: int | None = None
    for token in _TOKEN.finditer(data, start):
        first = token.group()[0]
        if first in _OPENERS:
            depth += 1
        elif first in _CLOSERS:
            depth -= 1
            if depth == 0:
                if data[member_start : token.start()].strip():
                    yield member_start, token.start(), colon
                if data[token.end() :].strip():
                    raise NotSplittable("trailing characters after the document")
                return
        elif depth == 1 and first == ord(","):
            yield member_start, token.start(), colon
            member_start, colon = token.end(), None
        elif depth == 1 and first == ord(":") and colon is None:
            colon = token.start()
    raise NotSplittable("the document is truncated")


def split_array(data: bytes) -> list[bytes]:
    """The raw bytes of each element of the top-level JSON array ``data``."""
    return [data[start:end].strip() for start, end, _ in _members(data, b"[")]


def split_object(data: bytes) -> dict[bytes, bytes]:
    """The raw value of each member of the top-level JSON object ``data``, by raw key
    (the key's JSON text without its quotes; the last of repeated keys wins)."""
    members: dict[bytes, bytes] = {}
    for start, end, colon in _members(data, b"{"):
        if colon is None:
            raise NotSplittable("an object member has no ':'")
        key = data[start:colon].strip()
        if len(key) < 2 or key[:1] != b'"' or key[-1:] != b'"':
            raise NotSplittable("an object key is not a string")
        members[key[1:-1]] = data[colon + 1 : end].strip()
    return members
