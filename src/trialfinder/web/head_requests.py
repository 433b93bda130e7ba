"""HEAD answered like GET without a body, on every GET route.

FastAPI routes declared with ``@router.get`` answer HEAD with 405, which breaks
link checkers, monitors and caches that ask HEAD first. Rather than declaring
HEAD on each route (which would also list it in the OpenAPI document), a HEAD
request runs as the GET it asks about, and the body is dropped on the way out:
status and headers (``Content-Length``, ``ETag``) are the GET's.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGetMiddleware"]


class HeadAsGetMiddleware:
    """Runs a HEAD request as GET and sends the answer's headers only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
