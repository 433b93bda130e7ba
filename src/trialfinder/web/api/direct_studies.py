"""``GET /api/v2/studies`` answered in front of the whole app: no layer it does not need.

A page of the registry's API costs about a millisecond of the server's CPU to find and
read. Every layer of the app around that work costs too: FastAPI's router (every route
tried in turn) and its dependency solving (the five typed query parameters) added a
third again to every answer; FastAPI's own layers (its telemetry check, its error
middleware) and the app's (security headers, error pages, the body cap, HEAD, the
answer cache, the answer count), each an ASGI call wrapping ``send``, and the query
string read twice (for the cache's key and for the question) cost too: 3-11 % of an
answer's instructions (``bench/RESULTS_web.md``), small beside the search and the
studies' decompression, but paid by every answer.

:class:`DirectStudiesMiddleware` sits in front of all of them (the app's ``front``,
:mod:`trialfinder.web.app`). It takes a plain question only: a GET with no body whose
five typed parameters are in the plain form every client sends (``pageSize=10``,
``countTotal=true``, ``format=json``), read here exactly as FastAPI would read them.
For it, it does what those layers do, and nothing else: the answer cache's 304 and kept
answers, its ETag and keeping (:mod:`trialfinder.web.api.answer_cache`), the route's own
:func:`~trialfinder.web.api.ctgov_v2.studies_answer` in a worker thread, the security
headers as one prebuilt list, the process's answer count. Everything else goes on to
the app: other methods and paths, a request with a body, a typed parameter repeated
or spelled otherwise, and every question the route refuses
(:class:`~trialfinder.search.QueryError`) or fails to answer, which the app then
answers (the 400 naming the parameter, the 500 naming an error id), so its answer is
the one and only answer either way; the route also keeps the OpenAPI document.
"""

from __future__ import annotations

import functools

import anyio.to_thread
from fastapi.responses import Response
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from trialfinder.store import Store
from trialfinder.web.api.answer_cache import (
    answer_from_memory,
    kept_answer,
    parameters_key,
    tagging_send,
)
from trialfinder.web.api.ctgov_v2 import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZE_BOUND,
    PAGE_TOKEN_CHARACTERS,
    StudiesPaging,
    studies_answer,
)
from trialfinder.web.limits import declares_body
from trialfinder.web.long_lived import answer_sent
from trialfinder.web.page_cache import PageCache
from trialfinder.web.security import SECURITY_HEADERS

__all__ = ["STUDIES_PATH", "DirectStudiesMiddleware", "plain_paging"]

STUDIES_PATH = "/api/v2/studies"

# What pydantic reads as a bool from these exact spellings (any other goes to the router).
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_TYPED = ("format", "countTotal", "pageSize", "pageToken")


def plain_paging(parameters: QueryParams) -> StudiesPaging | None:
    """The typed parameters as the route would read them, or None when one is not in
    a form read here exactly as FastAPI reads it (the router then reads it)."""
    values: dict[str, str] = {}
    for name in _TYPED:
        given = parameters.getlist(name)
        if len(given) > 1:
            return None
        if given:
            values[name] = given[0]
    format_ = values.get("format", "json")
    count_total = _BOOLEANS.get(values.get("countTotal", "false"))
    size = values.get("pageSize", str(DEFAULT_PAGE_SIZE))
    token = values.get("pageToken")
    if (
        format_ not in ("json", "csv")
        or count_total is None
        or not (size.isascii() and size.isdigit() and len(size) <= 10)
        or int(size) > PAGE_SIZE_BOUND
        or (token is not None and len(token) > PAGE_TOKEN_CHARACTERS)
    ):
        return None
    return StudiesPaging(
        "json" if format_ == "json" else "csv",
        tuple(parameters.getlist("fields")),
        count_total,
        int(size),
        token,
    )


def _plain_question(scope: Scope) -> tuple[QueryParams, StudiesPaging] | None:
    """The parameters and typed paging of a plain ``GET /api/v2/studies`` without a
    body, or None: the app answers the request."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != STUDIES_PATH:
        return None
    if declares_body(scope):
        return None
    parameters = QueryParams(scope["query_string"])
    paging = plain_paging(parameters)
    return None if paging is None else (parameters, paging)


def _answer(store: Store, parameters: QueryParams, paging: StudiesPaging) -> Response | None:
    try:
        return studies_answer(store, parameters, paging)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        # A refusal (QueryError), a failure or a native panic alike: the app asks again
        # and answers (the route's 400 naming the parameter, or the 500 that names an
        # error id, logged by path), one place saying what went wrong for every path.
        return None


class DirectStudiesMiddleware:
    """Answers plain ``GET /api/v2/studies`` questions over ``store`` in front of
    ``app`` (the rest of the app), with the answer cache ``answers``."""

    def __init__(self, app: ASGIApp, store: Store, answers: PageCache) -> None:
        self.app = app
        self.store = store
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        question = _plain_question(scope)
        if question is None:
            await self.app(scope, receive, send)
            return
        parameters, paging = question
        try:
            generation = self.store.data_generation()
        except Exception:  # the app reads it again: its answer to a failure names an error id
            generation = None
        if generation is None:  # nor to a store that cannot tell (nothing kept or tagged)
            await self.app(scope, receive, send)
            return
        kept = kept_answer(self.answers, generation, parameters_key(STUDIES_PATH, parameters))
        if not await answer_from_memory(scope, send, kept, SECURITY_HEADERS):
            response = await anyio.to_thread.run_sync(
                functools.partial(_answer, self.store, parameters, paging)
            )
            if response is None:
                await self.app(scope, receive, send)
                return
            await response(scope, receive, tagging_send(send, self.store, kept, SECURITY_HEADERS))
        answer_sent()
