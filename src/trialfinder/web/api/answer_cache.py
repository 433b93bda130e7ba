"""API answers kept per process and revalidated with ETags, as the search pages are.

Clients page through results, dashboards ask the same questions every minute and
many users ask the common ones. An answer of ``/api/v2/studies`` (or of one study)
depends only on the request's path and parameters, the store's data generation
(:meth:`trialfinder.store.Store.data_generation`: every ingest, sync or index
catch-up moves it) and this build of trialfinder. So a repeated question is
answered from memory on the event loop — no worker thread, no search, no record
read — and a request whose ``If-None-Match`` names the current answer's ETag gets a
304 before anything is read.

The rules are the search pages' (:mod:`trialfinder.web.page_cache`): the
generation is read before and after an answer is made, and an answer whose data
moved meanwhile is sent as it is, neither kept nor tagged; the first lookup under
a new generation drops every older answer. Only whole JSON answers of status 200
are kept (errors raise or carry another status; streamed pages of more than a
hundred studies are megabytes), at most ``Settings.api_cache_megabytes`` of them
per process. PostgreSQL stores have no cheap generation: nothing is cached there.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from trialfinder import __version__
from trialfinder.web.api.answers import request_store
from trialfinder.web.page_cache import PageCache, PageKey, if_none_match, page_etag, page_key

__all__ = ["MAX_ANSWERS", "answer_cache", "answer_key", "cached_answer"]

# Answers a process keeps at most, whatever their size (the megabytes bound them too).
MAX_ANSWERS = 4_096

# Every answer is revalidated: a client may keep it, and asks with its ETag whether
# it still holds. Private: the question may say something about a patient's health.
_REVALIDATE = {"Cache-Control": "private, no-cache"}
_JSON = "application/json"


def answer_cache(megabytes: int) -> PageCache:
    """The cache of at most ``megabytes`` of answers an app keeps (0: none)."""
    return PageCache(MAX_ANSWERS if megabytes > 0 else 0, max_bytes=megabytes * 2**20)


def answer_key(request: Request) -> PageKey:
    """The route's path first, then every parameter by name (repeated values in their
    order), so the same question asked with its parameters in another order is one key."""
    grouped: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        grouped.setdefault(name, []).append(value)
    return (("", (request.url.path,)), *page_key({}, grouped))


async def cached_answer(request: Request, answer: Callable[[], Response]) -> Response:
    """``answer()`` (made in a worker thread) unless this process holds it already for
    the current data, or the client does (304); tagged with its ETag when it is 200."""
    store = request_store(request)
    generation = store.data_generation()
    if generation is None:
        return await run_in_threadpool(answer)
    key = answer_key(request)
    headers = {"ETag": page_etag(f"api {__version__}", generation, key), **_REVALIDATE}
    if if_none_match(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    answers: PageCache = request.app.state.api_cache
    cached = answers.get(key, generation)
    if cached is not None:
        return Response(cached, media_type=_JSON, headers=headers)
    response = await run_in_threadpool(answer)
    if response.status_code != 200 or store.data_generation() != generation:
        return response
    if response.media_type == _JSON and not isinstance(response, StreamingResponse):
        answers.put(key, generation, bytes(response.body))
    response.headers.update(headers)
    return response
