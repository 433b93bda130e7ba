"""``GET /api/v2/studies`` answered without FastAPI's routing and parameter solving.

A page of the registry's API costs about a millisecond of the server's CPU to find
and read; before this, FastAPI's router (every route of the app tried in turn, each
checking its included routers) and its dependency solving (the five typed query
parameters) added a third again to every answer. :class:`DirectStudiesMiddleware`
sits in front of the router, reads those five parameters itself when they are in
the plain form every client sends (``pageSize=10``, ``countTotal=true``,
``format=json``) and calls the route's own :func:`~trialfinder.web.api.ctgov_v2.studies_answer`
in a worker thread. Anything it does not read exactly as FastAPI would (a repeated
or malformed typed parameter) and every bad question (a
:class:`~trialfinder.search.QueryError`) goes on to the router, whose answer (the
page, or the 400 naming the parameter) is therefore the one and only answer
either way; the route also keeps the OpenAPI document of the parameters.
"""

from __future__ import annotations

import functools

import anyio.to_thread
from fastapi.responses import Response
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from trialfinder.search import QueryError
from trialfinder.store import Store
from trialfinder.web.api.ctgov_v2 import (
    DEFAULT_PAGE_SIZE,
    PAGE_SIZE_BOUND,
    PAGE_TOKEN_CHARACTERS,
    StudiesPaging,
    studies_answer,
)

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


def _answer(store: Store, parameters: QueryParams, paging: StudiesPaging) -> Response | None:
    try:
        return studies_answer(store, parameters, paging)
    except QueryError:
        return None  # the router answers it, with the route's 400


class DirectStudiesMiddleware:
    """Answers plain ``GET /api/v2/studies`` requests over ``store`` before routing."""

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == STUDIES_PATH:
            parameters = QueryParams(scope["query_string"])
            paging = plain_paging(parameters)
            if paging is not None:
                response = await anyio.to_thread.run_sync(
                    functools.partial(_answer, self.store, parameters, paging)
                )
                if response is not None:
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
