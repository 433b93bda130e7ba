"""Page tokens: an opaque, signed token names the page of one query's results it points at.

A token carries the query's fingerprint, so a token from another search is
refused rather than silently showing an unrelated page. It is signed (HMAC-SHA256)
with a secret of the store it came from, kept in the store's state table and
created on first use, so a token cannot be forged (an offset of 2^63 − 1 once
made the index panic) nor carried to another store: every bad token is a
:class:`QueryError` naming ``page_token``, answered as a 400 on every face.

The offset is read in two steps because a query is validated before a store is
at hand: :func:`decode_page_token` without a key checks the shape, the bounds
and the query (``build_query``); :func:`search` checks the signature with the
store's key before running the query, which carries its token for that.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import weakref

import msgspec

from trialfinder.search.query import QueryError, SearchQuery
from trialfinder.store import Store

__all__ = [
    "MAX_PAGE_OFFSET",
    "PAGE_TOKEN_SECRET_STATE",
    "decode_page_token",
    "encode_page_token",
    "next_page_token",
    "page_token_key",
]

# The store's state setting holding the signing secret (hex).
PAGE_TOKEN_SECRET_STATE = "page_token_secret"
# Far beyond any registry copy (ClinicalTrials.gov holds about 550,000 studies); a
# token pointing further is refused before any index sees the number.
MAX_PAGE_OFFSET = 10_000_000
# A token is about 60 characters; anything much longer is not one.
_MAX_TOKEN_CHARS = 512
_SIGNATURE_BYTES = 16

_keys: weakref.WeakKeyDictionary[Store, bytes] = weakref.WeakKeyDictionary()
_keys_lock = threading.Lock()


class _PageToken(msgspec.Struct, frozen=True):
    query: str
    offset: int


def page_token_key(store: Store) -> bytes:
    """The store's token-signing secret, created (and kept in its state table) on first use."""
    with _keys_lock:
        key = _keys.get(store)
        if key is None:
            secret = store.get_state(PAGE_TOKEN_SECRET_STATE)
            if secret is None:
                # Web nodes starting together each make one: the first stored wins for
                # all, so a next-page link works on whichever node answers it.
                secret = store.setdefault_state(PAGE_TOKEN_SECRET_STATE, secrets.token_hex(32))
            key = _keys[store] = bytes.fromhex(secret)
        return key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def encode_page_token(query: SearchQuery, offset: int, key: bytes) -> str:
    """An opaque token for the page starting at ``offset`` of this query's results,
    signed with the store's ``key`` (:func:`page_token_key`)."""
    payload = msgspec.json.encode(_PageToken(query=query.fingerprint(), offset=offset))
    return f"{_b64(payload)}.{_b64(_signature(key, payload))}"


def decode_page_token(token: str, query: SearchQuery, key: bytes | None = None) -> int:
    """The offset a token points at; QueryError if it is malformed, out of bounds, from
    another query or (with the store's ``key``) not signed by that store."""
    not_a_token = QueryError("page_token", "not a page token from this search")
    text = token.strip()
    if len(text) > _MAX_TOKEN_CHARS or text.count(".") != 1:
        raise not_a_token
    encoded_payload, encoded_signature = text.split(".")
    try:
        payload = _unb64(encoded_payload)
        signature = _unb64(encoded_signature)
        decoded = msgspec.json.decode(payload, type=_PageToken)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise not_a_token from None
    if not 0 <= decoded.offset <= MAX_PAGE_OFFSET:
        raise not_a_token
    if key is not None and not hmac.compare_digest(signature, _signature(key, payload)):
        raise QueryError(
            "page_token", "this page token was not issued by this registry copy; start again"
        )
    if decoded.query != query.fingerprint():
        raise QueryError(
            "page_token", "this page token belongs to a different search; start from page one"
        )
    return decoded.offset


def next_page_token(query: SearchQuery, total: int, shown: int, key: bytes) -> str | None:
    """The token of the page after one showing ``shown`` of ``total`` matches, if any."""
    end = query.offset + shown
    return encode_page_token(query, end, key) if shown and end < total else None
