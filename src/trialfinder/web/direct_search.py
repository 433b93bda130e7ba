"""``GET /search`` (and ``/``) answered in front of the whole app: no layer it does not need.

A cold search page costs a few milliseconds of the server's CPU to search and render, and
every layer around that work costs too, paid by every page: FastAPI's telemetry check
and error middleware, the app's own layers (security headers, error pages, the body cap,
HEAD, the API's answer cache, the answer count: each an ASGI call wrapping ``send``), the
router trying each route in turn (``/static``, the downloads' routes before the pages)
and FastAPI's request handling around the route (a ``Request``, dependency solving,
its response wrapper). The API's plain ``/api/v2/studies`` questions skip them the
same way (:mod:`trialfinder.web.api.direct_studies`).

:class:`DirectSearchMiddleware` sits in front of all of them (inside the app's ``front``,
:mod:`trialfinder.web.app`). It takes a plain page request only: a GET of ``/search``
or ``/`` without a body. For it, it does what the route and those layers do, and
nothing else: the route's own :func:`~trialfinder.web.pages.search_page_answer` (the
page cache, the ETag and 304, the search and rendering in a worker thread, the 400 page
naming what cannot be used), the security headers added as the app's layer adds them,
the process's answer count. So a page is the route's page, byte for byte and header
for header. Everything else goes on to the app: other methods (HEAD included) and
paths, a request that declares a body, and a page whose making fails, which the app
then makes again and answers (the 500 naming an error id, logged by path).
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers, QueryParams
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from trialfinder.store import Store
from trialfinder.web.limits import declares_body
from trialfinder.web.long_lived import answer_sent
from trialfinder.web.page_cache import PageCache
from trialfinder.web.pages import SEARCH_PATHS, search_page_answer
from trialfinder.web.security import SECURITY_HEADERS

__all__ = ["DirectSearchMiddleware"]


class DirectSearchMiddleware:
    """Answers plain ``GET /search`` pages over ``store`` with the page cache ``pages``
    in front of ``app`` (the rest of the app)."""

    def __init__(self, app: ASGIApp, store: Store, pages: PageCache) -> None:
        self.app = app
        self.store = store
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"] not in SEARCH_PATHS
            or declares_body(scope)
        ):
            await self.app(scope, receive, send)
            return
        try:
            response = await search_page_answer(
                self.store,
                self.pages,
                QueryParams(scope["query_string"]),
                Headers(scope=scope).get("if-none-match"),
            )
        except (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError):
            raise
        except BaseException:
            # A failure or a native panic: the app makes the page again and answers (the
            # 500 that names an error id, logged by path), one place for every path.
            await self.app(scope, receive, send)
            return
        await _send(response, send)
        answer_sent()


async def _send(response: Response, send: Send) -> None:
    """``response`` as :class:`~starlette.responses.Response` sends it, with the security
    headers it lacks after its own (as :mod:`trialfinder.web.security` adds them)."""
    headers = response.raw_headers
    names = {name.lower() for name, _ in headers}
    added = [header for header in SECURITY_HEADERS if header[0] not in names]
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": [*headers, *added],
        }
    )
    await send({"type": "http.response.body", "body": response.body})
