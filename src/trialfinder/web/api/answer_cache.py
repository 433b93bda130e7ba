"""API answers kept per process and revalidated with ETags, as the search pages are.

Clients page through results, dashboards ask the same questions every minute and
many users ask the common ones. An answer under ``/api/v2/studies`` (a page of
studies, one study, the data model) depends only on the request's path and
parameters, the store's data generation (:meth:`trialfinder.store.Store.data_generation`:
every ingest, sync or index catch-up moves it) and this build of trialfinder. So
:class:`AnswerCacheMiddleware` answers a question asked before from memory, on the
event loop, before routing: no parameter validation (the kept answer passed it), no
worker thread, no search, no record read; and a request whose ``If-None-Match``
names the current answer's ETag gets a 304 before anything is read.

The rules are the search pages' (:mod:`trialfinder.web.page_cache`): the data
generation is read before the answer is made and again when it is sent, and an
answer whose data moved meanwhile is sent as it is, neither kept nor tagged; the
first lookup under a new generation drops every older answer. Only whole JSON
answers of status 200 are kept (errors carry another status; a streamed page of
more than a hundred studies is megabytes), at most ``Settings.api_cache_megabytes``
of them per process. On PostgreSQL the generation is the database's write counter,
so every web node retires its answers when a write reaches the database it reads;
a store that cannot tell its generation (None) has nothing cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trialfinder import __version__
from trialfinder.store import Store
from trialfinder.web.page_cache import PageCache, PageKey, if_none_match, page_etag, page_key

__all__ = [
    "CACHED_PATH",
    "MAX_ANSWERS",
    "AnswerCacheMiddleware",
    "KeptAnswer",
    "answer_cache",
    "answer_from_memory",
    "answer_key",
    "kept_answer",
    "parameters_key",
    "tagging_send",
]

# The answers kept: this path and every path below it.
CACHED_PATH = "/api/v2/studies"
# Answers a process keeps at most, whatever their size (the megabytes bound them too).
MAX_ANSWERS = 4_096

_BUILD = f"api {__version__}"
_JSON = b"application/json"
# Every answer is revalidated: a client may keep it, and asks with its ETag whether
# it still holds. Private: the question may say something about a patient's health.
_REVALIDATE = (b"cache-control", b"private, no-cache")


def answer_cache(megabytes: int) -> PageCache:
    """The cache of at most ``megabytes`` of answers an app keeps (0: none)."""
    return PageCache(MAX_ANSWERS if megabytes > 0 else 0, max_bytes=megabytes * 2**20)


def answer_key(path: str, query_string: bytes) -> PageKey:
    """The path first, then every parameter by name (repeated values in their order),
    so the same question asked with its parameters in another order is one key."""
    return parameters_key(path, QueryParams(query_string))


def parameters_key(path: str, parameters: QueryParams) -> PageKey:
    """:func:`answer_key` of parameters already read from the query string."""
    grouped: dict[str, list[str]] = {}
    for name, value in parameters.multi_items():
        grouped.setdefault(name, []).append(value)
    return (("", (path,)), *page_key({}, grouped))


class KeptAnswer(NamedTuple):
    """Where the answer to one question under one data generation is kept, and the
    headers that tag it: its ETag, and that a client revalidates it."""

    answers: PageCache
    generation: str
    key: PageKey
    tag: list[tuple[bytes, bytes]]


def kept_answer(answers: PageCache, generation: str, key: PageKey) -> KeptAnswer:
    """The place and tag of the answer to ``key`` under ``generation`` in ``answers``."""
    tag = [(b"etag", page_etag(_BUILD, generation, key).encode()), _REVALIDATE]
    return KeptAnswer(answers, generation, key, tag)


async def answer_from_memory(
    scope: Scope, send: Send, kept: KeptAnswer, added: Sequence[tuple[bytes, bytes]] = ()
) -> bool:
    """Sends the 304 a request naming the answer's ETag gets, or the kept answer, with
    its tag and then ``added`` headers; False when neither is sent."""
    if if_none_match(_header(scope, b"if-none-match"), kept.tag[0][1].decode()):
        await _send_whole(send, 304, [*kept.tag, *added], b"")
        return True
    body = kept.answers.get(kept.key, kept.generation)
    if body is None:
        return False
    length = (b"content-length", str(len(body)).encode())
    await _send_whole(send, 200, [(b"content-type", _JSON), length, *kept.tag, *added], body)
    return True


async def _send_whole(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def tagging_send(
    send: Send, store: Store, kept: KeptAnswer, added: Sequence[tuple[bytes, bytes]] = ()
) -> Send:
    """``send`` for the answer made now: a whole JSON answer of status 200 made while the
    data stayed at the kept answer's generation gets its tag and is kept; every answer
    gets ``added``."""
    keep = False

    async def tag_and_keep(message: Message) -> None:
        nonlocal keep
        if message["type"] == "http.response.start":
            headers = message.get("headers", [])
            if message["status"] == 200 and _generation_or_none(store) == kept.generation:
                keep = (b"content-type", _JSON) in headers
                message = {**message, "headers": [*headers, *kept.tag, *added]}
            elif added:
                message = {**message, "headers": [*headers, *added]}
        elif message["type"] == "http.response.body" and keep:
            keep = False  # one whole body or, streamed, none of it
            if not message.get("more_body", False):
                kept.answers.put(kept.key, kept.generation, bytes(message.get("body", b"")))
        await send(message)

    return tag_and_keep


def _generation_or_none(store: Store) -> str | None:
    """The store's data generation now; None when it cannot be read (a database gone
    away after the answer was made): the answer is then sent, neither tagged nor kept."""
    try:
        return store.data_generation()
    except Exception:  # any failure to read it only leaves the answer untagged
        return None


def _is_cached(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET":
        return False
    path: str = scope["path"]
    return path == CACHED_PATH or path.startswith(CACHED_PATH + "/")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class AnswerCacheMiddleware:
    """Answers from ``answers`` (or 304) what was answered before under the data
    generation ``store`` is at; keeps and tags what the app answers now."""

    def __init__(self, app: ASGIApp, answers: PageCache, store: Store) -> None:
        self.app = app
        self.answers = answers
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        generation = self.store.data_generation() if _is_cached(scope) else None
        if generation is None:
            await self.app(scope, receive, send)
            return
        kept = kept_answer(
            self.answers, generation, answer_key(scope["path"], scope["query_string"])
        )
        if not await answer_from_memory(scope, send, kept):
            await self.app(scope, receive, tagging_send(send, self.store, kept))
