"""Page tokens: an opaque token names the page of one query's results it points at.

A token carries the query's fingerprint, so a token from another search is
refused rather than silently showing an unrelated page.
"""

from __future__ import annotations

import base64
import binascii

import msgspec

from trialfinder.search.query import QueryError, SearchQuery

__all__ = ["decode_page_token", "encode_page_token", "next_page_token"]


class _PageToken(msgspec.Struct, frozen=True):
    query: str
    offset: int


def encode_page_token(query: SearchQuery, offset: int) -> str:
    """An opaque token for the page starting at ``offset`` of this query's results."""
    payload = msgspec.json.encode(_PageToken(query=query.fingerprint(), offset=offset))
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_page_token(token: str, query: SearchQuery) -> int:
    """The offset a token points at; QueryError if it is malformed or from another query."""
    try:
        padded = token.strip() + "=" * (-len(token.strip()) % 4)
        decoded = msgspec.json.decode(base64.urlsafe_b64decode(padded), type=_PageToken)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise QueryError("page_token", "not a page token from this search") from None
    if decoded.query != query.fingerprint():
        raise QueryError(
            "page_token", "this page token belongs to a different search; start from page one"
        )
    if decoded.offset < 0:
        raise QueryError("page_token", "not a page token from this search")
    return decoded.offset


def next_page_token(query: SearchQuery, total: int, shown: int) -> str | None:
    """The token of the page after one showing ``shown`` of ``total`` matches, if any."""
    end = query.offset + shown
    return encode_page_token(query, end) if shown and end < total else None
