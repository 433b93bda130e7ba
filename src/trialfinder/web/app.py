"""The web application: HTML pages, the JSON API, security headers, error pages.

``create_app(store_url)`` builds one FastAPI app over one store. Errors never
show a stack trace: unknown trials get the 404 page, bad parameters a 400 that
names the parameter, and anything unexpected a generic 500 (logged by path
only, never with the query string, which may hold health data).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from trialfinder import __version__, api
from trialfinder.search import open_store
from trialfinder.store import default_db
from trialfinder.web.access_log import install_access_log_filter
from trialfinder.web.page_cache import PageCache, configured_page_cache_entries
from trialfinder.web.pages import TrialNotFound, render_page
from trialfinder.web.pages import router as pages_router
from trialfinder.web.patient_match import router as patient_match_router
from trialfinder.web.qualify import router as qualify_router
from trialfinder.web.security import SecurityHeadersMiddleware

__all__ = ["app_from_environment", "create_app"]

logger = logging.getLogger("trialfinder.web")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi.json"))


def _parameter_name(location: tuple[int | str, ...]) -> str:
    """FastAPI's error location ``("query", "pageSize")`` -> ``pageSize``."""
    names = [str(part) for part in location if part not in {"query", "path", "body", "header"}]
    return ".".join(names) or "request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TrialNotFound)
    async def trial_not_found(request: Request, error: TrialNotFound) -> Response:
        message = f"There is no trial {str(error)[:40]!r} in this registry copy."
        if _is_api(request):
            return JSONResponse({"message": message}, status_code=404)
        return render_page("not_found.html", status_code=404, message=message)

    @app.exception_handler(api.ApiParameterError)
    async def bad_parameter(request: Request, error: api.ApiParameterError) -> Response:
        return JSONResponse(error.to_json(), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        parameter = _parameter_name(tuple(first.get("loc", ())))
        message = f"Invalid value for parameter {parameter!r}: {first.get('msg', 'invalid')}"
        if _is_api(request):
            return JSONResponse({"message": message, "parameter": parameter}, status_code=400)
        return render_page("error.html", status_code=400, heading="Bad request", message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        status = error.status_code
        message = "Page not found." if status == 404 else str(error.detail)
        if _is_api(request):
            return JSONResponse({"message": message}, status_code=status, headers=error.headers)
        if status == 404:
            return render_page("not_found.html", status_code=404, message=message)
        return render_page(
            "error.html", status_code=status, heading=f"Error {status}", message=message
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error serving %s %s", request.method, request.url.path)
        message = "Something went wrong on our side; please try again."
        if _is_api(request):
            return JSONResponse({"message": message}, status_code=500)
        return render_page("error.html", status_code=500, heading="Server error", message=message)


def create_app(store_url: str | None = None, page_cache_entries: int | None = None) -> FastAPI:
    """The app over the store at ``store_url`` (a SQLite path or postgresql:// URL).

    ``page_cache_entries`` is how many search pages each process keeps rendered
    (default ``$TRIALFINDER_PAGE_CACHE`` or 512; 0 turns the cache off).
    """
    if page_cache_entries is None:
        page_cache_entries = configured_page_cache_entries()
    store = open_store(store_url or default_db())
    install_access_log_filter()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="trialfinder",
        version=__version__,
        summary="Clinical trials from a local ClinicalTrials.gov copy; API v2 compatible.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.page_cache = PageCache(page_cache_entries)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(packages=[("trialfinder.web", "static")]), name="static")
    app.include_router(pages_router)
    app.include_router(qualify_router)
    app.include_router(patient_match_router)
    app.include_router(api.router)
    _install_error_handlers(app)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """Self-hosted API docs built from the OpenAPI document: no CDN, no script."""
        return render_page("docs.html", nav="docs", openapi=app.openapi())

    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes: the store is ``$TRIALFINDER_DB``."""
    return create_app(os.environ.get("TRIALFINDER_DB"))
