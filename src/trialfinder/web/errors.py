"""The answer to a request that failed: an error page or JSON, never a backtrace.

:class:`ErrorMiddleware` sits just inside the security headers, so every answer
it gives carries them (Starlette's own last-resort handler sits outside every
middleware and answered in plain text without them). It turns the request-size
refusals of :mod:`trialfinder.web.limits` into 413s and anything unexpected —
an exception of any kind, including a panic of the native search index — into
a 500 whose body names an error id. The log line carries the same id, the
method, the path and the traceback's frames, but neither the query string nor
the exception's message: either may hold a patient's health data.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import traceback

from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trialfinder.web.limits import BodyTooLarge, FieldTooLong
from trialfinder.web.pages import render_page

__all__ = ["ErrorMiddleware", "error_response", "is_api_path"]

logger = logging.getLogger("trialfinder.web")

# Ending the process or the task is not an error of the request: let it through.
_NOT_ERRORS = (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError)


def is_api_path(path: str) -> bool:
    """Whether errors on this path are answered in JSON rather than as a page."""
    return path.startswith(("/api/", "/openapi.json"))


def error_response(
    path: str, status: int, heading: str, message: str, **json_fields: str
) -> Response:
    """The JSON body (API paths) or the error page with ``heading`` and ``message``."""
    if is_api_path(path):
        return JSONResponse({"message": message, **json_fields}, status_code=status)
    response: HTMLResponse = render_page(
        "error.html", status_code=status, heading=heading, message=message
    )
    return response


class ErrorMiddleware:
    """Answers refused sizes with 413 and any failure with a 500 naming an error id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except _NOT_ERRORS:
            raise
        except (BodyTooLarge, FieldTooLong) as refused:
            if started:
                raise
            response = error_response(scope["path"], 413, "Request too large", refused.message)
            # The rest of an unread body is not worth draining: close the connection.
            response.headers["connection"] = "close"
            await response(scope, receive, send)
        except BaseException as error:  # a native panic is a BaseException
            error_id = secrets.token_hex(6)
            frames = "".join(traceback.format_tb(error.__traceback__))
            logger.error(
                "error %s serving %s %s: %s\n%s",
                error_id,
                scope["method"],
                scope["path"],
                type(error).__name__,
                frames,
            )
            if started:
                raise
            message = f"Something went wrong on our side; please try again. (error id {error_id})"
            await error_response(scope["path"], 500, "Server error", message, error_id=error_id)(
                scope, receive, send
            )
