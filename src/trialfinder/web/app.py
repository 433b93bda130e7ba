"""The web application: HTML pages, the JSON API, security headers, error pages.

``create_app(settings)`` builds one FastAPI app over the store the settings name. Errors never
show a stack trace: unknown trials get the 404 page, bad parameters a 400 that
names the parameter, a request over a size limit a 413, and anything unexpected
a 500 naming an error id (:mod:`trialfinder.web.errors`; logged by path only,
never with the query string, which may hold health data). Every answer carries
the security headers, and HEAD is answered on every GET route.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from trialfinder import __version__
from trialfinder.search import (
    QueryError,
    check_searchable,
    open_store,
    page_token_key,
    warm_up,
)
from trialfinder.settings import Settings
from trialfinder.web.access_log import install_access_log_filter
from trialfinder.web.api import router as api_router
from trialfinder.web.api.answer_cache import AnswerCacheMiddleware, answer_cache
from trialfinder.web.api.direct_studies import DirectStudiesMiddleware
from trialfinder.web.api.parameter_docs import document_parameters
from trialfinder.web.direct_search import DirectSearchMiddleware
from trialfinder.web.errors import ErrorMiddleware, error_response, is_api_path
from trialfinder.web.head_requests import HeadAsGetMiddleware
from trialfinder.web.limits import BodyLimitMiddleware
from trialfinder.web.long_lived import FreezeLongLivedMiddleware, freeze_long_lived
from trialfinder.web.page_cache import PageCache
from trialfinder.web.pages import TrialNotFound, render_page
from trialfinder.web.pages import router as pages_router
from trialfinder.web.patient_match import router as patient_match_router
from trialfinder.web.qualify import router as qualify_router
from trialfinder.web.result_downloads import router as downloads_router
from trialfinder.web.security import SecurityHeadersMiddleware

__all__ = ["FrontedApp", "app_from_handoff", "create_app"]


def _parameter_name(location: tuple[int | str, ...]) -> str:
    """FastAPI's error location ``("query", "pageSize")`` -> ``pageSize``."""
    names = [str(part) for part in location if part not in {"query", "path", "body", "header"}]
    return ".".join(names) or "request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TrialNotFound)
    async def trial_not_found(request: Request, error: TrialNotFound) -> Response:
        message = f"There is no trial {str(error)[:40]!r} in this registry copy."
        if is_api_path(request.url.path):
            return error_response(request.url.path, 404, "Not found", message)
        return render_page("not_found.html", status_code=404, message=message)

    @app.exception_handler(QueryError)
    async def bad_parameter(request: Request, error: QueryError) -> Response:
        if is_api_path(request.url.path):
            return JSONResponse(error.to_json(), status_code=400)
        return error_response(request.url.path, 400, "Bad request", error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        parameter = _parameter_name(tuple(first.get("loc", ())))
        message = f"Invalid value for parameter {parameter!r}: {first.get('msg', 'invalid')}"
        return error_response(request.url.path, 400, "Bad request", message, parameter=parameter)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        status = error.status_code
        message = "Page not found." if status == 404 else str(error.detail)
        if status == 404 and not is_api_path(request.url.path):
            return render_page("not_found.html", status_code=404, message=message)
        response = error_response(request.url.path, status, f"Error {status}", message)
        response.headers.update(error.headers or {})
        return response


_log = logging.getLogger("trialfinder.web")


class FrontedApp(FastAPI):
    """FastAPI with one ASGI layer in front of all of its own: ``front``, which answers
    what it can and hands the rest to :meth:`behind_front` (FastAPI as it is).

    FastAPI checks its telemetry and runs its error middleware around every request
    before the app's own middleware; the plain ``/api/v2/studies`` questions
    (:mod:`trialfinder.web.api.direct_studies`) and search pages
    (:mod:`trialfinder.web.direct_search`) need none of it.
    """

    front: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.front is None:
            await super().__call__(scope, receive, send)
        else:
            await self.front(scope, receive, send)

    async def behind_front(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app without its front."""
        await super().__call__(scope, receive, send)


def create_app(settings: Settings) -> FastAPI:
    """The app over the store ``settings.db`` (reading from ``settings.read_db`` if set),
    keeping ``settings.page_cache_entries`` rendered search pages and
    ``settings.api_cache_megabytes`` of API answers (0: none)."""
    store = open_store(settings.db, read_url=settings.read_db, search_dir=settings.search_dir)
    try:
        # A database that needs a search directory says so before anything listens.
        check_searchable(store)
    except Exception:
        store.close()
        raise
    # Made (if new) before the first page rather than while one is rendered.
    page_token_key(store)
    install_access_log_filter()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            # Before uvicorn listens: the tables are built, then frozen out of the collector.
            # A failure (a database that does not answer yet) must not stop the server:
            # the first searches then build what they need, as without a warm-up.
            try:
                await anyio.to_thread.run_sync(warm_up, store)
            except Exception as error:  # any failure only costs speed
                _log.warning("search warm-up failed (%s); tables are built on first use", error)
            freeze_long_lived()
        yield
        store.close()

    app = FrontedApp(
        title="trialfinder",
        version=__version__,
        summary="Clinical trials from a local ClinicalTrials.gov copy; API v2 compatible.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.page_cache = PageCache(settings.page_cache_entries)
    app.state.api_cache = answer_cache(settings.api_cache_megabytes)
    # In front of everything, plain /studies questions and plain search pages are answered
    # with only what they need of the layers below. The last added runs first: security
    # headers wrap the error answers, which wrap the body cap's refusals; HEAD runs as GET
    # inside all of them, and innermost, API answers asked before are answered from memory
    # before routing. Outermost, the process's answers are counted to keep the collector
    # off its long-lived tables.
    app.front = DirectStudiesMiddleware(
        DirectSearchMiddleware(app.behind_front, store=store, pages=app.state.page_cache),
        store=store,
        answers=app.state.api_cache,
    )
    app.add_middleware(AnswerCacheMiddleware, answers=app.state.api_cache, store=store)
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ErrorMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(FreezeLongLivedMiddleware)
    app.mount("/static", StaticFiles(packages=[("trialfinder.web", "static")]), name="static")
    app.include_router(downloads_router)
    app.include_router(pages_router)
    app.include_router(qualify_router)
    app.include_router(patient_match_router)
    app.include_router(api_router)
    _install_error_handlers(app)

    def documented_openapi() -> dict[str, Any]:
        """FastAPI's document with every parameter's description and example filled in."""
        if app.openapi_schema is None:
            app.openapi_schema = document_parameters(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = documented_openapi  # type: ignore[method-assign]

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Self-hosted API docs built from the OpenAPI document: no CDN, no script."""
        return render_page("docs.html", nav="docs", openapi=app.openapi())

    return app


def app_from_handoff() -> FastAPI:
    """Factory for ``serve --workers N``'s worker processes: the parent's settings."""
    return create_app(Settings.from_handoff())
